"""Reference layers: valid, in lon/lat order, inside the region, honest metadata, reproducible."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from geo.build import build_layers
from geo.geojson import distance_km, representative_point
from geo.layers import LAYERS_DIR, feature_geometry, layer_geojson, list_layers, load_layer

# The region's bounding box (lon_min, lat_min, lon_max, lat_max): every layer lies inside.
REGION_BBOX = (43.0, 38.0, 51.0, 42.5)
# The committed layers together stay under this size (bytes): the app ships them.
MAX_TOTAL_BYTES = 1_500_000

EXPECTED_LAYERS = {
    "countries": "polygon", "nakhchivan": "polygon", "armenian-held-1994-2020": "polygon",
    "line-of-contact-1994-2020": "line", "armenia-provinces": "polygon", "armenia-azerbaijan-border": "line",
    "azerbaijan-districts-approximate": "polygon",
}


def _coords(geometry: dict) -> list[tuple[float, float]]:
    def walk(node: object) -> list[tuple[float, float]]:
        if isinstance(node, list) and node and isinstance(node[0], (int, float)):
            return [(float(node[0]), float(node[1]))]
        return [c for child in node for c in walk(child)] if isinstance(node, list) else []
    return walk(geometry["coordinates"])


def test_all_expected_layers_are_listed() -> None:
    infos = {i.id: i for i in list_layers()}
    assert {k: v.geometry_kind for k, v in infos.items()} == EXPECTED_LAYERS
    for info in infos.values():
        assert info.title and info.origin and info.licence and info.path.exists()
    assert infos["line-of-contact-1994-2020"].valid_from == "1994-05-12"
    assert infos["line-of-contact-1994-2020"].valid_to == "2020-11-10"
    assert infos["armenian-held-1994-2020"].valid_to == "2020-11-10"
    assert infos["azerbaijan-districts-approximate"].approximate
    assert not infos["countries"].approximate


@pytest.mark.parametrize("layer_id", sorted(EXPECTED_LAYERS))
def test_features_are_valid_lonlat_and_in_the_region(layer_id: str) -> None:
    west, south, east, north = REGION_BBOX
    for feature in layer_geojson(layer_id)["features"]:
        props = feature["properties"]
        for key in ("name", "origin", "licence", "approximate", "valid_from", "valid_to"):
            assert key in props, f"{layer_id}/{feature['id']}: no {key}"
        assert shape(feature["geometry"]).is_valid, f"{layer_id}/{feature['id']} is not valid"
        for lon, lat in _coords(feature["geometry"]):
            assert west <= lon <= east and south <= lat <= north, f"{layer_id}/{feature['id']}: {lon}, {lat}"


def test_layers_are_small_enough_to_ship() -> None:
    assert sum(p.stat().st_size for p in LAYERS_DIR.glob("*.geojson")) < MAX_TOTAL_BYTES


def test_load_layer_gives_a_geodataframe_in_wgs84() -> None:
    frame = load_layer("armenia-provinces")
    assert len(frame) == 11 and frame.crs.to_epsg() == 4326
    assert "Syunik" in set(frame["name"])


def test_layer_geojson_is_a_copy() -> None:
    layer_geojson("nakhchivan")["features"].clear()
    assert layer_geojson("nakhchivan")["features"]


def test_unknown_layer_and_feature_are_named() -> None:
    with pytest.raises(KeyError, match="no-such-layer"):
        layer_geojson("no-such-layer")
    with pytest.raises(KeyError, match="atlantis"):
        feature_geometry("countries#atlantis")


def test_line_of_contact_runs_from_murov_to_the_araks() -> None:
    line = shape(feature_geometry("line-of-contact-1994-2020#contact-1994"))
    ends = [Point(line.coords[0]), Point(line.coords[-1])]
    murov, horadiz = Point(46.0, 40.23), Point(47.32, 39.43)
    assert min(e.distance(murov) for e in ends) < 0.1
    assert min(e.distance(horadiz) for e in ends) < 0.1


def test_nakhchivan_does_not_touch_mainland_azerbaijan() -> None:
    nakh = shape(feature_geometry("nakhchivan#nakhchivan"))
    assert nakh.contains(Point(45.41, 39.21))  # Nakhchivan city
    assert not nakh.contains(Point(46.36, 40.68))  # Ganja


def test_shapes_agree_with_the_gold_reference(gold_path: Path) -> None:
    """The gold file's tolerances are met by the layers' representative points and the line."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["places"]
    for name, ref in (("Nagorno-Karabakh", "armenian-held-1994-2020#nagorno-karabakh"),
                      ("Nakhchivan", "nakhchivan#nakhchivan")):
        at = representative_point(feature_geometry(ref))
        assert distance_km(at, tuple(gold[name]["at"])) <= gold[name]["km"], name
    line = shape(feature_geometry("line-of-contact-1994-2020#contact-1994"))
    for lat, lon in gold["Line of contact"]["line"]:
        assert line.distance(Point(lon, lat)) * 111.32 <= gold["Line of contact"]["km"]


def test_layers_rebuild_identically(shared_geo: Path, tmp_path: Path) -> None:
    """`python -m geo build-layers` is reproducible: rebuilding gives the committed bytes."""
    for path in build_layers(shared_geo, out_dir=tmp_path):
        committed = LAYERS_DIR / path.name
        assert path.read_bytes() == committed.read_bytes(), f"{path.name} differs from the committed layer"
