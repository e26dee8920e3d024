"""How incidents look: colour by claimant side, symbol by event type, line style by precision.

Colour carries *who says so* and shape carries *what happened*, so a reader
with a colour-vision deficiency still reads the type, and the palette is
Okabe–Ito (distinguishable under the common deficiencies). Precision is drawn,
not coloured: areas and lines are translucent with dashed outlines, so an
incident known only to a district never looks like a strike on a town.
"""
from __future__ import annotations

from incidents.model import EVENT_TYPES, SIDES

# Okabe–Ito colours per claimant side; "unknown" is a neutral grey.
SIDE_COLOURS: dict[str, str] = {
    "Azerbaijan": "#0072B2",  # blue
    "Armenia": "#D55E00",  # vermillion
    "Nagorno-Karabakh": "#CC79A7",  # reddish purple
    "Russia": "#009E73",  # bluish green
    "third party": "#E69F00",  # orange
    "unknown": "#999999",  # grey
}
FALLBACK_SIDE = "unknown"

# SVG path (in a 20×20 box centred on 10,10) per event type; all filled, all about the same area.
TYPE_SHAPES: dict[str, str] = {
    "armed clash": "M4 4H16V16H4Z",  # square
    "shelling": "M10 2L18 17H2Z",  # triangle
    "missile strike": "M10 1L19 10L10 19L1 10Z",  # diamond
    "drone strike": "M2 3H18L10 18Z",  # inverted triangle
    "attack on civilians": "M10 1L12.6 7.2L19 7.6L14 11.8L15.6 18.5L10 14.8L4.4 18.5L6 11.8L1 7.6L7.4 7.2Z",  # star
    "ceasefire violation": "M10 2A8 8 0 1 1 9.99 2Z",  # circle
    "casualty report": "M7 2H13V7H18V13H13V18H7V13H2V7H7Z",  # plus
    "threat": "M10 1L18 5.5V14.5L10 19L2 14.5V5.5Z",  # hexagon
    "ceasefire": "M10 2A8 8 0 1 1 9.99 2ZM10 6A4 4 0 1 0 10.01 6Z",  # ring
}
FALLBACK_SHAPE = TYPE_SHAPES["ceasefire violation"]

# Outline of an incident located only to an area or a line: dashed, so it reads as "somewhere here".
PRECISION_DASH: dict[str, str | None] = {"point": None, "area": "6 4", "line": "10 6"}
# Fill opacity of areas: translucent enough for the layers (and other incidents) to show through.
AREA_FILL_OPACITY = 0.12
# Width of an incident line (over the 2 px reference lines, so both stay visible).
LINE_WEIGHT = 4
# Dash pattern of the ring around a disputed incident (some claim denies it).
DISPUTED_DASH = "3 2"
# Symbol size in pixels: big enough to tell the shapes apart, small enough for dense days.
SYMBOL_PX = 18
# A machine-read incident (no editor has checked it yet) is drawn hollow: white inside, outlined in the side's
# colour with this stroke width, so "who says so" still reads while it is plainly not a checked incident.
MACHINE_FILL = "#ffffff"
MACHINE_STROKE = 2.2
MACHINE_NOTE = "machine-read, not yet checked"

assert set(SIDE_COLOURS) == set(SIDES), "every side needs a colour"
assert set(TYPE_SHAPES) == set(EVENT_TYPES), "every event type needs a shape"


def side_colour(side: str | None) -> str:
    """The colour for a claimant side; unknown or missing sides get the neutral grey."""
    return SIDE_COLOURS.get(side or FALLBACK_SIDE, SIDE_COLOURS[FALLBACK_SIDE])


def type_shape(event_type: str | None) -> str:
    """The SVG path of an event type's symbol; unknown types get the circle."""
    return TYPE_SHAPES.get(event_type or "", FALLBACK_SHAPE)


def symbol_svg(side: str | None, event_type: str | None, *, disputed: bool = False, machine: bool = False,
               size: int = SYMBOL_PX) -> str:
    """A standalone SVG of one incident symbol, as the legend (and the map's JS) draws it."""
    ring = ('<circle cx="10" cy="10" r="9.2" fill="none" stroke="#000" stroke-width="1.3" '
            f'stroke-dasharray="{DISPUTED_DASH}"/>') if disputed else ""
    scale = 'transform="translate(3 3) scale(0.7)"' if disputed else ""
    fill, stroke = (MACHINE_FILL, f'stroke="{side_colour(side)}" stroke-width="{MACHINE_STROKE}"') if machine \
        else (side_colour(side), 'stroke="#222" stroke-width="1"')
    return (f'<svg width="{size}" height="{size}" viewBox="0 0 20 20" aria-hidden="true">'
            f'<path d="{type_shape(event_type)}" fill="{fill}" fill-rule="evenodd" '
            f'{stroke} {scale}/>{ring}</svg>')
