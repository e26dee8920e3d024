"""The map, the detail panel and the incident list: one Streamlit fragment.

A click on the map, a pick in the list or a pan reruns only this fragment, not the sidebar and the page
around it; a filter change reruns the whole page, and this with it. The filters come in from the page's
full run (they change only there); the selection and the map's view come from the session (ui.mapstate),
which the map's reports and the list update before the fragment reruns.
"""
from __future__ import annotations

import streamlit as st

from ui import data, mapstate
from ui.corrections import render_corrections
from ui.detail import PANEL_KEY, render_detail
from ui.downloads import snapshot_button
from ui.feed import render_list
from ui.layers import shown_layers
from ui.mapview import page_rerun_requested, render_map
from ui.overlays import session_overlays
from ui.page import copy_link, link_to
from ui.params import View
from ui.sidebar import publish
from ui.style import reveal_on_phone

# Share of the page's width the map takes beside the details and the list.
MAP_COLUMNS = (3, 2)
# Height of the details' scrolling box in pixels: with the list below it, as tall as the map beside them, so a
# laptop screen shows map, details and list at once (a phone shows the details whole: ui/style.py).
DETAIL_HEIGHT_PX = 430


@st.fragment
def map_panel(filtering: View, total: int, bases: tuple[str, ...]) -> None:
    """Draw the map, the selected incident's details and the list for the incidents `filtering` selects
    (`total` of them), over the base maps the site offers (`bases`, its default first)."""
    if page_rerun_requested():
        st.rerun(scope="app")
    view = mapstate.with_selection(filtering)
    mapstate.move_to_search(view.q, data.place_search(view.q).bounds if view.q else None)
    detail = data.detail(view.incident) if view.incident else None
    if detail:
        mapstate.find_once(view.incident, _number(detail["incident"].get("lat")), _number(detail["incident"].get("lon")))
    layers = shown_layers(view.layers)
    map_column, side_column = st.columns(MAP_COLUMNS)
    with map_column:
        render_map(data.drawn_incidents(view), selected=view.incident, layers=layers, base=view.base or bases[0],
                   bases=bases, overlays=session_overlays())
    with side_column:
        with st.container(key=PANEL_KEY, height=DETAIL_HEIGHT_PX if detail else "content", border=False):
            if view.incident and detail is None:
                st.warning("The incident in this link is not in the data (it may have been merged or removed).")
            render_detail(detail, link_to(view))
            if detail:
                render_corrections(detail)
        reveal = mapstate.reveal_token()
        if reveal is not None and detail:
            reveal_on_phone(PANEL_KEY, reveal)
        render_list(filtering, view.incident, total)
    # below both columns, so that on a phone the details come right under the map
    copy_link(view)
    snapshot_button(lambda: data.incidents(view), lambda: data.claims_for_frame(data.incidents(view)),
                    data.filters_for(view), layers, view)
    publish(view)


def _number(value: object) -> float | None:
    """A coordinate from a row, None when missing (None, NaN)."""
    return None if value is None or value != value else float(value)
