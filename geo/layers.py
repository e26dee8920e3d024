"""Reference layers (data/layers/*.geojson): what exists, where it came from, and their shapes.

The layers are derived from ../shared/geo by `python -m geo build-layers` and
committed, so the app never needs ../shared. Every feature carries `name`,
`origin`, `licence`, `valid_from`/`valid_to` (where the layer is of a period)
and `approximate` (true where drawn by hand rather than taken from a source).
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LAYERS_DIR = ROOT / "data" / "layers"


@dataclass(frozen=True)
class LayerInfo:
    """A layer's metadata, as the map legend and the docs show it."""

    id: str
    title: str
    origin: str
    licence: str
    valid_from: str | None
    valid_to: str | None
    approximate: bool
    path: Path
    geometry_kind: str  # "polygon" | "line" | "point"
    note: str = ""


def _kind(features: list[dict[str, Any]]) -> str:
    types = {f["geometry"]["type"] for f in features}
    if types <= {"LineString", "MultiLineString"}:
        return "line"
    return "point" if types <= {"Point", "MultiPoint"} else "polygon"


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: cannot read layer ({exc})") from exc
    if data.get("type") != "FeatureCollection" or not data.get("features"):
        raise ValueError(f"{path}: not a FeatureCollection with features")
    return data


def _info(path: Path, data: dict[str, Any]) -> LayerInfo:
    props = [f["properties"] for f in data["features"]]

    def joined(key: str) -> str:
        return "; ".join(dict.fromkeys(str(p[key]) for p in props if p.get(key)))

    def shared(key: str) -> str | None:
        values = {p.get(key) for p in props}
        return values.pop() if len(values) == 1 else None

    return LayerInfo(id=path.stem, title=data.get("title", path.stem), origin=joined("origin"),
                     licence=joined("licence"), valid_from=shared("valid_from"), valid_to=shared("valid_to"),
                     approximate=any(p.get("approximate") for p in props), path=path,
                     geometry_kind=_kind(data["features"]), note=data.get("note", ""))


@lru_cache(maxsize=32)
def _layer(layer_id: str, layers_dir: Path) -> dict[str, Any]:
    path = layers_dir / f"{layer_id}.geojson"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in layers_dir.glob("*.geojson")))
        raise KeyError(f"no layer {layer_id!r} in {layers_dir} (known: {known})")
    return _read(path)


def list_layers(layers_dir: Path = LAYERS_DIR) -> list[LayerInfo]:
    """Every committed layer with its metadata, in a stable order (by id)."""
    return [_info(p, _layer(p.stem, layers_dir)) for p in sorted(layers_dir.glob("*.geojson"))]


def layer_geojson(layer_id: str, layers_dir: Path = LAYERS_DIR) -> dict[str, Any]:
    """The layer's FeatureCollection as a dict (a copy: callers may style it freely)."""
    return copy.deepcopy(_layer(layer_id, layers_dir))


def load_layer(layer_id: str, layers_dir: Path = LAYERS_DIR) -> Any:
    """The layer as a geopandas GeoDataFrame in EPSG:4326."""
    import geopandas as gpd

    return gpd.GeoDataFrame.from_features(_layer(layer_id, layers_dir)["features"], crs="EPSG:4326")


def feature_geometry(ref: str, layers_dir: Path = LAYERS_DIR) -> dict[str, Any]:
    """The geometry of feature `ref` ("layer-id#feature-id"); KeyError naming ref when missing."""
    layer_id, _, feature_id = ref.partition("#")
    for feature in _layer(layer_id, layers_dir)["features"]:
        if feature.get("id") == feature_id or feature["properties"].get("id") == feature_id:
            return copy.deepcopy(feature["geometry"])
    raise KeyError(f"layer {layer_id!r} has no feature {feature_id!r} (asked for {ref!r})")
