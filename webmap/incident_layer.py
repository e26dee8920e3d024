"""The incidents on the map: which rendering level, the compact payload, and the folium element.

Three levels, chosen by how many incidents are in view and the zoom
(`choose_strategy`):

- "markers": one styled SVG symbol per incident (shape = type, colour = side);
- "points": the same symbols from one compact columnar array, clustered in the
  browser by leaflet.markercluster (only unclustered symbols reach the DOM);
- "cells": counts per grid cell computed here (webmap.aggregate), drawn as
  proportional circles on a canvas; clicking a cell zooms in.

Incidents located only to an area or a line are drawn as that shape at every
level, one shape per distinct geometry, with the list of its incidents.
Every string that came from an article is HTML-escaped here, once.
"""
from __future__ import annotations

import datetime as dt
import html
import json
from typing import Any

import numpy as np
import pandas as pd
from branca.element import Element, MacroElement, Template

from incidents.model import EVENT_TYPES, SIDES
from incidents.store.status import MACHINE
from webmap.aggregate import SHAPE_LIST_MAX, AggregatedIncidents, grid_levels, rollup_levels
from webmap.style import (
    AREA_FILL_OPACITY,
    DISPUTED_DASH,
    LINE_WEIGHT,
    MACHINE_FILL,
    MACHINE_NOTE,
    MACHINE_STROKE,
    PRECISION_DASH,
    SYMBOL_PX,
    side_colour,
    type_shape,
)

# Up to this many incidents in view, one DOM symbol each: folium-style markers stay smooth to
# about 2,000 (issue 7: 20,000 plain Markers took 12 s to load) and need no clustering library.
MARKERS_MAX = 2_000
# Up to this many, one compact array clustered in the browser: ~45 bytes an incident keeps the page
# under 2 MB, and markercluster builds 40,000 markers in about a second in headless chromium.
POINTS_MAX = 40_000
# At or below this zoom (the whole Caucasus) anything beyond MARKERS_MAX is aggregated: individual
# symbols there merge into one blob anyway.
OVERVIEW_ZOOM = 6
# Largest proportional circle radius in pixels (the fullest cell).
MAX_CELL_RADIUS = 26
# Coordinates are sent as integers of 1e-4 degree (about 10 m): shorter than floats, finer than any report.
COORD_SCALE = 10_000

STRATEGIES: tuple[str, ...] = ("markers", "points", "cells")
EPOCH = dt.date(1970, 1, 1)

def choose_strategy(n: int, zoom: float | None) -> str:
    """The rendering level for `n` incidents in view at `zoom` (None: the default view).

    >>> choose_strategy(500, 8), choose_strategy(20_000, 8), choose_strategy(500_000, 8)
    ('markers', 'points', 'cells')
    """
    if n < 0:
        raise ValueError(f"incident count must be >= 0, got {n}")
    if n <= MARKERS_MAX:
        return "markers"
    if n > POINTS_MAX or (zoom is not None and zoom <= OVERVIEW_ZOOM):
        return "cells"
    return "points"


def _index(values: pd.Series, vocabulary: list[str]) -> np.ndarray:
    """Positions of `values` in `vocabulary`, extending it with values not yet in it (in order of appearance)."""
    codes, uniques = pd.factorize(values.fillna("").astype(str))
    lookup = {v: i for i, v in enumerate(vocabulary)}
    mapping = np.empty(len(uniques), dtype=np.int64)
    for i, value in enumerate(uniques):
        if value not in lookup:
            lookup[value] = len(vocabulary)
            vocabulary.append(value)
        mapping[i] = lookup[value]
    return mapping[codes] if len(codes) else np.array([], dtype=np.int64)


def _days(values: pd.Series) -> np.ndarray:
    """Day numbers since 1970 (what the browser turns back into dates); missing dates are day 0, which the
    browser labels "date unknown" (UNDATED_DAY in incident_layer.js)."""
    stamps = pd.to_datetime(values, errors="coerce")
    days = (stamps - pd.Timestamp(EPOCH)).dt.days
    return days.fillna(0).astype(np.int64).to_numpy()


def _sides(values: pd.Series) -> pd.Series:
    """Claimant sides with blanks read as "unknown" (a claim that names no side)."""
    text = values.fillna("").astype(str)
    return text.where(text != "", "unknown")


def _escaped(values: np.ndarray) -> list[str]:
    return [html.escape(str(v)) for v in values]


