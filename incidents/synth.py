"""Synthetic incidents for load tests: `python -m incidents synth --count N [--seed S]`.

A year of ceasefire monitoring yields tens of thousands of reported
violations; the five real articles yield a handful. To see whether the
dashboard stays usable at 100,000 or 1,000,000 incidents, this generates
incidents spread the way reports are: most near villages along the
1994–2020 line of contact and the state border, some in towns, some located
only to the whole line or to a district; dates 2016–2023 with the April 2016,
July 2020, autumn 2020, September 2022 and September 2023 episodes denser;
several claimants, sides, outlets and types.

Every row is `synthetic=True`, its summary says so and its outlets are named
"(synthetic)", so none can be mistaken for a report. The columns are numpy
arrays (`synthetic_frame`), which makes a million rows take seconds.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from incidents.model import EVENT_TYPES

# Share of incidents by how they are located (the rest are points near the front or the border).
TOWN_SHARE = 0.10  # shelling or strikes on a named town
LINE_SHARE = 0.12  # "along the line of contact" / "on the border": located only to the line
AREA_SHARE = 0.08  # "in Tovuz district": located only to the area
# Villages within this distance (degrees, ~15 km) of the line of contact or the border count as front-line places.
FRONT_DISTANCE_DEG = 0.15
# Scatter of a point incident around its village (degrees, ~1.5 km): reports say "near".
JITTER_DEG = 0.015
# Simplification of the lines and areas incidents are located to (degrees, ~1 km): keeps each row small.
SHAPE_TOLERANCE_DEG = 0.01
# Share of incidents some claim denies.
DISPUTED_SHARE = 0.12
# Share of incidents with casualty figures, and the mean of those figures.
CASUALTY_SHARE = 0.10
MEAN_KILLED, MEAN_INJURED = 1.2, 2.0

FIRST_DAY, LAST_DAY = dt.date(2016, 1, 1), dt.date(2023, 12, 31)
# Episodes with denser reporting: (first day, last day, weight relative to a quiet day).
EPISODES: tuple[tuple[dt.date, dt.date, float], ...] = (
    (dt.date(2016, 4, 1), dt.date(2016, 4, 5), 60.0),
    (dt.date(2020, 7, 12), dt.date(2020, 7, 16), 30.0),
    (dt.date(2020, 9, 27), dt.date(2020, 11, 10), 40.0),
    (dt.date(2022, 9, 12), dt.date(2022, 9, 14), 50.0),
    (dt.date(2023, 9, 19), dt.date(2023, 9, 20), 60.0),
)
# Event types and how common each is among reports.
TYPE_WEIGHTS: dict[str, float] = {
    "ceasefire violation": 45, "shelling": 20, "armed clash": 10, "drone strike": 7, "missile strike": 4,
    "attack on civilians": 5, "casualty report": 5, "threat": 3, "ceasefire": 1,
}
# (claimant, side, weight): whose statements the synthetic reports carry.
CLAIMANTS: tuple[tuple[str, str, float], ...] = (
    ("Ministry of Defence of Azerbaijan", "Azerbaijan", 40),
    ("Ministry of Defence of Armenia", "Armenia", 28),
    ("Nagorno-Karabakh Defence Army", "Nagorno-Karabakh", 18),
    ("Russian peacekeeping contingent", "Russia", 4),
    ("OSCE monitors", "third party", 4),
    ("local residents", "unknown", 6),
)
OUTLETS: tuple[str, ...] = tuple(f"{kind} (synthetic)" for kind in (
    "Wire service", "Regional daily", "State news agency", "Independent outlet", "Broadcaster", "Monitoring digest"))
ORIGIN = "synthetic"
assert set(TYPE_WEIGHTS) == set(EVENT_TYPES)


@dataclass(frozen=True)
class Place:
    """A place the generator may name: id, display name, representative point, GeoJSON geometry."""

    id: str
    name: str
    lat: float
    lon: float
    geometry: dict[str, Any]


@dataclass(frozen=True)
class Geography:
    """Where synthetic incidents happen: front-line villages, towns, lines and areas."""

    front: tuple[Place, ...]
    towns: tuple[Place, ...]
    lines: tuple[Place, ...]
    areas: tuple[Place, ...]


@lru_cache(maxsize=1)
def default_geography() -> Geography:
    """The project's gazetteer and layers turned into a Geography (read once per process)."""
    import shapely
    from shapely.geometry import Point, mapping, shape
    from shapely.ops import unary_union

    from geo.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()

    def place(p: Any) -> Place:
        geometry = p.geometry()
        if geometry["type"] != "Point":  # simplified: a store of a million rows repeats each shape often
            simple = shapely.set_precision(shape(geometry).simplify(SHAPE_TOLERANCE_DEG), 1e-4)
            geometry = json.loads(json.dumps(mapping(simple)))
        return Place(p.id, p.display_name, p.lat, p.lon, geometry)

    lines = tuple(place(p) for p in gazetteer.places if p.kind == "line")
    front_lines = unary_union([shape(line.geometry) for line in lines])
    points = [p for p in gazetteer.places if p.precision == "point"]
    front = tuple(place(p) for p in points if p.kind in ("village", "height", "town")
                  and front_lines.distance(Point(p.lon, p.lat)) <= FRONT_DISTANCE_DEG)
    towns = tuple(place(p) for p in points if p.kind in ("city", "town")
                  and front_lines.distance(Point(p.lon, p.lat)) <= 4 * FRONT_DISTANCE_DEG)
    areas = tuple(place(p) for p in gazetteer.places if p.kind == "district")
    if not (front and towns and lines and areas):
        raise ValueError("synthetic geography: the gazetteer gave no front-line villages, towns, lines or districts")
    return Geography(front, towns, lines, areas)


