"""The map on the map page: webmap's two parts through streamlit-folium, and what the map reports back.

streamlit-folium keys its widget on the map's script. The script is webmap.build.base_map, which never
changes between reruns (rendered once per process: ui.folium_component); everything that does (the
incidents, the selection, the layers shown, the base map, the legend, a view to move to) goes in as the
component's feature group script, which the mounted map swaps in place.
So the map keeps its identity: a click is never sent to a map that a rerun has just replaced (which lost
every other click), and the reader's view stays where they left it.

The map reports only deliberate actions, through streamlit-folium's component value (webmap.selection):
a picked incident, the view once the map rests, a layer or base map switched in its own control. Nothing
else reruns the app; `returned_objects` is empty, so streamlit-folium itself never reports. The reports are
handled in a callback, before the rerun draws anything, so the rerun shows their effect at once.
"""
from __future__ import annotations

import json
from collections.abc import Sequence

import streamlit as st

from ui import mapstate
from ui.folium_component import RenderedMap, map_component, render_once, update_script
from ui.sidebar import switched_on_map
from webmap.assets import ensure_installed
from webmap.build import DrawnIncidents, MapState, base_map, map_payload
from webmap.reference_layers import install_layer_files
from webmap.selection import map_event

# Map height in pixels: tall enough for the region at zoom 8 beside the detail panel (a phone gets less,
# by CSS: ui/style.py).
MAP_HEIGHT_PX = 600
# The st_folium key: with the unchanging script, what keeps the map the same widget across reruns.
MAP_KEY = "incident_map"
# Session key: a report asked for the whole page to rerun (a layer switched on the map: the sidebar follows).
K_RERUN_PAGE = "_map_rerun_page"


@st.cache_resource
def _layer_urls() -> dict[str, str]:
    """Copy Leaflet into static/vendor/ (for hosts that ran no set-up script) and write the reference layers
    for the browser to fetch, once per server process."""
    ensure_installed()
    return install_layer_files()


def on_map_report() -> None:
    """Callback of the map widget: apply what the reader did on the map to the session's view."""
    event = map_event(st.session_state.get(MAP_KEY))
    if event is None:
        return
    if event.view is not None:
        mapstate.rest(event.view)
    if event.kind == "select" and event.incident:
        mapstate.picked_on_map(event.incident)
    elif event.kind in ("layers", "base"):
        switched_on_map(event.layers if event.kind == "layers" else None, event.base if event.kind == "base" else None)
        st.session_state[K_RERUN_PAGE] = True


def page_rerun_requested() -> bool:
    """Whether the last report needs the whole page to rerun (asked once, then forgotten)."""
    return bool(st.session_state.pop(K_RERUN_PAGE, False))


@st.cache_resource(show_spinner=False)
def _rendered(bases: tuple[str, ...], overlays_json: str) -> RenderedMap:
    """The static map, rendered once per process for each set of base maps and editor overlays."""
    return render_once(base_map(bases=bases, overlays=json.loads(overlays_json), assets="served",
                                fetched_layers=_layer_urls()))


def render_map(drawn: DrawnIncidents, *, selected: str | None, layers: tuple[str, ...], base: str,
               bases: Sequence[str], overlays: Sequence[dict] = ()) -> None:
    """Draw the map: the static part (rendered once) and this rerun's incidents, selection, layers and base."""
    state = MapState(selected=selected, layers=layers, base=base, move=mapstate.pending_move(),
                     focus=mapstate.pending_focus())
    map_component(_rendered(tuple(bases), json.dumps(list(overlays))), update_script(map_payload(drawn, state)),
                  key=MAP_KEY, height=MAP_HEIGHT_PX, on_change=on_map_report)
