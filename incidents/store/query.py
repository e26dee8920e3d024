"""The one query the map, the table, the timeline and every export read: filters in, one row per incident out.

Kept fast at a million incidents by reading only denormalised columns of the
incidents table, and by answering outlet/claimant/side filters from the
indexed `incident_tags` table (see schema.py).
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa
from shapely.geometry import Point, shape
from sqlalchemy.engine import Connection, Engine

from incidents.store.db import has_postgis
from incidents.store.edits import history
from incidents.store.rollup import root_of, subtree
from incidents.store.schema import articles, claims, incident_tags, incidents, merge_log


@dataclass(frozen=True)
class Filters:
    """What the reader asked to see; the empty Filters() shows everything. Dates are inclusive, and an
    incident matches when its span [date, date_end] overlaps [start, end]."""

    start: dt.date | None = None
    end: dt.date | None = None
    outlets: tuple[str, ...] = ()
    claimants: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    disputed: bool | None = None  # True: only disputed; False: only undisputed
    min_killed: int | None = None
    precisions: tuple[str, ...] = ()  # location precision: point / area / line
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    place_ids: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()


# the columns of query_incidents, in order
INCIDENT_COLUMNS: tuple[str, ...] = (
    "id", "date", "date_end", "date_precision", "place", "place_id", "location_precision", "geometry",
    "lat", "lon", "event_type", "killed", "injured", "disputed", "summary", "claimant", "side",
    "claimants", "sides", "outlets", "n_reports", "merged", "synthetic",
)

CLAIM_COLUMNS: tuple[str, ...] = (
    "incident_id", "claim_id", "claimant", "side", "stance", "quote", "start", "end", "killed", "injured",
    "wrong", "article_id", "article_title", "outlet", "article_url", "published", "article_source",
)


def _max_span(conn: Connection) -> int:
    """The longest incident span in days (an index lookup), which bounds the date index scan."""
    return int(conn.execute(sa.select(sa.func.max(incidents.c.span_days))).scalar() or 0)


def _date_conditions(columns: Any, start: dt.date | None, end: dt.date | None, max_span: int) -> list[Any]:
    conditions = []
    if end is not None:
        conditions.append(columns.date <= end)
    if start is not None:
        conditions += [columns.date_last >= start, columns.date >= start - dt.timedelta(days=max_span)]
    return conditions


def _tag_condition(kind: str, values: tuple[str, ...], filters: Filters, max_span: int) -> Any:
    inner = sa.select(incident_tags.c.incident_id).where(
        incident_tags.c.kind == kind,
        incident_tags.c.value.in_(values),
        *_date_conditions(incident_tags.c, filters.start, filters.end, max_span),
    )
    return incidents.c.id.in_(inner)


def _gazetteer_areas(place_ids: tuple[str, ...]) -> dict[str, Any]:
    """Shapes of the area places among `place_ids`, from the gazetteer when it is installed."""
    try:
        from geo.gazetteer import load_gazetteer

        gaz = load_gazetteer()
    except (ImportError, ValueError):
        return {}
    places = [gaz.get(pid) for pid in place_ids if pid in gaz]
    return {p.id: shape(p.geometry()) for p in places if p.precision == "area"}


def _area_shapes(conn: Connection, place_ids: tuple[str, ...]) -> list[Any]:
    """The areas named by `place_ids`: the gazetteer's shape, else the one stored with an incident there."""
    areas = _gazetteer_areas(place_ids)
    for pid in (p for p in place_ids if p not in areas):
        stored = conn.execute(
            sa.select(incidents.c.geometry).where(incidents.c.place_id == pid, incidents.c.location_precision == "area")
            .limit(1)
        ).scalar()
        if stored:
            areas[pid] = shape(json.loads(stored))
    return list(areas.values())


def _place_condition(conn: Connection, place_ids: tuple[str, ...]) -> Any:
    """Incidents at these places, or whose point lies inside the area of one of them."""
    inside: list[str] = []
    for area in _area_shapes(conn, place_ids):
        west, south, east, north = area.bounds
        candidates = conn.execute(
            sa.select(incidents.c.id, incidents.c.lat, incidents.c.lon).where(
                incidents.c.merged_into.is_(None), incidents.c.location_precision == "point",
                incidents.c.lat.between(south, north), incidents.c.lon.between(west, east),
            )
        ).all()
        inside += [c.id for c in candidates if area.contains(Point(c.lon, c.lat))]
    return sa.or_(incidents.c.place_id.in_(place_ids), incidents.c.id.in_(inside))


def where_clause(conn: Connection, filters: Filters, postgis: bool) -> Any:
    """The SQL condition of a Filters on the incidents table (visible incidents only)."""
    max_span = _max_span(conn) if filters.start is not None else 0
    conditions = [incidents.c.merged_into.is_(None), *_date_conditions(incidents.c, filters.start, filters.end, max_span)]
    for kind, values in (("outlet", filters.outlets), ("claimant", filters.claimants), ("side", filters.sides)):
        if values:
            conditions.append(_tag_condition(kind, values, filters, max_span))
    if filters.types:
        conditions.append(incidents.c.event_type.in_(filters.types))
    if filters.disputed is not None:
        conditions.append(incidents.c.disputed.is_(filters.disputed))
    if filters.min_killed is not None:
        conditions.append(incidents.c.killed >= filters.min_killed)
    if filters.precisions:
        conditions.append(incidents.c.location_precision.in_(filters.precisions))
    if filters.bbox is not None:
        conditions.append(_bbox_condition(filters.bbox, postgis))
    if filters.place_ids:
        conditions.append(_place_condition(conn, filters.place_ids))
    if filters.ids:
        conditions.append(incidents.c.id.in_(filters.ids))
    return sa.and_(*conditions)


