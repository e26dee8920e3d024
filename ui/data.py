"""Cached data access: the one boundary between the pages and the store.

The engine is a connection pool, so it is an st.cache_resource (one per
DATABASE_URL per process). Frames are st.cache_data keyed by cheap, hashable
arguments (the URL and the frozen View), so a rerun that only moved the map or
opened an expander does not query again. A short TTL bounds how stale a replica
can be after another replica ingested an article; an ingest here clears the
cache at once.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
import sqlalchemy as sa
import streamlit as st
from shapely.geometry import shape
from sqlalchemy.engine import Engine

from geo.gazetteer import Place, load_gazetteer
from geo.geocode import geocode, split_qualifier
from incidents.export import WRITERS, records
from incidents.snapshot import MAX_DETAILED_INCIDENTS
from incidents.store.db import open_store
from incidents.store.query import (
    Filters,
    SelectionSummary,
    claims_for,
    day_side_counts,
    facets,
    incident_detail,
    newest_first_position,
    query_incidents,
    summarise,
)
from incidents.store.schema import articles
from incidents.store.schema import incidents as incidents_table
from ui.params import FILTER_FIELDS, View
from ui.places import display_place, with_display_names
from ui.status import statuses_for, with_status_labels
from webmap.build import AggregatedIncidents, DrawnIncidents, draw_incidents, drawing_zoom, map_selection

# Seconds a cached frame may be reused: short enough that another replica's ingest shows within a minute.
CACHE_TTL_S = 60
# Rows the Data page's table shows: a reader scans a thousand, and reading them stays a few milliseconds at
# any size; the downloads hold the whole selection.
TABLE_ROWS = 1_000
# A place id no incident has: a search that found no place must show nothing, not everything.
NO_PLACE: tuple[str, ...] = ("\x00",)


@dataclass(frozen=True)
class Facets:
    """What the data holds, for the sidebar's options and for validating URLs."""

    outlets: tuple[str, ...]
    claimants: tuple[str, ...]
    min_date: dt.date | None
    max_date: dt.date | None


def database_url() -> str:
    """The configured store ("" means the default SQLite file); read here, the entry boundary."""
    return os.environ.get("DATABASE_URL", "")


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return open_store({"DATABASE_URL": url} if url else {})


def engine() -> Engine:
    """The store's engine (opened, and the bundled incidents loaded, once per process)."""
    return _engine(database_url())


def clear() -> None:
    """Forget cached frames and drawings: called after this session changed the store."""
    st.cache_data.clear()
    _drawn.clear()


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _facets(url: str) -> Facets:
    found = facets(_engine(url))
    return Facets(
        outlets=tuple(found["outlets"]),
        claimants=tuple(found["claimants"]),
        min_date=found["min_date"],
        max_date=found["max_date"],
    )


def data_facets() -> Facets:
    return _facets(database_url())


@dataclass(frozen=True)
class PlaceMatch:
    """What a place search found: the gazetteer ids to filter on, a line for the reader, and the box the map
    moves to (((south, west), (north, east)); None when nothing was found)."""

    place_ids: tuple[str, ...]
    message: str
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None


# Half the side, in degrees, of the box the map shows around a town found by search (about 8 km).
TOWN_BOX_DEG = 0.07


def _bounds(places: list[Place]) -> tuple[tuple[float, float], tuple[float, float]]:
    """The box holding these places: an area's or line's shape, a town with a little around it."""
    boxes = []
    for place in places:
        if place.precision == "point":
            boxes.append((place.lon - TOWN_BOX_DEG, place.lat - TOWN_BOX_DEG, place.lon + TOWN_BOX_DEG,
                          place.lat + TOWN_BOX_DEG))
        else:
            boxes.append(shape(place.geometry()).bounds)
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    return (round(south, 4), round(west, 4)), (round(north, 4), round(east, 4))


@st.cache_data(show_spinner=False)
def place_search(q: str) -> PlaceMatch:
    """The places a search means, in any spelling ("Khankendi", "Gəncə"), through the geocoder: the place it
    names, and the district or region of the same name ("Lachin" is the town and Lachin District: a reader
    searching it wants both, and what lies inside the district)."""
    result = geocode(q)
    if not result.found:
        return PlaceMatch((), f"No place found for {q!r} ({result.reason}): no incidents match.")
    places = [result.place, *namesake_areas(q, result.place)]
    names = " and ".join(f"{p.display_name} ({p.kind})" for p in places)
    return PlaceMatch(tuple(p.id for p in places), f"Place: {names}", _bounds(places))


