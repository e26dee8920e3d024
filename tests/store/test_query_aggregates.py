"""Aggregates made in the database agree with the rows they stand for, on SQLite and PostgreSQL.

The map and the count line read `summarise`, `cell_counts` and `shape_counts` instead of the rows
above webmap's POINTS_MAX; each test computes the same thing from `query_incidents`' rows and
compares. The store holds synthetic incidents (incidents.synth) plus a few hand-made ones without a
date or with a span.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from incidents.store.bulk import bulk_insert_incidents
from incidents.store.query import (
    INCIDENT_COLUMNS,
    Filters,
    cell_counts,
    count_incidents,
    query_incidents,
    shape_counts,
    summarise,
)
from incidents.synth import synthetic_incidents
from tests.store.common import GANJA, LINE
from webmap.aggregate import AggregatedIncidents, base_zoom, cell_degrees
from webmap.incident_layer import aggregated_payload, incident_payload

# Enough synthetic incidents for many cells per level and several shapes, few enough for a quick PostgreSQL load.
N_SYNTHETIC = 1_500

FILTERS = [
    Filters(),
    Filters(start=dt.date(2020, 9, 27), end=dt.date(2020, 11, 10)),
    Filters(sides=("Armenia",)),
    Filters(types=("shelling", "drone strike"), disputed=False),
    Filters(bbox=(46.0, 39.5, 47.0, 40.5)),
    Filters(start=dt.date(2031, 1, 1)),  # nothing
]


def odd_rows():
    """Hand-made rows: an undated point, a spanning line incident, a point with a blank side."""
    yield {"date": None, "event_type": "shelling", "geometry": GANJA, "place": "Ganja", "side": "Azerbaijan"}
    yield {"date": dt.date(2020, 10, 1), "date_end": dt.date(2020, 10, 9), "event_type": "armed clash",
           "geometry": LINE, "place": "Test line", "location_precision": "line", "side": "Armenia"}
    yield {"date": dt.date(2020, 10, 2), "event_type": "threat", "geometry": GANJA, "place": "Ganja", "side": ""}


@pytest.fixture(scope="module")
def stocked(shared_engine):
    bulk_insert_incidents(shared_engine, synthetic_incidents(N_SYNTHETIC, seed=7))
    bulk_insert_incidents(shared_engine, odd_rows())
    return shared_engine


@pytest.mark.parametrize("filters", FILTERS)
def test_summary_and_count_match_the_rows(stocked, filters):
    frame = query_incidents(stocked, filters)
    found = summarise(stocked, filters)
    outlets = {o.strip() for joined in frame.outlets for o in joined.split(";")} - {""}
    dated = frame.dropna(subset=["date"])
    lasts = [end or start for start, end in zip(dated.date, dated.date_end, strict=True)]
    assert found.count == count_incidents(stocked, filters) == len(frame)
    assert found.synthetic == int(frame.synthetic.sum())
    assert set(found.outlets) == outlets and set(found.types) == set(frame.event_type)
    assert set(found.sides) == set(frame.side)
    assert found.first == (min(dated.date) if len(dated) else None)
    assert found.last == (max(lasts) if lasts else None)


def aggregated(engine, filters, zoom):
    shapes, newest = shape_counts(engine, filters, 50)
    counted = base_zoom(zoom)
    return AggregatedIncidents(zoom=counted, cells=cell_counts(engine, filters, cell_degrees(counted)),
                               shapes=shapes, newest=newest, count=0, synthetic=0, sides=(), types=())


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("zoom", [7, 8])
def test_cells_counted_in_the_database_are_the_cells_of_the_rows(stocked, filters, zoom):
    from_rows = incident_payload(query_incidents(stocked, filters), "cells", zoom=zoom)["cells"]
    from_counts = aggregated_payload(aggregated(stocked, filters, zoom), zoom=zoom)["cells"]
    assert from_counts and len(from_counts) <= len(from_rows)
    for expected, got in zip(from_rows, from_counts, strict=False):
        for key in ("z", "n", "s", "x", "d0", "d1", "id"):
            assert got[key] == expected[key], key
        for key in ("lat", "lon"):  # centres of mass: sums in another order may round the last digit apart
            assert np.abs(np.array(got[key]) - np.array(expected[key])).max(initial=0) <= 1


@pytest.mark.parametrize("filters", FILTERS)
def test_shapes_counted_in_the_database_match_the_rows(stocked, filters):
    frame = query_incidents(stocked, filters)
    shaped = frame[frame.location_precision.isin(("area", "line"))]
    shapes, newest = shape_counts(stocked, filters, 5)
    assert int(shapes.n.sum()) == len(shaped)
    for place_id, members in shaped.groupby("place_id"):
        if not place_id:
            continue
        assert int(shapes[shapes.key == place_id].n.sum()) == len(members)
        latest = members.assign(d=members.date.map(lambda d: d or dt.date(1970, 1, 1)))
        expected = latest.sort_values(["d", "id"], ascending=[False, True]).id.head(5).tolist()
        assert newest[newest.key == place_id].id.tolist() == expected


def test_unplaced_shapes_are_grouped_by_their_geometry(stocked):
    shapes, newest = shape_counts(stocked, Filters(types=("armed clash",), start=dt.date(2020, 10, 5),
                                                   end=dt.date(2020, 10, 5)), 50)
    line = shapes[shapes.location_precision == "line"]
    unplaced = [(k, g) for k, g in zip(line.key, line.geometry, strict=True) if k.startswith("{")]
    assert unplaced and all(k == g for k, g in unplaced)
    assert "Test line" in set(shapes.place)


def test_the_first_rows_and_fewer_columns(stocked):
    everything = query_incidents(stocked, Filters())
    first = query_incidents(stocked, Filters(), limit=25)
    assert first.id.tolist() == everything.id.head(25).tolist()
    assert list(first.columns) == list(INCIDENT_COLUMNS)
    light = query_incidents(stocked, Filters(), limit=25, columns=("id", "date", "lat", "disputed"))
    assert list(light.columns) == ["id", "date", "lat", "disputed"]
    assert light.lat.dtype == float and light.disputed.dtype == bool
    assert light.date.tolist() == first.date.tolist()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda e: query_incidents(e, Filters(), columns=("id", "no_such_column")), "no_such_column"),
        (lambda e: cell_counts(e, Filters(), (0.0, 0.1)), "positive"),
    ],
)
def test_bad_arguments_are_named(stocked, call, message):
    with pytest.raises(ValueError, match=message):
        call(stocked)
