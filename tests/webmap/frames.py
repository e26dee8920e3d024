"""Small incident frames for the map tests, in the store's columns, written for these tests.

Places and coordinates are real (Tovuz, Aghdam district, the line of contact);
the incidents are invented and exist only here.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pandas as pd

from incidents.store.query import INCIDENT_COLUMNS

LINE = {"type": "LineString", "coordinates": [[46.9, 40.3], [47.0, 40.1], [47.1, 39.9]]}
AREA = {"type": "Polygon", "coordinates": [[[46.7, 39.9], [47.0, 39.9], [47.0, 40.1], [46.7, 40.1], [46.7, 39.9]]]}

HOSTILE_STRINGS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "</script><script>alert(2)</script>",
)


def row(**fields: Any) -> dict[str, Any]:
    """One incident row with harmless defaults; `fields` override them."""
    lat, lon = fields.pop("lat", 40.992), fields.pop("lon", 45.628)
    base: dict[str, Any] = {
        "id": "t-1", "date": dt.date(2020, 7, 14), "date_end": None, "date_precision": "day",
        "place": "Tovuz", "place_id": "gn:584821", "location_precision": "point",
        "geometry": json.dumps({"type": "Point", "coordinates": [lon, lat]}), "lat": lat, "lon": lon,
        "event_type": "shelling", "killed": None, "injured": None, "disputed": False,
        "summary": "test incident", "claimant": "Ministry of Defence of Azerbaijan", "side": "Azerbaijan",
        "claimants": "Ministry of Defence of Azerbaijan", "sides": "Azerbaijan", "outlets": "Test Wire",
        "n_reports": 1, "merged": False, "synthetic": False,
    }
    base.update(fields)
    return base


def frame(*rows: dict[str, Any]) -> pd.DataFrame:
    """A frame with exactly the store's incident columns."""
    return pd.DataFrame(list(rows), columns=list(INCIDENT_COLUMNS))
