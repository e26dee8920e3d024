"""The gazetteer: every place of Armenia and Azerbaijan a report may name, under all its names.

Two sources merge here. GeoNames (cities500, distilled by `python -m geo
build-gazetteer` into data/gazetteer_geonames.json) gives ~870 populated
places with their alternate names. The curated supplement
(data/gazetteer_supplement.csv) adds the regions, districts, provinces, lines
and small places reports name, and fixes canonical and contested names.

Names from the supplement are *curated*: when a spelling has curated and
GeoNames candidates, the curated one wins (that is how "Nakhchivan" means the
exclave, not the city, and "Tovuz" the Azerbaijani town, not an Armenian
village that GeoNames also calls so).

>>> gaz = load_gazetteer()
>>> gaz.get("gn:146970").display_name
'Stepanakert (Khankendi)'
>>> gaz.get("area:nakhchivan").precision
'area'
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.geojson import point
from geo.names import fold_key, loose_key
from geo.supplement import read_supplement

ROOT = Path(__file__).resolve().parent.parent
GEONAMES_PATH = ROOT / "data" / "gazetteer_geonames.json"
SUPPLEMENT_PATH = ROOT / "data" / "gazetteer_supplement.csv"

POINT_KINDS = frozenset({"city", "town", "village", "height"})
AREA_KINDS = frozenset({"district", "province", "region", "country"})
LINE_KINDS = frozenset({"line"})

# Population thresholds (GeoNames) for the kind of an uncurated place.
CITY_MIN_POPULATION = 50_000
TOWN_MIN_POPULATION = 3_000

# GeoNames admin1 codes of Armenia -> province (marz) names, for `parent`.
ARMENIA_ADMIN1 = {
    "01": "Aragatsotn", "02": "Ararat", "03": "Armavir", "04": "Gegharkunik", "05": "Kotayk", "06": "Lori",
    "07": "Shirak", "08": "Syunik", "09": "Tavush", "10": "Vayots Dzor", "11": "Yerevan",
}


@dataclass(frozen=True)
class Place:
    """One named place: where it is, what it is, and every spelling it goes by.

    `lat`/`lon` is a representative point (inside an area, the middle of a
    line); `geometry()` gives the full shape for areas and lines. `other_name`
    is the contested other name shown beside the canonical one.
    """

    id: str
    name: str
    kind: str
    country: str
    parent: str | None
    lat: float
    lon: float
    names: tuple[str, ...]
    other_name: str | None
    population: int = 0
    geometry_ref: str | None = field(default=None, compare=False, repr=False)
    approximate: bool = field(default=False, compare=False)
    source: str = field(default="", compare=False, repr=False)
    # (lat, lon) vertices of a line built from other places ("between Martakert and Tartar"), not a layer
    vertices: tuple[tuple[float, float], ...] = field(default=(), compare=False, repr=False)

    @property
    def precision(self) -> str:
        """How exactly this place locates an event: "point", "area" or "line"."""
        if self.kind in LINE_KINDS:
            return "line"
        return "area" if self.kind in AREA_KINDS else "point"

    @property
    def display_name(self) -> str:
        """The canonical name, with the contested other name beside it: "Stepanakert (Khankendi)"."""
        return f"{self.name} ({self.other_name})" if self.other_name else self.name

    def geometry(self) -> dict[str, Any]:
        """GeoJSON geometry (lon/lat): a Point, or the area's/line's shape from data/layers."""
        if self.geometry_ref:
            from geo.layers import feature_geometry  # layers are read only when a shape is asked for

            return feature_geometry(self.geometry_ref)
        if self.vertices:
            return {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in self.vertices]}
        return point(self.lat, self.lon)

    @classmethod
    def between(cls, a: Place, b: Place) -> Place:
        """The stretch between two places ("the front between Martakert and Tartar"): a line from one to the
        other, as precise as the words are; its representative point is the middle."""
        return cls(id=f"between:{a.id}:{b.id}", name=f"between {a.name} and {b.name}", kind="line",
                   country=a.country if a.country == b.country else "", parent=None, lat=(a.lat + b.lat) / 2,
                   lon=(a.lon + b.lon) / 2, names=(), other_name=None, approximate=True,
                   source=f"a line between {a.id} and {b.id}", vertices=((a.lat, a.lon), (b.lat, b.lon)))


# An index entry: a place id and whether the spelling came from the curated supplement.
Entry = tuple[str, bool]


class Gazetteer:
    """Places by id and by spelling (folded and loose keys)."""

    def __init__(self, places: Iterable[Place], curated: dict[str, set[str]], outside: Iterable[str] = ()) -> None:
        self.places: tuple[Place, ...] = tuple(places)
        self._by_id = {p.id: p for p in self.places}
        self.outside: frozenset[str] = frozenset(outside)
        exact: dict[str, dict[str, bool]] = defaultdict(dict)
        loose: dict[str, dict[str, bool]] = defaultdict(dict)
        for place in self.places:
            cur = curated.get(place.id, set())
            for name in place.names:
                is_cur = fold_key(name) in cur
                for index, key in ((exact, fold_key(name)), (loose, loose_key(name))):
                    if key:
                        index[key][place.id] = index[key].get(place.id, False) or is_cur
        self.exact: dict[str, tuple[Entry, ...]] = {k: tuple(v.items()) for k, v in exact.items()}
        self.loose: dict[str, tuple[Entry, ...]] = {k: tuple(v.items()) for k, v in loose.items()}
        self.curated_keys: frozenset[str] = frozenset(k for k, v in self.exact.items() if any(c for _, c in v))

    def get(self, place_id: str) -> Place:
        """The place with this id; KeyError names the id when there is none."""
        try:
            return self._by_id[place_id]
        except KeyError:
            raise KeyError(f"no place with id {place_id!r} in the gazetteer") from None

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._by_id

    def __len__(self) -> int:
        return len(self.places)

    def lookup(self, name: str) -> tuple[Entry, ...]:
        """Candidates whose folded spelling equals `name`'s."""
        return self.exact.get(fold_key(name), ())

    def lookup_loose(self, name: str) -> tuple[Entry, ...]:
        """Candidates whose loose (transliteration-merged) spelling equals `name`'s."""
        return self.loose.get(loose_key(name), ())


