"""streamlit-folium's map component, fed a map rendered once per process.

`st_folium` renders the whole folium map on every call: for our map (every reference layer, town names, the
engine) that is 150–250 ms of each rerun, and a click on the map waits for it. But the map's static part
(webmap.build.base_map) is the same on every rerun, by design: so it is rendered once per process and
session-independent settings (the base maps offered, an editor's overlays), and each rerun sends only the
part that changes (webmap.build.map_payload) as the component's `feature_group`, which the mounted map
swaps in place. This calls the component as `st_folium` does (streamlit-folium 0.27, pinned in
requirements.txt; tests/browser drives it in chromium), with the same iframe and the same widget identity
rule: the widget is keyed on the static script, so it never changes while the reader uses the map.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import folium
import streamlit as st
import streamlit_folium
from branca.element import Element

from webmap.engine import BEFORE_LEAFLET_JS
from webmap.incident_layer import payload_json


@dataclass(frozen=True)
class RenderedMap:
    """A folium map as streamlit-folium's component takes it: its script, header and html, and its assets."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def _assets(element: Element, attribute: str) -> list[str]:
    found = [url for _, url in getattr(element, attribute, [])]
    for child in element._children.values():
        found += _assets(child, attribute)
    return found


def render_once(fmap: folium.Map) -> RenderedMap:
    """Render a folium map the way st_folium does, for the component (call once, then reuse the result)."""
    fmap.get_root().render()
    html = streamlit_folium._get_html(fmap)
    header = streamlit_folium._get_header(fmap)
    script = streamlit_folium._get_map_string(fmap)
    # the frontend loads the links in order before the header (whose scripts it does not run): what must run
    # before Leaflet goes first, as a data: URL
    first = f"data:text/javascript,{quote(BEFORE_LEAFLET_JS)}"
    return RenderedMap(script, header, html, streamlit_folium.get_full_id(fmap),
                       tuple(dict.fromkeys(_assets(fmap, "default_css"))),
                       (first, *dict.fromkeys(_assets(fmap, "default_js"))))


# The variable streamlit-folium's frontend names the map (and the name its iframe gives window.map).
MAP_VARIABLE = "map_div"


def update_script(payload: dict) -> str:
    """The script that swaps this rerun's incidents and state into the mounted map (map_engine.js's update).

    streamlit-folium's frontend runs it when it differs from the last one, after taking the previous group
    (window.feature_group) off the map; the new group replaces the list, so old groups are not kept alive.
    """
    return (f"var feature_group_km = L.featureGroup().addTo({MAP_VARIABLE});\n"
            "window.feature_group = [feature_group_km];\n"
            f"{MAP_VARIABLE}.km.update(feature_group_km, {payload_json(payload)});\n")


def map_component(rendered: RenderedMap, update: str, *, key: str, height: int,
                  on_change: Callable[[], None]) -> None:
    """Show the map (as wide as its column) and hand its reports to `on_change` (the value is in
    st.session_state[key])."""
    widget = streamlit_folium.generate_js_hash(rendered.script, key, False)

    def changed() -> None:
        st.session_state[key] = st.session_state.get(widget, {})
        on_change()

    streamlit_folium._component_func(
        script=rendered.script, header=rendered.header, html=rendered.html, id=rendered.map_id, key=widget,
        height=height, width=None, returned_objects=[], default={}, zoom=None, center=None, feature_group=update,
        return_on_hover=False, layer_control=None, pixelated=False, css_links=list(rendered.css_links),
        js_links=list(rendered.js_links), on_change=changed, wrap_longitude=False,
    )

