"""Grid aggregation: every point counted once per level; a lone incident keeps its id; the cell budget holds."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from webmap.aggregate import (
    MAX_LEVEL_ZOOM,
    base_zoom,
    cell_degrees,
    grid_level,
    grid_levels,
    rollup_level,
    rollup_levels,
)


def points(*rows: tuple[float, float, int, int, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["lat", "lon", "s", "x", "id"]).assign(d=18_000)


@pytest.mark.parametrize(("zoom", "smaller_than"), [(6, 1.5), (8, 0.35), (12, 0.02)])
def test_cells_shrink_as_zoom_grows(zoom: int, smaller_than: float) -> None:
    lat_deg, lon_deg = cell_degrees(zoom)
    assert lon_deg < smaller_than and lat_deg < lon_deg


def test_counts_sides_and_ids() -> None:
    data = points((40.0, 46.0, 1, 1, "a"), (40.0001, 46.0001, 1, 0, "b"), (40.0002, 46.0, 0, 0, "c"),
                  (41.0, 45.0, 2, 0, "lone"))
    level = grid_level(data, 8)
    assert sorted(level["n"]) == [1, 3]
    big = level["n"].index(3)
    assert level["s"][big] == 1 and level["x"][big] == 1 and level["id"][big] == ""
    assert level["id"][level["n"].index(1)] == "lone"


def test_empty_frame_gives_an_empty_level() -> None:
    assert grid_level(points(), 8)["n"] == []


def test_levels_stop_at_the_budget_or_when_every_incident_is_alone() -> None:
    spread = points(*((40 + i / 50, 46 + i / 50, 0, 0, str(i)) for i in range(40)))
    levels = grid_levels(spread, 7, max_cells=10_000)
    assert levels[-1]["z"] <= MAX_LEVEL_ZOOM and len(levels[-1]["n"]) == 40
    assert all(sum(level["n"]) == 40 for level in levels)
    tight = grid_levels(spread, 7, max_cells=45)
    assert sum(len(level["n"]) for level in tight) <= 45 or len(tight) == 1


def base_cells(data: pd.DataFrame, zoom: int) -> dict:
    """What the database's cell_counts returns for these points, as rollup_level's arrays (one row per cell and
    side), computed here with plain Python so the test does not share numpy code with the function."""
    lat_deg, lon_deg = cell_degrees(zoom)
    groups: dict = {}
    for row in data.itertuples():
        key = (math.floor(row.lat / lat_deg), math.floor(row.lon / lon_deg), row.s)
        g = groups.setdefault(key, {"n": 0, "lat": 0.0, "lon": 0.0, "x": 0, "d0": row.d, "d1": row.d, "id": row.id})
        g["n"] += 1
        g["lat"] += row.lat
        g["lon"] += row.lon
        g["x"] += row.x
        g["d0"], g["d1"], g["id"] = min(g["d0"], row.d), max(g["d1"], row.d), min(g["id"], row.id)
    keys = list(groups)
    column = lambda name: np.array([groups[k][name] for k in keys])  # noqa: E731
    return {"iy": np.array([k[0] for k in keys], dtype=np.int64), "ix": np.array([k[1] for k in keys], dtype=np.int64),
            "s": np.array([k[2] for k in keys], dtype=np.int64), "n": column("n"), "lat_sum": column("lat"),
            "lon_sum": column("lon"), "x": column("x"), "d0": column("d0"), "d1": column("d1"),
            "id": np.array([groups[k]["id"] for k in keys], dtype=object)}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(38.5, 41.5), st.floats(44.5, 50.5), st.integers(0, 3), st.integers(0, 1),
                          st.integers(16_000, 19_000)), min_size=1, max_size=60),
       st.integers(5, 9), st.integers(0, 4))
def test_rolled_up_cells_are_the_cells_of_the_points(rows, zoom, finer):
    data = pd.DataFrame(rows, columns=["lat", "lon", "s", "x", "d"]).assign(id=[f"i{k:03d}" for k in range(len(rows))])
    data["id"] = data["id"].to_numpy(dtype=object)
    expected = grid_level({name: data[name].to_numpy() for name in data}, zoom)
    got = rollup_level(base_cells(data, zoom + finer), finer, zoom)
    for key in ("z", "n", "s", "x", "d0", "d1", "id"):
        assert got[key] == expected[key], key
    for key in ("lat", "lon"):
        assert np.abs(np.array(got[key]) - np.array(expected[key])).max() <= 1


def test_rollup_levels_stop_at_the_counted_zoom_and_the_budget():
    spread = points(*((40 + i / 50, 46 + i / 50, 0, 0, f"{i:02d}") for i in range(40)))
    base = base_cells(spread, 11)
    levels = rollup_levels(base, 11, 7)
    assert [level["z"] for level in levels][0] == 7 and levels[-1]["z"] <= 11
    assert all(sum(level["n"]) == 40 for level in levels)
    assert len(rollup_levels(base, 11, 7, max_cells=1)) == 1
    assert rollup_levels({k: v[:0] for k, v in base.items()}, 11, 8)[0]["n"] == []


@pytest.mark.parametrize(("zoom", "counted"), [(0, 3), (8, 11), (10, 13), (12, MAX_LEVEL_ZOOM), (16, MAX_LEVEL_ZOOM)])
def test_cells_are_counted_a_few_zooms_finer(zoom, counted):
    assert base_zoom(zoom) == counted
