"""Edits on SQLite and PostgreSQL: corrections with history, wrong claims, splits, merges by hand."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from incidents.store.edits import edit_incident, mark_claim_wrong, split_incident
from incidents.store.ingest import ingest_article
from incidents.store.merge import merge_incidents, undo_merge
from incidents.store.query import Filters, claims_for, incident_detail, query_incidents
from incidents.store.validate import EditError
from tests.store.common import HADRUT, PAPER_TEXT, article, incident, paper_report, wire_report

WHEN = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)


def _only(engine):
    frame = query_incidents(engine, Filters())
    assert len(frame) == 1
    return frame.iloc[0]


def test_edit_is_applied_and_kept_as_history(engine):
    ingest_article(engine, *wire_report())
    row = _only(engine)
    edit_incident(engine, row.id, {"killed": 10, "date": dt.date(2020, 10, 10), "geometry": HADRUT}, by="desk", at=WHEN)
    after = _only(engine)
    assert (after.killed, after.date, round(after.lat, 2)) == (10, dt.date(2020, 10, 10), 39.52)
    history = incident_detail(engine, row.id)["history"]
    assert [(h["field"], json.loads(h["before"]), json.loads(h["after"]), h["by"]) for h in history[:2]] == [
        ("killed", 9, 10, "desk"), ("date", "2020-10-11", "2020-10-10", "desk")]
    assert len(query_incidents(engine, Filters(start=dt.date(2020, 10, 10), end=dt.date(2020, 10, 10)))) == 1


@pytest.mark.parametrize(("changes", "message"), [
    ({"event_type": "picnic"}, "event_type must be one of"),
    ({"location_precision": None}, "location_precision must be one of"),
    ({"killed": -1}, "killed must be a count of 0 or more"),
    ({"killed": 10**30}, "killed must be at most 100,000"),
    ({"injured": True}, "injured must be a whole number"),
    ({"outlets": "x"}, "cannot edit 'outlets'"),
    ({"date": "2020-10-10"}, "date must be a day"),
    ({"date": dt.date(1066, 10, 14)}, "date must be between 1900 and 2100"),
    ({"date_end": dt.date(2020, 10, 1)}, "date_end 2020-10-01 is before date 2020-10-11"),
    ({"date": None, "date_end": dt.date(2020, 10, 12)}, "date_end needs a date"),
    ({"geometry": "{nope"}, "geometry is not JSON"),
    ({"geometry": {"type": "Point", "coordinates": [999, 999]}}, "outside the region"),
    ({"geometry": {"type": "Point", "coordinates": [40.68, 46.36]}}, "appear swapped"),
    ({"place_id": "nowhere:1"}, "unknown place_id 'nowhere:1'"),
    ({"civilian": "maybe"}, "civilian must be yes, no or none"),
    ({"summary": "x" * 5000}, "summary is too long"),
])
def test_bad_edits_are_refused_and_change_nothing(engine, changes, message):
    ingest_article(engine, *wire_report())
    before = _only(engine)
    with pytest.raises(EditError, match=message):
        edit_incident(engine, before.id, changes)
    assert _only(engine).equals(before)
    assert incident_detail(engine, before.id)["history"] == []


def test_a_known_place_and_a_valid_shape_are_accepted(engine):
    from geo.geocode import geocode

    ingest_article(engine, *wire_report())
    hadrut = geocode("Hadrut").place
    edit_incident(engine, _only(engine).id, {"place_id": hadrut.id, "geometry": json.dumps(hadrut.geometry())})
    assert _only(engine).place_id == hadrut.id


def test_unknown_ids_are_refused_by_name(engine):
    ingest_article(engine, *wire_report())
    row = _only(engine)
    refused = [
        lambda: edit_incident(engine, "nope", {"killed": 1}),
        lambda: mark_claim_wrong(engine, "nope"),
        lambda: merge_incidents(engine, row.id, "nope"),
        lambda: merge_incidents(engine, "nope", row.id),
        lambda: split_incident(engine, "nope", ["x"]),
        lambda: split_incident(engine, row.id, ["nope"]),
        lambda: undo_merge(engine, 12345),
    ]
    for action in refused:
        with pytest.raises(EditError, match="'nope'|12345"):
            action()


def test_edits_survive_a_changed_version_of_the_article(engine):
    art, found = wire_report()
    ingest_article(engine, art, found)
    row = _only(engine)
    edit_incident(engine, row.id, {"event_type": "missile strike", "killed": 12}, by="desk")
    claim = claims_for(engine, [row.id]).iloc[0]
    mark_claim_wrong(engine, claim.claim_id, by="desk")
    ingest_article(engine, dataclasses.replace(art, text=art.text + " (updated)"), found)
    after = _only(engine)
    assert (after.id, after.event_type, after.killed) == (row.id, "missile strike", 12)
    assert bool(claims_for(engine, [row.id]).set_index("claim_id").loc[claim.claim_id, "wrong"])


def test_a_lead_moved_to_another_day_leaves_its_reports_behind(engine):
    """The wire leads the Ganja incident; corrected to a day a week later it is another event, and the paper's
    report, which no longer matches it, is shown on its own again (not carried along to the new day)."""
    ingest_article(engine, *wire_report())
    ingest_article(engine, *paper_report())
    row = _only(engine)
    edit_incident(engine, row.id, {"date": dt.date(2020, 10, 20)}, by="desk")
    frame = query_incidents(engine, Filters()).set_index("id")
    assert len(frame) == 2 and set(frame.n_reports) == {1}
    assert frame.loc[row.id, "date"] == dt.date(2020, 10, 20)
    assert set(frame.drop(index=row.id).date) == {dt.date(2020, 10, 11)}


def test_wrong_claim_no_longer_counts(engine):
    ingest_article(engine, *wire_report())
    row = _only(engine)
    assert bool(row.disputed)
    denial = claims_for(engine, [row.id]).query("stance == 'denies'").iloc[0]
    mark_claim_wrong(engine, denial.claim_id)
    assert not bool(_only(engine).disputed)
    mark_claim_wrong(engine, denial.claim_id, wrong=False)
    assert bool(_only(engine).disputed)


def test_split_moves_claims_to_a_new_incident(engine):
    ingest_article(engine, *wire_report())
    ingest_article(engine, *paper_report())
    row = _only(engine)
    paper_claim = claims_for(engine, [row.id]).query("outlet == 'Test Daily'").claim_id.tolist()
    new_id = split_incident(engine, row.id, paper_claim, by="desk")
    frame = query_incidents(engine, Filters()).set_index("id")
    assert set(frame.index) == {row.id, new_id}
    assert frame.loc[new_id, "claimant"] == "Azerbaijan Prosecutor-General"
    assert frame.loc[row.id, "claimants"] == "Azerbaijan Defence Ministry; Armenian Defence Ministry"
    with pytest.raises(ValueError, match="some, but not all"):
        split_incident(engine, new_id, paper_claim)


def test_merge_by_hand_survives_reingest_and_can_be_undone(engine):
    ingest_article(engine, *wire_report())
    far = article("far.txt", PAPER_TEXT + " Also in Hadrut.", "Test Daily")
    ingest_article(engine, far, [incident(far, place="Hadrut", event_type="attack on civilians")])
    ids = query_incidents(engine, Filters()).id.tolist()
    merge_id = merge_incidents(engine, ids[0], ids[1], by="desk")
    assert _only(engine).n_reports == 2
    ingest_article(engine, dataclasses.replace(far, text=far.text + " Later edition."),
                   [incident(far, place="Hadrut", event_type="attack on civilians")])
    assert _only(engine).n_reports == 2
    undo_merge(engine, merge_id)
    assert len(query_incidents(engine, Filters())) == 2


def test_split_survives_a_changed_version_of_the_article(engine):
    art, found = wire_report()
    ingest_article(engine, art, found)
    row = _only(engine)
    denial = claims_for(engine, [row.id]).query("stance == 'denies'").claim_id.tolist()
    new_id = split_incident(engine, row.id, denial)
    ingest_article(engine, dataclasses.replace(art, text=art.text + " (second edition)"), found)
    frame = query_incidents(engine, Filters(outlets=("Test Wire",))).set_index("id")
    assert set(frame.index) == {row.id, new_id}
    assert frame.loc[new_id, "claimant"] == "" and frame.loc[new_id, "claimants"] == "Armenian Defence Ministry"
    assert not bool(frame.loc[row.id, "disputed"]) and bool(frame.loc[new_id, "disputed"])


def test_split_holding_another_articles_claim_survives_that_articles_update(engine):
    wire, wire_found = wire_report()
    ingest_article(engine, wire, wire_found)
    ingest_article(engine, *paper_report())
    row = _only(engine)
    paper_claim = claims_for(engine, [row.id]).query("outlet == 'Test Daily'").claim_id.tolist()
    split_incident(engine, row.id, paper_claim)
    before = len(claims_for(engine, query_incidents(engine, Filters()).id.tolist()))
    ingest_article(engine, dataclasses.replace(wire, text=wire.text + " (revised)"), wire_found)
    after = claims_for(engine, query_incidents(engine, Filters()).id.tolist())
    assert len(after) == before == 3
