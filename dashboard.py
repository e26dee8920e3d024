"""The map page: where and when each side reported fire, who says so, and whether it is contested.

Run with `.venv/bin/streamlit run dashboard.py`. Filters are in the sidebar
(shared by every page, kept in the URL); clicking an incident opens its
claims beside the map.
"""
import streamlit as st

from ui import data
from ui.corrections import render_corrections
from ui.detail import render_detail
from ui.downloads import snapshot_button
from ui.layers import provenance, shown_layers
from ui.mapview import make_map, render_map
from ui.overlays import render_overlay_upload, session_overlays
from ui.page import copy_link, count_line, link_to, start_page
from ui.sidebar import select_incident

state = start_page("Map")
view = state.view
st.title("Karabakh incident map")
st.markdown(f"**{count_line(state.summary)}**")

with st.sidebar:
    render_overlay_upload()
map_column, detail_column = st.columns([3, 2])
with map_column:
    layers = shown_layers(view.layers)
    clicked = render_map(make_map(data.map_input(view), view, layers, session_overlays()))
    if clicked and clicked != st.session_state.get("_last_click"):
        st.session_state["_last_click"] = clicked  # st_folium repeats the last click on every rerun
        view = select_incident(view, clicked)
    copy_link(view)
    snapshot_button(lambda: state.frame, lambda: data.claims_for_frame(state.frame), data.filters_for(view), layers,
                    view)
    with st.expander("About the layers: origin, licence, validity"):
        st.dataframe(provenance(), hide_index=True, width="stretch")
with detail_column:
    detail = data.detail(view.incident) if view.incident else None
    if view.incident and detail is None:
        st.warning("The incident in this link is not in the data (it may have been merged or removed).")
    render_detail(detail, link_to(view))
    if detail:
        render_corrections(detail)
