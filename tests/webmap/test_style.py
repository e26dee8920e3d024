"""Palette and legend: every side and type has a distinct look; the legend lists what is on the map."""
from __future__ import annotations

import pytest

from incidents.model import EVENT_TYPES, SIDES
from webmap.legend import legend_html
from webmap.style import SIDE_COLOURS, TYPE_SHAPES, side_colour, symbol_svg, type_shape

# The Okabe–Ito palette (colour-blind safe) plus neutral grey for "unknown".
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000", "#999999"}


def test_every_side_has_its_own_colour_from_the_safe_palette() -> None:
    assert set(SIDE_COLOURS) == set(SIDES)
    assert len(set(SIDE_COLOURS.values())) == len(SIDES)
    assert set(SIDE_COLOURS.values()) <= OKABE_ITO


def test_every_type_has_its_own_shape() -> None:
    assert set(TYPE_SHAPES) == set(EVENT_TYPES)
    assert len(set(TYPE_SHAPES.values())) == len(EVENT_TYPES)


@pytest.mark.parametrize(("side", "expected"), [
    ("Azerbaijan", "#0072B2"), ("Armenia", "#D55E00"), (None, "#999999"), ("", "#999999"), ("<b>x</b>", "#999999"),
])
def test_side_colour(side: str | None, expected: str) -> None:
    assert side_colour(side) == expected


def test_unknown_type_falls_back_to_circle() -> None:
    assert type_shape("made up") == TYPE_SHAPES["ceasefire violation"]


def test_disputed_symbol_has_a_dashed_ring() -> None:
    assert "stroke-dasharray" in symbol_svg("Armenia", "shelling", disputed=True)
    assert "stroke-dasharray" not in symbol_svg("Armenia", "shelling", disputed=False)


@pytest.mark.parametrize(("strategy", "note"), [("markers", "One symbol"), ("points", "group"), ("cells", "grid cell")])
def test_legend_lists_sides_types_and_level(strategy: str, note: str) -> None:
    html = legend_html(["Armenia", "Azerbaijan"], ["shelling"], strategy)
    assert "Armenia" in html and "Azerbaijan" in html and "shelling" in html
    assert "Russia" not in html and "drone strike" not in html  # only what is on the map
    assert note in html
    assert side_colour("Armenia") in html


def test_legend_escapes_names_and_flags_synthetic() -> None:
    html = legend_html(["<script>alert(1)</script>"], ["<img src=x onerror=alert(1)>"], "markers", synthetic=3)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert "3 SYNTHETIC" in html
