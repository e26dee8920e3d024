"""An editor's own GeoJSON layer over the map, for this session only.

Uploads are editor-only (the public view has no upload controls anywhere).
Every file goes through geo.user_layers.validate_layer_upload, which names
the file and the problem when it refuses one; the accepted layers live in the
session, never on disk and never in the URL (a shared link cannot carry them).
"""
from __future__ import annotations

import streamlit as st

from geo.user_layers import LayerUploadError, validate_layer_upload
from ui.access import is_editor
from ui.escape import md

OVERLAYS_KEY = "_overlays"
# Largest upload the widget accepts, in MB (validate_layer_upload enforces its own byte limit as well).
MAX_OVERLAY_MB = 5


def session_overlays() -> list[dict]:
    """The overlays this editor session added (none for the public, whatever the session holds)."""
    if not is_editor():
        return []
    held = st.session_state.get(OVERLAYS_KEY)
    return list(held) if isinstance(held, list) else []


def render_overlay_upload() -> None:
    """The editor's "Overlay a GeoJSON layer" control: validate, then keep for this session."""
    if not is_editor():
        return
    with st.expander("Overlay a GeoJSON layer (editor, this session only)"):
        upload = st.file_uploader("GeoJSON file (lon/lat, inside the region)", type=["geojson", "json"],
                                  key="overlay_upload", max_upload_size=MAX_OVERLAY_MB)
        if upload is None:
            return
        try:
            layer = validate_layer_upload(upload.name, upload.getvalue())
        except LayerUploadError as error:
            st.error(md(str(error)))
            return
        names = [o.get("name") for o in session_overlays()]
        if layer["name"] not in names:
            st.session_state[OVERLAYS_KEY] = [*session_overlays(), layer]
        st.success(md(f"{layer['name']}: {len(layer['features'])} features drawn over the map."))
        if st.button("Remove uploaded layers", key="overlay_clear"):
            st.session_state[OVERLAYS_KEY] = []