def _bbox_condition(bbox: tuple[float, float, float, float], postgis: bool) -> Any:
    west, south, east, north = bbox
    if west > east or south > north:
        raise ValueError(f"bbox must be west, south, east, north; got {bbox}")
    if postgis:
        envelope = sa.func.ST_MakeEnvelope(west, south, east, north, 4326)
        return sa.func.ST_Intersects(sa.column("geom"), envelope)
    return sa.and_(incidents.c.lat.between(south, north), incidents.c.lon.between(west, east))


def _frame(rows: Sequence[Any], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame.from_records([tuple(r) for r in rows], columns=list(columns))


def incident_frame(rows: Sequence[Any]) -> pd.DataFrame:
    """Typed frame of incident rows: nullable Int64 tolls, bool flags, datetime.date dates."""
    frame = _frame(rows, INCIDENT_COLUMNS)
    for column in ("killed", "injured"):
        frame[column] = frame[column].astype("Int64")
    for column in ("disputed", "merged", "synthetic"):
        frame[column] = frame[column].astype(bool)
    frame["n_reports"] = frame["n_reports"].astype(int)
    for column in ("date", "date_end"):
        frame[column] = frame[column].astype(object)
    return frame


def query_incidents(engine: Engine, filters: Filters) -> pd.DataFrame:
    """One row per visible incident matching `filters`, oldest first (columns: INCIDENT_COLUMNS)."""
    with engine.connect() as conn:
        statement = (
            sa.select(*(incidents.c[name] for name in INCIDENT_COLUMNS))
            .where(where_clause(conn, filters, has_postgis(engine)))
            .order_by(incidents.c.date, incidents.c.id)
        )
        rows = conn.execute(statement).all()
    return incident_frame(rows)


def day_side_counts(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Incidents per day and main claimant's side (columns date, side, count), for the timeline."""
    side = sa.func.coalesce(sa.func.nullif(incidents.c.side, ""), "unknown").label("side")
    with engine.connect() as conn:
        statement = (
            sa.select(incidents.c.date, side, sa.func.count().label("count"))
            .where(where_clause(conn, filters, has_postgis(engine)), incidents.c.date.is_not(None))
            .group_by(incidents.c.date, side)
            .order_by(incidents.c.date, side)
        )
        rows = conn.execute(statement).all()
    frame = _frame(rows, ("date", "side", "count"))
    frame["count"] = frame["count"].astype(int)
    return frame


def claims_for(engine: Engine, incident_ids: Sequence[str]) -> pd.DataFrame:
    """The claims shown under these incidents, with their articles' citations (columns: CLAIM_COLUMNS)."""
    ids = list(incident_ids)
    statement = (
        sa.select(
            claims.c.incident_id, claims.c.id, claims.c.claimant, claims.c.side, claims.c.stance, claims.c.quote,
            claims.c.start, claims.c.end, claims.c.killed, claims.c.injured, claims.c.wrong, claims.c.article_id,
            articles.c.title, articles.c.outlet, articles.c.url, articles.c.published, articles.c.source,
        )
        .select_from(claims.outerjoin(articles, claims.c.article_id == articles.c.id))
        .where(claims.c.incident_id.in_(ids))
        .order_by(claims.c.incident_id, claims.c.origin_id != claims.c.incident_id, claims.c.origin_id, claims.c.position)
    )
    with engine.connect() as conn:
        rows = conn.execute(statement).all() if ids else []
    frame = _frame(rows, CLAIM_COLUMNS)
    for column in ("killed", "injured", "start", "end"):
        frame[column] = frame[column].astype("Int64")
    frame["wrong"] = frame["wrong"].astype(bool)
    return frame


def incident_detail(engine: Engine, incident_id: str) -> dict[str, Any] | None:
    """Everything the detail panel shows: the incident's row, its claims, why it was merged, its edit history.

    A report that was merged away resolves to the incident it is shown under.
    """
    with engine.connect() as conn:
        root = root_of(conn, incident_id)
        if root is None:
            return None
        reports = subtree(conn, root)
        merges = conn.execute(
            sa.select(merge_log).where(sa.or_(merge_log.c.incident_id.in_(reports), merge_log.c.absorbed_id.in_(reports)))
            .order_by(merge_log.c.id)
        ).all()
        edit_history = history(conn, reports)
    frame = query_incidents(engine, Filters(ids=(root,)))
    if frame.empty:
        return None
    return {
        "incident": frame.iloc[0].to_dict(),
        "claims": claims_for(engine, [root]).to_dict("records"),
        "reports": reports,
        "merges": [m._asdict() for m in merges],
        "history": edit_history,
    }


def facets(engine: Engine) -> dict[str, Any]:
    """The values the filter widgets offer: outlets, claimants, sides, types, and the date range."""
    def tag_values(conn: Connection, kind: str) -> list[str]:
        statement = sa.select(incident_tags.c.value).where(incident_tags.c.kind == kind).group_by(incident_tags.c.value)
        return sorted(conn.execute(statement).scalars())

    visible = incidents.c.merged_into.is_(None)
    with engine.connect() as conn:
        types = conn.execute(sa.select(incidents.c.event_type).where(visible).group_by(incidents.c.event_type)).scalars()
        return {
            "outlets": tag_values(conn, "outlet"),
            "claimants": tag_values(conn, "claimant"),
            "sides": tag_values(conn, "side"),
            "types": sorted(types),
            "min_date": conn.execute(sa.select(sa.func.min(incidents.c.date))).scalar(),
            "max_date": conn.execute(sa.select(sa.func.max(incidents.c.date_last))).scalar(),
        }
