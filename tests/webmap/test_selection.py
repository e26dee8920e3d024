"""What the map reports comes back through streamlit-folium's component value: read as untrusted input."""
from __future__ import annotations

from typing import Any

import pytest

from webmap.selection import MapEvent, MapView, map_event

VIEW = {"lat": 39.95, "lon": 46.25, "zoom": 8}
LAYERS = ["countries", "line-of-contact-1994-2020"]


@pytest.mark.parametrize(("value", "expected"), [
    ({"seq": 3, "kind": "select", "id": "abc123", "view": VIEW, "layers": LAYERS, "base": "outline"},
     MapEvent(3, "select", "abc123", MapView(39.95, 46.25, 8), tuple(LAYERS), "outline")),
    ({"seq": 4, "kind": "view", "view": VIEW, "layers": [], "base": "osm"},
     MapEvent(4, "view", None, MapView(39.95, 46.25, 8), (), "osm")),
    ({"seq": 5, "kind": "layers", "view": VIEW, "layers": ["countries"]},
     MapEvent(5, "layers", None, MapView(39.95, 46.25, 8), ("countries",), None)),
    # what streamlit-folium itself would return: nothing the map reported
    ({"last_active_drawing": {"properties": {"id": "vayots-dzor"}}}, None),
    ({}, None),
    (None, None),
    ("not a dict", None),
    ({"kind": "select"}, None),  # a pick without an incident
    ({"kind": "select", "id": "<script>alert(1)</script>"}, None),
    ({"kind": "select", "id": 5}, None),
    ({"kind": "explode", "id": "abc"}, None),
    # a view out of range, a layer id that is not one: dropped, the action kept
    ({"seq": 6, "kind": "select", "id": "a1", "view": {"lat": 91, "lon": 46, "zoom": 8}, "layers": ["<b>"]},
     MapEvent(6, "select", "a1", None, None, None)),
    ({"seq": True, "kind": "view", "view": {"lat": float("nan"), "lon": 46, "zoom": 8}},
     MapEvent(0, "view", None, None, None, None)),
    ({"seq": 7, "kind": "view", "view": {"lat": "39", "lon": 46, "zoom": 8}}, MapEvent(7, "view", None, None, None, None)),
])
def test_map_event(value: Any, expected: MapEvent | None) -> None:
    assert map_event(value) == expected


def test_a_report_naming_too_many_layers_keeps_none() -> None:
    event = map_event({"kind": "layers", "layers": [f"l{i}" for i in range(51)]})
    assert event is not None and event.layers is None
