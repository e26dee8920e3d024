"""The rendering level follows the number of incidents in view and the zoom."""
from __future__ import annotations

import pytest

from webmap.incident_layer import MARKERS_MAX, OVERVIEW_ZOOM, POINTS_MAX, choose_strategy


@pytest.mark.parametrize(("n", "zoom", "expected"), [
    (0, 8, "markers"),
    (1, None, "markers"),
    (MARKERS_MAX, 8, "markers"),
    (MARKERS_MAX, OVERVIEW_ZOOM, "markers"),  # few incidents: symbols even at the widest zoom
    (MARKERS_MAX + 1, 8, "points"),
    (POINTS_MAX, 8, "points"),
    (POINTS_MAX, None, "points"),
    (POINTS_MAX + 1, 8, "cells"),
    (POINTS_MAX + 1, 15, "cells"),
    (MARKERS_MAX + 1, OVERVIEW_ZOOM, "cells"),  # the whole Caucasus: symbols would merge anyway
    (MARKERS_MAX + 1, OVERVIEW_ZOOM + 1, "points"),
    (1_000_000, 8, "cells"),
])
def test_choose_strategy(n: int, zoom: int | None, expected: str) -> None:
    assert choose_strategy(n, zoom) == expected


def test_negative_count_is_an_error() -> None:
    with pytest.raises(ValueError, match="count"):
        choose_strategy(-1, 8)
