"""Ingest and merging on SQLite and PostgreSQL: idempotent, versioned, merged with reasons, undoable."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import sqlalchemy as sa

from incidents.model import Claim
from incidents.store.ingest import ingest_article, store_counts
from incidents.store.merge import undo_merge
from incidents.store.query import Filters, claims_for, incident_detail, query_incidents
from incidents.store.schema import merge_log
from tests.store.common import PAPER_TEXT, article, incident, paper_report, wire_report


def test_same_article_twice_changes_nothing(engine):
    art, found = wire_report()
    first = ingest_article(engine, art, found)
    counts = store_counts(engine)
    again = ingest_article(engine, art, found)
    assert (first.status, first.incidents_new) == ("new", 1)
    assert (again.status, again.incidents_new, again.incidents_merged) == ("unchanged", 0, 0)
    assert store_counts(engine) == counts


def test_two_outlets_one_event_become_one_incident_with_reason(engine):
    ingest_article(engine, *wire_report())
    result = ingest_article(engine, *paper_report())
    assert result.incidents_merged == 1
    frame = query_incidents(engine, Filters())
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row.n_reports, bool(row.merged), row.outlets) == (2, True, "Test Wire; Test Daily")
    assert len(claims_for(engine, [row.id])) == 3  # two claims of the wire, one of the paper
    with engine.connect() as conn:
        log = conn.execute(sa.select(merge_log)).one()
    assert 2.0 < log.distance_km < 3.0 and log.date_gap_days == 0
    assert log.types == "shelling + missile strike"
    assert "km apart, same day" in log.reason
    assert incident_detail(engine, row.id)["merges"][0]["reason"] == log.reason


@pytest.mark.parametrize(
    ("place", "date", "merged"),
    [
        ("Ganja outskirts", dt.date(2020, 10, 12), True),  # a day later: night strikes are dated both ways
        ("Ganja outskirts", dt.date(2020, 10, 13), False),  # two days later: another event
        ("Tartar", dt.date(2020, 10, 11), False),  # same day, 60 km away
    ],
)
def test_merge_needs_nearby_place_and_date(engine, place, date, merged):
    ingest_article(engine, *wire_report())
    result = ingest_article(engine, *paper_report(place, date))
    assert result.incidents_merged == int(merged)
    assert len(query_incidents(engine, Filters())) == (1 if merged else 2)


def test_incompatible_types_do_not_merge(engine):
    ingest_article(engine, *wire_report())
    art = article("threat.txt", "A minister warned that Ganja would be answered in kind.", "Test Daily")
    ingest_article(engine, art, [incident(art, event_type="threat")])
    assert len(query_incidents(engine, Filters())) == 2


def test_reports_of_one_article_never_merge_with_each_other(engine):
    art = article("double.txt", "Two separate strikes hit Ganja that day, hours apart.", "Test Wire")
    found = [incident(art), incident(art, claims=[Claim("Azerbaijan Prosecutor-General", "Azerbaijan")])]
    assert ingest_article(engine, art, found).incidents_new == 2


def test_undo_merge_restores_both_and_reingest_does_not_redo_it(engine):
    ingest_article(engine, *wire_report())
    paper, paper_found = paper_report()
    merge_id = ingest_article(engine, paper, paper_found).merge_ids[0]
    kept, restored = undo_merge(engine, merge_id, by="editor")
    frame = query_incidents(engine, Filters()).set_index("id")
    assert set(frame.index) == {kept, restored}
    assert frame.loc[restored, "outlets"] == "Test Daily" and frame.loc[kept, "n_reports"] == 1
    assert list(claims_for(engine, [restored]).claimant) == ["Azerbaijan Prosecutor-General"]
    # a changed version of the paper's article must not be merged back
    changed = dataclasses.replace(paper, text=PAPER_TEXT + " Updated at noon.")
    assert ingest_article(engine, changed, paper_found).incidents_merged == 0
    assert len(query_incidents(engine, Filters())) == 2
    with pytest.raises(ValueError, match="already undone"):
        undo_merge(engine, merge_id)


def test_changed_version_replaces_only_its_own_claims(engine):
    ingest_article(engine, *wire_report())
    paper, paper_found = paper_report()
    ingest_article(engine, paper, paper_found)
    changed = dataclasses.replace(paper, text=PAPER_TEXT + " Correction: two rockets, not one.")
    new_claim = [Claim("Azerbaijan Prosecutor-General", "Azerbaijan", killed=9)]
    found = [incident(changed, place="Ganja outskirts", event_type="missile strike", claims=new_claim)]
    result = ingest_article(engine, changed, found)
    assert result.status == "changed" and result.incidents_merged == 1
    frame = query_incidents(engine, Filters())
    assert len(frame) == 1
    claims = claims_for(engine, frame.id.tolist())
    assert sorted(claims.claimant) == ["Armenian Defence Ministry", "Azerbaijan Defence Ministry",
                                       "Azerbaijan Prosecutor-General"]
    assert claims.set_index("claimant").loc["Azerbaijan Prosecutor-General", "killed"] == 9
    assert store_counts(engine)["articles"] == 2


def test_changed_host_article_frees_and_remerges_its_guests(engine):
    wire, wire_found = wire_report()
    ingest_article(engine, wire, wire_found)
    ingest_article(engine, *paper_report())
    changed = dataclasses.replace(wire, text=wire.text + " Figures revised in the evening.")
    ingest_article(engine, changed, wire_found)
    frame = query_incidents(engine, Filters())
    assert len(frame) == 1 and frame.iloc[0].n_reports == 2
    assert len(claims_for(engine, frame.id.tolist())) == 3


def test_background_incidents_are_not_stored(engine):
    art, found = wire_report()
    history = incident(art, place="Karabakh", date=dt.date(1994, 5, 12), event_type="ceasefire", background=True)
    assert ingest_article(engine, art, [*found, history]).incidents_new == 1


def test_bad_input_stores_nothing_and_keeps_what_was_there(engine):
    ingest_article(engine, *wire_report())
    before = store_counts(engine)
    art = article("broken.txt", "A report whose span ends before it starts.", "Test Daily")
    bad = incident(art, date_end=dt.date(2020, 10, 1))
    with pytest.raises(ValueError, match="before date"):
        ingest_article(engine, art, [bad])
    art2 = article("broken2.txt", "A report with a place that has no shape.", "Test Daily")
    empty = dataclasses.replace(incident(art2), geometry={"type": "Point", "coordinates": []})
    with pytest.raises(ValueError):
        ingest_article(engine, art2, [empty])
    assert store_counts(engine) == before