def _day_weights() -> tuple[np.ndarray, np.ndarray]:
    days = np.arange((LAST_DAY - FIRST_DAY).days + 1)
    weights = np.ones(len(days))
    for first, last, weight in EPISODES:
        weights[(first - FIRST_DAY).days:(last - FIRST_DAY).days + 1] = weight
    return days, weights / weights.sum()


def _choose(rng: np.random.Generator, n: int, weights: list[float] | np.ndarray) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def _located(rng: np.random.Generator, n: int, geo: Geography) -> pd.DataFrame:
    """Place, precision, geometry and point of each incident."""
    kind = _choose(rng, n, [1 - TOWN_SHARE - LINE_SHARE - AREA_SHARE, TOWN_SHARE, LINE_SHARE, AREA_SHARE])
    pools = (geo.front, geo.towns, geo.lines, geo.areas)
    precision = np.array(["point", "point", "line", "area"])[kind]
    index = np.zeros(n, dtype=np.int64)
    for k, pool in enumerate(pools):
        mask = kind == k
        index[mask] = rng.integers(len(pool), size=int(mask.sum()))
    names = np.empty(n, dtype=object)
    ids = np.empty(n, dtype=object)
    geometry = np.empty(n, dtype=object)
    lat = np.empty(n)
    lon = np.empty(n)
    for k, pool in enumerate(pools):
        mask = kind == k
        chosen = index[mask]
        names[mask] = np.array([p.name for p in pool], dtype=object)[chosen]
        ids[mask] = np.array([p.id for p in pool], dtype=object)[chosen]
        lat[mask] = np.array([p.lat for p in pool])[chosen]
        lon[mask] = np.array([p.lon for p in pool])[chosen]
        if k >= 2:
            shapes = np.array([json.dumps(p.geometry, separators=(",", ":")) for p in pool], dtype=object)
            geometry[mask] = shapes[chosen]
    point = kind < 2
    lat[point] += rng.normal(0, JITTER_DEG, int(point.sum()))
    lon[point] += rng.normal(0, JITTER_DEG / math.cos(math.radians(40)), int(point.sum()))
    lat, lon = np.round(lat, 5), np.round(lon, 5)
    geometry[point] = [f'{{"type":"Point","coordinates":[{x},{y}]}}' for x, y in zip(lon[point], lat[point], strict=True)]
    return pd.DataFrame({"place": names, "place_id": ids, "location_precision": precision,
                         "geometry": geometry, "lat": lat, "lon": lon})


def _tolls(rng: np.random.Generator, n: int) -> tuple[pd.Series, pd.Series]:
    has = rng.random(n) < CASUALTY_SHARE
    killed = pd.Series(np.where(has, rng.poisson(MEAN_KILLED, n), 0), dtype="Int64").where(has)
    injured = pd.Series(np.where(has, rng.poisson(MEAN_INJURED, n), 0), dtype="Int64").where(has)
    return killed, injured


