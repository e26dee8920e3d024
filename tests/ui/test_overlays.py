"""The editor's own GeoJSON overlay: validated, drawn for the session, refused with the file and the reason."""
from __future__ import annotations

import json

import pytest

from tests.ui.conftest import run_page
from tests.ui.test_access_modes import SECRET, sign_in
from webmap.build import build_map
from webmap.reference_layers import overlay_tooltip

PAGE = "dashboard.py"
# A small square near Tartar, written for this test.
SQUARE = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"note": "<b>our</b> area"},
          "geometry": {"type": "Polygon", "coordinates": [[[46.9, 40.3], [47.0, 40.3], [47.0, 40.4], [46.9, 40.4],
                                                           [46.9, 40.3]]]}}]}
# The same square with one corner crossing over: a self-intersecting (invalid) polygon.
BOWTIE = {"type": "Polygon", "coordinates": [[[46.9, 40.3], [47.0, 40.4], [47.0, 40.3], [46.9, 40.4], [46.9, 40.3]]]}


@pytest.fixture
def secret(monkeypatch) -> str:
    monkeypatch.setenv("INCIDENTS_EDITOR_SECRET", SECRET)
    return SECRET


def overlay_uploaders(app) -> list:
    return [u for u in app.get("file_uploader") if u.proto.id and "overlay_upload" in u.proto.id]


def test_public_map_page_offers_no_overlay_upload(store_url, secret):
    app = run_page(PAGE, {"editor": "1"}, {"_overlays": [SQUARE]})
    assert not app.exception
    assert app.get("file_uploader") == []


def test_editor_sees_the_overlay_upload(store_url, secret):
    app = sign_in(run_page(PAGE), SECRET)
    assert not app.exception
    assert [e for e in app.sidebar.expander if e.label.startswith("Overlay a GeoJSON layer")]


def test_overlay_is_drawn_with_its_properties_escaped():
    html = build_map(_frame(), layers=[], overlays=[{**SQUARE, "name": "<script>x</script>.geojson"}],
                     assets="cdn").get_root().render()
    # the layer switcher's label, HTML-escaped and then JSON-encoded by folium
    assert "Uploaded: \\u0026lt;script\\u0026gt;x" in html
    assert "<script>x</script>" not in html
    assert "46.9" in html


def test_overlay_tooltip_escapes_every_property():
    tip = overlay_tooltip("<i>n</i>", {"<k>": "<img src=x onerror=alert(1)>"})
    assert "<img" not in tip and "&lt;img src=x onerror=alert(1)&gt;" in tip


def test_invalid_geometry_is_refused_naming_the_file():
    from geo.user_layers import LayerUploadError, validate_layer_upload

    with pytest.raises(LayerUploadError, match="bowtie.geojson.*invalid geometry"):
        validate_layer_upload("bowtie.geojson", json.dumps(BOWTIE).encode())


def _frame():
    from incidents.synth import synthetic_frame

    return synthetic_frame(5, 1)
