"""Bulk loading of synthetic rows on SQLite and PostgreSQL: rows become queryable incidents, flagged synthetic."""
from __future__ import annotations

import datetime as dt

import pytest

from incidents.store.bulk import bulk_insert_incidents, prepared
from incidents.store.query import Filters, claims_for, facets, query_incidents
from tests.store.common import GANJA, LINE


def rows(n: int):
    for i in range(n):
        yield {"date": dt.date(2021, 1, 1) + dt.timedelta(days=i % 30), "event_type": "shelling",
               "geometry": GANJA if i % 2 else LINE, "place": "Ganja" if i % 2 else "Line",
               "outlets": ["Synthetic A", "Synthetic B"] if i % 3 == 0 else "Synthetic C",
               "claimant": "Claimant X", "side": "Azerbaijan", "killed": i % 4, "summary": f"synthetic {i}"}


def test_bulk_rows_are_queryable(engine):
    assert bulk_insert_incidents(engine, rows(250), batch_size=100) == 250
    frame = query_incidents(engine, Filters(outlets=("Synthetic A",), start=dt.date(2021, 1, 10),
                                            end=dt.date(2021, 1, 19)))
    expected = [r for r in rows(250) if isinstance(r["outlets"], list)
                and dt.date(2021, 1, 10) <= r["date"] <= dt.date(2021, 1, 19)]
    assert len(frame) == len(expected) and frame.synthetic.all()
    assert set(frame.outlets) == {"Synthetic A; Synthetic B"}
    assert len(claims_for(engine, frame.id.tolist())) == len(frame)
    assert facets(engine)["outlets"] == ["Synthetic A", "Synthetic B", "Synthetic C"]


def test_duplicate_ids_fail_without_partial_batch(engine):
    batch = list(rows(3))
    batch[2]["id"] = batch[1]["id"] = "same-id"
    with pytest.raises(Exception, match="(?i)unique|duplicate"):
        bulk_insert_incidents(engine, batch)
    assert query_incidents(engine, Filters()).empty


@pytest.mark.parametrize(("row", "expected"), [
    ({"date": dt.date(2021, 1, 1), "event_type": "shelling", "geometry": GANJA},
     {"lat": 40.6828, "lon": 46.3606, "span_days": 0, "synthetic": True, "outlets": ""}),
    ({"date": dt.date(2021, 1, 1), "date_end": dt.date(2021, 1, 4), "event_type": "armed clash", "geometry": LINE,
      "outlets": ["B", "A", "B"], "synthetic": False},
     {"span_days": 3, "outlets": "B; A", "synthetic": False, "date_last": dt.date(2021, 1, 4)}),
])
def test_prepared(row, expected):
    out = prepared(row)
    assert {k: out[k] for k in expected} == expected
