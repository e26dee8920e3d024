"""A store made before review is upgraded in place on open: columns added, indexes rebuilt, bundled rows reviewed."""
from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from incidents.store.db import engine_from_url, normalise_url
from incidents.store.query import Filters, query_incidents
from incidents.store.queue import review_queue
from incidents.store.schema import incidents, metadata, reviews

# What review added to the schema: the store before it lacked these columns and this table.
REVIEW_COLUMNS = {"review_status", "reviewed_by", "reviewed_at", "review_reason", "evidence", "evidence_hash"}


def _old_metadata() -> sa.MetaData:
    """The schema as it was before review: same tables without the review columns, indexes without them."""
    old = sa.MetaData()
    for table in metadata.sorted_tables:
        if table.name == reviews.name:
            continue
        columns = [c._copy() for c in table.columns if c.name not in REVIEW_COLUMNS]
        # table-level indexes as they were (column-level ones come with the copied columns)
        kept = [sa.Index(ix.name, *[c.name for c in ix.columns if c.name not in REVIEW_COLUMNS])
                for ix in table.indexes if not ix._column_flag]
        sa.Table(table.name, old, *columns, *kept)
    return old


def _row(rid: str, origin: str, lon: float) -> dict:
    return {"id": rid, "article_id": "a1", "date": dt.date(2020, 10, 11), "date_last": dt.date(2020, 10, 11),
            "span_days": 0, "date_precision": "day", "place": f"Place {rid}", "place_id": "", "location_precision": "point",
            "geometry": json.dumps({"type": "Point", "coordinates": [lon, 40.0]}), "lat": 40.0, "lon": lon,
            "event_type": "shelling", "summary": "", "disputed": False, "claimant": "", "side": "", "claimants": "",
            "sides": "", "outlets": "", "n_reports": 1, "merged": False, "synthetic": False, "origin": origin}


def test_an_old_store_is_upgraded_in_place(store_url):
    old_engine = sa.create_engine(normalise_url(store_url))
    old = _old_metadata()
    old.create_all(old_engine)
    with old_engine.begin() as conn:
        conn.execute(old.tables["articles"].insert().values(id="a1", source_key="a.txt", source="a.txt", title="A",
                                                            url="", text="", bundled=True))
        conn.execute(old.tables["incidents"].insert(), [_row("b1", "bundled", 46.0), _row("e1", "extract", 47.0)])
    old_engine.dispose()

    engine = engine_from_url(store_url)
    frame = query_incidents(engine, Filters()).set_index("id")
    assert frame.loc["b1", "review_status"] == "reviewed" and frame.loc["b1", "reviewed_by"] == "bundled data"
    assert frame.loc["e1", "review_status"] == "machine"
    assert list(review_queue(engine).id) == ["e1"]
    indexes = {ix["name"]: ix["column_names"] for ix in sa.inspect(engine).get_indexes(incidents.name)}
    assert indexes["ix_incidents_cells"][-1] == "review_status"
    with engine.connect() as conn:
        logged = conn.execute(sa.select(reviews.c.incident_id, reviews.c.status)).all()
    assert [tuple(r) for r in logged] == [("b1", "reviewed")]
    engine.dispose()

    again = engine_from_url(store_url)  # a second open finds nothing to do
    with again.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(reviews)).scalar() == 1
    again.dispose()
