"""Grid aggregation: every point counted once per level; a lone incident keeps its id; the cell budget holds."""
from __future__ import annotations

import pandas as pd
import pytest

from webmap.aggregate import MAX_LEVEL_ZOOM, cell_degrees, grid_level, grid_levels


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
