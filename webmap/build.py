"""The map in two parts: `base_map`, which never changes between reruns, and `incident_group`, which follows
the data and the reader.

The dashboard hands both to streamlit-folium (the group as `feature_group_to_add`), which keys the map on
the static part: a rerun that changes the incidents, the selection, the layers or the legend updates the
mounted map in place, so no click is sent to a map that has been replaced and the reader's view stays.
`build_map` puts both into one page for the static HTML snapshot. No streamlit here.

The frame is the filtered incidents (the columns of incidents.store.query.INCIDENT_COLUMNS); the rendering
level follows from how many of them are in view (webmap.incident_layer.choose_strategy). A selection too big
to read row by row comes instead as webmap.aggregate.AggregatedIncidents (counts made in the database) and is
drawn at the "cells" level.
"""
from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import Any

import folium
import pandas as pd
from branca.element import Element
from sqlalchemy.engine import Engine

from geo.layers import list_layers
from incidents.store.query import Filters, SelectionSummary, query_incidents
from webmap.aggregate import AggregatedIncidents, aggregate_store
from webmap.assets import localise
from webmap.basemaps import OUTLINE, add_base_maps
from webmap.engine import BEFORE_LEAFLET_JS, MapEngine, register
from webmap.incident_layer import (
    MARKERS_MAX,
    OVERVIEW_ZOOM,
    POINTS_MAX,
    IncidentLayer,
    aggregated_payload,
    choose_strategy,
    hollow_count,
    incident_payload,
    payload_json,
)
from webmap.legend import legend_html
from webmap.reference_layers import (
    BACKGROUND,
    LAYER_STYLES,
    TownLabels,
    add_overlays,
    add_reference_layers,
    ordered,
    town_labels,
)

__all__ = ["AggregatedIncidents", "DrawnIncidents", "MapFocus", "MapMove", "MapState", "base_map", "build_map",
           "draw_incidents", "drawing_zoom", "incident_group", "map_payload", "map_selection", "in_view", "DEFAULT_CENTER",
           "DEFAULT_ZOOM"]

# The view when none is asked for: Nagorno-Karabakh with Ganja, Yerevan's edge and Nakhchivan in frame.
DEFAULT_CENTER: tuple[float, float] = (39.95, 46.25)
DEFAULT_ZOOM = 8
# Zoom limits: the Caucasus at the widest, a village's streets at the closest (markercluster needs a maxZoom).
MIN_ZOOM, MAX_ZOOM = 5, 16
# Share of the view's width/height added on each side when picking the incidents to send, so a
# short pan still shows incidents without a rerun.
VIEW_PADDING = 0.5

# Columns build_map reads; a frame without them is a programming error, reported by name.
REQUIRED_COLUMNS: tuple[str, ...] = ("id", "date", "place", "location_precision", "geometry", "lat", "lon",
                                     "event_type", "disputed", "side")


def in_view(frame: pd.DataFrame, bbox: tuple[float, float, float, float], padding: float = VIEW_PADDING) -> pd.DataFrame:
    """Rows whose point lies in `bbox` (west, south, east, north) grown by `padding` of its size on each side.

    Area and line incidents are kept whatever the view: they are drawn as their shapes.
    """
    west, south, east, north = bbox
    dx, dy = (east - west) * padding, (north - south) * padding
    lat, lon = frame["lat"].astype(float), frame["lon"].astype(float)
    inside = lat.between(south - dy, north + dy) & lon.between(west - dx, east + dx)
    return frame[inside | frame["location_precision"].isin(("area", "line"))]

# What the map reads of each incident when it gets rows: REQUIRED_COLUMNS, the place id (for both names of a
# contested place), the span and the synthetic flag
# (the legend counts them); the text columns it never shows stay in the database.
MAP_COLUMNS: tuple[str, ...] = (*REQUIRED_COLUMNS, "place_id", "date_end", "synthetic", "review_status")


def drawing_zoom(count: int, zoom: int | None) -> int | None:
    """The zoom the drawing of `count` incidents depends on, None when it does not: symbols and clusters are
    the same at every zoom above the overview (webmap.incident_layer.choose_strategy), so panning and zooming
    there never redraws them; counts per cell are made for the zoom and finer.

    >>> drawing_zoom(500, 9), drawing_zoom(5_000, 9), drawing_zoom(5_000, 6), drawing_zoom(100_000, 9)
    (None, None, 6, 9)
    """
    zoom = DEFAULT_ZOOM if zoom is None else int(zoom)
    if count > POINTS_MAX or (count > MARKERS_MAX and zoom <= OVERVIEW_ZOOM):
        return zoom
    return None


