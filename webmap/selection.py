"""What the map reported, read from streamlit-folium's component value: one reader action, checked.

The map's engine (webmap/map_engine.js) reports only deliberate actions, each with the whole map state:

    {"seq": 7, "kind": "select", "id": "3f2a9c0d41b7e655",
     "view": {"lat": 39.95, "lon": 46.25, "zoom": 8}, "layers": ["countries", ...], "base": "outline"}

`kind` is "select" (an incident picked: a symbol, a circle of one incident, a row of a shape's list),
"view" (the map came to rest somewhere else), "layers" or "base" (switched in the map's layer control).
The value comes from the browser, so it is treated as untrusted input: anything malformed is dropped, ids
are checked against the same pattern as links, numbers against their ranges.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

KINDS: frozenset[str] = frozenset({"select", "view", "layers", "base"})
# Incident, layer and base map ids: short slugs or hashes (the URL's own rule, ui.params.INCIDENT_ID).
ID = re.compile(r"^[A-Za-z0-9_.:-]{1,80}$")
# Most layer ids one report may name (there are seven reference layers).
MAX_LAYERS = 50


@dataclass(frozen=True)
class MapView:
    """Where the map rests: its centre and zoom."""

    lat: float
    lon: float
    zoom: int


@dataclass(frozen=True)
class MapEvent:
    """One report from the map: what the reader did and the map's state after it."""

    seq: int
    kind: str
    incident: str | None
    view: MapView | None
    layers: tuple[str, ...] | None
    base: str | None


def _number(value: Any, low: float, high: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value) if low <= value <= high else None


def _view(value: Any) -> MapView | None:
    if not isinstance(value, dict):
        return None
    lat, lon, zoom = _number(value.get("lat"), -90, 90), _number(value.get("lon"), -180, 180), _number(value.get("zoom"), 0, 24)
    if lat is None or lon is None or zoom is None:
        return None
    return MapView(lat, lon, int(zoom))


def _an_id(value: Any) -> str | None:
    return value if isinstance(value, str) and ID.match(value) else None


def _layers(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list) or len(value) > MAX_LAYERS:
        return None
    ids = [_an_id(v) for v in value]
    return None if None in ids else tuple(dict.fromkeys(ids))


def map_event(value: Any) -> MapEvent | None:
    """The reader action a component value reports, or None when it reports none (or is malformed).

    >>> map_event({"seq": 1, "kind": "select", "id": "ab12", "view": {"lat": 40, "lon": 46.5, "zoom": 9}}).incident
    'ab12'
    >>> map_event({"kind": "select", "id": "<script>"}) is None
    True
    """
    if not isinstance(value, dict) or value.get("kind") not in KINDS:
        return None
    seq = value.get("seq")
    incident = _an_id(value.get("id"))
    if value["kind"] == "select" and incident is None:
        return None
    return MapEvent(seq=seq if isinstance(seq, int) and not isinstance(seq, bool) else 0, kind=value["kind"],
                    incident=incident if value["kind"] == "select" else None, view=_view(value.get("view")),
                    layers=_layers(value.get("layers")), base=_an_id(value.get("base")))
