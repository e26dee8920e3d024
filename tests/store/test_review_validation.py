"""A review's corrections and added incidents are checked as every correction is (incidents.store.validate): a
refused one is one line naming the problem, and nothing of the action is stored, on SQLite and PostgreSQL."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import sqlalchemy as sa

from incidents.model import Claim
from incidents.store.additions import add_incident
from incidents.store.ingest import ingest_article, store_counts
from incidents.store.query import Filters, query_incidents
from incidents.store.review import Correction, accept, correct
from incidents.store.schema import reviews
from incidents.store.validate import EditError
from tests.store.common import WIRE_TEXT, incident, wire_report

OUTSIDE = {"type": "Point", "coordinates": [2.35, 48.85]}  # Paris: far outside the region
# "Save and accept" and "Save only": the two actions that store a Correction.
ACTS = {
    "accept": lambda engine, incident_id, correction: accept(engine, incident_id, by="Alice", correction=correction),
    "save": lambda engine, incident_id, correction: correct(engine, incident_id, correction, by="Alice"),
}


@pytest.mark.parametrize(("correction", "words"), [
    (Correction(fields={"killed": 10**6}), "killed must be at most"),
    (Correction(fields={"date": dt.date(2020, 10, 11), "date_end": dt.date(2020, 10, 1)}), "is before date"),
    (Correction(fields={"geometry": OUTSIDE}), "outside the region"),
    (Correction(claimant="Baku\x1b[2J officials"), "control character"),
    (Correction(denials=(("Yerevan", "Mars"),)), "side must be one of"),
])
@pytest.mark.parametrize("act", sorted(ACTS))
def test_a_refused_correction_stores_nothing(engine, correction, words, act):
    ingest_article(engine, *wire_report())
    wire = query_incidents(engine, Filters()).id.iloc[0]
    before = (store_counts(engine), query_incidents(engine, Filters()).to_dict("records"))
    with pytest.raises(EditError, match=words):
        ACTS[act](engine, wire, correction)
    assert (store_counts(engine), query_incidents(engine, Filters()).to_dict("records")) == before


@pytest.mark.parametrize(("change", "words"), [
    ({"killed": -3}, "count of 0 or more"),
    ({"geometry": OUTSIDE}, "outside the region"),
    ({"event_type": "skirmish"}, "event_type must be one of"),
    ({"claims": [Claim("Baku officials", "Azerbaijan", killed=10**7)]}, "killed must be at most"),
])
def test_an_added_incident_is_checked_before_it_is_stored(engine, change, words):
    art, _ = wire_report()
    ingest_article(engine, art, [])
    draft = dataclasses.replace(incident(art, claims=[Claim("Baku officials", "Azerbaijan")]), **change)
    with pytest.raises(EditError, match=words):
        add_incident(engine, art.id, [(0, WIRE_TEXT.index(".") + 1)], draft, by="Alice")
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(reviews)).scalar() == 0
    assert query_incidents(engine, Filters()).empty
