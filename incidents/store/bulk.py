"""Bulk loading of ready-made incident rows (synthetic data, benchmarks), bypassing merging.

Rows arrive with their denormalised columns already known, so this writes
incidents, their tags and one claim per row in large batches: COPY on
PostgreSQL, executemany on SQLite.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from incidents.store.db import insert_ignoring_duplicates, writing
from incidents.store.records import date_span, representative_point, stable_hash
from incidents.store.rollup import JOIN, tag_rows, unique
from incidents.store.schema import claims, incident_tags, incidents, outlets

# rows per transaction: big enough to amortise commits, small enough that readers see progress
BULK_BATCH = 20_000


def _joined(value: Any) -> str:
    if isinstance(value, list | tuple):
        return JOIN.join(unique(str(v) for v in value))
    return value or ""


def prepared(row: dict[str, Any]) -> dict[str, Any]:
    """A complete incidents-table row from a partial one (id, lat/lon, date span, joined columns filled in).

    Required: date, event_type, geometry (GeoJSON dict or text). `synthetic` defaults to True.
    """
    geometry = row["geometry"] if isinstance(row["geometry"], dict) else json.loads(row["geometry"])
    lat, lon = (row["lat"], row["lon"]) if row.get("lat") is not None else representative_point(geometry)
    date_last, span = date_span(row.get("date"), row.get("date_end"))
    claimants = _joined(row.get("claimants") or row.get("claimant"))
    sides = _joined(row.get("sides") or row.get("side"))
    out = {
        "id": row.get("id") or stable_hash("bulk", row.get("date"), row.get("place_id"), row["event_type"], row.get("summary"), lat, lon),
        "article_id": None, "merged_into": None,
        "date": row.get("date"), "date_end": row.get("date_end"), "date_last": date_last, "span_days": span,
        "date_precision": row.get("date_precision", "day"),
        "place": row.get("place", ""), "place_id": row.get("place_id", ""),
        "location_precision": row.get("location_precision", "point"),
        "geometry": json.dumps(geometry, separators=(",", ":")), "lat": lat, "lon": lon,
        "event_type": row["event_type"], "killed": row.get("killed"), "injured": row.get("injured"),
        "civilian": row.get("civilian"), "summary": row.get("summary", ""),
        "disputed": bool(row.get("disputed", False)),
        "claimant": row.get("claimant") or claimants.split(JOIN)[0], "side": row.get("side") or sides.split(JOIN)[0],
        "claimants": claimants, "sides": sides, "outlets": _joined(row.get("outlets") or row.get("outlet")),
        "n_reports": int(row.get("n_reports", 1)), "merged": bool(row.get("merged", False)),
        "synthetic": bool(row.get("synthetic", True)), "origin": row.get("origin", "synthetic"),
    }
    return out


def _claim_row(row: dict[str, Any]) -> dict[str, Any] | None:
    if not row["claimant"]:
        return None
    return {
        "id": stable_hash("bulk-claim", row["id"]), "incident_id": row["id"], "origin_id": row["id"],
        "article_id": None, "position": 0, "claimant": row["claimant"], "side": row["side"] or "unknown",
        "stance": "asserts", "quote": "", "start": None, "end": None,
        "killed": row["killed"], "injured": row["injured"], "wrong": False,
    }


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def bulk_insert_incidents(engine: Engine, rows: Iterable[dict[str, Any]], batch_size: int = BULK_BATCH) -> int:
    """Insert incident rows as they are (no merging, no article); returns how many were inserted.

    Each row becomes a visible incident with its tags and, when it names a
    claimant, one asserting claim. Ids already stored are an error (nothing of
    that batch is written).
    """
    total = 0
    for batch in _batches(rows, batch_size):
        ready = [prepared(r) for r in batch]
        tags = [t for r in ready for t in tag_rows(r["id"], r["date"], r["date_last"], r)]
        claim_list = [c for c in (_claim_row(r) for r in ready) if c]
        names = sorted({o for r in ready for o in r["outlets"].split(JOIN) if o})
        with writing(engine) as conn:
            insert_ignoring_duplicates(conn, outlets, [{"name": n} for n in names])
            for table, table_rows in ((incidents, ready), (incident_tags, tags), (claims, claim_list)):
                _insert_many(conn, table, table_rows)
        total += len(ready)
    return total


def _insert_many(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert through the driver directly: SQLAlchemy's per-row parameter handling is most of the cost at 1M rows."""
    if not rows:
        return
    names = list(rows[0])
    columns = ", ".join(f'"{n}"' for n in names)
    cursor = conn.connection.dbapi_connection.cursor()
    if conn.dialect.name != "postgresql":
        marks = ", ".join("?" for _ in names)
        dates = [n for n in names if isinstance(table.c[n].type, sa.Date)]
        values = [tuple({**row, **{d: _copy_value(row[d]) for d in dates}}.values()) for row in rows]
        cursor.executemany(f"INSERT INTO {table.name} ({columns}) VALUES ({marks})", values)
        return
    with cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([_copy_value(row[n]) for n in names])


def _copy_value(value: Any) -> Any:
    """Dates as ISO text: what COPY reads, and what SQLAlchemy stores for a Date column on SQLite."""
    return value.isoformat() if isinstance(value, dt.date) else value
