"""Server-side aggregation: point incidents counted in square grid cells, several zooms at once.

At hundreds of thousands of incidents no browser draws one symbol each in
time, so the server sends counts per cell instead, drawn as proportional
symbols. Several zoom levels ship together (as long as the total stays
small), so zooming in refines the cells without a round trip. numpy does the
binning: a million points take about a tenth of a second per level.
"""
from __future__ import annotations

import html
import math
from typing import Any

import numpy as np

# Target cell size on screen, in pixels: about one proportional symbol's diameter, so they rarely overlap.
CELL_PX = 56
# Most cells sent over all zoom levels together: keeps the payload well under 1 MB even at 1M incidents.
MAX_CELLS = 12_000
# Deepest zoom the aggregation refines to; beyond it the reader filters or zooms into fewer incidents.
MAX_LEVEL_ZOOM = 13
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