def _geonames_kind(population: int) -> str:
    if population >= CITY_MIN_POPULATION:
        return "city"
    return "town" if population >= TOWN_MIN_POPULATION else "village"


def _split_names(cell: str) -> list[str]:
    return [n.strip() for n in cell.split("|") if n.strip()]


def _from_geonames(row: Sequence[Any], extra: dict[str, str] | None) -> Place:
    """A GeoNames row, enriched by its supplement row when there is one."""
    gid, name, lat, lon, country, admin1, population, names = row
    parent = ARMENIA_ADMIN1.get(admin1) if country == "AM" else None
    place = {"id": f"gn:{gid}", "name": name, "kind": _geonames_kind(population), "country": country,
             "parent": parent, "lat": lat, "lon": lon, "names": [name, *names], "other_name": None,
             "population": population, "source": f"GeoNames id {gid}"}
    if extra:
        place["names"] = [*_split_names(extra["names"]), *names, name]
        for key in ("name", "kind", "parent", "other_name", "source"):
            place[key] = extra[key] or place[key]
        place["lat"] = float(extra["lat"]) if extra["lat"] else lat
        place["lon"] = float(extra["lon"]) if extra["lon"] else lon
        place["population"] = int(extra["population"]) if extra["population"] else population
        place["names"].append(place["name"])
    place["names"] = tuple(dict.fromkeys(place["names"]))
    return Place(**place)


def _from_supplement(row: dict[str, str]) -> Place:
    names = _split_names(row["names"])
    return Place(
        id=row["id"], name=row["name"], kind=row["kind"], country=row["country"], parent=row["parent"] or None,
        lat=float(row["lat"]), lon=float(row["lon"]), names=tuple(dict.fromkeys([row["name"], *names])),
        other_name=row["other_name"] or None, population=int(row["population"] or 0),
        geometry_ref=row["geometry"] or None, approximate=row["approximate"].lower() == "true", source=row["source"],
    )


def build_gazetteer(geonames: dict[str, Any], supplement: list[dict[str, str]]) -> Gazetteer:
    """Merge distilled GeoNames data and supplement rows into one Gazetteer (pure: no disk)."""
    extras = {r["id"]: r for r in supplement if r["id"].startswith("gn:")}
    places = [_from_geonames(row, extras.get(f"gn:{row[0]}")) for row in geonames["places"]]
    known = {p.id for p in places}
    missing = set(extras) - known
    if missing:
        raise ValueError(f"supplement rows name GeoNames ids not in the distilled data: {', '.join(sorted(missing))}")
    places += [_from_supplement(r) for r in supplement if not r["id"].startswith("gn:")]
    curated = {r["id"]: {fold_key(n) for n in [r["name"], *_split_names(r["names"])] if r["name"] or n}
               for r in supplement}
    for r in supplement:
        curated[r["id"]].discard("")
    return Gazetteer(places, curated, geonames.get("outside", ()))


def read_geonames(path: Path) -> dict[str, Any]:
    """The distilled GeoNames file; a missing or malformed file raises ValueError naming it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: cannot read the distilled GeoNames data ({exc}); "
                         "regenerate it with `python -m geo build-gazetteer`") from exc
    if not isinstance(data, dict) or "places" not in data:
        raise ValueError(f"{path}: no 'places' list; regenerate it with `python -m geo build-gazetteer`")
    return data


@lru_cache(maxsize=4)
def load_gazetteer(geonames_path: Path = GEONAMES_PATH, supplement_path: Path = SUPPLEMENT_PATH) -> Gazetteer:
    """The gazetteer from the committed data files, built once per process."""
    return build_gazetteer(read_geonames(geonames_path), read_supplement(supplement_path))