def namesake_areas(q: str, found: Place) -> list[Place]:
    """Districts, provinces and regions spelt like the search (or like the place it found), other than it."""
    gazetteer = load_gazetteer()
    core, _ = split_qualifier(q)
    ids = {pid for name in (q, core, found.name) for pid, _ in gazetteer.lookup(name)}
    areas = [gazetteer.get(pid) for pid in sorted(ids) if pid != found.id]
    return [p for p in areas if p.precision == "area" and p.country == found.country]


def filters_for(view: View) -> Filters:
    """The store's filters for a view (the map view and selection do not filter)."""
    place_ids: tuple[str, ...] = ()
    if view.q:
        place_ids = place_search(view.q).place_ids or NO_PLACE
    return Filters(**{name: getattr(view, name) for name in FILTER_FIELDS}, place_ids=place_ids,
                   statuses=statuses_for(view.review))


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _incidents(url: str, view: View) -> pd.DataFrame:
    return with_display_names(query_incidents(_engine(url), filters_for(view)), load_gazetteer())


def incidents(view: View) -> pd.DataFrame:
    """Every filtered incident as rows (the downloads, the snapshot, the Timeline and Sources pages).

    The map and the Data page's table do not need this: at a million incidents it takes seconds, so
    they read `summary`, `map_input` and `table_rows` instead, which come from the same Filters.
    """
    return _incidents(database_url(), _filtering(view))


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _summary(url: str, view: View) -> SelectionSummary:
    return summarise(_engine(url), filters_for(view))


def summary(view: View) -> SelectionSummary:
    """How many incidents the filters select, from which outlets, over which days: counted in the database."""
    return _summary(database_url(), _filtering(view))


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _map_input(url: str, view: View, zoom: int | None) -> pd.DataFrame | AggregatedIncidents:
    selection = map_selection(_engine(url), filters_for(view), _summary(url, view), zoom)
    if isinstance(selection, pd.DataFrame):
        return with_display_names(selection, load_gazetteer())
    return selection


def map_input(view: View) -> pd.DataFrame | AggregatedIncidents:
    """What the map draws for the view: the filtered rows, or above webmap's POINTS_MAX the database's counts
    per cell and shape (cached per filters and the zoom the drawing depends on: webmap.build.drawing_zoom)."""
    url, filtering = database_url(), _filtering(view)
    return _map_input(url, filtering, drawing_zoom(_summary(url, filtering).count, view.zoom))


# Drawings kept per server process: a few per filter combination readers are looking at.
DRAWINGS_KEPT = 64


@st.cache_resource(ttl=CACHE_TTL_S, max_entries=DRAWINGS_KEPT, show_spinner=False)
def _drawn(url: str, view: View, zoom: int | None) -> DrawnIncidents:
    return draw_incidents(_map_input(url, view, zoom), zoom=zoom)


def drawn_incidents(view: View) -> DrawnIncidents:
    """The map's drawing of the view's incidents (webmap.build.draw_incidents), made once per filters and
    drawing zoom and shared, unchanged, by every session: a click or a pan reuses it. Read-only."""
    url, filtering = database_url(), _filtering(view)
    return _drawn(url, filtering, drawing_zoom(_summary(url, filtering).count, view.zoom))


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _table_rows(url: str, view: View) -> pd.DataFrame:
    rows = query_incidents(_engine(url), filters_for(view), limit=TABLE_ROWS)
    return with_status_labels(with_display_names(rows, load_gazetteer()))


def table_rows(view: View) -> pd.DataFrame:
    """The first TABLE_ROWS filtered incidents, oldest first: what the Data page's table shows."""
    return _table_rows(database_url(), _filtering(view))


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _day_side_counts(url: str, view: View) -> pd.DataFrame:
    return day_side_counts(_engine(url), filters_for(view))


def timeline(view: View) -> pd.DataFrame:
    return _day_side_counts(database_url(), _filtering(view))


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _claims(url: str, ids: tuple[str, ...]) -> pd.DataFrame:
    return claims_for(_engine(url), list(ids))


def claims(ids: tuple[str, ...]) -> pd.DataFrame:
    """Every claim of these incidents, with its article's citation."""
    return _claims(database_url(), ids)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _detail(url: str, incident_id: str) -> dict[str, Any] | None:
    found = incident_detail(_engine(url), incident_id)
    if found is not None:
        incident = found["incident"]
        incident["place"] = display_place(incident["place"], incident["place_id"], load_gazetteer())
        found["sources"] = _report_articles(_engine(url), tuple(found["reports"]))
    return found