class Columns:
    """The frame as numpy arrays of small integers (strings only where needed, fetched by position).

    pandas 3 keeps strings in Arrow arrays, which are slow to sort and group; the payload is built
    from these arrays instead, so a million rows take about a second.
    """

    def __init__(self, frame: pd.DataFrame, sides: list[str], types: list[str], places: list[str]) -> None:
        self.frame = frame
        self.lat = frame["lat"].to_numpy(dtype=float, na_value=np.nan)
        self.lon = frame["lon"].to_numpy(dtype=float, na_value=np.nan)
        self.s = _index(_sides(frame["side"]), sides)
        self.t = _index(frame["event_type"], types)
        self.p = _index(frame["place"], places)
        self.x = frame["disputed"].fillna(False).astype(bool).to_numpy().astype(np.int64)
        self.d = _days(frame["date"])
        end = _days(frame["date_end"]) if "date_end" in frame else self.d
        self.e = np.where(end > self.d, end - self.d, 0)
        self.shaped = frame["location_precision"].isin(("area", "line")).to_numpy()
        # machine-read (not yet reviewed) incidents are drawn hollow; frames without the column are all reviewed
        status = frame["review_status"] if "review_status" in frame else pd.Series("", index=frame.index)
        self.m = (status == MACHINE).to_numpy().astype(np.int64)
        self.mappable = ~(np.isnan(self.lat) | np.isnan(self.lon))

    def ids(self, mask: np.ndarray) -> np.ndarray:
        return self.frame["id"].to_numpy(dtype=object)[mask]


def _points_payload(c: Columns, mask: np.ndarray) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {
        "id": _escaped(c.ids(mask)),
        "lat": np.round(c.lat[mask] * COORD_SCALE).astype(int).tolist(),
        "lon": np.round(c.lon[mask] * COORD_SCALE).astype(int).tolist(),
    }
    for column in ("s", "t", "p", "x", "d"):
        out[column] = getattr(c, column)[mask].tolist()
    if c.e[mask].any():
        out["e"] = c.e[mask].tolist()
    if c.m[mask].any():
        out["m"] = c.m[mask].tolist()
    return out


def _areas_payload(c: Columns) -> list[dict[str, Any]]:
    """One entry per distinct area/line geometry: the shape, counts, and its newest incidents."""
    rows = np.flatnonzero(c.shaped)
    if not len(rows):
        return []
    # factorising the whole column is cheaper than taking the rows out of its Arrow array first
    codes, geometries = pd.factorize(c.frame["geometry"])
    groups = codes[rows]
    precision = c.frame["location_precision"]
    ids = c.frame["id"]
    shapes = []
    for k in np.unique(groups):
        members = rows[groups == k]
        newest = members[np.argsort(-c.d[members], kind="stable")[:SHAPE_LIST_MAX]]
        shapes.append({
            "g": json.loads(str(geometries[k])), "p": str(precision.iat[members[0]]), "n": len(members),
            "s": int(np.bincount(c.s[members]).argmax()), "x": int(c.x[members].sum()), "pl": int(c.p[members[0]]),
            "d0": int(c.d[members].min()), "d1": int((c.d[members] + c.e[members]).max()),
            "ids": _escaped(ids.iloc[newest].to_numpy(dtype=object)), "d": c.d[newest].tolist(), "t": c.t[newest].tolist(),
            "sd": c.s[newest].tolist(), "m": int(c.m[members].all()),
        })
    shapes.sort(key=lambda shape: -shape["n"])  # biggest first, so smaller shapes stay on top and clickable
    return shapes


def incident_payload(frame: pd.DataFrame, strategy: str, *, zoom: int = 8, selected_id: str | None = None) -> dict[str, Any]:
    """The JSON the browser draws (see incident_layer.js): vocabularies, points or cells, and shapes.

    Pure: the same frame gives the same bytes. Strings are HTML-escaped. Rows without coordinates
    are left out (they cannot be placed).
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r} (known: {', '.join(STRATEGIES)})")
    sides, types, places = list(SIDES), list(EVENT_TYPES), []
    c = Columns(frame, sides, types, places)
    point = ~c.shaped & c.mappable
    cells: list[dict[str, Any]] = []
    if strategy == "cells":
        cells = grid_levels({"lat": c.lat[point], "lon": c.lon[point], "s": c.s[point], "x": c.x[point],
                             "d": c.d[point], "id": c.ids(point)}, zoom)
        point = np.zeros(len(frame), dtype=bool)
    payload: dict[str, Any] = {
        "strategy": strategy, "count": len(frame), "selected": html.escape(selected_id or ""),
        "areas": _areas_payload(c), "points": _points_payload(c, point), "cells": cells,
    }
    payload.update(_style_payload(sides, types, places))
    return payload


def hollow_count(payload: dict[str, Any]) -> int:
    """How many incidents a payload draws hollow (machine-read, not yet checked): its flagged symbols and the
    incidents of its flagged shapes. Cells are never hollow (a count mixes both kinds).

    >>> hollow_count({"points": {"m": [1, 0, 1]}, "areas": [{"n": 3, "m": 1}, {"n": 2, "m": 0}]})
    5
    """
    points = sum(payload["points"].get("m", ()))
    return int(points + sum(area["n"] for area in payload["areas"] if area.get("m")))


def _style_payload(sides: list[str], types: list[str], places: list[str]) -> dict[str, Any]:
    """The vocabularies and styling constants the browser needs at every level."""
    return {
        "sides": _escaped(np.array(sides, dtype=object)), "colours": [side_colour(s) for s in sides],
        "types": _escaped(np.array(types, dtype=object)), "shapes": [type_shape(t) for t in types],
        "places": _escaped(np.array(places, dtype=object)), "dash": PRECISION_DASH, "disputedDash": DISPUTED_DASH,
        "areaFill": AREA_FILL_OPACITY, "lineWeight": LINE_WEIGHT, "symbolPx": SYMBOL_PX, "maxRadius": MAX_CELL_RADIUS,
        "machineFill": MACHINE_FILL, "machineStroke": MACHINE_STROKE, "machineLabel": html.escape(MACHINE_NOTE),
    }


def _cell_base(cells: pd.DataFrame, sides: list[str]) -> dict[str, np.ndarray]:
    """The database's cell counts (query.CELL_COLUMNS) as the arrays webmap.aggregate.rollup_levels takes."""
    base = {name: cells[name].to_numpy(dtype=np.int64) for name in ("iy", "ix", "n", "disputed")}
    base["x"] = base.pop("disputed")
    base.update({
        "lat_sum": cells["lat_sum"].to_numpy(dtype=float), "lon_sum": cells["lon_sum"].to_numpy(dtype=float),
        "s": _index(_sides(cells["side"]), sides), "d0": _days(cells["d0"]), "d1": _days(cells["d1"]),
        "id": cells["id"].to_numpy(dtype=object),
    })
    return base


