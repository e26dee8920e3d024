"""Editor corrections: the form's changes (pure), and the map page's editor-only controls (AppTest)."""
from __future__ import annotations

import datetime as dt

import pytest

from geo.geocode import geocode
from incidents.store.db import engine_from_url
from incidents.store.query import Filters, incident_detail, query_incidents
from incidents.store.validate import MAX_CASUALTIES
from tests.ui.conftest import run_page
from tests.ui.test_access_modes import SECRET, sign_in
from tests.ui.test_dashboard import incident_id
from ui.corrections import CorrectionError, changes_from_form

PAGE = "dashboard.py"
GANJA = {"place": "Ganja", "date": "2020-10-11", "event_type": "missile strike", "killed": 9, "injured": None}
SAME = {"place": "Ganja", "date": dt.date(2020, 10, 11), "event_type": "missile strike", "killed": 9, "injured": -1}


@pytest.mark.parametrize(("change", "expected"), [
    ({}, {}),
    ({"killed": 10}, {"killed": 10}),
    ({"killed": -1}, {"killed": None}),
    ({"injured": 34}, {"injured": 34}),
    ({"date": dt.date(2020, 10, 10)}, {"date": dt.date(2020, 10, 10)}),
    ({"event_type": "shelling"}, {"event_type": "shelling"}),
])
def test_only_changed_fields_become_edits(change, expected):
    assert changes_from_form(GANJA, {**SAME, **change}) == expected


def test_a_new_place_in_any_spelling_brings_its_geometry():
    changes = changes_from_form(GANJA, {**SAME, "place": "Gadrut"})
    hadrut = geocode("Hadrut").place
    assert changes["place_id"] == hadrut.id and changes["location_precision"] == "point"
    assert changes["geometry"] == hadrut.geometry()


def test_an_unknown_place_is_refused_with_the_reason():
    with pytest.raises(CorrectionError, match="Donetsk"):
        changes_from_form(GANJA, {**SAME, "place": "Donetsk"})


@pytest.fixture
def secret(monkeypatch) -> str:
    monkeypatch.setenv("INCIDENTS_EDITOR_SECRET", SECRET)
    return SECRET


def test_public_map_page_has_no_correction_controls(store_url, secret):
    app = run_page(PAGE, {"incident": incident_id(store_url, "Ganja")})
    assert not [e for e in app.expander if "Correct this incident" in e.label]
    assert not [b for b in app.button if b.label.startswith("Flag as wrong")]


def test_editor_corrects_killed_and_the_history_keeps_it(store_url, secret, monkeypatch):
    monkeypatch.setenv("INCIDENTS_EDITOR_NAME", "desk")  # the shared secret's editor, named in config
    ganja = incident_id(store_url, "Ganja")
    app = sign_in(run_page(PAGE, {"incident": ganja}), SECRET)
    app.number_input(key="fix_killed").set_value(11)
    next(b for b in app.button if b.label == "Save correction").click()
    app.run()
    assert not app.exception
    assert [s.value for s in app.success if "Correction saved" in s.value], [e.value for e in app.error]
    engine = engine_from_url(store_url)
    assert query_incidents(engine, Filters(ids=(ganja,))).killed.iloc[0] == 11
    history = incident_detail(engine, ganja)["history"]
    assert [(h["field"], h["by"]) for h in history] == [("killed", "desk")]


def test_editor_flags_a_claim_wrong(store_url, secret):
    martakert = incident_id(store_url, "Martakert (Aghdara)")
    app = sign_in(run_page(PAGE, {"incident": martakert}), SECRET)
    next(b for b in app.button if b.label == "Flag as wrong: Azerbaijani Defence Ministry").click()
    app.run()
    engine = engine_from_url(store_url)
    assert not query_incidents(engine, Filters(ids=(martakert,))).disputed.iloc[0]


@pytest.mark.parametrize(("key", "value", "words"), [
    ("fix_killed", 10**6, "killed must be at most"),
    ("fix_injured", 10**9, "injured must be at most"),
])
def test_editor_correction_out_of_bounds_is_refused_with_the_reason(store_url, secret, key, value, words):
    ganja = incident_id(store_url, "Ganja")
    engine = engine_from_url(store_url)
    before = query_incidents(engine, Filters(ids=(ganja,)))
    app = sign_in(run_page(PAGE, {"incident": ganja}), SECRET)
    app.number_input(key=key).set_value(value)
    next(b for b in app.button if b.label == "Save correction").click()
    app.run()
    assert not app.exception
    # the control holds at most MAX_CASUALTIES; a value forged past it is refused by the store, by name
    refused = [e.value for e in app.error if words in e.value]
    assert refused or app.number_input(key=key).value <= MAX_CASUALTIES
    assert query_incidents(engine, Filters(ids=(ganja,))).equals(before)
    assert incident_detail(engine, ganja)["history"] == []
