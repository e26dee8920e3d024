"""The map's part of the view in this session: the selected incident, where the map rests, and the views the
app asks the map to move to.

The filters live in the sidebar's widgets; these live here because the map, the incident list and links
change them without a widget. The selection and the position are in every link (`incident`, `lat`, `lon`,
`zoom`, see ui.params). A move or a focus is a one-time request to the mounted map, numbered so that the map
applies each once (webmap.build.MapMove): a rerun never pulls the reader back from where they panned.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import streamlit as st

from ui.params import View
from webmap.build import MapFocus, MapMove
from webmap.selection import MapView

K_SELECTION = "view_selection"  # Selection: the incident and the map's resting view
K_MOVE = "_map_move"  # the last MapMove asked of the map
K_FOCUS = "_map_focus"  # the last MapFocus asked of the map
K_TOKEN = "_map_token"  # the last token handed out
K_FOLLOW = "_list_follow"  # an incident the list pages to (picked on the map, or opened by a link)
K_SEARCHED = "_map_searched"  # the place search the map last moved to
K_REVEAL = "_detail_reveal"  # a pick on the map whose details a narrow screen should scroll to
K_FIND = "_map_find"  # a link's incident, to bring into view once its place is known (the link gave no view)


@dataclass(frozen=True)
class Selection:
    """The selected incident and where the map rests (None: not chosen yet, the map's default view)."""

    incident: str | None = None
    lat: float | None = None
    lon: float | None = None
    zoom: int | None = None


def selection() -> Selection:
    return st.session_state.get(K_SELECTION) or Selection()


def with_selection(view: View) -> View:
    """`view` with this session's selection and map position."""
    held = selection()
    return replace(view, incident=held.incident, lat=held.lat, lon=held.lon, zoom=held.zoom)


def _token() -> int:
    st.session_state[K_TOKEN] = st.session_state.get(K_TOKEN, 0) + 1
    return st.session_state[K_TOKEN]


def seed(view: View) -> None:
    """Take the selection and position from a link (or from the view a page switch carried over): the map
    moves to the link's view once, and the list pages to the link's incident."""
    st.session_state[K_SELECTION] = Selection(view.incident, view.lat, view.lon, view.zoom)
    st.session_state[K_FOLLOW] = view.incident
    st.session_state[K_FIND] = view.incident if view.lat is None else None
    if view.lat is not None and view.lon is not None:
        st.session_state[K_SEARCHED] = view.q  # a link's own view wins over moving to its place search
        st.session_state[K_MOVE] = MapMove(_token(), lat=view.lat, lon=view.lon, zoom=view.zoom)
    else:
        st.session_state[K_SEARCHED] = None


def select(incident: str | None, *, bring_into_view: tuple[float, float] | None = None) -> None:
    """Select an incident (None: none); with `bring_into_view` (its lat, lon) the map pans to it if it is
    out of view, as after a pick in the list."""
    st.session_state[K_SELECTION] = replace(selection(), incident=incident)
    if bring_into_view is not None:
        st.session_state[K_FOCUS] = MapFocus(_token(), *bring_into_view)


def picked_on_map(incident: str) -> None:
    """A pick on the map: select it, page the list to it, and reveal its details on a narrow screen (where
    they are under the map, out of sight)."""
    select(incident)
    st.session_state[K_FOLLOW] = incident
    st.session_state[K_REVEAL] = _token()


def find_once(incident: str, lat: float | None, lon: float | None) -> None:
    """Bring a link's incident into view, once, now that its place is known (a link to one incident, such as
    "Cite this incident" gives, carries no map view)."""
    if st.session_state.get(K_FIND) == incident and lat is not None and lon is not None:
        st.session_state[K_FIND] = None
        st.session_state[K_FOCUS] = MapFocus(_token(), lat, lon)


def reveal_token() -> int | None:
    """The pick whose details are to be revealed, once (None: nothing to reveal)."""
    return st.session_state.pop(K_REVEAL, None)


def rest(view: MapView) -> None:
    """Record where the reader left the map."""
    st.session_state[K_SELECTION] = replace(selection(), lat=view.lat, lon=view.lon, zoom=view.zoom)


def move_to_search(q: str, bounds: tuple[tuple[float, float], tuple[float, float]] | None) -> None:
    """Move the map once to what a new place search found (a search already moved to is left alone)."""
    if q == st.session_state.get(K_SEARCHED):
        return
    st.session_state[K_SEARCHED] = q
    if q and bounds is not None:
        st.session_state[K_MOVE] = MapMove(_token(), bounds=bounds)


def pending_move() -> MapMove | None:
    return st.session_state.get(K_MOVE)


def pending_focus() -> MapFocus | None:
    return st.session_state.get(K_FOCUS)