def _aggregated_areas(agg: AggregatedIncidents, sides: list[str], types: list[str],
                      places: list[str]) -> list[dict[str, Any]]:
    """_areas_payload's shapes from the database's counts per shape and side, and its newest incidents."""
    shapes, newest = agg.shapes, agg.newest
    if shapes.empty:
        return []
    s = _index(_sides(shapes["side"]), sides)
    d0, d1 = _days(shapes["d0"]), _days(shapes["d1"])
    n = shapes["n"].to_numpy(dtype=np.int64)
    listed = {key: rows for key, rows in newest.groupby("key", sort=False)} if not newest.empty else {}
    out = []
    for key, members in shapes.groupby("key", sort=False).indices.items():
        rows = listed.get(key, newest.iloc[0:0])
        out.append({
            "g": json.loads(str(shapes["geometry"].iat[members[0]])), "p": str(shapes["location_precision"].iat[members[0]]),
            "n": int(n[members].sum()), "s": int(np.bincount(s[members], weights=n[members]).argmax()),
            "x": int(shapes["disputed"].to_numpy(dtype=np.int64)[members].sum()),
            "pl": int(_index(pd.Series([min(shapes["place"].iloc[members].astype(str))]), places)[0]),
            "d0": int(d0[members].min()), "d1": int(d1[members].max()),
            "ids": _escaped(rows["id"].to_numpy(dtype=object)), "d": _days(rows["date"]).tolist(),
            "t": _index(rows["event_type"], types).tolist(), "sd": _index(_sides(rows["side"]), sides).tolist(),
        })
    out.sort(key=lambda shape: -shape["n"])  # biggest first, so smaller shapes stay on top and clickable
    return out


def aggregated_payload(agg: AggregatedIncidents, *, zoom: int = 8, selected_id: str | None = None) -> dict[str, Any]:
    """incident_payload's "cells" level from counts made in the database: no incident row is read.

    Cells at zoom `zoom` and finer come from `agg.cells` rolled up (webmap.aggregate.rollup_levels);
    areas and lines from `agg.shapes`/`agg.newest`. Strings are HTML-escaped.
    """
    sides, types, places = list(SIDES), list(EVENT_TYPES), []
    cells = rollup_levels(_cell_base(agg.cells, sides), agg.zoom, zoom)
    areas = _aggregated_areas(agg, sides, types, places)
    empty: dict[str, list[Any]] = {key: [] for key in ("id", "lat", "lon", "s", "t", "p", "x", "d")}
    payload: dict[str, Any] = {
        "strategy": "cells", "count": agg.count, "selected": html.escape(selected_id or ""),
        "areas": areas, "points": empty, "cells": cells,
    }
    payload.update(_style_payload(sides, types, places))
    return payload


def payload_json(payload: dict[str, Any]) -> str:
    """Compact JSON safe inside a <script> element (no "</" can close it early)."""
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return text.replace("</", "<\\/")


class IncidentLayer(MacroElement):
    """The incidents and the map's state for one rerun, drawn into the parent FeatureGroup by the map's engine
    (webmap/map_engine.js: `map.km.update(group, payload)`). Its parent's parent must be the map."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = {{ this._parent._parent.get_name() }}.km.update({{ this._parent.get_name() }}, {{ this.data_json }});
{% endmacro %}
""")

    def __init__(self, payload: dict[str, Any]) -> None:
        super().__init__()
        self._name = "IncidentLayer"
        self.strategy = payload["strategy"]
        self.data_json = payload_json(payload)

    def render(self, **kwargs: Any) -> None:
        """What MacroElement does, except that the script goes into the page verbatim.

        branca would compile the script's text as a Jinja template once more: lexing a megabyte of
        payload took 0.1 s, and a "{{ }}" in an article's text would have been evaluated.
        (streamlit-folium reads the script macro directly and is unaffected.)
        """
        figure = self.get_root()
        module = self._template.module
        figure.script.add_child(RawScript(module.script(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class RawScript(Element):
    """Script text put in the page as is (no Jinja pass over it, unlike branca's Element)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text
