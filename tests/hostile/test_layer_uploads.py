"""Layer uploads: every malformed or hostile GeoJSON is refused with a message naming the file and the problem."""
from __future__ import annotations

import builtins
import io
import json
import math
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.user_layers import LayerUploadError, upload_label, validate_layer_upload

# A small district-sized square near Stepanakert, lon/lat order.
SQUARE = [[46.70, 39.78], [46.80, 39.78], [46.80, 39.86], [46.70, 39.86], [46.70, 39.78]]
# A bow tie: the ring crosses itself at (46.75, 39.82).
BOW_TIE = [[46.70, 39.78], [46.80, 39.86], [46.80, 39.78], [46.70, 39.86], [46.70, 39.78]]
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + bytes(56)


def dumps(value: object) -> bytes:
    return json.dumps(value).encode("utf-8")


def geometry(kind: str, coordinates: object) -> bytes:
    return dumps({"type": kind, "coordinates": coordinates})


def collection(*geometries: dict) -> bytes:
    return dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": g, "properties": {"name": f"part {i}"}} for i, g in enumerate(geometries)
    ]})


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("layer.geojson", geometry("Point", [46.75, 39.82]).decode())
    return buffer.getvalue()


def circle(n: int) -> list[list[float]]:
    ring = [[46.75 + 0.1 * math.cos(2 * math.pi * i / n), 39.82 + 0.1 * math.sin(2 * math.pi * i / n)] for i in range(n)]
    return [*ring, ring[0]]


BAD_UPLOADS = [
    # (case, bytes, words the message must contain)
    ("empty", b"", "empty"),
    ("whitespace", b"  \n\t ", "empty"),
    ("png", PNG_BYTES, "not JSON"),
    ("zip", zip_bytes(), "not JSON"),
    ("elf", ELF_BYTES, "not JSON"),
    ("latin-1", '{"type": "Point", "name": "Ağdam é"}'.encode("latin-1", "replace") + b"\xe9", "not UTF-8"),
    ("utf-16 without BOM", geometry("Point", [46.75, 39.82]).decode().encode("utf-16-le"), "not JSON"),
    ("truncated json", b'{"type": "FeatureCollection", "features": [', "not JSON"),
    ("json array", b"[[46.75, 39.82]]", "top level is a JSON array"),
    ("json string", b'"FeatureCollection"', "top level is a JSON string"),
    ("NaN coordinate", b'{"type": "Point", "coordinates": [NaN, 39.8]}', "NaN"),
    ("Infinity coordinate", b'{"type": "Point", "coordinates": [Infinity, 39.8]}', "Infinity"),
    ("nested too deeply", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("unknown type", dumps({"type": "Topology", "objects": {}}), "unsupported type 'Topology'"),
    ("no type", dumps({"features": []}), "unsupported type"),
    ("features not a list", dumps({"type": "FeatureCollection", "features": {}}), "\"features\" list"),
    ("no features", dumps({"type": "FeatureCollection", "features": []}), "no features"),
    ("feature not object", dumps({"type": "FeatureCollection", "features": [1]}), "feature 1 is not a Feature"),
    ("null geometry", dumps({"type": "Feature", "geometry": None, "properties": {}}), "feature 1 has no geometry"),
    ("geometry collection", dumps({"type": "GeometryCollection", "geometries": []}), "unsupported type"),
    ("wrong geometry type", dumps({"type": "Feature", "geometry": {"type": "Circle", "coordinates": [46, 39]}}),
     "unsupported geometry type 'Circle'"),
    ("coordinates as text", geometry("Point", ["46.75", "39.82"]), "[longitude, latitude]"),
    ("booleans as coordinates", geometry("Point", [True, False]), "[longitude, latitude]"),
    ("one number", geometry("Point", [46.75]), "[longitude, latitude]"),
    ("polygon not nested", geometry("Polygon", SQUARE), "malformed Polygon"),
    ("polygon ring of 2 positions", geometry("Polygon", [SQUARE[:2]]), "invalid geometry"),
    ("line of 1 position", geometry("LineString", SQUARE[:1]), "invalid geometry"),
    ("self-intersecting polygon", geometry("Polygon", [BOW_TIE]), "Self-intersection"),
    ("second feature invalid", collection({"type": "Polygon", "coordinates": [SQUARE]},
                                          {"type": "Polygon", "coordinates": [BOW_TIE]}), "feature 2"),
    ("latitude out of range", geometry("Point", [46.75, 139.82]), "out of range"),
    ("longitude out of range", geometry("LineString", [[46.75, 39.82], [246.75, 39.82]]), "out of range"),
    ("lat/lon swapped point", geometry("Point", [39.82, 46.75]), "swapped"),
    ("lat/lon swapped polygon", geometry("Polygon", [[[y, x] for x, y in SQUARE]]), "swapped"),
    ("outside the region", geometry("Point", [2.35, 48.86]), "outside the region"),
    ("partly outside the region", geometry("LineString", [[46.75, 39.82], [60.0, 39.82]]), "outside the region"),
    ("100k vertices", geometry("Polygon", [circle(100_000)]), "100,001 vertices"),
]


@pytest.mark.parametrize(("case", "data", "words"), BAD_UPLOADS, ids=[case for case, _, _ in BAD_UPLOADS])
def test_bad_upload_is_refused_naming_file_and_problem(case: str, data: bytes, words: str) -> None:
    with pytest.raises(LayerUploadError) as caught:
        validate_layer_upload("districts.geojson", data)
    message = str(caught.value)
    assert message.startswith("districts.geojson: ")
    assert words in message
    assert len(message) < 400, "a message must stay readable, not echo the upload"


def test_too_many_bytes_is_refused_before_parsing() -> None:
    data = geometry("Point", [46.75, 39.82]) + b" " * 2_000
    with pytest.raises(LayerUploadError, match=r"too large: 2,048 bytes, the limit is 1,000"):
        validate_layer_upload("big.geojson", data, max_bytes=1_000)


def test_vertex_limit_is_a_parameter() -> None:
    data = geometry("Polygon", [SQUARE])
    assert validate_layer_upload("square.geojson", data, max_vertices=5)
    with pytest.raises(LayerUploadError, match="5 vertices, the limit is 4"):
        validate_layer_upload("square.geojson", data, max_vertices=4)


GOOD_UPLOADS = [
    # (case, bytes, geometry types of the features drawn)
    ("bare point", geometry("Point", [46.75, 39.82]), ["Point"]),
    ("point with altitude", geometry("Point", [46.75, 39.82, 1200]), ["Point"]),
    ("unclosed ring is closed", geometry("Polygon", [SQUARE[:3]]), ["Polygon"]),
    ("utf-8 BOM", b"\xef\xbb\xbf" + geometry("Point", [46.75, 39.82]), ["Point"]),
    ("feature", dumps({"type": "Feature", "geometry": {"type": "LineString", "coordinates": SQUARE[:3]},
                       "properties": None}), ["LineString"]),
    ("collection", collection({"type": "Polygon", "coordinates": [SQUARE]},
                              {"type": "MultiPoint", "coordinates": SQUARE[:2]}), ["Polygon", "MultiPoint"]),
]


@pytest.mark.parametrize(("case", "data", "kinds"), GOOD_UPLOADS, ids=[case for case, _, _ in GOOD_UPLOADS])
def test_good_upload_becomes_a_feature_collection(case: str, data: bytes, kinds: list[str]) -> None:
    layer = validate_layer_upload("good.geojson", data)
    assert layer["type"] == "FeatureCollection"
    assert [f["geometry"]["type"] for f in layer["features"]] == kinds
    json.dumps(layer, allow_nan=False)  # drawable: plain JSON, nothing exotic left


def test_properties_are_kept_as_bounded_scalars() -> None:
    hostile = "<script>alert(1)</script>"
    data = dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [46.75, 39.82]},
                  "properties": {"name": hostile, "nested": {"a": [1, 2]}, "long": "x" * 5_000, "n": 3}})
    props = validate_layer_upload("p.geojson", data)["features"][0]["properties"]
    assert props["name"] == hostile  # kept as text: escaping is the drawing side's job
    assert props["nested"] == '{"a": [1, 2]}'
    assert len(props["long"]) == 1_000
    assert props["n"] == 3


