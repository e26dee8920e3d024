"""The map's behaviour in the browser, as folium elements: the engine (once per map) and the layer registry.

The engine (map_engine.js and incident_layer.js) is part of the map's static script, which is the same on
every rerun: streamlit-folium keys its widget on that script, so a rerun that changes the incidents, the
selection, the layers or the legend updates the mounted map instead of replacing it. Every reference layer
and base map is registered with the engine under its id, so the app can show and hide them by id.
"""
from __future__ import annotations

import json
from pathlib import Path

from branca.element import MacroElement, Template
from folium.elements import JSCSSMixin

from webmap.legend import LEGEND_CSS, LEGEND_FOLD_BELOW_PX

HERE = Path(__file__).parent
ENGINE_JS = (HERE / "map_engine.js").read_text(encoding="utf-8") + (HERE / "incident_layer.js").read_text(encoding="utf-8")
# Where "cdn" mode (opt-in only; webmap.assets localises by default) loads the clustering plugin from.
CLUSTER_CDN = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.5.3"

# How long the map must rest before it tells the app its view (milliseconds): a drag and a zoom in quick
# succession are one report, and the app reruns once.
VIEW_REPORT_MS = 400
# The zoom the map closes in to when the app brings an incident into view (a district and its villages).
FOCUS_ZOOM = 10
# A centre that moved less than this (pixels) has not moved: resizing the frame shifts it a little.
STILL_PX = 12

# Runs before Leaflet loads: position symbols with left/top rather than 3D transforms. A 3D transform gives
# every symbol a compositing layer of its own; with a thousand symbols, redrawing the page after a click took
# 0.3 s more in headless chromium (bench/bench_interaction.py). The price is zooming without its animation.
BEFORE_LEAFLET_JS = "window.L_DISABLE_3D = true;"

# Styles of the incidents, the legend and the map's own chrome.
CSS = """
.km-symbol { background: none; border: none; }
.km-symbol svg { display: block; overflow: visible; }
.km-cluster { background: rgba(40,40,40,.78); border: 2px solid #fff; border-radius: 50%; color: #fff;
  font: bold 12px/1 sans-serif; display: flex; align-items: center; justify-content: center; }
.km-list { max-width: 260px; font: 12px sans-serif; }
.km-list-head { font-weight: bold; margin-bottom: 4px; }
.km-list-row { display: block; width: 100%; text-align: left; margin: 1px 0; padding: 2px 4px;
  border: 1px solid #ccc; background: #fff; cursor: pointer; font: 12px sans-serif; }
.km-list-row:hover { background: #eef; }
.km-town { background: none; border: none; font: 600 11px sans-serif; color: #333; white-space: nowrap;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff; }
/* tooltips wrap instead of running off a narrow map */
.leaflet-tooltip { white-space: normal; width: max-content; max-width: min(280px, 46vw); }
/* a clicked shape is shown by its own highlight; the browser's focus box is kept for keyboard use only */
.leaflet-container .leaflet-interactive:focus:not(:focus-visible),
.leaflet-container .leaflet-marker-icon:focus:not(:focus-visible) { outline: none; }
"""


class MapEngine(JSCSSMixin, MacroElement):
    """kmEngine for its parent map: add it first, before any layer it must know about."""

    default_js = [("markerclusterjs", f"{CLUSTER_CDN}/leaflet.markercluster.js")]
    default_css = [("markerclustercss", f"{CLUSTER_CDN}/MarkerCluster.css")]
    _template = Template("""
{% macro header(this, kwargs) %}<style>""" + CSS + LEGEND_CSS + """</style>{% endmacro %}
{% macro script(this, kwargs) %}
""" + ENGINE_JS + """
kmEngine({{ this._parent.get_name() }}, {{ this.options_json }});
{% endmacro %}
""")

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapEngine"
        self.options_json = json.dumps({"viewReportMs": VIEW_REPORT_MS, "focusZoom": FOCUS_ZOOM, "stillPx": STILL_PX,
                                        "foldLegendBelowPx": LEGEND_FOLD_BELOW_PX})


class Registered(MacroElement):
    """Registers its parent layer (a child of the map) with the map's engine as a reference layer ("overlay")
    or a base map ("base")."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this._parent._parent.get_name() }}.km.{{ this.method }}({{ this.id_json }}, {{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, layer_id: str, kind: str) -> None:
        super().__init__()
        self._name = "Registered"
        self.method = {"overlay": "registerOverlay", "base": "registerBase"}[kind]
        self.id_json = json.dumps(layer_id)


def register(layer: MacroElement, layer_id: str, kind: str) -> None:
    """Register `layer` (already added to its map) with the map's engine under `layer_id`."""
    layer.add_child(Registered(layer_id, kind))
