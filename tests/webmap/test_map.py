"""build_map: escaping, precision drawing, levels, clicks, local assets and payload size."""
from __future__ import annotations

import datetime as dt
import json
import re

import folium
import pandas as pd
import pytest

from incidents.synth import synthetic_frame
from tests.webmap.frames import AREA, HOSTILE_STRINGS, LINE, frame, row
from webmap.aggregate import AggregatedIncidents
from webmap.build import build_map, in_view
from webmap.incident_layer import POINTS_MAX, aggregated_payload, incident_payload

# Hosts folium and its plugins load from by default: none may remain in a localised map.
CDN_HOSTS = ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "netdna.bootstrapcdn.com",
             "d3js.org", "unpkg.com", "maxcdn.bootstrapcdn.com")
# The budget for the map page at 100,000 incidents.
MAX_PAYLOAD_BYTES = 2_000_000


def render(m: folium.Map) -> str:
    return m.get_root().render()


def linked_assets(m: folium.Map) -> list[str]:
    """What streamlit-folium would make the iframe load: every element's default_js/default_css URLs."""
    urls, stack = [], [m]
    while stack:
        element = stack.pop()
        urls += [url for _, url in getattr(element, "default_js", []) + getattr(element, "default_css", [])]
        stack.extend(element._children.values())
    return urls


def hostile_frame() -> pd.DataFrame:
    rows = []
    for n, text in enumerate(HOSTILE_STRINGS):
        rows.append(row(id=f"h{n}", place=text, event_type=text, side=text, claimant=text, summary=text,
                        lat=40.9 + n / 100))
    rows.append(row(id="<script>alert(3)</script>", place="javascript:alert(1)", lat=40.5))
    rows.append(row(id="area-h", place=HOSTILE_STRINGS[0], location_precision="area", geometry=json.dumps(AREA)))
    return frame(*rows)


@pytest.mark.parametrize("assets", ["served", "inline"])
def test_hostile_strings_appear_only_escaped(assets: str, vendor_dir: None) -> None:
    html = render(build_map(hostile_frame(), assets=assets))
    for text in (*HOSTILE_STRINGS, "<script>alert(3)</script>"):
        assert text not in html
    assert "onerror=alert(1)>" not in html
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # still shown, as text


def test_area_and_line_incidents_are_shapes_not_points() -> None:
    data = frame(row(id="p", location_precision="point"),
                 row(id="a", location_precision="area", geometry=json.dumps(AREA), place="Aghdam District"),
                 row(id="l", location_precision="line", geometry=json.dumps(LINE), place="line of contact"))
    payload = incident_payload(data, "markers")
    assert payload["points"]["id"] == ["p"]
    shapes = {shape["ids"][0]: shape for shape in payload["areas"]}
    assert shapes["a"]["g"]["type"] == "Polygon" and shapes["a"]["p"] == "area"
    assert shapes["l"]["g"]["type"] == "LineString" and shapes["l"]["p"] == "line"


def test_incidents_sharing_a_shape_draw_it_once_newest_first() -> None:
    data = frame(*(row(id=f"a{day}", date=pd.Timestamp(2020, 10, day).date(), location_precision="area",
                       geometry=json.dumps(AREA), disputed=day == 3) for day in (1, 3, 2)))
    (shape,) = incident_payload(data, "points")["areas"]
    assert shape["n"] == 3 and shape["ids"] == ["a3", "a2", "a1"] and shape["x"] == 1


@pytest.mark.parametrize(("n", "strategy"), [(50, "markers"), (5_000, "points"), (POINTS_MAX + 10, "cells")])
def test_every_level_carries_ids_and_styles(n: int, strategy: str) -> None:
    data = synthetic_frame(n, seed=2)
    html = render(build_map(data))
    assert f'"strategy":"{strategy}"' in html
    payload = incident_payload(data, strategy)
    assert payload["colours"] and payload["shapes"] and payload["areas"]
    ids = payload["points"]["id"] if strategy != "cells" else [i for level in payload["cells"] for i in level["id"] if i]
    assert ids, "clicks must be able to name an incident at this level"
    assert set(ids) <= set(data["id"])


def test_cells_count_every_point_incident() -> None:
    data = synthetic_frame(POINTS_MAX + 10, seed=4)
    payload = incident_payload(data, "cells", zoom=8)
    points = (data["location_precision"] == "point").sum()
    for level in payload["cells"]:
        assert sum(level["n"]) == points
    assert payload["points"]["id"] == []


def test_selected_incident_is_marked() -> None:
    payload = incident_payload(frame(row(id="x1"), row(id="x2", lat=40.5)), "markers", selected_id="x2")
    assert payload["selected"] == "x2"


