"""The app: `.venv/bin/streamlit run dashboard.py`.

Names the pages for the navigation and runs the one the reader asked for. Every file in pages/ is a page,
titled by its name after the number that orders it (1_Timeline.py is "Timeline", at /Timeline); the map,
0_Map.py, is the start page.
"""
from pathlib import Path

import streamlit as st

PAGES = Path(__file__).resolve().parent / "pages"
START_PAGE = "0_Map.py"


def page_title(path: Path) -> str:
    """"Timeline" for pages/1_Timeline.py, "Review queue" for pages/5_Review_queue.py."""
    return path.stem.split("_", 1)[-1].replace("_", " ")


st.navigation([
    st.Page(path, title=page_title(path), default=path.name == START_PAGE,
            url_path=None if path.name == START_PAGE else path.stem.split("_", 1)[-1])
    for path in sorted(PAGES.glob("*.py"))
]).run()
