"""A store made before review and article identity is upgraded in place on open: tables and columns added, indexes
rebuilt, bundled rows reviewed, and new versions of its articles found by the keys it stored."""
from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from incidents.store.db import engine_from_url, normalise_url
from incidents.store.ingest import ingest_article
from incidents.store.query import Filters, query_incidents
from incidents.store.queue import review_queue
from incidents.store.schema import incidents, metadata, replaced_articles, reviews
from tests.store.common import article, incident

# What review added to the schema: the store before it lacked these columns and this table.
REVIEW_COLUMNS = {"review_status", "reviewed_by", "reviewed_at", "review_reason", "evidence", "evidence_hash"}
# The tables review and article identity added.
NEW_TABLES = {reviews.name, replaced_articles.name}
# An article URL as stores made before article identity kept it (not canonical: tracking parameter, capitals).
OLD_URL = "http://News.Example.org/ganja?utm_source=feed"


def _old_metadata() -> sa.MetaData:
    """The schema as it was before review and article identity: the tables without the review columns,
    indexes without them, no review log, no record of replaced articles."""
    old = sa.MetaData()
    for table in metadata.sorted_tables:
        if table.name in NEW_TABLES:
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


def _old_store(store_url: str, article_row: dict, rows: list[dict]) -> None:
    """A store as a version before review and article identity left it, holding these rows."""
    old_engine = sa.create_engine(normalise_url(store_url))
    old = _old_metadata()
    old.create_all(old_engine)
    with old_engine.begin() as conn:
        conn.execute(old.tables["articles"].insert().values(**article_row))
        conn.execute(old.tables["incidents"].insert(), rows)
    old_engine.dispose()


def test_an_old_store_is_upgraded_in_place(store_url):
    _old_store(store_url, {"id": "a1", "source_key": "a.txt", "source": "a.txt", "title": "A", "url": "", "text": "",
                           "bundled": True}, [_row("b1", "bundled", 46.0), _row("e1", "extract", 47.0)])

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


def test_a_new_version_of_an_article_in_an_old_store_replaces_it_and_waits_for_review(store_url):
    """The old store keyed its article on the URL as given; the new version, keyed on the canonical URL, finds
    it by that key, replaces it (and records it replaced), and its incident is machine-read."""
    _old_store(store_url, {"id": "a1", "source_key": OLD_URL, "source": OLD_URL, "title": "A", "url": OLD_URL,
                           "text": "An older text of ours.", "bundled": False}, [_row("e1", "extract", 46.3606)])
    engine = engine_from_url(store_url)
    art = article("ganja.html", "A newer text of ours about Ganja.", "Test Wire", url=OLD_URL)
    result = ingest_article(engine, art, [incident(art)])
    assert (result.status, [r.article_id for r in result.replaced]) == ("changed", ["a1"])
    with engine.connect() as conn:
        assert conn.execute(sa.select(replaced_articles.c.id, replaced_articles.c.replaced_by)).all() == [("a1", art.id)]
    frame = query_incidents(engine, Filters())
    assert list(frame.review_status) == ["machine"] and "e1" not in set(frame.id)
    assert list(review_queue(engine).id) == list(frame.id)
    engine.dispose()
