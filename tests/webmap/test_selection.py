"""The clicked incident's id comes back from streamlit-folium's return value, whichever part was returned."""
from __future__ import annotations

from typing import Any

import pytest

from webmap.selection import clicked_incident_id

FEATURE = {"type": "Feature", "properties": {"id": "abc123", "kind": "incident"}, "geometry": None}


@pytest.mark.parametrize(("returned", "expected"), [
    (None, None),
    ({}, None),
    ({"last_active_drawing": None, "last_object_clicked_tooltip": None}, None),
    ({"last_active_drawing": FEATURE}, "abc123"),
    ({"last_active_drawing": {"properties": {"id": "c1", "kind": "cell", "n": 4}}}, None),  # a cell: zoom, no id
    ({"last_active_drawing": {"properties": {"name": "Armenia", "_tip": "Countries"}}}, None),  # a reference layer
    # the feature is what this click hit: a stale id in the tooltip must not win over a layer click
    ({"last_active_drawing": {"properties": {"name": "Armenia"}},
      "last_object_clicked_tooltip": "x [incident:old]"}, None),
    ({"last_object_clicked_tooltip": "2020-07-14 · Tovuz shelling · claimed by Azerbaijan[incident:syn-0-0000042]"},
     "syn-0-0000042"),
    ({"last_object_clicked_tooltip": "Countries: Armenia"}, None),
    ({"last_object_clicked_tooltip": None, "last_object_clicked_popup": "list [incident:p9]"}, "p9"),
    ({"last_object_clicked_tooltip": "[incident:a&amp;b]"}, "a&b"),  # ids travel HTML-escaped
    ({"last_active_drawing": {"properties": {"id": 5}}}, None),  # not a string id
    ({"last_active_drawing": "garbage"}, None),
    ("not a dict", None),
])
def test_clicked_incident_id(returned: Any, expected: str | None) -> None:
    assert clicked_incident_id(returned) == expected