LABELS = [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\x\\layer.geojson", "layer.geojson"),
    ("evil\nname\x00.geojson", "evilname.geojson"),
    ("", "upload"),
    ("/", "upload"),
    ("a" * 500, "a" * 80),
]


@pytest.mark.parametrize(("name", "label"), LABELS)
def test_file_names_become_labels_not_paths(name: str, label: str) -> None:
    assert upload_label(name) == label


def test_validation_never_opens_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"validate_layer_upload opened {args!r}")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(io, "open", refuse)
    layer = validate_layer_upload("../../../../etc/passwd", geometry("Point", [46.75, 39.82]))
    assert layer["name"] == "passwd"
    with pytest.raises(LayerUploadError, match="^passwd: "):
        validate_layer_upload("/etc/passwd", b"")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_a_layer_or_the_documented_error(data: bytes) -> None:
    try:
        validate_layer_upload("fuzz.geojson", data)
    except LayerUploadError as error:
        assert str(error).startswith("fuzz.geojson: ")


JSONISH = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["type", "coordinates", "features", "geometry", "properties"]), inner, max_size=4),
    max_leaves=20,
)
KINDS = st.sampled_from(["Point", "LineString", "Polygon", "MultiPolygon", "Feature", "FeatureCollection", "x"])


@settings(max_examples=200, deadline=None)
@given(KINDS, JSONISH)
def test_arbitrary_geojson_shapes_give_a_layer_or_the_documented_error(kind: str, body: object) -> None:
    document = {"type": kind, "coordinates": body, "features": body, "geometry": body}
    try:
        layer = validate_layer_upload("fuzz.geojson", json.dumps(document).encode())
    except LayerUploadError:
        return
    json.dumps(layer, allow_nan=False)
