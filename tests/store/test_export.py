"""Exports on SQLite and PostgreSQL: exactly the filtered rows, with claims and both precisions, in four formats."""
from __future__ import annotations

import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import pandas as pd
import pyogrio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents.export import FORMATS, export_selection, to_geojson
from incidents.model import Claim
from incidents.store.ingest import ingest_article
from incidents.store.query import Filters, query_incidents
from tests.store.common import article, incident, paper_report, wire_report

KML = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture(scope="module")
def stocked(shared_engine):
    engine = shared_engine
    ingest_article(engine, *wire_report())
    ingest_article(engine, *paper_report())
    art = article("line.txt", "A short account of clashes on the line, for the tests.", "Test Weekly")
    ingest_article(engine, art, [
        incident(art, place="Line of contact", date=dt.date(2020, 10, 1), date_end=dt.date(2020, 10, 3),
                 date_precision="range", event_type="armed clash", claims=[Claim("Armenian Defence Ministry", "Armenia")]),
        incident(art, place="Karabakh", date=dt.date(2020, 10, 5), date_precision="month", event_type="armed clash"),
    ])
    return engine


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_holds_exactly_the_selection(stocked, fmt, tmp_path):
    filters = Filters(start=dt.date(2020, 10, 2))
    expected = query_incidents(stocked, filters)
    data = export_selection(stocked, filters, fmt)
    if fmt == "csv":
        frame = pd.read_csv(io.BytesIO(data))
        got = dict(zip(frame.id, zip(frame.date_precision, frame.location_precision, strict=True), strict=True))
        claims = {row.id: json.loads(row.claims) for row in frame.itertuples()}
        assert ",shelling,9,34," in data.decode()  # tolls stay integers ("9", never "9.0")
    elif fmt == "geojson":
        features = json.loads(data)["features"]
        got = {f["id"]: (f["properties"]["date_precision"], f["properties"]["location_precision"]) for f in features}
        claims = {f["id"]: f["properties"]["claims"] for f in features}
    elif fmt == "gpkg":
        path = tmp_path / "x.gpkg"
        path.write_bytes(data)
        frame = pyogrio.read_dataframe(path)
        got = dict(zip(frame.id, zip(frame.date_precision, frame.location_precision, strict=True), strict=True))
        claims = {row.id: json.loads(row.claims) for row in frame.itertuples()}
        assert set(frame.geometry.geom_type) == {"Point", "LineString", "Polygon"}
    else:
        marks = ET.fromstring(data).iter(f"{KML}Placemark")
        fields = [{d.get("name"): d.find(f"{KML}value").text for d in m.iter(f"{KML}Data")} for m in marks]
        got = {f["id"]: (f["date_precision"], f["location_precision"]) for f in fields}
        claims = {f["id"]: json.loads(f["claims"]) for f in fields}
    assert got == dict(zip(expected.id, zip(expected.date_precision, expected.location_precision, strict=True),
                           strict=True))
    ganja = expected.set_index("place").loc["Ganja", "id"]
    assert sorted(c["claimant"] for c in claims[ganja]) == [
        "Armenian Defence Ministry", "Azerbaijan Defence Ministry", "Azerbaijan Prosecutor-General"]
    assert {c["outlet"] for c in claims[ganja]} == {"Test Wire", "Test Daily"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_selection_exports_cleanly(stocked, fmt):
    assert export_selection(stocked, Filters(types=("ceasefire",)), fmt)


def test_unknown_format_is_refused(stocked):
    with pytest.raises(ValueError, match="unknown export format 'shp'"):
        export_selection(stocked, Filters(), "shp")


coordinate = st.tuples(st.floats(44, 50, allow_nan=False), st.floats(38, 42, allow_nan=False)).map(list)
geometries = st.one_of(
    coordinate.map(lambda c: {"type": "Point", "coordinates": c}),
    st.lists(coordinate, min_size=2, max_size=5).map(lambda cs: {"type": "LineString", "coordinates": cs}),
)
items = st.lists(st.fixed_dictionaries({
    "id": st.text("0123456789abcdef", min_size=16, max_size=16),
    "geometry": geometries.map(json.dumps),
    "date": st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)).map(dt.date.isoformat),
    "date_precision": st.sampled_from(["day", "night", "range", "month"]),
    "location_precision": st.sampled_from(["point", "line", "area"]),
    "killed": st.none() | st.integers(0, 10_000),
    "summary": st.text(max_size=40),
    "claims": st.lists(st.fixed_dictionaries({"claimant": st.text(max_size=20),
                                              "stance": st.sampled_from(["asserts", "denies"])}), max_size=3),
}), max_size=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=items)
def test_geojson_round_trips(records):
    features = json.loads(to_geojson(records))["features"]
    back = [{**f["properties"], "geometry": json.dumps(f["geometry"])} for f in features]
    assert back == records
