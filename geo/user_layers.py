"""Validate a GeoJSON layer an editor uploads, before anything draws it.

An upload is untrusted bytes with an untrusted name. This module turns it into
a FeatureCollection the map can draw, or refuses it with a `LayerUploadError`
that names the file and the one problem a person can fix (not JSON, not
GeoJSON, an invalid polygon and where, coordinates in lat/lon order, outside
the region, too large). It never touches the disk: the file name is only a
label in messages, never a path.

>>> layer = validate_layer_upload("town.geojson", b'{"type": "Point", "coordinates": [46.75, 39.82]}')
>>> layer["type"], layer["features"][0]["geometry"]["type"]
('FeatureCollection', 'Point')
"""
from __future__ import annotations

import json
import math
import re
from typing import Any

import shapely
from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

# Largest upload accepted, in bytes: hand-drawn lines and district outlines
# are tens of kilobytes; 5 MB leaves room for detailed borders while keeping
# one upload from filling the store or the reader's browser.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024

# Most vertices in one upload: Leaflet stays responsive to about this many on
# an ordinary laptop; a finer layer should be simplified before upload.
MAX_VERTICES = 50_000

# Where a layer may lie (lon_min, lat_min, lon_max, lat_max): the South
# Caucasus with its neighbours, the same window as the shared reference layers.
REGION_BOUNDS = (39.5, 36.5, 52.0, 44.0)

# Armenia and Azerbaijan with a small margin: a layer wholly outside this box
# whose swapped coordinates fall wholly inside it was written lat/lon.
CONFLICT_BOUNDS = (43.3, 38.2, 51.0, 42.0)

# Longest property string kept: popups show labels and notes, not documents.
MAX_PROPERTY_CHARS = 1_000

# Longest file name shown in messages.
MAX_LABEL_CHARS = 80

# Geometry types a layer may hold; a GeometryCollection has no single style.
GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")

# How deeply each type nests its positions (Point: a position; Polygon: rings of positions).
_POSITION_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}


class LayerUploadError(ValueError):
    """An upload that cannot become a map layer; the message names the file and the problem."""

    def __init__(self, label: str, problem: str) -> None:
        super().__init__(f"{label}: {problem}")
        self.label = label
        self.problem = problem


def upload_label(name: str) -> str:
    """A file name made safe to show: last path part only, no control characters, bounded.

    Names come from the reader's browser and may be "../../etc/passwd" or carry
    newlines; they are shown, never opened.
    """
    last = re.split(r"[\\/]", name or "")[-1]
    clean = "".join(ch for ch in last if ch.isprintable()).strip()
    return clean[:MAX_LABEL_CHARS] or "upload"


def validate_layer_upload(
    name: str, data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES, max_vertices: int = MAX_VERTICES
) -> dict[str, Any]:
    """The upload as a FeatureCollection ready to draw, or a LayerUploadError saying why not.

    Accepts a FeatureCollection, a single Feature or a bare geometry. The
    result holds plain lists, scalar properties and a "name" member (the
    cleaned label), so it serialises straight into folium.GeoJson.
    """
    label = upload_label(name)
    if len(data) > max_bytes:
        raise LayerUploadError(label, f"too large: {len(data):,} bytes, the limit is {max_bytes:,}")
    document = _parse_json(label, data)
    features = _features(label, document)
    total = sum(_count_positions(label, i, f["geometry"]) for i, f in enumerate(features, 1))
    if total > max_vertices:
        raise LayerUploadError(label, f"too large: {total:,} vertices, the limit is {max_vertices:,}; simplify it first")
    drawn = [_checked_feature(label, i, f) for i, f in enumerate(features, 1)]
    return {"type": "FeatureCollection", "name": label, "features": drawn}


