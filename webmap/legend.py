"""The map's legend: what the colours, shapes, dashes and rings mean, for what is on the map.

Built as HTML here (pure, testable) and shown as a Leaflet control. Only the
sides and types present are listed, so the legend stays short; names are
escaped, because a side or type outside the vocabulary came from an article.
"""
from __future__ import annotations

import html
import json
from collections.abc import Iterable

from branca.element import MacroElement, Template

from webmap.style import AREA_FILL_OPACITY, MACHINE_NOTE, PRECISION_DASH, side_colour, symbol_svg

# What each rendering level adds to the legend (how to read counts).
LEVEL_NOTES: dict[str, str] = {
    "markers": "One symbol per incident.",
    "points": "Dark circles group nearby incidents (the number counts them); zoom or click to split.",
    "cells": "Circles count incidents per grid cell (area ∝ count, colour = side most often claiming); click to zoom in.",
}


def _row(symbol: str, label: str) -> str:
    return f'<div class="km-legend-row">{symbol}<span>{html.escape(label)}</span></div>'


def _swatch(colour: str) -> str:
    return f'<span class="km-swatch" style="background:{colour}"></span>'


def _precision_svg(kind: str) -> str:
    dash = PRECISION_DASH[kind]
    if kind == "line":
        return f'<svg width="18" height="12"><path d="M1 9L17 3" stroke="#555" stroke-width="3" stroke-dasharray="{dash}"/></svg>'
    return (f'<svg width="18" height="12"><rect x="1" y="1" width="16" height="10" fill="#555" '
            f'fill-opacity="{AREA_FILL_OPACITY * 2}" stroke="#555" stroke-dasharray="{dash}"/></svg>')


def legend_html(sides: Iterable[str], types: Iterable[str], strategy: str, *, synthetic: int = 0,
                machine: int = 0) -> str:
    """The legend's HTML for these claimant sides and event types at this rendering level."""
    # a <details> element, so a reader can fold the legend away from the incidents it covers
    parts = ['<details class="km-legend" open><summary>Legend</summary><div class="km-legend-title">Claimed by (colour)</div>']
    parts += [_row(_swatch(side_colour(side)), side) for side in dict.fromkeys(sides)]
    parts.append('<div class="km-legend-title">Event (shape)</div>')
    parts += [_row(symbol_svg("unknown", kind, size=14), kind) for kind in dict.fromkeys(types)]
    parts.append('<div class="km-legend-title">Precision</div>')
    parts.append(_row(_precision_svg("area"), "located only to an area"))
    parts.append(_row(_precision_svg("line"), "located only to a line"))
    parts.append(_row(symbol_svg("unknown", "armed clash", disputed=True, size=14), "disputed (a claim denies it)"))
    if machine:
        parts.append(_row(symbol_svg("unknown", "armed clash", machine=True, size=14), f"hollow: {MACHINE_NOTE}"))
    parts.append(f'<div class="km-legend-note">{html.escape(LEVEL_NOTES.get(strategy, ""))}</div>')
    if synthetic:
        parts.append(f'<div class="km-legend-synthetic">{synthetic:,} SYNTHETIC incidents: generated for testing, '
                     'not reports</div>')
    parts.append("</details>")
    return "".join(parts)


# Maps narrower than this (pixels) start with the legend folded: open, it would cover a third of them.
LEGEND_FOLD_BELOW_PX = 700

LEGEND_CSS = """
.km-legend { background: rgba(255,255,255,.92); padding: 6px 8px; font: 11px/1.35 sans-serif; color: #222;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-height: 340px; overflow-y: auto; max-width: 230px; }
.km-legend summary { font-weight: bold; cursor: pointer; }
.km-legend-title { font-weight: bold; margin-top: 4px; }
.km-legend-row { display: flex; align-items: center; gap: 5px; }
.km-swatch { display: inline-block; width: 12px; height: 12px; border: 1px solid #222; border-radius: 2px; }
.km-legend-note { margin-top: 4px; font-style: italic; }
.km-legend-synthetic { margin-top: 4px; font-weight: bold; color: #a00; }
"""


class Legend(MacroElement):
    """The legend as a Leaflet control in the bottom-right corner."""

    _template = Template("""
{% macro header(this, kwargs) %}<style>""" + LEGEND_CSS + """</style>{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var div = L.DomUtil.create("div");
    div.innerHTML = {{ this.html_json }};
    // on a narrow map the open legend would cover incidents: start it folded (one click opens it)
    var details = div.querySelector("details");
    if (details && {{ this._parent.get_name() }}.getSize().x < {{ this.fold_below_px }}) { details.open = false; }
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")

    def __init__(self, legend: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.html_json = json.dumps(legend).replace("</", "<\\/")
        self.fold_below_px = LEGEND_FOLD_BELOW_PX
