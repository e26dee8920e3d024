"""The Data page: each filter narrows the table as expected; downloads hold exactly those rows."""
from __future__ import annotations

import csv
import io
import json

import pytest

from tests.ui.conftest import run_page, shown_places
from tests.ui.fixture_store import ALL_PLACES

PAGE = "pages/3_Data.py"


@pytest.mark.parametrize(
    ("params", "places"),
    [
        ({}, ALL_PLACES),
        ({"start": "2020-10-01", "end": "2020-10-31"}, {"Ganja", "Stepanakert (Khankendi)", "Hadrut"}),
        ({"outlet": "Outlet One"}, {"Tartar", "Martakert (Aghdara)"}),
        ({"outlet": "Outlet One,Outlet Three"}, {"Tartar", "Martakert (Aghdara)", "Lachin district"}),
        ({"claimant": "Azerbaijani Prosecutor"}, {"Ganja"}),
        ({"side": "Russia"}, {"Lachin district"}),
        ({"side": ["Armenia", "Nagorno-Karabakh"]}, {"Martakert (Aghdara)", "Stepanakert (Khankendi)", "Hadrut"}),
        ({"type": "shelling"}, {"Tartar", "Stepanakert (Khankendi)"}),
        ({"disputed": "true"}, {"Martakert (Aghdara)"}),
        ({"min_killed": "2"}, {"Tartar", "Ganja"}),
        ({"side": "Azerbaijan", "type": "missile strike"}, {"Ganja"}),
    ],
)
def test_url_filters_select_the_expected_incidents(store_url, params, places):
    app = run_page(PAGE, params)
    assert not app.exception
    assert shown_places(app) == places


@pytest.fixture
def media(monkeypatch) -> list:
    """The in-memory media stores AppTest creates, so a download button's bytes can be read back."""
    import streamlit.testing.v1.app_test as app_test

    stores: list = []

    class Recording(app_test.MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            stores.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Recording)
    return stores


def _download(app, media, fmt: str) -> bytes:
    button = next(b for b in app.get("download_button") if b.proto.label == fmt)
    file_id = button.proto.url.rsplit("/", 1)[-1].split(".")[0]
    return media[-1].get_file(file_id).content


@pytest.mark.parametrize("params", [{}, {"start": "2016-04-01", "end": "2016-04-30"}, {"side": "Azerbaijan"}])
def test_downloads_hold_exactly_the_filtered_rows(store_url, media, params):
    app = run_page(PAGE, params)
    assert not app.get("download_button")[:-1]  # only the snapshot until the files are asked for
    app = app.button(key="prepare_downloads").click().run()
    table_ids = set(app.dataframe[0].value["id"])
    rows = list(csv.DictReader(io.StringIO(_download(app, media, "CSV").decode("utf-8"))))
    assert {r["id"] for r in rows} == table_ids
    features = json.loads(_download(app, media, "GeoJSON"))["features"]
    assert {f["properties"]["id"] for f in features} == table_ids
    assert len(features) == len(table_ids)
    assert _download(app, media, "KML").count(b"<Placemark") == len(table_ids)
    assert _download(app, media, "GeoPackage")[:16] == b"SQLite format 3\x00"


def test_snapshot_of_the_view_is_self_contained(store_url):
    from incidents.store.db import engine_from_url
    from incidents.store.query import Filters, claims_for, query_incidents
    from ui.downloads import snapshot_maker

    engine = engine_from_url(store_url)
    filters = Filters(sides=("Azerbaijan",))
    frame = query_incidents(engine, filters)
    page = snapshot_maker(frame, claims_for(engine, list(frame["id"])), filters, ["countries"])().decode("utf-8")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "Azerbaijani Prosecutor" in page and "Russian Defence Ministry" not in page
    assert "https://cdn" not in page


def test_csv_download_neutralises_spreadsheet_formulas(tmp_path, monkeypatch, media):
    from tests.hostile.payload_store import PAYLOADS, build_payload_store
    from tests.hostile.test_hostile_exports import assert_csv_safe

    build_payload_store(tmp_path / "payloads.db").dispose()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'payloads.db'}")
    app = run_page(PAGE).button(key="prepare_downloads").click().run()
    rows = assert_csv_safe(_download(app, media, "CSV").decode("utf-8"), "killed", len(PAYLOADS))
    assert rows["0"]["outlets"] == "'" + PAYLOADS[0][1] + " 0"
