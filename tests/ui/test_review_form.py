"""The review page's pure parts: what the fields mean as a Correction, the added incident's draft, moving on."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from geo.geocode import geocode
from incidents.corrections import PlaceNotFound
from ui.review import following
from ui.review_form import Fields, Missed, correction_from_fields, current_fields, draft_from_fields, sentence_label
from ui.status import status_label, statuses_for, with_status_labels

GANJA = Fields("Ganja", dt.date(2020, 10, 11), None, "day", "missile strike", 9, -1, "Baku prosecutor", "Azerbaijan")


@pytest.mark.parametrize(("change", "fields", "claimant", "side", "denials", "wrong"), [
    ({}, {}, None, None, (), {}),
    ({"killed": 10}, {"killed": 10}, None, None, (), {}),
    ({"killed": -1}, {"killed": None}, None, None, (), {}),
    ({"injured": 34}, {"injured": 34}, None, None, (), {}),
    ({"date": dt.date(2020, 10, 10), "date_precision": "night"},
     {"date": dt.date(2020, 10, 10), "date_precision": "night"}, None, None, (), {}),
    ({"date_end": dt.date(2020, 10, 12)}, {"date_end": dt.date(2020, 10, 12)}, None, None, (), {}),
    ({"event_type": "shelling"}, {"event_type": "shelling"}, None, None, (), {}),
    ({"claimant": " Azerbaijani Prosecutor "}, {}, "Azerbaijani Prosecutor", None, (), {}),
    ({"side": "unknown"}, {}, None, "unknown", (), {}),
    ({"denial_claimant": "Yerevan", "denial_side": "Armenia"}, {}, None, None, (("Yerevan", "Armenia"),), {}),
    ({"wrong": ("c1",)}, {}, None, None, (), {"c1": True}),
])
def test_only_what_changed_becomes_the_correction(change, fields, claimant, side, denials, wrong):
    correction = correction_from_fields(GANJA, dataclasses.replace(GANJA, **change))
    assert (dict(correction.fields), correction.claimant, correction.side, correction.denials,
            dict(correction.wrong)) == (fields, claimant, side, denials, wrong)
    assert bool(correction) == bool(change)


def test_a_place_in_any_spelling_brings_its_gazetteer_fields():
    correction = correction_from_fields(GANJA, dataclasses.replace(GANJA, place="Gəncə"))
    assert correction.fields == {}  # another spelling of the same place
    moved = correction_from_fields(GANJA, dataclasses.replace(GANJA, place="Gadrut")).fields
    assert moved["place_id"] == geocode("Hadrut").place.id and moved["geometry"]["type"] == "Point"
    with pytest.raises(PlaceNotFound, match="Donetsk"):
        correction_from_fields(GANJA, dataclasses.replace(GANJA, place="Donetsk"))


def test_unflagging_a_wrong_claim():
    flagged = dataclasses.replace(GANJA, wrong=("c1", "c2"))
    assert dict(correction_from_fields(flagged, dataclasses.replace(flagged, wrong=("c2",))).wrong) == {"c1": False}


def test_current_fields_read_the_stored_incident():
    stored = {"place": "Ganja", "date": "2020-10-11", "date_end": None, "date_precision": "day",
              "event_type": "missile strike", "killed": 9, "injured": float("nan")}
    assert current_fields(stored, {"claimant": "Baku prosecutor", "side": "Azerbaijan"}) == GANJA
    assert current_fields(stored, None).claimant == "" and current_fields(stored, None).side == "unknown"


@pytest.mark.parametrize(("given", "problem"), [
    ({"sentences": ()}, "pick the sentence"),
    ({"place": " "}, "place and a date"),
    ({"date": None}, "place and a date"),
    ({"claimant": ""}, "who says so"),
    ({"place": "Donetsk"}, "not found"),
])
def test_a_missed_incident_needs_its_sentences_place_date_and_claimant(given, problem):
    fields = dataclasses.replace(GANJA, **{k: v for k, v in given.items() if k != "sentences"})
    with pytest.raises(ValueError, match=problem):
        draft_from_fields(Missed(given.get("sentences", (2,)), fields), "article-1")


def test_a_missed_incident_draft():
    draft = draft_from_fields(Missed((2,), dataclasses.replace(GANJA, place="Gəncə", injured=3)), "article-1")
    assert (draft.place, draft.killed, draft.injured, draft.claims[0].claimant, draft.claims[0].killed) == (
        "Ganja", 9, 3, "Baku prosecutor", 9)


def test_sentence_labels_are_cut_and_marked():
    text = "A " * 200
    assert sentence_label(text, 0, len(text), 3, False).endswith("…") and sentence_label(text, 0, 4, 0, True) == "0 ● A A"


@pytest.mark.parametrize(("ids", "current", "after"), [
    (["a", "b", "c"], "a", "b"), (["a", "b", "c"], "c", "a"), (["a"], "a", None), ([], "a", None), (["a", "b"], "z", "a"),
])
def test_following(ids, current, after):
    assert following(ids, current) == after


@pytest.mark.parametrize(("view", "policy", "statuses"), [
    (None, None, ("machine", "reviewed")),
    (None, "reviewed", ("reviewed",)),
    ("all", "reviewed", ("machine", "reviewed")),
    ("reviewed", "all", ("reviewed",)),
    (None, "everything", ("reviewed",)),  # a policy the server cannot read fails closed
])
def test_statuses_follow_the_link_then_the_policy(view, policy, statuses):
    assert statuses_for(view, {"REVIEW_POLICY": policy} if policy else {}) == statuses


def test_labels():
    import pandas as pd

    assert status_label({"review_status": "machine"}) == "machine-read, not yet checked"
    frame = with_status_labels(pd.DataFrame({"review_status": ["machine", "reviewed"]}))
    assert list(frame.review) == ["machine-read, not yet checked", "reviewed"]