def map_selection(engine: Engine, filters: Filters, summary: SelectionSummary,
                  zoom: int | None = None) -> pd.DataFrame | AggregatedIncidents:
    """What build_map draws for a selection: its rows while the browser can take them (≤ POINTS_MAX),
    else the database's counts per cell and shape, so a million incidents never leave the database."""
    if summary.count > POINTS_MAX:
        return aggregate_store(engine, filters, DEFAULT_ZOOM if zoom is None else int(zoom), summary)
    return query_incidents(engine, filters, columns=MAP_COLUMNS)


def _check(frame: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"build_map: the incident frame lacks column(s) {', '.join(missing)}")


@dataclass(frozen=True)
class MapMove:
    """A view the app asks the map to show once: a link's view, a place found by search (`bounds`, as
    ((south, west), (north, east))), the view to restore after a page switch. The map applies each token
    once, so later reruns never pull the reader back from where they panned."""

    token: int
    lat: float | None = None
    lon: float | None = None
    zoom: int | None = None
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None


@dataclass(frozen=True)
class MapFocus:
    """An incident the app wants in view (picked in the list): the map pans to it if it is not; once per token."""

    token: int
    lat: float
    lon: float


@dataclass(frozen=True)
class MapState:
    """What the app asks of the mounted map on a rerun, beside the incidents: the selection, the reference
    layers shown (None: all), the base map, and a view to move to or an incident to bring into view."""

    selected: str | None = None
    layers: tuple[str, ...] | None = None
    base: str = OUTLINE
    move: MapMove | None = None
    focus: MapFocus | None = None

    def payload(self, legend: str) -> dict[str, Any]:
        """The part of the browser payload map_engine.js reads as `D.state` (the selection goes in `D.selected`)."""
        return {"layers": list(self.layers) if self.layers is not None else [i.id for i in list_layers()],
                "base": self.base, "legend": legend,
                "move": asdict(self.move) if self.move else None, "focus": asdict(self.focus) if self.focus else None}


def base_map(*, bases: Sequence[str] = (OUTLINE,), center: tuple[float, float] | None = None,
             zoom: int | None = None, town_names: bool = True, overlays: Sequence[dict] = (),
             assets: str | None = None, fetched_layers: Mapping[str, str] | None = None) -> folium.Map:
    """The static part of the map: view, background, the engine, the base maps, every reference layer, the
    editor's overlays, town names and the layer control. It does not depend on the incidents or the selection,
    so the dashboard's map keeps its identity across reruns (incident_group carries the rest).

    `assets` localises it (webmap.assets.localise); None leaves that to the caller, who may add more first.
    `fetched_layers` (webmap.reference_layers.install_layer_files) has the browser fetch the reference layers
    from the app rather than carry them in the page.
    """
    m = folium.Map(location=list(center or DEFAULT_CENTER), zoom_start=DEFAULT_ZOOM if zoom is None else int(zoom),
                   tiles=None, prefer_canvas=False, maxZoom=MAX_ZOOM, minZoom=MIN_ZOOM, control_scale=True)
    m.get_root().header.add_child(Element(f"<style>.leaflet-container {{ background: {BACKGROUND}; }}</style>"),
                                  name="km_background")
    m.get_root().header.add_child(Element(f"<script>{BEFORE_LEAFLET_JS}</script>"), name=BEFORE_LEAFLET)
    MapEngine().add_to(m)
    for base_id, layer in add_base_maps(m, bases):
        register(layer, base_id, "base")
    add_reference_layers(m, fetched_layers)
    add_overlays(m, overlays)
    if town_names:
        TownLabels(town_labels()).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m if assets is None else _localised(m, assets)


# The header element that must come before Leaflet (webmap.engine.BEFORE_LEAFLET_JS).
BEFORE_LEAFLET = "km_before_leaflet"


def _localised(m: folium.Map, assets: str) -> folium.Map:
    """localise(m, assets), then the script that must run before Leaflet put back in front of it (inlined
    assets are put first)."""
    localise(m, assets)
    m.get_root().header._children.move_to_end(BEFORE_LEAFLET, last=False)
    return m


