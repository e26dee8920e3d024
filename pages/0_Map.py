"""Map: where and when each side reported fire, who says so, and whether it is contested.

The filters are in the sidebar (shared by every page, kept in the URL); the map, the selected incident's
details and the list of incidents are one fragment (ui.mappanel), so a click or a pan reruns only them.
"""
import streamlit as st

from ui.layers import provenance
from ui.mappanel import map_panel
from ui.overlays import render_overlay_upload
from ui.page import count_line, render_intro, render_no_results, start_page
from ui.sidebar import filtering_view

state = start_page("Map")
render_intro()
summary = state.summary
if summary.count == 0:
    render_no_results()
st.markdown(f"**{count_line(summary)}**")
with st.sidebar:
    render_overlay_upload()
map_panel(filtering_view(state.view), summary.count, state.bases)
with st.expander("About the layers: origin, licence, validity"):  # outside the fragment: drawn once per page
    st.dataframe(provenance(), hide_index=True, width="stretch")