def test_in_view_keeps_points_inside_the_padded_view_and_every_shape() -> None:
    data = frame(row(id="in", lat=40.0, lon=46.0), row(id="near", lat=40.0, lon=46.7),
                 row(id="far", lat=40.0, lon=49.9),
                 row(id="area", location_precision="area", geometry=json.dumps(AREA), lat=0.0, lon=0.0))
    assert list(in_view(data, (45.5, 39.5, 46.5, 40.5))["id"]) == ["in", "near", "area"]


def test_view_narrows_what_is_sent() -> None:
    data = synthetic_frame(3_000, seed=5)
    whole = render(build_map(data))
    narrow = render(build_map(data, view_bbox=(45.5, 40.8, 45.8, 41.0), zoom=12))
    assert '"strategy":"points"' in whole and '"strategy":"markers"' in narrow
    assert len(narrow) < len(whole)


def test_missing_columns_are_named() -> None:
    with pytest.raises(ValueError, match="geometry"):
        build_map(frame(row()).drop(columns=["geometry"]))


def test_unknown_layer_is_named() -> None:
    with pytest.raises(KeyError, match="no-such-layer"):
        build_map(frame(row()), layers=["no-such-layer"])


def test_layers_are_toggleable_with_provenance() -> None:
    html = render(build_map(frame(row()), layers=["line-of-contact-1994-2020", "countries"]))
    assert "L.control.layers" in html
    assert "Natural Earth" in html and "valid 1994-05-12" in html


@pytest.mark.parametrize("assets", ["served", "inline"])
def test_no_cdn_url_remains(assets: str, vendor_dir: None) -> None:
    m = build_map(synthetic_frame(3_000, seed=1), assets=assets)  # the points level also needs the cluster plugin
    html = render(m)
    for host in CDN_HOSTS:
        assert host not in html
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']https?:""", html)
    for url in linked_assets(m):
        assert url.startswith("/app/static/vendor/")
    if assets == "inline":
        assert linked_assets(m) == [] and "L.markerClusterGroup" in html and "leaflet-container" in html


def test_cdn_only_when_asked() -> None:
    m = build_map(synthetic_frame(3_000, seed=1), assets="cdn")
    assert any(url.startswith("https://") for url in linked_assets(m))


def test_payload_at_100k_fits_the_budget() -> None:
    data = synthetic_frame(100_000, seed=7)
    assert len(render(build_map(data)).encode("utf-8")) <= MAX_PAYLOAD_BYTES


def test_payload_at_the_largest_clustered_level_fits_the_budget() -> None:
    data = synthetic_frame(POINTS_MAX, seed=8)
    html = render(build_map(data))
    assert '"strategy":"points"' in html
    assert len(html.encode("utf-8")) <= MAX_PAYLOAD_BYTES


def hostile_aggregate() -> AggregatedIncidents:
    """Counts as the database would give them (query.CELL_COLUMNS etc.), with hostile text in every string."""
    text = HOSTILE_STRINGS[0]
    day = dt.date(2020, 10, 1)
    cells = pd.DataFrame([{"iy": 5300, "ix": 4700, "side": "Armenia", "n": 2, "lat_sum": 80.0, "lon_sum": 92.0,
                           "disputed": 1, "d0": day, "d1": day, "id": "c1"},
                          {"iy": 5400, "ix": 4800, "side": text, "n": 1, "lat_sum": 40.6, "lon_sum": 46.4,
                           "disputed": 0, "d0": day, "d1": day, "id": text}])
    shapes = pd.DataFrame([{"key": "p1", "location_precision": "line", "side": text, "n": 3, "place": text,
                            "disputed": 0, "d0": day, "d1": day, "geometry": json.dumps(LINE)}])
    newest = pd.DataFrame([{"key": "p1", "id": text, "date": day, "event_type": text, "side": text}])
    return AggregatedIncidents(zoom=11, cells=cells, shapes=shapes, newest=newest, count=6, synthetic=6,
                               sides=("Armenia", text), types=(text,))


def test_counts_from_the_database_draw_cells_and_shapes(vendor_dir: None) -> None:
    page = render(build_map(hostile_aggregate(), zoom=8))
    payload = aggregated_payload(hostile_aggregate(), zoom=8)
    assert payload["strategy"] == "cells" and payload["count"] == 6
    assert sum(payload["cells"][0]["n"]) == 3 and payload["areas"][0]["n"] == 3
    assert "6 SYNTHETIC incidents" in page
    assert HOSTILE_STRINGS[0] not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert payload["cells"][0]["id"] == ["", "&lt;script&gt;alert(1)&lt;/script&gt;"]


def test_template_syntax_in_article_text_is_not_evaluated() -> None:
    page = render(build_map(frame(row(id="j1", place="{{ 7 * 7 }}", side="{% if 1 %}x{% endif %}"))))
    assert "{{ 7 * 7 }}" in page and "{% if 1 %}x{% endif %}" in page