def _report_articles(engine: Engine, report_ids: tuple[str, ...]) -> list[dict[str, Any]]:
    """The article behind each report of an incident, oldest first: outlet, title, date, link, whether its
    text is stored (bundled records carry only the citation), and the report's own summary."""
    columns = (articles.c.id, articles.c.title, articles.c.outlet, articles.c.url, articles.c.published,
               articles.c.source, (sa.func.length(sa.func.coalesce(articles.c.text, "")) > 0).label("has_text"),
               incidents_table.c.summary)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(*columns).join(incidents_table, incidents_table.c.article_id == articles.c.id)
            .where(incidents_table.c.id.in_(report_ids)).distinct().order_by(articles.c.published, articles.c.id)
        ).all()
    return [dict(row._mapping) for row in rows]


def detail(incident_id: str) -> dict[str, Any] | None:
    """One incident with its claims, the articles of its reports ("sources"), merge reasons and edit history;
    None when unknown."""
    return _detail(database_url(), incident_id)


@dataclass(frozen=True)
class Coverage:
    """What the whole store holds, for the line under the title: dates, outlets, articles, incidents."""

    first: dt.date | None
    last: dt.date | None
    outlets: int
    articles: int
    incidents: int
    synthetic: int


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _coverage(url: str) -> Coverage:
    everything = _summary(url, View())
    with _engine(url).connect() as conn:
        count = int(conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar() or 0)
    return Coverage(everything.first, everything.last, len(everything.outlets), count, everything.count,
                    everything.synthetic)


def coverage() -> Coverage:
    return _coverage(database_url())


# Incidents per page of the map page's list: a screenful beside the map, a few milliseconds to read at any size.
FEED_PAGE_ROWS = 12
# What the list reads of each incident.
FEED_COLUMNS: tuple[str, ...] = ("id", "date", "date_end", "place", "place_id", "location_precision", "lat", "lon",
                                 "event_type", "claimant", "side", "outlets", "n_reports", "disputed", "synthetic",
                                 "review_status")


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _feed_page(url: str, view: View, page: int) -> pd.DataFrame:
    rows = query_incidents(_engine(url), filters_for(view), limit=FEED_PAGE_ROWS, offset=page * FEED_PAGE_ROWS,
                           columns=FEED_COLUMNS, newest_first=True)
    return with_display_names(rows, load_gazetteer())


def feed_page(view: View, page: int) -> pd.DataFrame:
    """Page `page` (from 0) of the filtered incidents, newest first: what the map page's list shows."""
    return _feed_page(database_url(), _filtering(view), page)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _feed_position(url: str, view: View, incident_id: str) -> int | None:
    return newest_first_position(_engine(url), filters_for(view), incident_id)


def feed_position(view: View, incident_id: str) -> int | None:
    """Where an incident is in the list (0: newest), or None when the filters leave it out."""
    return _feed_position(database_url(), _filtering(view), incident_id)


def _filtering(view: View) -> View:
    """The part of the view that filters: the layers, base map, map view and selection are dropped from the
    cache key (every other field filters, so a filter added to View is in the key without a change here)."""
    return replace(view, layers=None, base=None, incident=None, lat=None, lon=None, zoom=None)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _articles(url: str, ids: tuple[str, ...]) -> pd.DataFrame:
    columns = (articles.c.id, articles.c.title, articles.c.outlet, articles.c.url, articles.c.published,
               articles.c.source, articles.c.text, articles.c.bundled)
    with _engine(url).connect() as conn:
        rows = conn.execute(sa.select(*columns).where(articles.c.id.in_(ids)).order_by(articles.c.published)).all()
    return pd.DataFrame.from_records([tuple(r) for r in rows], columns=[c.name for c in columns])


def articles_for(ids: tuple[str, ...]) -> pd.DataFrame:
    """The stored articles with these ids, with their text (empty for bundled articles, which ship none)."""
    return _articles(database_url(), ids)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _export(url: str, view: View, fmt: str) -> bytes:
    frame = _incidents(url, view)
    return WRITERS[fmt](records(frame, _claims(url, tuple(frame["id"]))))


def export(view: View, fmt: str) -> bytes:
    """The whole filtered selection, with its claims, as a file (the same Filters as the map and table).

    Reads every row: call it when the reader asks for a download, not on every rerun.
    """
    return _export(database_url(), _filtering(view), fmt)


def filtering(view: View) -> View:
    """The part of the view that filters (public: pages remember which selection a prepared download is of)."""
    return _filtering(view)


def claims_for_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The claims of a filtered frame, for the snapshot's popups; none beyond what a snapshot details."""
    ids = tuple(frame["id"]) if len(frame) <= MAX_DETAILED_INCIDENTS else ()
    return claims(ids)
