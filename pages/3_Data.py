"""Data: the filtered incidents as a table, downloads of exactly that selection, and (editors) adding articles."""
import streamlit as st

from ui import data
from ui.downloads import DOWNLOADS, TABLE_COLUMNS, file_name, snapshot_button
from ui.layers import shown_layers
from ui.page import copy_link, count_line, render_no_results, start_page, table_note

state = start_page("Data")
st.title("Data")
summary = state.summary
st.caption(count_line(summary))
if summary.count == 0:
    render_no_results()
rows = data.table_rows(state.view)
note = table_note(len(rows), summary.count)
if note:
    st.info(note)
st.dataframe(rows[list(TABLE_COLUMNS)], hide_index=True, width="stretch")

layers = shown_layers(state.view.layers)
st.subheader("Download this selection")
# Files of the whole selection are made when asked for, once per selection: at a million incidents each
# takes many seconds, which no rerun should pay.
selection = data.filtering(state.view)
if st.button(f"Prepare the files ({summary.count:,} incidents)", key="prepare_downloads"):
    st.session_state["_prepared_downloads"] = selection
if st.session_state.get("_prepared_downloads") == selection:
    columns = st.columns(len(DOWNLOADS))
    for column, (fmt, label, mime) in zip(columns, DOWNLOADS, strict=True):
        column.download_button(
            label, data=data.export(state.view, fmt), file_name=file_name(state.view, fmt), mime=mime,
            key=f"download_{fmt}", on_click="ignore",
        )
snapshot_button(lambda: state.frame, lambda: data.claims_for_frame(state.frame), data.filters_for(state.view),
                layers, state.view)
copy_link(state.view)

if state.editor:
    from ui.editor import render_add_articles

    render_add_articles()