def _parse_json(label: str, data: bytes) -> Any:
    """Decoded JSON, refusing non-UTF-8, NaN/Infinity and nesting bombs with a clear message."""
    if not data.strip():
        raise LayerUploadError(label, "the file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LayerUploadError(label, f"not JSON: not UTF-8 text (byte {exc.start})") from None
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise LayerUploadError(label, f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except ValueError as exc:
        raise LayerUploadError(label, f"not JSON: {exc}") from None
    except RecursionError:
        raise LayerUploadError(label, "not JSON we accept: nested too deeply") from None


def _refuse_constant(token: str) -> Any:
    raise ValueError(f"{token} is not a number in GeoJSON")


def _features(label: str, document: Any) -> list[dict[str, Any]]:
    """The document's features, whatever GeoJSON shape it came in."""
    if not isinstance(document, dict):
        raise LayerUploadError(label, f"not GeoJSON: the top level is a JSON {_json_kind(document)}, not an object")
    kind = document.get("type")
    if kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            raise LayerUploadError(label, "not GeoJSON: a FeatureCollection needs a \"features\" list")
    elif kind == "Feature":
        features = [document]
    elif kind in GEOMETRY_TYPES:
        features = [{"type": "Feature", "geometry": document, "properties": {}}]
    else:
        raise LayerUploadError(label, f"not GeoJSON: unsupported type {_shown(kind)}; expected one of "
                                      f"FeatureCollection, Feature, {', '.join(GEOMETRY_TYPES)}")
    if not features:
        raise LayerUploadError(label, "the layer has no features")
    for i, feature in enumerate(features, 1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise LayerUploadError(label, f"not GeoJSON: feature {i} is not a Feature object")
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict):
            raise LayerUploadError(label, f"feature {i} has no geometry")
        if geometry.get("type") not in GEOMETRY_TYPES:
            raise LayerUploadError(label, f"feature {i}: unsupported geometry type {_shown(geometry.get('type'))}; "
                                          f"expected one of {', '.join(GEOMETRY_TYPES)}")
    return features


def _count_positions(label: str, index: int, geometry: dict[str, Any]) -> int:
    """Number of positions, checking the nesting and that each position is two or three finite numbers."""
    depth = _POSITION_DEPTH[geometry["type"]]
    stack: list[tuple[Any, int]] = [(geometry.get("coordinates"), depth)]
    count = 0
    while stack:
        value, level = stack.pop()
        if level == 0:
            _check_position(label, f"feature {index}: malformed {geometry['type']} coordinates", value)
            count += 1
            continue
        if not isinstance(value, list):
            raise LayerUploadError(label, f"feature {index}: malformed {geometry['type']} coordinates "
                                          f"(expected a list, found a JSON {_json_kind(value)})")
        stack.extend((item, level - 1) for item in value)
    return count


def _check_position(label: str, where: str, position: Any) -> None:
    numbers = isinstance(position, list) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in position)
    if not numbers or not 2 <= len(position) <= 3:
        raise LayerUploadError(label, f"{where}: a position must be [longitude, latitude], found {_shown(position)}")
    if not all(math.isfinite(v) for v in position):
        raise LayerUploadError(label, f"{where}: a coordinate is not a finite number")
    lon, lat = position[0], position[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise LayerUploadError(label, f"{where.split(':')[0]}: coordinates out of range: [{lon}, {lat}] "
                                      f"(longitude must lie in -180..180, latitude in -90..90)")


def _checked_feature(label: str, index: int, feature: dict[str, Any]) -> dict[str, Any]:
    """One feature made drawable: a valid geometry inside the region and scalar properties."""
    try:
        geom = shape(feature["geometry"])
    except (ValueError, TypeError, shapely.errors.ShapelyError) as exc:
        raise LayerUploadError(label, f"feature {index}: invalid geometry: {str(exc).strip()}") from None
    if geom.is_empty:
        raise LayerUploadError(label, f"feature {index}: the geometry is empty")
    if not geom.is_valid:
        raise LayerUploadError(label, f"feature {index}: invalid geometry: {explain_validity(geom)}")
    _check_region(label, index, geom.bounds)
    return {
        "type": "Feature",
        "geometry": json.loads(json.dumps(mapping(geom))),
        "properties": _scalar_properties(feature.get("properties")),
    }


def _check_region(label: str, index: int, bounds: tuple[float, float, float, float]) -> None:
    """Refuse a geometry outside the region, saying so specially when lat/lon look swapped."""
    lon_min, lat_min, lon_max, lat_max = bounds
    swapped = (lat_min, lon_min, lat_max, lon_max)
    if not _within(bounds, CONFLICT_BOUNDS) and _within(swapped, CONFLICT_BOUNDS):
        raise LayerUploadError(label, f"feature {index}: latitude and longitude appear swapped: GeoJSON "
                                      f"positions are [longitude, latitude], e.g. [46.75, 39.82] for Stepanakert")
    if not _within(bounds, REGION_BOUNDS):
        raise LayerUploadError(label, f"feature {index}: outside the region: it spans longitude "
                                      f"{lon_min:g}..{lon_max:g}, latitude {lat_min:g}..{lat_max:g}; the map covers "
                                      f"longitude {REGION_BOUNDS[0]:g}..{REGION_BOUNDS[2]:g}, "
                                      f"latitude {REGION_BOUNDS[1]:g}..{REGION_BOUNDS[3]:g}")


def _within(bounds: tuple[float, ...], box: tuple[float, ...]) -> bool:
    return box[0] <= bounds[0] and box[1] <= bounds[1] and bounds[2] <= box[2] and bounds[3] <= box[3]


def _scalar_properties(properties: Any) -> dict[str, str | int | float | bool | None]:
    """Properties with scalar values only; strings bounded, nested values shown as bounded JSON text.

    Values stay text: whatever draws them escapes them, as with article text.
    """
    if not isinstance(properties, dict):
        return {}
    kept: dict[str, str | int | float | bool | None] = {}
    for key, value in properties.items():
        if isinstance(value, bool | int | float) and not (isinstance(value, float) and not math.isfinite(value)):
            kept[str(key)[:MAX_LABEL_CHARS]] = value
        elif value is None or isinstance(value, str):
            kept[str(key)[:MAX_LABEL_CHARS]] = None if value is None else value[:MAX_PROPERTY_CHARS]
        else:
            kept[str(key)[:MAX_LABEL_CHARS]] = json.dumps(value)[:MAX_PROPERTY_CHARS]
    return kept


def _json_kind(value: Any) -> str:
    kinds = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return kinds.get(type(value), "number")


def _shown(value: Any) -> str:
    """A short repr of untrusted input for an error message."""
    text = json.dumps(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
