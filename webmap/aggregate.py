"""Server-side aggregation: point incidents counted in square grid cells, several zooms at once.

At hundreds of thousands of incidents no browser draws one symbol each in
time, so the server sends counts per cell instead, drawn as proportional
symbols. Several zoom levels ship together (as long as the total stays
small), so zooming in refines the cells without a round trip. numpy does the
binning: a million points take about a tenth of a second per level.

Above webmap.incident_layer.POINTS_MAX the rows are not even read: the database
counts cells at one fine zoom (incidents.store.query.cell_counts) and
`rollup_levels` sums them into the coarser levels, the same cells as binning
the points (AggregatedIncidents).
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from incidents.store.query import Filters, SelectionSummary, cell_counts, shape_counts, summarise

# Target cell size on screen, in pixels: about one proportional symbol's diameter, so they rarely overlap.
CELL_PX = 56
# Most cells sent over all zoom levels together: keeps the payload well under 1 MB even at 1M incidents.
MAX_CELLS = 12_000
# Deepest zoom the aggregation refines to; beyond it the reader filters or zooms into fewer incidents.
MAX_LEVEL_ZOOM = 13
# Newest incidents listed when a shared area or line is clicked (the rest: filter by place).
SHAPE_LIST_MAX = 50
# Latitude the cells are made square at (the middle of the region): cos(40°) shrinks a degree of longitude.
REFERENCE_LAT = 40.0


def cell_degrees(zoom: int) -> tuple[float, float]:
    """Cell height and width in degrees at `zoom`, CELL_PX on screen and square at REFERENCE_LAT."""
    lon_deg = CELL_PX * 360.0 / (256 * 2 ** zoom)
    return lon_deg * math.cos(math.radians(REFERENCE_LAT)), lon_deg


def grid_level(points: dict[str, np.ndarray], zoom: int) -> dict[str, Any]:
    """Counts per cell at `zoom`, columnar: centre of mass (lat/lon ×1e4), n, dominant side, disputed count, days.

    `points` holds equal-length numpy arrays lat, lon, s (side index), x (1 when disputed), d (day
    number) and id. A cell holding one incident keeps its id, so clicking it still names the incident.
    Pure numpy (no pandas groupby): a million points take well under a second.
    """
    lat, lon = points["lat"], points["lon"]
    if len(lat) == 0:
        return {"z": zoom, "lat": [], "lon": [], "n": [], "s": [], "x": [], "d0": [], "d1": [], "id": []}
    lat_deg, lon_deg = cell_degrees(zoom)
    key = np.floor(lat / lat_deg).astype(np.int64) * 1_000_003 + np.floor(lon / lon_deg).astype(np.int64)
    cells, first, inverse, n = np.unique(key, return_index=True, return_inverse=True, return_counts=True)
    sides = int(points["s"].max()) + 1
    by_side = np.bincount(inverse * sides + points["s"], minlength=len(cells) * sides).reshape(len(cells), sides)
    d0 = np.full(len(cells), np.iinfo(np.int64).max)
    d1 = np.full(len(cells), np.iinfo(np.int64).min)
    np.minimum.at(d0, inverse, points["d"])
    np.maximum.at(d1, inverse, points["d"])
    ids = points["id"][first]
    return {
        "z": zoom,
        "lat": np.round(np.bincount(inverse, weights=lat) / n * 1e4).astype(int).tolist(),
        "lon": np.round(np.bincount(inverse, weights=lon) / n * 1e4).astype(int).tolist(),
        "n": n.tolist(), "s": by_side.argmax(axis=1).tolist(),
        "x": np.bincount(inverse, weights=points["x"], minlength=len(cells)).astype(int).tolist(),
        "d0": d0.tolist(), "d1": d1.tolist(),
        "id": [html.escape(str(i)) if k == 1 else "" for i, k in zip(ids, n, strict=True)],
    }


def grid_levels(points: dict[str, np.ndarray], zoom: int, max_cells: int = MAX_CELLS) -> list[dict[str, list[Any]]]:
    """Levels from `zoom` inward, as many as fit in `max_cells` (always at least the first)."""
    levels: list[dict[str, list[Any]]] = []
    total = 0
    for level_zoom in range(max(zoom, 0), MAX_LEVEL_ZOOM + 1):
        level = grid_level(points, level_zoom)
        total += len(level["n"])
        if levels and total > max_cells:
            break
        levels.append(level)
        if len(level["n"]) == len(points["lat"]):  # every incident has its own cell: nothing left to refine
            break
    return levels


# Zoom levels finer than the map's zoom at which the database counts cells (AggregatedIncidents): the map
# ships its zoom and up to this many finer levels, rolled up from those counts. Three matches what fits in
# MAX_CELLS at a million incidents, and keeps the rows read from the database to about 10,000.
BASE_ZOOM_STEPS = 3


def base_zoom(zoom: int) -> int:
    """The grid zoom to count cells at in the database for a map at `zoom`.

    >>> base_zoom(8), base_zoom(12)
    (11, 13)
    """
    return min(max(int(zoom), 0) + BASE_ZOOM_STEPS, MAX_LEVEL_ZOOM)


@dataclass(frozen=True)
class AggregatedIncidents:
    """A selection too big to read row by row, as the database counted it (incidents.store.query).

    `cells` holds query.CELL_COLUMNS counted at `cell_degrees(zoom)`; `shapes` and `newest` hold
    query.SHAPE_COLUMNS and NEWEST_COLUMNS; `count`, `synthetic`, `sides` and `types` describe the
    whole selection (for the legend). build_map draws it at the "cells" level.
    """

    zoom: int
    cells: pd.DataFrame
    shapes: pd.DataFrame
    newest: pd.DataFrame
    count: int
    synthetic: int
    sides: tuple[str, ...]
    types: tuple[str, ...]


def rollup_level(base: dict[str, np.ndarray], shift: int, zoom: int) -> dict[str, Any]:
    """grid_level's output at `zoom` from cells counted `shift` zoom levels finer.

    `base` holds equal-length arrays iy, ix (cell indexes at the finer zoom), n, lat_sum, lon_sum, s
    (side index), x (disputed count), d0, d1 (day numbers) and id, one row per cell and side. A cell
    at zoom z - k is the 2^k × 2^k block of cells at z (cell sizes halve exactly per zoom), so its
    index is the finer index shifted right by k, and its counts are sums: the same cells as binning
    the points again.
    """
    n_base = base["n"]
    if len(n_base) == 0:
        return {"z": zoom, "lat": [], "lon": [], "n": [], "s": [], "x": [], "d0": [], "d1": [], "id": []}
    key = (base["iy"] >> shift) * 1_000_003 + (base["ix"] >> shift)
    cells, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    n = np.bincount(inverse, weights=n_base).astype(np.int64)
    sides = int(base["s"].max()) + 1
    by_side = np.bincount(inverse * sides + base["s"], weights=n_base, minlength=len(cells) * sides)
    d0 = np.full(len(cells), np.iinfo(np.int64).max)
    d1 = np.full(len(cells), np.iinfo(np.int64).min)
    np.minimum.at(d0, inverse, base["d0"])
    np.maximum.at(d1, inverse, base["d1"])
    return {
        "z": zoom,
        "lat": np.round(np.bincount(inverse, weights=base["lat_sum"]) / n * 1e4).astype(int).tolist(),
        "lon": np.round(np.bincount(inverse, weights=base["lon_sum"]) / n * 1e4).astype(int).tolist(),
        "n": n.tolist(), "s": by_side.reshape(len(cells), sides).argmax(axis=1).tolist(),
        "x": np.bincount(inverse, weights=base["x"], minlength=len(cells)).astype(int).tolist(),
        "d0": d0.tolist(), "d1": d1.tolist(),
        "id": [html.escape(str(i)) if k == 1 else "" for i, k in zip(base["id"][first], n, strict=True)],
    }


def rollup_levels(base: dict[str, np.ndarray], counted_zoom: int, zoom: int,
                  max_cells: int = MAX_CELLS) -> list[dict[str, Any]]:
    """grid_levels from cells counted at `counted_zoom`: levels from `zoom` to it, as many as fit in `max_cells`."""
    levels: list[dict[str, Any]] = []
    total, incidents = 0, int(base["n"].sum()) if len(base["n"]) else 0
    for level_zoom in range(min(max(zoom, 0), counted_zoom), counted_zoom + 1):
        level = rollup_level(base, counted_zoom - level_zoom, level_zoom)
        total += len(level["n"])
        if levels and total > max_cells:
            break
        levels.append(level)
        if len(level["n"]) == incidents:  # every incident has its own cell: nothing left to refine
            break
    return levels


def aggregate_store(engine: Engine, filters: Filters, zoom: int,
                    summary: SelectionSummary | None = None) -> AggregatedIncidents:
    """The selection `filters` picks, counted in the database for a map at `zoom` (three aggregate queries;
    pass the selection's `summary` when it is already known)."""
    counted = base_zoom(zoom)
    summary = summary or summarise(engine, filters)
    shapes, newest = shape_counts(engine, filters, SHAPE_LIST_MAX)
    return AggregatedIncidents(
        zoom=counted, cells=cell_counts(engine, filters, cell_degrees(counted)), shapes=shapes, newest=newest,
        count=summary.count, synthetic=summary.synthetic, sides=summary.sides, types=summary.types,
    )
