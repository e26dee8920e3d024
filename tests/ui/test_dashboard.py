"""The map page: live count, the detail panel for the incident in the URL, citation, escaping."""
from __future__ import annotations

import pytest

from tests.ui.conftest import run_page
from tests.ui.fixture_store import HOSTILE_CLAIMANT
from tests.ui.test_pages import _assert_inert

PAGE = "dashboard.py"


def incident_id(store_url: str, place: str) -> str:
    """The id of the fixture incident at `place` (read through the Data page's table)."""
    frame = run_page("pages/3_Data.py").dataframe[0].value
    return frame.loc[frame["place"] == place, "id"].iloc[0]


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({}, "6 incidents · 4 outlets · 2016-04-02 → 2022-08-03"),
        ({"start": "2016-04-02", "end": "2016-04-07"}, "2 incidents · 1 outlet · 2016-04-02 → 2016-04-03"),
        ({"side": "Russia"}, "1 incident · 1 outlet · 2022-08-03 → 2022-08-03"),
    ],
)
def test_live_count(store_url, params, count):
    app = run_page(PAGE, params)
    assert not app.exception
    assert count in [m.value.strip("*") for m in app.markdown]


def test_the_incident_in_the_url_opens_its_claims(store_url):
    app = run_page(PAGE, {"incident": incident_id(store_url, "Martakert (Aghdara)")})
    assert not app.exception
    text = "\n".join(m.value for m in app.markdown)
    assert "Armenian Defence Ministry" in text and "**denies**" in text
    assert "fixture quote on Martakert" in text
    assert "Disputed" in text
    assert "[Fixture report one](https://one.example/report)" in text
    codes = [c.value for c in app.code]
    assert any(c.startswith("Armed clash at Martakert (Aghdara) on 2016-04-03, according to Armenian Defence Ministry")
               for c in codes)
    assert any("incident=" in c for c in codes)


def test_hostile_incident_is_shown_inert(store_url):
    app = run_page(PAGE, {"incident": incident_id(store_url, "Hadrut")})
    assert not app.exception
    _assert_inert(app)
    text = "\n".join(m.value for m in app.markdown)
    assert "Loud" in text and HOSTILE_CLAIMANT not in text  # present, but only escaped


def test_unknown_incident_warns(store_url):
    app = run_page(PAGE, {"incident": "0000000000000000"})
    assert not app.exception
    assert any("not in the data" in w.value for w in app.warning)


def test_a_fresh_store_shows_the_bundled_incidents(tmp_path, monkeypatch):
    """What the README promises on a fresh clone: the bundled incidents, loaded into an empty store."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    app = run_page("pages/3_Data.py")
    assert not app.exception
    places = set(app.dataframe[0].value["place"])
    for place in ("Ganja", "Hadrut", "Nakhchivan", "Stepanakert (Khankendi)", "line of contact"):
        assert place in places, place
    assert any(p.startswith("Lachin") for p in places)


def test_detail_shows_the_edit_history(store_url):
    import datetime as dt

    from incidents.store.db import engine_from_url
    from incidents.store.edits import edit_incident

    incident = incident_id(store_url, "Ganja")
    edit_incident(engine_from_url(store_url), incident, {"killed": 10}, by="fixture editor",
                  at=dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC))
    app = run_page(PAGE, {"incident": incident})
    assert not app.exception
    assert [e.label for e in app.expander if e.label.startswith("Edit history")] == ["Edit history (1)"]
    history = " ".join(c.value for c in app.caption).replace("\\", "")
    assert "fixture editor" in history and "killed 9 → 10" in history
