"""The reference layers and base maps as the sidebar, the map and the About page see them.

Layers are read once per process. The base maps a deployment offers come from its settings
(INCIDENTS_BASE_MAPS in Streamlit's secrets or the environment; docs/hosting.md): the offline outline
always, tile layers only where the deployment says it can reach them.
"""
from __future__ import annotations

import os
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from geo.layers import LayerInfo, list_layers
from webmap.basemaps import BASE_MAPS, base_map_choices

# The setting listing the tile base maps a deployment can reach, comma-separated ids of
# webmap.basemaps.BASE_MAPS ("osm", "terrain"); the first is the default. Unset: the offline outline only.
BASE_MAPS_SETTING = "INCIDENTS_BASE_MAPS"


@st.cache_resource(show_spinner=False)
def _layers() -> tuple[LayerInfo, ...]:
    return tuple(list_layers())


def layer_ids() -> tuple[str, ...]:
    """Every layer the map can draw, by id (the values of the `layers` URL parameter)."""
    return tuple(layer.id for layer in _layers())


def layer_titles() -> dict[str, str]:
    """Layer id -> the title a reader sees."""
    return {layer.id: layer.title for layer in _layers()}


def default_layer_ids() -> tuple[str, ...]:
    """Layers shown when the URL chooses none: all of them, so the basemap reads without tiles."""
    return layer_ids()


def shown_layers(chosen: tuple[str, ...] | None) -> tuple[str, ...]:
    """The layers to draw for a view's `layers` (None: the default set)."""
    return default_layer_ids() if chosen is None else chosen


def configured_base_maps(secrets: Mapping[str, object], environ: Mapping[str, str]) -> tuple[str, ...]:
    """The base maps a deployment offers, its default first (webmap.basemaps.base_map_choices): the setting
    from Streamlit's secrets, else the environment. An unknown id raises ValueError naming it."""
    raw = next((str(source[BASE_MAPS_SETTING]) for source in (secrets, environ) if source.get(BASE_MAPS_SETTING)), "")
    return base_map_choices([part.strip() for part in raw.split(",") if part.strip()])


def base_maps() -> tuple[str, ...]:
    """This deployment's base maps, the default first. A setting naming an unknown one is reported in the
    sidebar (for whoever runs the site) and the offline outline alone is offered."""
    try:
        secrets: Mapping[str, object] = dict(st.secrets)
    except Exception:  # no secrets.toml (or an unreadable one): the environment alone
        secrets = {}
    try:
        return configured_base_maps(secrets, os.environ)
    except ValueError as error:
        st.sidebar.error(f"Setting {BASE_MAPS_SETTING}: {error}. Showing the offline outline only.")
        return base_map_choices([])


def base_map_titles() -> dict[str, str]:
    """Base map id -> the title a reader sees."""
    return {base.id: base.title for base in BASE_MAPS.values()}


def provenance() -> pd.DataFrame:
    """One row per layer: where it came from, under which licence, for which period."""
    return pd.DataFrame(
        [
            {
                "layer": layer.title,
                "id": layer.id,
                "origin": layer.origin,
                "licence": layer.licence,
                "valid": f"{layer.valid_from or '…'} → {layer.valid_to or '…'}",
                "drawn by hand": layer.approximate,
                "note": layer.note,
            }
            for layer in _layers()
        ]
    )
