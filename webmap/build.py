"""build_map: the filtered incidents over the reference layers, as one folium map.

Used by the dashboard (through streamlit-folium) and by the static HTML
snapshot, so it imports no streamlit. The frame is the dashboard's filtered
incidents (the columns of incidents.store.query.INCIDENT_COLUMNS); the
rendering level follows from how many of them are in view (see
webmap.incident_layer.choose_strategy). A selection too big to read row by row
comes instead as webmap.aggregate.AggregatedIncidents (counts made in the
database) and is drawn at the "cells" level.
"""
from __future__ import annotations

from collections.abc import Sequence

import folium
import pandas as pd
from branca.element import Element
from sqlalchemy.engine import Engine

from incidents.store.query import Filters, SelectionSummary, query_incidents
from incidents.store.status import MACHINE
from webmap.aggregate import AggregatedIncidents, aggregate_store
from webmap.assets import localise
from webmap.incident_layer import POINTS_MAX, IncidentLayer, aggregated_payload, choose_strategy, incident_payload
from webmap.legend import Legend, legend_html
from webmap.reference_layers import BACKGROUND, TownLabels, add_overlays, add_reference_layers, town_labels
from webmap.selection import clicked_incident_id

__all__ = ["AggregatedIncidents", "build_map", "map_selection", "clicked_incident_id", "in_view", "DEFAULT_CENTER", "DEFAULT_ZOOM"]

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


def _base_map(center: tuple[float, float] | None, zoom: int, layers: Sequence[str] | None, tiles: str | None,
              town_names: bool, overlays: Sequence[dict] = ()) -> folium.Map:
    """The map without incidents: view, background, optional tiles, reference layers and town names."""
    m = folium.Map(location=list(center or DEFAULT_CENTER), zoom_start=zoom, tiles=None, prefer_canvas=False,
                   maxZoom=MAX_ZOOM, minZoom=MIN_ZOOM,
                   control_scale=True)
    m.get_root().header.add_child(Element(f"<style>.leaflet-container {{ background: {BACKGROUND}; }}</style>"),
                                  name="km_background")
    if tiles:
        folium.TileLayer(tiles, name="Tiles (when reachable)", overlay=False).add_to(m)
    add_reference_layers(m, layers)
    add_overlays(m, overlays)
    if town_names:
        TownLabels(town_labels()).add_to(m)
    return m


def build_map(frame: pd.DataFrame | AggregatedIncidents, *, layers: Sequence[str] | None = None,
              selected_id: str | None = None, center: tuple[float, float] | None = None, zoom: int | None = None,
              assets: str = "served", view_bbox: tuple[float, float, float, float] | None = None,
              tiles: str | None = None, town_names: bool = True, overlays: Sequence[dict] = ()) -> folium.Map:
    """The incident map: reference layers (None = all), town labels, incidents at their level, legend.

    `frame` is the filtered incidents, or an AggregatedIncidents (drawn as cells whatever the zoom).
    `view_bbox` (west, south, east, north) is the reader's current view, when known: the level is
    chosen by the incidents in it, and only those (padded) are sent unless they are aggregated.
    `assets` is "served" (the dashboard), "inline" (a self-contained file) or "cdn" (opt-in).
    `tiles` (e.g. "OpenStreetMap") adds a tile layer under the reference layers: opt-in, as tile
    servers are often unreachable. `overlays` are FeatureCollections already checked by
    geo.user_layers.validate_layer_upload, drawn above the reference layers.
    """
    zoom = DEFAULT_ZOOM if zoom is None else int(zoom)
    if isinstance(frame, AggregatedIncidents):
        m = _base_map(center, zoom, layers, tiles, town_names, overlays)
        IncidentLayer(aggregated_payload(frame, zoom=zoom, selected_id=selected_id)).add_to(m)
        sides = sorted({side or "unknown" for side in frame.sides})
        Legend(legend_html(sides, sorted(frame.types), "cells", synthetic=frame.synthetic)).add_to(m)
        folium.LayerControl(collapsed=True).add_to(m)
        return localise(m, assets)
    _check(frame)
    shown = frame if view_bbox is None else in_view(frame, view_bbox)
    strategy = choose_strategy(len(shown), zoom)
    drawn = frame if strategy == "cells" else shown
    m = _base_map(center, zoom, layers, tiles, town_names, overlays)
    IncidentLayer(incident_payload(drawn, strategy, zoom=zoom, selected_id=selected_id)).add_to(m)
    synthetic = int(frame["synthetic"].fillna(False).astype(bool).sum()) if "synthetic" in frame else 0
    machine = int((drawn["review_status"] == MACHINE).sum()) if "review_status" in drawn and strategy != "cells" else 0
    sides = drawn["side"].fillna("").astype(str).replace("", "unknown")
    Legend(legend_html(sorted(sides.unique()), sorted(drawn["event_type"].dropna().astype(str).unique()),
                       strategy, synthetic=synthetic, machine=machine)).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return localise(m, assets)
