"""Exports and the snapshot carry each incident's review (status, who, when) and honour the review filter."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest

from incidents.cli import main
from incidents.export import export_selection
from incidents.snapshot import describe_filters, snapshot_html
from incidents.store.ingest import ingest_article
from incidents.store.query import Filters, query_incidents
from incidents.store.review import accept, reject
from tests.store.test_review import bulletin, wire_report

WHEN = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)
REVIEWED_ONLY = Filters(statuses=("reviewed",))


@pytest.fixture
def reviewed_store(engine):
    """Ganja (the wire's) reviewed by Alice, Tartar machine-read, the wire's denial kept; Hadrut rejected."""
    ingest_article(engine, *bulletin(extracted=(1, 2)))
    ingest_article(engine, *wire_report())
    ids = dict(zip(*(query_incidents(engine, Filters())[c] for c in ("place", "id")), strict=True))
    accept(engine, ids["Ganja"], by="Alice", at=WHEN)
    reject(engine, ids["Hadrut"], "no drone that day", by="Alice", at=WHEN)
    return engine


def _csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_csv_has_the_review_columns_and_no_rejected_row(reviewed_store):
    rows = {r["place"]: r for r in _csv_rows(export_selection(reviewed_store, Filters(), "csv"))}
    assert set(rows) == {"Ganja", "Tartar"}
    assert (rows["Ganja"]["review_status"], rows["Ganja"]["reviewed_by"], rows["Ganja"]["reviewed_at"]) == (
        "reviewed", "Alice", "2026-01-05T12:00:00Z")
    assert (rows["Tartar"]["review_status"], rows["Tartar"]["reviewed_by"]) == ("machine", "")
    assert [r["place"] for r in _csv_rows(export_selection(reviewed_store, REVIEWED_ONLY, "csv"))] == ["Ganja"]


def test_geojson_gpkg_and_kml_carry_the_review(reviewed_store, tmp_path):
    import geopandas as gpd

    features = json.loads(export_selection(reviewed_store, Filters(), "geojson"))["features"]
    props = {f["properties"]["place"]: f["properties"] for f in features}
    assert (props["Ganja"]["review_status"], props["Ganja"]["reviewed_by"]) == ("reviewed", "Alice")
    path = tmp_path / "r.gpkg"
    path.write_bytes(export_selection(reviewed_store, REVIEWED_ONLY, "gpkg"))
    layer = gpd.read_file(path)
    assert list(layer.place) == ["Ganja"] and list(layer.reviewed_by) == ["Alice"]
    kml = export_selection(reviewed_store, Filters(), "kml").decode("utf-8")
    assert re.search(r'<Data name="review_status"><value>machine</value>', kml)
    assert '<Data name="reviewed_by"><value>Alice</value>' in kml


def test_export_command_takes_the_review_filter_and_the_policy(reviewed_store, store_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", store_url)
    assert main(["export", "--format", "csv", "--review", "reviewed"]) == 0
    assert [r["place"] for r in _csv_rows(capsys.readouterr().out.encode())] == ["Ganja"]
    monkeypatch.setenv("REVIEW_POLICY", "reviewed")
    assert main(["export", "--format", "csv"]) == 0
    assert [r["place"] for r in _csv_rows(capsys.readouterr().out.encode())] == ["Ganja"]
    assert main(["export", "--format", "csv", "--review", "all"]) == 0
    assert len(_csv_rows(capsys.readouterr().out.encode())) == 2


def test_snapshot_marks_machine_read_incidents_and_says_when_only_reviewed_ones_are_in(reviewed_store):
    page = snapshot_html(reviewed_store, Filters(), layers=[])
    assert "machine-read, not yet checked" in page and "hollow" in page
    assert "2 incidents (1 machine-read, not yet checked: drawn hollow) · filters: all incidents" in page
    assert "checked by Alice, 2026-01-05" in page  # the reviewed incident's popup names who checked it
    only = snapshot_html(reviewed_store, REVIEWED_ONLY, layers=[])
    assert "1 incident · filters: reviewed incidents only" in only
    assert describe_filters(REVIEWED_ONLY) == "reviewed incidents only"