def synthetic_frame(n: int, seed: int = 0, geography: Geography | None = None) -> pd.DataFrame:
    """`n` synthetic incidents as a frame with the columns of incidents.store.query.INCIDENT_COLUMNS.

    Deterministic for a given (n, seed): ids are "syn-SEED-INDEX".
    """
    if n < 0:
        raise ValueError(f"synthetic incident count must be >= 0, got {n}")
    geo = geography or default_geography()
    rng = np.random.default_rng(seed)
    days, day_p = _day_weights()
    offsets = np.sort(rng.choice(days, size=n, p=day_p))
    date = pd.Series([FIRST_DAY + dt.timedelta(days=int(d)) for d in np.unique(offsets)],
                     index=np.unique(offsets)).reindex(offsets).to_numpy(dtype=object) if n else np.array([], dtype=object)
    types = np.array(list(TYPE_WEIGHTS), dtype=object)[_choose(rng, n, list(TYPE_WEIGHTS.values()))]
    who = _choose(rng, n, [w for _, _, w in CLAIMANTS])
    claimant = np.array([c for c, _, _ in CLAIMANTS], dtype=object)[who]
    side = np.array([s for _, s, _ in CLAIMANTS], dtype=object)[who]
    outlets = np.array(OUTLETS, dtype=object)[rng.integers(len(OUTLETS), size=n)]
    killed, injured = _tolls(rng, n)
    frame = _located(rng, n, geo)
    frame.insert(0, "id", [f"syn-{seed}-{i:07d}" for i in range(n)])
    frame.insert(1, "date", date)
    frame.insert(2, "date_end", None)
    frame.insert(3, "date_precision", "day")
    frame["event_type"] = types
    frame["killed"], frame["injured"] = killed.to_numpy(), injured.to_numpy()
    frame["disputed"] = rng.random(n) < DISPUTED_SHARE
    frame["summary"] = ["SYNTHETIC test incident, not a report: " + t + " at " + p + ", claimed by " + c
                        for t, p, c in zip(types, frame["place"], claimant, strict=True)]
    frame["claimant"], frame["side"] = claimant, side
    frame["claimants"], frame["sides"], frame["outlets"] = claimant, side, outlets
    frame["n_reports"], frame["merged"], frame["synthetic"] = 1, False, True
    # generated, never checked by anyone: machine-read (drawn hollow; hidden under REVIEW_POLICY=reviewed)
    frame["review_status"], frame["reviewed_by"], frame["reviewed_at"] = "machine", "", None
    return frame


def synthetic_incidents(n: int, seed: int = 0, geography: Geography | None = None,
                        chunk: int = 50_000) -> Iterator[dict[str, Any]]:
    """`n` synthetic incident rows (dicts keyed by the store's incident columns), generated in chunks."""
    for start in range(0, n, chunk):
        frame = synthetic_frame(min(chunk, n - start), seed * 1_000_003 + start, geography)
        frame["id"] = [f"syn-{seed}-{start + i:07d}" for i in range(len(frame))]
        frame["origin"] = ORIGIN
        for row in frame.to_dict("records"):
            row["killed"] = None if pd.isna(row["killed"]) else int(row["killed"])
            row["injured"] = None if pd.isna(row["injured"]) else int(row["injured"])
            yield row


def run(args: argparse.Namespace) -> int:
    """Fill the store DATABASE_URL names with `--count` synthetic incidents."""
    from incidents.store.bulk import bulk_insert_incidents
    from incidents.store.db import open_store

    engine = open_store(os.environ)
    inserted = bulk_insert_incidents(engine, synthetic_incidents(args.count, args.seed))
    print(f"inserted {inserted:,} synthetic incidents (seed {args.seed}) into {engine.url.render_as_string(hide_password=True)}")
    return 0


def register(subparsers: Any) -> None:
    """Add `synth --count N [--seed S]` to the incidents command line."""
    parser = subparsers.add_parser("synth", help="fill the store with synthetic incidents (load tests)",
                                   description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True, help="how many incidents to generate")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same incidents)")
    parser.set_defaults(func=run)
