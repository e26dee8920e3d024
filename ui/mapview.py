"""The map on the map page: webmap's folium map rendered by streamlit-folium, plus view sync.

Responsiveness: `returned_objects` is limited to the click, so panning and
zooming never rerun the app. The map view still reaches the URL: a small
script in the map writes lat/lon/zoom into the address bar on every `moveend`
(history.replaceState: no reload, no rerun), so a link copied from the address
bar reopens the same view, and it restores the reader's view when a rerun
re-mounts the map. (Streamlit keeps its own copy of the query string once the
app has written one, so the server learns the view only from links it opens.)
On the way in, lat/lon/zoom become build_map's centre and zoom (the zoom also
picks how incidents are drawn).
"""
from __future__ import annotations

from collections.abc import Sequence

import folium
import pandas as pd
import streamlit as st
from branca.element import MacroElement, Template
from streamlit_folium import st_folium

from ui.params import View
from webmap.assets import ensure_installed
from webmap.build import AggregatedIncidents, build_map
from webmap.selection import clicked_incident_id

# What the detail panel needs from the map: which incident was clicked (the clicked feature, or the id token
# in its tooltip; see webmap.selection). Pans and zooms change neither, so they never rerun the app.
RETURNED_OBJECTS: list[str] = ["last_active_drawing", "last_object_clicked_tooltip"]
# Map height in pixels: tall enough for the region at zoom 8 beside the detail panel.
MAP_HEIGHT_PX = 620
# The st_folium key: stable, so a rerun updates the same map instead of mounting a new one.
MAP_KEY = "incident_map"

# Runs inside the map's iframe (same origin as the app). It (1) writes the view into the address bar after
# every move, and (2) keeps the reader's view when a rerun re-mounts the map (a click, a filter change):
# the view is kept in the tab's sessionStorage, tagged with the page load it belongs to, so a freshly
# opened link starts at the link's view, not at an old one; (3) puts the view back once a second when a
# rerun rewrote the query string without it. Any failure (a sandboxed embed) changes nothing.
VIEW_SYNC_JS = """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var top = window.parent, key = "km-map-view";
  var load = String(top.performance.timeOrigin), RESTORE_MS = 1000;
  try {
    var saved = JSON.parse(top.sessionStorage.getItem(key) || "null");
    if (saved && saved.load === load) { map.setView([saved.lat, saved.lon], saved.zoom, {animate: false}); }
  } catch (e) {}
  function remember() {
    try {
      var c = map.getCenter(), z = String(Math.round(map.getZoom()));
      var view = {lat: c.lat.toFixed(4), lon: c.lng.toFixed(4), zoom: z};
      top.sessionStorage.setItem(key, JSON.stringify({load: load, lat: +view.lat, lon: +view.lon, zoom: +z}));
      var url = new URL(top.location.href), changed = false;
      for (var name in view) {
        if (url.searchParams.get(name) !== view[name]) { url.searchParams.set(name, view[name]); changed = true; }
      }
      if (changed) { top.history.replaceState(top.history.state, "", url.toString()); }
    } catch (e) {}
  }
  map.on("moveend", remember);
  // A rerun that rewrites the query string drops the view from it; put it back (cheap string compare).
  setInterval(remember, RESTORE_MS);
})();
{% endmacro %}
"""


class ViewSync(MacroElement):
    """Adds VIEW_SYNC_JS to a folium map."""

    _template = Template(VIEW_SYNC_JS)


def make_map(frame: pd.DataFrame | AggregatedIncidents, view: View, layers: tuple[str, ...],
             overlays: Sequence[dict] = ()) -> folium.Map:
    """The folium map of the filtered frame (or its database counts) with the chosen layers, the editor's
    overlays, the selection, the view and view sync."""
    center = (view.lat, view.lon) if view.lat is not None and view.lon is not None else None
    fmap = build_map(frame, layers=layers, selected_id=view.incident, center=center, zoom=view.zoom,
                     overlays=overlays)
    ViewSync().add_to(fmap)
    return fmap


@st.cache_resource
def _assets_installed() -> bool:
    """Copy Leaflet into static/vendor/ once per server process, for hosts that ran no set-up script."""
    ensure_installed()
    return True


def render_map(fmap: folium.Map) -> str | None:
    """Draw the map; the id of the incident the reader clicked (None when no click)."""
    _assets_installed()
    returned = st_folium(fmap, key=MAP_KEY, height=MAP_HEIGHT_PX, use_container_width=True,
                         returned_objects=RETURNED_OBJECTS)
    return clicked_incident_id(returned or {})
