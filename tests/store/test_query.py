"""The one query function on SQLite and PostgreSQL: every filter, the timeline counts, facets, detail."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents.model import Claim
from incidents.store.ingest import ingest_article
from incidents.store.query import INCIDENT_COLUMNS, Filters, day_side_counts, facets, incident_detail, query_incidents
from tests.store.common import article, incident, paper_report, wire_report


@pytest.fixture(scope="module")
def stocked(shared_engine):
    """Five incidents: the merged Ganja strike, Hadrut, a three-day clash on the line, a Stepanakert threat,
    and a clash inside the test area."""
    engine = shared_engine
    ingest_article(engine, *wire_report())
    ingest_article(engine, *paper_report())
    art = article("mixed.txt", "A round-up of the week written for the tests.", "Test Weekly", dt.date(2020, 10, 14))
    found = [
        incident(art, place="Hadrut", date=dt.date(2020, 10, 10), event_type="attack on civilians", killed=2,
                 claims=[Claim("Karabakh officials", "Nagorno-Karabakh")]),
        incident(art, place="Line of contact", date=dt.date(2020, 10, 1), date_end=dt.date(2020, 10, 3),
                 date_precision="range", event_type="armed clash",
                 claims=[Claim("Armenian Defence Ministry", "Armenia")]),
        incident(art, place="Stepanakert", date=dt.date(2020, 10, 12), event_type="threat",
                 claims=[Claim("Azerbaijan Defence Ministry", "Azerbaijan")]),
        incident(art, place="Karabakh", date=dt.date(2020, 10, 13), event_type="armed clash", claims=[]),
    ]
    ingest_article(engine, art, found)
    return engine


def places(engine, filters):
    return sorted(query_incidents(engine, filters).place)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ["Ganja", "Hadrut", "Karabakh", "Line of contact", "Stepanakert"]),
        (Filters(start=dt.date(2020, 10, 3), end=dt.date(2020, 10, 3)), ["Line of contact"]),  # inside the span
        (Filters(start=dt.date(2020, 10, 4), end=dt.date(2020, 10, 9)), []),
        (Filters(start=dt.date(2020, 10, 11)), ["Ganja", "Karabakh", "Stepanakert"]),
        (Filters(end=dt.date(2020, 10, 10)), ["Hadrut", "Line of contact"]),
        (Filters(outlets=("Test Daily",)), ["Ganja"]),
        (Filters(outlets=("Test Weekly",), start=dt.date(2020, 10, 12)), ["Karabakh", "Stepanakert"]),
        (Filters(claimants=("Armenian Defence Ministry",)), ["Ganja", "Line of contact"]),
        (Filters(sides=("Nagorno-Karabakh",)), ["Hadrut"]),
        (Filters(types=("threat", "attack on civilians")), ["Hadrut", "Stepanakert"]),
        (Filters(disputed=True), ["Ganja"]),
        (Filters(disputed=False), ["Hadrut", "Karabakh", "Line of contact", "Stepanakert"]),
        (Filters(min_killed=3), ["Ganja"]),
        (Filters(precisions=("line", "area")), ["Karabakh", "Line of contact"]),
        (Filters(bbox=(46.0, 40.5, 46.6, 40.9)), ["Ganja"]),
        (Filters(place_ids=("test:hadrut",)), ["Hadrut"]),
        (Filters(place_ids=("test:karabakh",)), ["Hadrut", "Karabakh", "Stepanakert"]),  # points inside the area
        (Filters(types=("threat",), sides=("Armenia",)), []),
    ],
)
def test_filters(stocked, filters, expected):
    assert places(stocked, filters) == expected


def test_columns_and_types(stocked):
    frame = query_incidents(stocked, Filters())
    assert tuple(frame.columns) == INCIDENT_COLUMNS
    assert str(frame.killed.dtype) == "Int64" and frame.disputed.dtype == bool
    assert isinstance(frame.date.iloc[0], dt.date)
    ganja = frame.set_index("place").loc["Ganja"]
    assert (ganja.claimant, ganja.side, ganja.n_reports, bool(ganja.merged)) == (
        "Azerbaijan Defence Ministry", "Azerbaijan", 2, True)
    assert ganja.sides == "Azerbaijan; Armenia"


def test_bad_bbox_is_refused(stocked):
    with pytest.raises(ValueError, match="west, south, east, north"):
        query_incidents(stocked, Filters(bbox=(47.0, 40.0, 46.0, 41.0)))


def test_day_side_counts(stocked):
    counts = day_side_counts(stocked, Filters(start=dt.date(2020, 10, 10)))
    rows = {(r.date, r.side): r.count for r in counts.itertuples()}
    assert rows == {(dt.date(2020, 10, 10), "Nagorno-Karabakh"): 1, (dt.date(2020, 10, 11), "Azerbaijan"): 1,
                    (dt.date(2020, 10, 12), "Azerbaijan"): 1, (dt.date(2020, 10, 13), "unknown"): 1}


def test_facets(stocked):
    values = facets(stocked)
    assert values["outlets"] == ["Test Daily", "Test Weekly", "Test Wire"]
    assert values["types"] == ["armed clash", "attack on civilians", "shelling", "threat"]
    assert (values["min_date"], values["max_date"]) == (dt.date(2020, 10, 1), dt.date(2020, 10, 13))
    assert "Karabakh officials" in values["claimants"]


def test_detail_of_a_merged_report_resolves_to_its_incident(stocked):
    frame = query_incidents(stocked, Filters(outlets=("Test Daily",)))
    detail = incident_detail(stocked, frame.id.iloc[0])
    assert len(detail["reports"]) == 2 and len(detail["claims"]) == 3
    absorbed = detail["merges"][0]["absorbed_id"]
    assert incident_detail(stocked, absorbed)["incident"]["id"] == frame.id.iloc[0]
    assert incident_detail(stocked, "nope") is None


FILTER_STRATEGY = st.builds(
    Filters,
    start=st.none() | st.dates(dt.date(2020, 9, 28), dt.date(2020, 10, 15)),
    end=st.none() | st.dates(dt.date(2020, 9, 28), dt.date(2020, 10, 15)),
    outlets=st.lists(st.sampled_from(["Test Wire", "Test Daily", "Test Weekly"]), max_size=2).map(tuple),
    sides=st.lists(st.sampled_from(["Azerbaijan", "Armenia", "Nagorno-Karabakh"]), max_size=2).map(tuple),
    types=st.lists(st.sampled_from(["shelling", "armed clash", "threat"]), max_size=2).map(tuple),
    disputed=st.none() | st.booleans(),
    min_killed=st.none() | st.integers(0, 10),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filters=FILTER_STRATEGY, extra=FILTER_STRATEGY)
def test_adding_a_filter_narrows(stocked, filters, extra):
    """Combining two filters never shows an incident that either alone hides."""
    combined = Filters(
        start=max(filter(None, (filters.start, extra.start)), default=None),
        end=min(filter(None, (filters.end, extra.end)), default=None),
        outlets=filters.outlets, sides=filters.sides, types=filters.types, disputed=filters.disputed,
        min_killed=max(filter(lambda v: v is not None, (filters.min_killed, extra.min_killed)), default=None),
    )
    wide = set(query_incidents(stocked, filters).id)
    narrow = set(query_incidents(stocked, combined).id)
    assert narrow <= wide
