"""The map's legend: what the colours, shapes, dashes and rings mean, for what is on the map, and where each
reference layer comes from.

Built as HTML here (pure, testable); the map's engine (webmap/map_engine.js) shows it as a Leaflet control
and replaces its content when the selection changes. Only the sides and types present are listed, so the
legend stays short; names are escaped, because a side or type outside the vocabulary came from an article.
"""
from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from geo.layers import LayerInfo
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


def _layer_swatch(style: dict[str, Any], kind: str) -> str:
    """A reference layer's line or fill as the map draws it (webmap.reference_layers.LAYER_STYLES)."""
    colour = html.escape(str(style.get("color", "#555")))
    dash = f' stroke-dasharray="{html.escape(str(style["dashArray"]))}"' if style.get("dashArray") else ""
    weight = max(float(style.get("weight", 1)), 0.8)
    if kind == "line":
        return f'<svg width="18" height="12"><path d="M1 9L17 3" stroke="{colour}" stroke-width="{weight}"{dash}/></svg>'
    fill = html.escape(str(style.get("fillColor", colour)))
    opacity = min(float(style.get("fillOpacity", 0.2)), 0.6)
    return (f'<svg width="18" height="12"><rect x="1" y="1" width="16" height="10" fill="{fill}" '
            f'fill-opacity="{opacity}" stroke="{colour}" stroke-width="{weight}"{dash}/></svg>')


def layer_rows(layers: Iterable[LayerInfo], styles: dict[str, dict[str, Any]]) -> list[str]:
    """One legend row per reference layer shown: its swatch, title, licence and period; the origin on hover."""
    rows = []
    for info in layers:
        kind = "line" if info.geometry_kind == "line" else "area"
        valid = f", {info.valid_from[:4]}–{info.valid_to[:4]}" if info.valid_from and info.valid_to else ""
        hand = " · drawn by hand, approximate" if info.approximate else ""
        rows.append(
            f'<div class="km-legend-row" title="{html.escape(info.origin)}">{_layer_swatch(styles.get(info.id, {}), kind)}'
            f'<span>{html.escape(info.title)}<span class="km-legend-src"> · {html.escape(info.licence)}{valid}{hand}'
            "</span></span></div>"
        )
    return rows


def legend_html(sides: Iterable[str], types: Iterable[str], strategy: str, *, synthetic: int = 0,
                machine: int = 0, layers: Iterable[LayerInfo] = (),
                layer_styles: dict[str, dict[str, Any]] | None = None) -> str:
    """The legend's HTML for these claimant sides and event types at this rendering level, the hollow symbol
    when `machine` incidents drawn are machine-read, and the reference layers shown with where each comes from."""
    # a <details> element, so a reader can fold the legend away from the incidents it covers
    parts = ['<details class="km-legend" open><summary>Legend</summary>'
             '<div class="km-legend-title">Main claimant\'s side (colour)</div>']
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
    rows = layer_rows(layers, layer_styles or {})
    if rows:
        parts.append('<div class="km-legend-title">Reference layers (source · licence)</div>')
        parts += rows
    if synthetic:
        parts.append(f'<div class="km-legend-synthetic">{synthetic:,} SYNTHETIC incidents: generated for testing, '
                     'not reports</div>')
    parts.append("</details>")
    return "".join(parts)


# Maps narrower than this (pixels) start with the legend folded: open, it would cover a third of them.
LEGEND_FOLD_BELOW_PX = 700

LEGEND_CSS = """
.km-legend-src { color: #666; font-size: 10px; }
.km-legend { background: rgba(255,255,255,.92); padding: 6px 8px; font: 11px/1.35 sans-serif; color: #222;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-height: 340px; overflow-y: auto; max-width: 230px; }
.km-legend summary { font-weight: bold; cursor: pointer; }
.km-legend-title { font-weight: bold; margin-top: 4px; }
.km-legend-row { display: flex; align-items: center; gap: 5px; }
.km-swatch { display: inline-block; width: 12px; height: 12px; border: 1px solid #222; border-radius: 2px; }
.km-legend-note { margin-top: 4px; font-style: italic; }
.km-legend-synthetic { margin-top: 4px; font-weight: bold; color: #a00; }
"""
