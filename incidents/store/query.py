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

import numpy as np
import pandas as pd
import sqlalchemy as sa
from shapely.geometry import Point, shape
from sqlalchemy.engine import Connection, Engine

from incidents.store.db import has_postgis
from incidents.store.edits import history
from incidents.store.rollup import JOIN, root_of, subtree
from incidents.store.schema import articles, claims, incident_tags, incidents, merge_log
from incidents.store.status import VISIBLE, review_history


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
    # review statuses shown: never "rejected" to readers; ("reviewed",) under REVIEW_POLICY=reviewed
    statuses: tuple[str, ...] = VISIBLE


# the columns of query_incidents, in order
INCIDENT_COLUMNS: tuple[str, ...] = (
    "id", "date", "date_end", "date_precision", "place", "place_id", "location_precision", "geometry",
    "lat", "lon", "event_type", "killed", "injured", "disputed", "summary", "claimant", "side",
    "claimants", "sides", "outlets", "n_reports", "merged", "synthetic", "review_status", "reviewed_by", "reviewed_at",
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
    conditions = [incidents.c.merged_into.is_(None), incidents.c.review_status.in_(filters.statuses),
                  *_date_conditions(incidents.c, filters.start, filters.end, max_span)]
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


# Columns of INCIDENT_COLUMNS by how their raw driver values are made into a typed column (see incident_frame).
_DATE_COLUMNS = ("date", "date_end")
_TOLL_COLUMNS = ("killed", "injured")
_FLAG_COLUMNS = ("disputed", "merged", "synthetic")
_FLOAT_COLUMNS = ("lat", "lon")
_TIME_COLUMNS = ("reviewed_at",)


def _utc_text(value: Any) -> str | None:
    """A stored moment as ISO text in UTC to the second ("2026-01-05T12:00:00Z"), the same from both databases
    (SQLite hands back naive text, PostgreSQL an aware datetime)."""
    if value is None:
        return None
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat() + "Z"


def _dates(values: Sequence[Any]) -> np.ndarray:
    """datetime.date objects from a driver's dates (SQLite gives ISO text, PostgreSQL dates), parsed once per day."""
    parsed: dict[Any, dt.date | None] = {None: None}
    for value in set(values):
        if value not in parsed:
            parsed[value] = dt.date.fromisoformat(value) if isinstance(value, str) else value
    out = np.empty(len(values), dtype=object)
    out[:] = [parsed[v] for v in values]
    return out


def _column(name: str, values: Sequence[Any]) -> Any:
    """One typed column from the raw values of one column, without a Python call per value where avoidable."""
    if name in _DATE_COLUMNS:
        return _dates(values)
    if name in _TOLL_COLUMNS:
        return pd.array(values, dtype="Int64")
    if name in _FLAG_COLUMNS:
        return np.array([bool(v) for v in values], dtype=bool)
    if name in _FLOAT_COLUMNS:
        return np.array(values, dtype=float)  # None becomes nan
    if name == "n_reports":
        return np.array(values, dtype=np.int64)
    if name in _TIME_COLUMNS:
        return pd.Series(np.array([_utc_text(v) for v in values], dtype=object), dtype=object)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return pd.Series(out, dtype=object, copy=False)  # object, not Arrow text: converting 100,000 strings costs 25 ms a column


def incident_frame(rows: Sequence[Any], columns: Sequence[str] = INCIDENT_COLUMNS) -> pd.DataFrame:
    """Typed frame of raw incident rows (columns INCIDENT_COLUMNS): nullable Int64 tolls, bool flags, float
    lat/lon, datetime.date dates, text as object columns.

    Built column by column from the driver's tuples: 100,000 rows take a few tenths of a second, where
    letting pandas infer each value (and Arrow-convert each string) took seconds (issue 7).
    """
    values = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    return pd.DataFrame({name: _column(name, column) for name, column in zip(columns, values, strict=True)})


def _raw_rows(conn: Connection, statement: Any) -> list[tuple[Any, ...]]:
    """The driver's own tuples for `statement`, skipping SQLAlchemy's per-value result processing (the
    dominant cost at 100,000 rows); the callers type whole columns at once instead."""
    result = conn.execute(statement)
    try:
        return list(result.cursor.fetchall()) if result.cursor is not None else []
    finally:
        result.close()


def query_incidents(engine: Engine, filters: Filters, limit: int | None = None,
                    columns: Sequence[str] = INCIDENT_COLUMNS, *, offset: int = 0,
                    newest_first: bool = False) -> pd.DataFrame:
    """One row per visible incident matching `filters`, oldest first, undated last (columns: INCIDENT_COLUMNS).

    `limit` keeps only the first rows (a table's first page) after skipping `offset`; `newest_first`
    reverses the order (undated incidents last), as the map page's list pages through it; `columns` (a
    subset of INCIDENT_COLUMNS) reads less, as the map does. The whole selection is for exports and for
    maps of up to tens of thousands of incidents; beyond that, read `summarise`, `cell_counts` and
    `shape_counts`, which aggregate in the database.
    """
    unknown = [name for name in columns if name not in INCIDENT_COLUMNS]
    if unknown:
        raise ValueError(f"query_incidents: unknown column(s) {', '.join(unknown)}")
    # undated last either way, on both databases (SQLite puts NULL first by default); ties by id: one order
    order = ((incidents.c.date.desc().nulls_last(), incidents.c.id.desc()) if newest_first
             else (incidents.c.date.asc().nulls_last(), incidents.c.id))
    with engine.connect() as conn:
        statement = (
            sa.select(*(incidents.c[name] for name in columns))
            .where(where_clause(conn, filters, has_postgis(engine)))
            .order_by(*order)
        )
        if limit is not None:
            statement = statement.limit(limit)
        if offset:
            statement = statement.offset(offset)
        rows = _raw_rows(conn, statement)
    return incident_frame(rows, columns)


def newest_first_position(engine: Engine, filters: Filters, incident_id: str) -> int | None:
    """How many incidents matching `filters` come before `incident_id` newest first (query_incidents'
    newest_first order): which page of a list shows it. None when it does not match the filters."""
    with engine.connect() as conn:
        where = where_clause(conn, filters, has_postgis(engine))
        found = conn.execute(sa.select(incidents.c.date).where(where, incidents.c.id == incident_id)).first()
        if found is None:
            return None
        day = found[0]
        before_id = sa.and_(incidents.c.id > incident_id)
        if day is None:
            earlier = sa.or_(incidents.c.date.is_not(None), sa.and_(incidents.c.date.is_(None), before_id))
        else:
            earlier = sa.or_(incidents.c.date > day, sa.and_(incidents.c.date == day, before_id))
        return int(conn.execute(sa.select(sa.func.count()).select_from(incidents).where(where, earlier)).scalar() or 0)


# Day an incident without a date counts as in aggregates: the map reads such dates as day 0 too.
EPOCH = dt.date(1970, 1, 1)
# Locations drawn as their shape (the rest are points, counted in grid cells).
SHAPED: tuple[str, ...] = ("area", "line")


@dataclass(frozen=True)
class SelectionSummary:
    """What a selection holds, counted in the database: how many incidents, which outlets, sides and types, how
    many synthetic, and the days it spans. The count line and the map legend read this instead of the rows."""

    count: int
    synthetic: int
    outlets: tuple[str, ...]
    sides: tuple[str, ...]
    types: tuple[str, ...]
    first: dt.date | None
    last: dt.date | None


def count_incidents(engine: Engine, filters: Filters) -> int:
    """How many visible incidents match `filters` (one COUNT in the database, no row leaves it)."""
    with engine.connect() as conn:
        statement = sa.select(sa.func.count()).select_from(incidents).where(
            where_clause(conn, filters, has_postgis(engine)))
        return int(conn.execute(statement).scalar() or 0)


def summarise(engine: Engine, filters: Filters) -> SelectionSummary:
    """The selection's SelectionSummary in one pass: rows grouped by (outlets, side, type), a few hundred
    groups at a million incidents, split into distinct outlets here (outlets are "; "-joined per incident)."""
    day = sa.func.coalesce(incidents.c.date, sa.literal(EPOCH, sa.Date))
    with engine.connect() as conn:
        statement = (
            sa.select(incidents.c.outlets, incidents.c.side, incidents.c.event_type, sa.func.count(),
                      sa.func.sum(sa.cast(incidents.c.synthetic, sa.Integer)), sa.func.min(incidents.c.date),
                      sa.func.max(sa.func.coalesce(incidents.c.date_last, day)))
            .where(where_clause(conn, filters, has_postgis(engine)))
            .group_by(incidents.c.outlets, incidents.c.side, incidents.c.event_type)
        )
        groups = _raw_rows(conn, statement)
    outlets = {name.strip() for row in groups for name in (row[0] or "").split(JOIN.strip())} - {""}
    firsts = [d for d in _dates([row[5] for row in groups]) if d is not None]
    lasts = [d for d in _dates([row[6] for row in groups]) if d is not None and d != EPOCH]
    return SelectionSummary(
        count=sum(int(row[3]) for row in groups), synthetic=sum(int(row[4] or 0) for row in groups),
        outlets=tuple(sorted(outlets)), sides=tuple(sorted({row[1] or "" for row in groups})),
        types=tuple(sorted({row[2] for row in groups})), first=min(firsts, default=None),
        last=max(lasts, default=None),
    )


# the columns of cell_counts, in order
CELL_COLUMNS: tuple[str, ...] = ("iy", "ix", "side", "n", "lat_sum", "lon_sum", "disputed", "d0", "d1", "id")


def _cell_index(column: Any, size: float) -> Any:
    """floor(column / size) as an integer, the same on SQLite (math functions) and PostgreSQL."""
    return sa.cast(sa.func.floor(column / size), sa.BigInteger)


def cell_counts(engine: Engine, filters: Filters, cell_deg: tuple[float, float]) -> pd.DataFrame:
    """Point incidents counted per grid cell and claimant side, in the database (columns CELL_COLUMNS).

    `cell_deg` is the cell's (height, width) in degrees; a cell is (iy, ix) = floor(lat / height),
    floor(lon / width), so coarser grids whose sizes are these times a power of two are exact sums of
    these rows (webmap.aggregate rolls them up). Per row: incidents n, the sums of their lat and lon
    (for the centre of mass), how many are disputed, first and last day (undated: EPOCH), and the
    smallest id (the incident itself when n is 1). Area and line incidents are in `shape_counts`.
    """
    lat_deg, lon_deg = cell_deg
    if lat_deg <= 0 or lon_deg <= 0:
        raise ValueError(f"cell_counts: cell size must be positive degrees, got {cell_deg}")
    iy, ix = _cell_index(incidents.c.lat, lat_deg).label("iy"), _cell_index(incidents.c.lon, lon_deg).label("ix")
    day = sa.func.coalesce(incidents.c.date, sa.literal(EPOCH, sa.Date))
    with engine.connect() as conn:
        statement = (
            sa.select(iy, ix, incidents.c.side, sa.func.count(), sa.func.sum(incidents.c.lat),
                      sa.func.sum(incidents.c.lon), sa.func.sum(sa.cast(incidents.c.disputed, sa.Integer)),
                      sa.func.min(day), sa.func.max(day), sa.func.min(incidents.c.id))
            .where(where_clause(conn, filters, has_postgis(engine)), incidents.c.location_precision.not_in(SHAPED),
                   incidents.c.lat.is_not(None), incidents.c.lon.is_not(None))
            .group_by(iy, ix, incidents.c.side)
        )
        rows = _raw_rows(conn, statement)
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(CELL_COLUMNS)
    frame = pd.DataFrame({name: np.array(values, dtype=object) for name, values in zip(CELL_COLUMNS, columns, strict=True)})
    for name in ("iy", "ix", "n", "disputed"):
        frame[name] = frame[name].astype(np.int64)
    for name in ("lat_sum", "lon_sum"):
        frame[name] = frame[name].astype(float)
    for name in ("d0", "d1"):
        frame[name] = _dates(list(frame[name]))
    return frame


# the columns of shape_counts' two frames, in order
SHAPE_COLUMNS: tuple[str, ...] = ("key", "location_precision", "side", "n", "place", "disputed", "d0", "d1", "geometry")
NEWEST_COLUMNS: tuple[str, ...] = ("key", "id", "date", "event_type", "side")


def shape_counts(engine: Engine, filters: Filters, newest: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Area and line incidents counted per shape and side, and each shape's `newest` incidents.

    The map draws each area or line once with its count and its newest incidents listed; this gives it
    both without reading every row (columns SHAPE_COLUMNS and NEWEST_COLUMNS; d1 is the last day any of
    them spans; newest means latest date first, then id). A shape is a gazetteer place (`key` is its
    place_id), or the geometry itself for incidents with none: grouping by the short id, which the
    covering index ix_incidents_shapes holds, instead of the GeoJSON text makes this ten times faster;
    the geometry is then read once per shape.
    """
    shaped = incidents.c.location_precision.in_(SHAPED)
    with engine.connect() as conn:
        where = where_clause(conn, filters, has_postgis(engine))
        groups, latest = [], []
        for key, condition in ((incidents.c.place_id, incidents.c.place_id != ""),
                               (incidents.c.geometry, incidents.c.place_id == "")):
            found, listed = _shape_groups(conn, sa.and_(where, shaped, condition), key.label("key"), newest)
            groups += found
            latest += listed
        first_ids = sorted({row[-1] for row in groups})
        geometry = dict(conn.execute(sa.select(incidents.c.id, incidents.c.geometry)
                                     .where(incidents.c.id.in_(first_ids))).all()) if first_ids else {}
    groups = [(*row[:-1], geometry[row[-1]]) for row in groups]
    return _typed(groups, SHAPE_COLUMNS, ("d0", "d1")), _typed(latest, NEWEST_COLUMNS, ("date",))


def _shape_groups(conn: Connection, where: Any, key: Any, newest: int) -> tuple[list[Any], list[Any]]:
    """shape_counts for the incidents `where` selects, shapes told apart by `key`: (groups with the smallest
    id of each, the newest incidents of each shape)."""
    day = sa.func.coalesce(incidents.c.date, sa.literal(EPOCH, sa.Date))
    groups = _raw_rows(conn, (
        sa.select(key, incidents.c.location_precision, incidents.c.side, sa.func.count(),
                  sa.func.min(incidents.c.place), sa.func.sum(sa.cast(incidents.c.disputed, sa.Integer)),
                  sa.func.min(day), sa.func.max(sa.func.coalesce(incidents.c.date_last, day)),
                  sa.func.min(incidents.c.id))
        .where(where)
        .group_by(key, incidents.c.location_precision, incidents.c.side)
    ))
    rank = sa.func.row_number().over(partition_by=key, order_by=(incidents.c.date.desc().nulls_last(),
                                                                 incidents.c.id)).label("rank")
    ranked = sa.select(key, *(incidents.c[name] for name in NEWEST_COLUMNS[1:]), rank).where(where).subquery()
    latest = _raw_rows(conn, sa.select(*(ranked.c[name] for name in NEWEST_COLUMNS))
                       .where(ranked.c.rank <= newest).order_by(ranked.c.key, ranked.c.rank))
    return groups, latest


def _typed(rows: Sequence[Any], columns: Sequence[str], dates: Sequence[str]) -> pd.DataFrame:
    """A small aggregate's rows as a frame: object columns, dates as datetime.date, counts as int."""
    values = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    frame = pd.DataFrame({name: pd.Series(np.array(v, dtype=object), dtype=object)
                          for name, v in zip(columns, values, strict=True)})
    for name in dates:
        frame[name] = _dates(list(frame[name]))
    for name in ("n", "disputed"):
        if name in frame:
            frame[name] = frame[name].astype(np.int64)
    return frame


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


def incident_detail(engine: Engine, incident_id: str, statuses: tuple[str, ...] = VISIBLE) -> dict[str, Any] | None:
    """Everything the detail panel shows: the incident's row, its claims, why it was merged, its history
    (edits and review actions, oldest first). None when unknown or not of `statuses` (readers never get a
    rejected incident; the review page asks for every status).

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
        edit_history = review_history(conn, reports, history(conn, reports))
    frame = query_incidents(engine, Filters(ids=(root,), statuses=statuses))
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

    def visible_types(conn: Connection) -> list[str]:
        # every stored type from the (event_type, date) index, then one indexed probe per type for a visible
        # incident: grouping the visible incidents instead read every row (1.1 s at a million)
        stored = conn.execute(sa.select(incidents.c.event_type).group_by(incidents.c.event_type)).scalars().all()
        probe = sa.select(incidents.c.id).where(incidents.c.merged_into.is_(None), incidents.c.event_type == sa.bindparam("t"))
        return [t for t in stored if conn.execute(probe.limit(1), {"t": t}).first() is not None]

    with engine.connect() as conn:
        types = visible_types(conn)
        return {
            "outlets": tag_values(conn, "outlet"),
            "claimants": tag_values(conn, "claimant"),
            "sides": tag_values(conn, "side"),
            "types": sorted(types),
            "min_date": conn.execute(sa.select(sa.func.min(incidents.c.date))).scalar(),
            "max_date": conn.execute(sa.select(sa.func.max(incidents.c.date_last))).scalar(),
        }