@dataclass(frozen=True)
class DrawnIncidents:
    """What the map draws of a selection, whatever is selected or shown around it: the incidents' payload
    (webmap.incident_layer) and what the legend lists of them. The dashboard caches it per filters and zoom."""

    payload: dict[str, Any]
    sides: tuple[str, ...]
    types: tuple[str, ...]
    synthetic: int
    machine: int = 0  # incidents drawn hollow: machine-read, not yet checked (the legend explains them)

    @cached_property
    def key(self) -> str:
        """A digest of the drawing: the browser draws the incidents again only when it changes."""
        return hashlib.sha1(payload_json(self.payload).encode("utf-8")).hexdigest()[:16]


def draw_incidents(frame: pd.DataFrame | AggregatedIncidents, *, zoom: int | None = None,
                   view_bbox: tuple[float, float, float, float] | None = None) -> DrawnIncidents:
    """The incidents at their rendering level.

    `frame` is the filtered incidents, or an AggregatedIncidents (drawn as cells whatever the zoom).
    `view_bbox` (west, south, east, north) is the reader's current view, when known: the level is
    chosen by the incidents in it, and only those (padded) are sent unless they are aggregated.
    """
    zoom = DEFAULT_ZOOM if zoom is None else int(zoom)
    if isinstance(frame, AggregatedIncidents):
        return DrawnIncidents(aggregated_payload(frame, zoom=zoom), tuple(sorted({s or "unknown" for s in frame.sides})),
                              tuple(sorted(frame.types)), frame.synthetic)
    _check(frame)
    shown = frame if view_bbox is None else in_view(frame, view_bbox)
    strategy = choose_strategy(len(shown), zoom)
    drawn = frame if strategy == "cells" else shown
    synthetic = int(frame["synthetic"].fillna(False).astype(bool).sum()) if "synthetic" in frame else 0
    sides = drawn["side"].fillna("").astype(str).replace("", "unknown").unique()
    payload = incident_payload(drawn, strategy, zoom=zoom)
    return DrawnIncidents(payload, tuple(sorted(sides)), tuple(sorted(drawn["event_type"].dropna().astype(str).unique())),
                          synthetic, hollow_count(payload))


def map_payload(drawn: DrawnIncidents, state: MapState) -> dict[str, Any]:
    """The whole browser payload of one rerun: the incidents, the selection, and the state with its legend.
    Unknown layer ids in `state.layers` raise KeyError naming them."""
    shown = ordered(list_layers(), state.layers)
    legend = legend_html(drawn.sides, drawn.types, drawn.payload["strategy"], synthetic=drawn.synthetic,
                         machine=drawn.machine, layers=shown, layer_styles=LAYER_STYLES)
    return {**drawn.payload, "drawing": drawn.key, "selected": html.escape(state.selected or ""),
            "state": state.payload(legend)}


def incident_group(frame: pd.DataFrame | AggregatedIncidents, *, state: MapState = MapState(),
                   zoom: int | None = None, view_bbox: tuple[float, float, float, float] | None = None
                   ) -> folium.FeatureGroup:
    """The part of the map that follows the data and the reader, as a FeatureGroup the engine draws into:
    the incidents (draw_incidents), the legend and `state`."""
    group = folium.FeatureGroup(name="incidents", control=False)
    IncidentLayer(map_payload(draw_incidents(frame, zoom=zoom, view_bbox=view_bbox), state)).add_to(group)
    return group


def build_map(frame: pd.DataFrame | AggregatedIncidents, *, layers: Sequence[str] | None = None,
              selected_id: str | None = None, center: tuple[float, float] | None = None, zoom: int | None = None,
              assets: str = "served", view_bbox: tuple[float, float, float, float] | None = None,
              town_names: bool = True, overlays: Sequence[dict] = ()) -> folium.Map:
    """The whole map in one page (the static snapshot, tests, benches): base_map with incident_group on it.

    `layers` are the reference layers shown (None = all; every layer stays in the layer control);
    `assets` is "served" (the dashboard), "inline" (a self-contained file) or "cdn" (opt-in).
    `overlays` are FeatureCollections already checked by geo.user_layers.validate_layer_upload.
    """
    m = base_map(center=center, zoom=zoom, town_names=town_names, overlays=overlays)
    state = MapState(selected=selected_id, layers=None if layers is None else tuple(layers))
    incident_group(frame, state=state, zoom=zoom, view_bbox=view_bbox).add_to(m)
    return _localised(m, assets)
