"""The navigation: every file in pages/ is a page, titled by its name after the number that orders it.

pages/1_Timeline.py is "Timeline" at /Timeline; pages/5_Review_queue.py would be "Review queue" at
/Review_queue. The map, pages/0_Map.py, is the start page: "Map" in the navigation, at the app's root.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

PAGES = Path(__file__).resolve().parent.parent / "pages"
START_PAGE = "0_Map.py"


def page_name(path: Path) -> str:
    """The page's name without its ordering number: "Timeline" for 1_Timeline.py."""
    return path.stem.split("_", 1)[-1]


def page_title(path: Path) -> str:
    """What the navigation shows: "Review queue" for 5_Review_queue.py."""
    return page_name(path).replace("_", " ")


def pages(folder: Path = PAGES) -> list[st.Page]:
    """Every page in `folder`, in file order, the map first and the start page."""
    return [st.Page(path, title=page_title(path), default=path.name == START_PAGE,
                    url_path=None if path.name == START_PAGE else page_name(path))
            for path in sorted(folder.glob("*.py"))]
