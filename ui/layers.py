"""The reference layers as the sidebar and the About page see them (cached once per process)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.layers import LayerInfo, list_layers


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
