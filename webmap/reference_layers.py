"""The reference layers under the incidents: a basemap that reads without any tile server.

Countries are filled, borders and the 1994–2020 line of contact drawn, key
towns labelled, so the map is legible offline. Each layer is toggleable in
the layer control and the sidebar (kept in step through webmap.engine), and
its tooltip and legend row say where it came from, under which licence, for
which period, and whether it was drawn by hand.
"""
from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement, Template

from geo.layers import LayerInfo, layer_geojson, list_layers
from webmap.assets import STATIC_DIR
from webmap.engine import register

# Fill per country (light, so incident colours stand out); others get DEFAULT_COUNTRY_FILL.
COUNTRY_FILLS: dict[str, str] = {"armenia": "#f6ecdf", "azerbaijan": "#e8eef4"}
DEFAULT_COUNTRY_FILL = "#f1f1ee"
# Map background: reads as water (the Caspian) beside the filled countries.
BACKGROUND = "#d6e3ec"

# Leaflet path styles per layer id; layers not listed (e.g. uploaded ones) get DEFAULT_STYLE.
LAYER_STYLES: dict[str, dict[str, Any]] = {
    "countries": {"color": "#8a8a8a", "weight": 1, "fillOpacity": 1},
    "armenia-provinces": {"color": "#b9a98f", "weight": 0.7, "fillOpacity": 0},
    "azerbaijan-districts-approximate": {"color": "#9fb3c4", "weight": 0.8, "dashArray": "2 3", "fillOpacity": 0},
    "nakhchivan": {"color": "#7d8fa0", "weight": 1, "fillOpacity": 0},
    "armenian-held-1994-2020": {"color": "#b58a63", "weight": 0, "fillColor": "#c9a27e", "fillOpacity": 0.22},
    "armenia-azerbaijan-border": {"color": "#3d3d3d", "weight": 2},
    "line-of-contact-1994-2020": {"color": "#7a1f1f", "weight": 2.5},
}
DEFAULT_STYLE: dict[str, Any] = {"color": "#555555", "weight": 1.5, "fillOpacity": 0.05}
# Drawing order, bottom to top: fills first, lines last.
LAYER_ORDER: tuple[str, ...] = ("countries", "armenian-held-1994-2020", "armenia-provinces",
                                "azerbaijan-districts-approximate", "nakhchivan", "armenia-azerbaijan-border",
                                "line-of-contact-1994-2020")

# Towns labelled on the basemap (gazetteer ids): the places the reporting names most.
KEY_TOWNS: tuple[str, ...] = (
    "gn:146970", "gn:147105", "gn:586523", "gn:616052", "gn:147429", "gn:147625", "sup:hadrut", "gn:148619",
    "gn:148106", "gn:584871", "gn:174895", "gn:174875", "gn:584821", "gn:587057", "sup:martakert", "gn:148141",
    "gn:586268", "gn:148003", "gn:174884", "gn:585226", "gn:616627", "gn:584649", "gn:587084",
)


def provenance_html(info: LayerInfo, feature_name: str = "") -> str:
    """The tooltip of a layer's feature: what it is and where it came from (escaped)."""
    valid = f"valid {info.valid_from or '…'} → {info.valid_to or '…'}" if (info.valid_from or info.valid_to) else ""
    lines = [f"<b>{html.escape(info.title)}</b>" + (f": {html.escape(feature_name)}" if feature_name else "")]
    lines += [html.escape(text) for text in (info.origin, info.licence, valid) if text]
    if info.approximate:
        lines.append("<i>drawn by hand: approximate</i>")
    return "<br>".join(lines)


def _styled(info: LayerInfo) -> dict[str, Any]:
    data = layer_geojson(info.id)
    for feature in data["features"]:
        props = feature.setdefault("properties", {})
        props["_tip"] = provenance_html(info, str(props.get("name", "")))
    return data


# z-index of the lowest fetched layer's pane; each next one in LAYER_ORDER is one higher, all under
# Leaflet's overlay pane (400), where the incidents' areas and lines are drawn.
FIRST_LAYER_Z = 300
# Where the dashboard's layer files go: Streamlit serves ./static at /app/static/ (enableStaticServing).
LAYER_DIR = STATIC_DIR / "layers"
SERVED_LAYERS_PREFIX = "/app/static/layers"


def served_layer(info: LayerInfo) -> dict[str, Any]:
    """A layer as the dashboard's browser fetches it: its features with their tooltip and their style."""
    data = _styled(info)
    style = _style_function(info.id)
    for feature in data["features"]:
        feature["properties"]["_style"] = style(feature)
    return data


def install_layer_files(folder: Path = LAYER_DIR) -> dict[str, str]:
    """Write each layer for the dashboard to fetch (once: the name holds a digest of the content, so a changed
    layer gets a new file and no browser keeps a stale copy); layer id -> its URL."""
    folder.mkdir(parents=True, exist_ok=True)
    urls = {}
    for info in list_layers():
        text = json.dumps(served_layer(info), separators=(",", ":"), ensure_ascii=False)
        name = f"{info.id}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}.geojson"
        if not (folder / name).exists():
            (folder / name).write_text(text, encoding="utf-8")
        urls[info.id] = f"{SERVED_LAYERS_PREFIX}/{name}"
    return urls


