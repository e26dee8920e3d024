"""AppTest helpers: a temporary store per test (DATABASE_URL) and a way to run one page."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.fixture_store import make_store

ROOT = Path(__file__).resolve().parents[2]
# AppTest's default is 3 s; the first run of a page imports pandas, folium and the store.
APP_TIMEOUT_S = 30


@pytest.fixture
def store_url(tmp_path, monkeypatch) -> str:
    """A temporary SQLite store holding FIXTURE, named by DATABASE_URL for the app under test."""
    url = f"sqlite:///{tmp_path / 'incidents.db'}"
    make_store(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("INCIDENTS_EDITOR_SECRET", raising=False)
    return url


def run_page(path: str, params: dict[str, str | list[str]] | None = None, session: dict | None = None) -> AppTest:
    """Run one page (dashboard.py or pages/...) with query params and session keys preset."""
    app = AppTest.from_file(str(ROOT / path), default_timeout=APP_TIMEOUT_S)
    for name, value in (params or {}).items():
        app.query_params[name] = value
    for key, value in (session or {}).items():
        app.session_state[key] = value
    return app.run()


def shown_places(app: AppTest) -> set[str]:
    """The places of the incidents a page's table shows (the page's one filtered frame)."""
    frame = app.dataframe[0].value
    return set(frame["place"])
