"""Fixtures every real-browser test shares: one dashboard server per test process, a chromium per module.

The dashboard runs `streamlit run dashboard.py` on a free port against a temporary store holding the
AppTest fixture's incidents (tests/ui/fixture_store.py, one of them hostile); starting it once per
process, not per module, keeps the browser tests' share of CI short.
"""
from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.browser.support import CHROMIUM, ROOT, launch_chromium, require, streamlit_server
from tests.ui.fixture_store import make_store

# How long Playwright waits for an element (the map loads its layers after the page).
UI_TIMEOUT_MS = 45_000


@pytest.fixture(scope="session")
def dashboard(tmp_path_factory) -> Iterator[str]:
    """A running dashboard on the fixture store; yields its base URL."""
    require(CHROMIUM.exists(), f"{CHROMIUM} missing (scripts/system-packages installs it)")
    tmp = tmp_path_factory.mktemp("dashboard")
    url = f"sqlite:///{tmp / 'incidents.db'}"
    make_store(url)
    env = {**os.environ, "DATABASE_URL": url,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop("INCIDENTS_EDITOR_SECRET", None)
    env.pop("INCIDENTS_BASE_MAPS", None)
    with streamlit_server("dashboard.py", ROOT, env, tmp / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One chromium per module: Playwright's sync API allows one running instance per process, and other
    test folders (tests/webmap) start their own."""
    yield from launch_chromium()


def new_page(browser: object, **context_options: object) -> object:
    """A page in a fresh context that records every dialog (alert/confirm/prompt) and dismisses it."""
    context = browser.new_context(**({"viewport": {"width": 1500, "height": 1000}} | context_options))
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.set_default_timeout(UI_TIMEOUT_MS)
    return page


@pytest.fixture
def page(browser) -> Iterator[object]:
    page = new_page(browser)
    yield page
    page.context.close()