class FetchedGeoJson(folium.map.Layer):
    """A reference layer the browser fetches from the app (install_layer_files) instead of carrying it in the
    page: the dashboard's map script stays small, and the browser caches the file."""

    _template = Template("""
{% macro script(this, kwargs) %}
if (!{{ this._parent.get_name() }}.getPane({{ this.pane_json }})) {
  {{ this._parent.get_name() }}.createPane({{ this.pane_json }}).style.zIndex = {{ this.z_index }};
}
var {{ this.get_name() }} = L.geoJSON(null, {
  pane: {{ this.pane_json }},
  style: function (f) { return f.properties._style; },
  onEachFeature: function (f, layer) { layer.bindTooltip(f.properties._tip, {sticky: true, direction: "auto"}); }
});
fetch({{ this.url_json }}).then(function (r) { return r.json(); })
  .then(function (data) { {{ this.get_name() }}.addData(data); }).catch(function () {});
{% endmacro %}
""")

    def __init__(self, url: str, name: str, rank: int) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "FetchedGeoJson"
        self.url_json = json.dumps(url)
        # a pane per layer, in LAYER_ORDER, under the incidents' shapes (Leaflet's overlay pane is at 400):
        # the files arrive in any order, the layers still stack fills under lines
        self.pane_json = json.dumps(f"kmLayer{rank}")
        self.z_index = FIRST_LAYER_Z + rank


def _style_function(layer_id: str) -> Any:
    base = LAYER_STYLES.get(layer_id, DEFAULT_STYLE)

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        if layer_id == "countries":
            return {**base, "fillColor": COUNTRY_FILLS.get(feature["properties"].get("id"), DEFAULT_COUNTRY_FILL)}
        return dict(base)

    return style


def ordered(infos: Iterable[LayerInfo], wanted: Sequence[str] | None) -> list[LayerInfo]:
    """The layers to draw, bottom to top; `wanted` None means all. Unknown ids raise KeyError naming them."""
    by_id = {info.id: info for info in infos}
    ids = list(by_id) if wanted is None else list(wanted)
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise KeyError(f"unknown reference layer(s) {', '.join(unknown)} (known: {', '.join(sorted(by_id))})")
    rank = {layer_id: n for n, layer_id in enumerate(LAYER_ORDER)}
    return sorted((by_id[i] for i in ids), key=lambda info: (rank.get(info.id, len(rank)), info.id))


def add_reference_layers(m: folium.Map, fetched: Mapping[str, str] | None = None) -> None:
    """Add every layer as a GeoJSON overlay with its provenance tooltip, registered with the map's engine
    under its id (webmap.engine), which shows the ones the app asks for; the layer control toggles them.

    `fetched` (layer id -> URL, from install_layer_files) makes the browser fetch the layers from the app;
    without it they are in the page (the self-contained snapshot).
    """
    for rank, info in enumerate(ordered(list_layers(), None)):
        if fetched is not None:
            layer = FetchedGeoJson(fetched[info.id], html.escape(info.title), rank).add_to(m)
        else:
            layer = folium.GeoJson(
                _styled(info), name=html.escape(info.title), style_function=_style_function(info.id),
                tooltip=folium.GeoJsonTooltip(fields=["_tip"], labels=False, sticky=True),
                highlight_function=None, smooth_factor=1.0,
            ).add_to(m)
        register(layer, info.id, "overlay")


# How many of an overlay feature's properties its tooltip lists (the rest stay in the file).
OVERLAY_TOOLTIP_FIELDS = 6
# An editor's own layer: drawn plainly, in a colour no incident side uses.
OVERLAY_STYLE: dict[str, Any] = {"color": "#444444", "weight": 2, "fillOpacity": 0.08, "dashArray": "2 4"}


def overlay_tooltip(name: str, properties: dict[str, Any]) -> str:
    """An uploaded feature's tooltip: the layer's name, that it is the reader's own, and a few properties (escaped)."""
    lines = [f"<b>{html.escape(name)}</b> (uploaded layer, not checked by us)"]
    lines += [f"{html.escape(str(k))}: {html.escape(str(v))}" for k, v in list(properties.items())[:OVERLAY_TOOLTIP_FIELDS]]
    return "<br>".join(lines)


def add_overlays(m: folium.Map, overlays: Sequence[dict[str, Any]]) -> None:
    """Add validated uploaded FeatureCollections (geo.user_layers) as toggleable layers above the reference ones."""
    for collection in overlays:
        name = str(collection.get("name") or "uploaded layer")
        features = [{**f, "properties": {"_tip": overlay_tooltip(name, f.get("properties") or {})}}
                    for f in collection["features"]]
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features}, name=html.escape(f"Uploaded: {name}"),
            style_function=lambda _feature: dict(OVERLAY_STYLE),
            tooltip=folium.GeoJsonTooltip(fields=["_tip"], labels=False, sticky=True),
        ).add_to(m)


@lru_cache(maxsize=1)
def town_labels() -> tuple[tuple[str, float, float], ...]:
    """(display name, lat, lon) of KEY_TOWNS, from the gazetteer; towns it lacks are skipped."""
    from geo.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    return tuple((p.display_name, p.lat, p.lon) for p in (gazetteer.get(i) for i in KEY_TOWNS if i in gazetteer))


class TownLabels(MacroElement):
    """Non-interactive text labels for key towns (a basemap's place names, without tiles)."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var towns = {{ this.towns_json }}, layer = L.layerGroup();
  towns.forEach(function (t) {
    L.circleMarker([t[1], t[2]], {radius: 2, color: "#333", weight: 1, fillOpacity: 1, interactive: false}).addTo(layer);
    L.marker([t[1], t[2]], {interactive: false, keyboard: false,
      icon: L.divIcon({className: "km-town", html: t[0], iconSize: null, iconAnchor: [-4, 7]})}).addTo(layer);
  });
  layer.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")

    def __init__(self, towns: Sequence[tuple[str, float, float]]) -> None:
        super().__init__()
        self._name = "TownLabels"
        rows = [[html.escape(name), round(lat, 4), round(lon, 4)] for name, lat, lon in towns]
        self.towns_json = json.dumps(rows, ensure_ascii=False).replace("</", "<\\/")
