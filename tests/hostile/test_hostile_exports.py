"""Hostile text through every file we publish: no spreadsheet formula, well-formed XML, valid JSON and GeoPackage.

Every CSV we write (`export --format csv`, the dashboard's download (its test
is in tests/ui/test_data_page.py), `extract --format csv`) neutralises cells a spreadsheet would run (OWASP: a leading
quote before = + - @ tab CR) and leaves numbers alone; KML holds no character
XML forbids; GeoJSON and GeoPackage keep the text as it was. Each export holds
exactly one row per payload report: nothing lost, nothing duplicated.
"""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pyogrio
import pytest
from sqlalchemy.engine import Engine

from incidents.export import export_selection
from incidents.store.query import Filters
from tests.hostile.payload_store import PAYLOADS, build_payload_store, payload_report

KML = "{http://www.opengis.net/kml/2.2}"
# What makes a spreadsheet evaluate a cell (OWASP's list), and what a plain number looks like.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# Characters XML 1.0 does not allow, even escaped.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NAMES = [name for name, _ in PAYLOADS]


@pytest.fixture(scope="module")
def payload_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = build_payload_store(tmp_path_factory.mktemp("payloads") / "store.db")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def exports(payload_store: Engine) -> dict[str, bytes]:
    return {fmt: export_selection(payload_store, Filters(), fmt) for fmt in ("csv", "geojson", "gpkg", "kml")}


def runs_as_formula(cell: str) -> bool:
    """Whether some spreadsheet would evaluate this cell instead of showing it (some strip leading blanks)."""
    core = cell.lstrip()
    return (cell.startswith(FORMULA_START) or core.startswith(FORMULA_START)) and not NUMBER.fullmatch(core)


def assert_csv_safe(data: str, key: str, expected_rows: int) -> dict[str, dict[str, str]]:
    """Every cell inert; one row per payload; returns the rows by `key`'s value."""
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    assert len(rows) == expected_rows, "an export lost or duplicated rows"
    for row in rows:
        for column, cell in row.items():
            assert not runs_as_formula(cell or ""), f"{column}: {cell[:40]!r} would run as a formula"
    return {row[key]: row for row in rows}


def neutralised(text: str) -> str:
    """What a CSV cell holding `text` must read: the text (a bare CR as a newline), behind a quote if it would run."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + lines if runs_as_formula(text) else lines


@pytest.mark.parametrize(("n", "name"), list(enumerate(NAMES)), ids=NAMES)
def test_store_csv_export_neutralises_formulas_and_keeps_the_text(exports: dict[str, bytes], n: int, name: str):
    rows = assert_csv_safe(exports["csv"].decode("utf-8"), "killed", len(PAYLOADS))
    text = PAYLOADS[n][1]
    row = rows[str(n)]  # killed is n: a number, written as one
    assert (row["place"], row["summary"], row["claimant"]) == (neutralised(text),) * 3
    assert row["outlets"] == neutralised(f"{text} {n}")


def test_numbers_stay_numbers_in_csv(exports: dict[str, bytes]):
    rows = list(csv.DictReader(io.StringIO(exports["csv"].decode("utf-8"), newline="")))
    assert sorted(int(row["killed"]) for row in rows) == list(range(len(PAYLOADS)))
    assert all(float(row["lat"]) > 40 and float(row["lon"]) > 45 for row in rows)
    assert rows[NAMES.index("number-like-text")]["place"] == "-3", "a number in a text column is data, not a formula"


def test_negative_numbers_in_numeric_columns_are_untouched():
    from incidents.export import to_csv

    item = {"id": "x", "lat": -3.5, "lon": -3.0, "killed": 3, "n_reports": 1, "place": "-3", "claims": []}
    row = next(csv.DictReader(io.StringIO(to_csv([item]).decode("utf-8"))))
    assert (row["lat"], row["lon"], row["killed"], row["place"]) == ("-3.5", "-3.0", "3", "-3")


@pytest.mark.parametrize(("n", "name"), list(enumerate(NAMES)), ids=NAMES)
def test_extract_csv_neutralises_formulas(n: int, name: str):
    from incidents.extract_cli import to_csv

    _, incident = payload_report(n, *PAYLOADS[n])
    rows = assert_csv_safe(to_csv([incident]), "killed", 1)
    text = PAYLOADS[n][1]
    assert (rows[str(n)]["place"], rows[str(n)]["title"], rows[str(n)]["claimant"]) == (neutralised(text),) * 3


def test_extract_command_csv_neutralises_a_formula_outlet(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    from incidents.cli import main
    from tests.hostile.corpus import BODY

    path = tmp_path / "formula-outlet.md"
    path.write_text(f"---\ntitle: '@SUM(1+1)'\noutlet: '=HYPERLINK(\"http://attacker.example\")'\n"
                    f"published: 2020-10-04\n---\n{BODY}", encoding="utf-8")
    assert main(["extract", "--format", "csv", str(path)]) == 0
    rows = assert_csv_safe(capsys.readouterr().out, "outlet", 1)
    assert list(rows) == ["'=HYPERLINK(\"http://attacker.example\")"]


@pytest.mark.parametrize(("n", "name"), list(enumerate(NAMES)), ids=NAMES)
def test_kml_is_well_formed_and_keeps_all_but_forbidden_characters(exports: dict[str, bytes], n: int, name: str):
    document = ET.fromstring(exports["kml"])  # raises on a character XML forbids
    marks = list(document.iter(f"{KML}Placemark"))
    assert len(marks) == len(PAYLOADS)
    fields = [{d.get("name"): d.find(f"{KML}value").text or "" for d in m.iter(f"{KML}Data")} for m in marks]
    row = next(f for f in fields if f["killed"] == str(n))
    assert row["place"] == XML_FORBIDDEN.sub("", PAYLOADS[n][1])


@pytest.mark.parametrize(("n", "name"), list(enumerate(NAMES)), ids=NAMES)
def test_geojson_and_geopackage_keep_the_text(exports: dict[str, bytes], tmp_path: Path, n: int, name: str):
    features = json.loads(exports["geojson"])["features"]
    assert len(features) == len(PAYLOADS)
    assert next(f for f in features if f["properties"]["killed"] == n)["properties"]["place"] == PAYLOADS[n][1]
    path = tmp_path / "x.gpkg"
    path.write_bytes(exports["gpkg"])
    frame = pyogrio.read_dataframe(path)
    assert len(frame) == len(PAYLOADS)
    assert frame.set_index("killed").loc[n, "place"] == PAYLOADS[n][1]


def test_snapshot_holds_no_control_characters(payload_store: Engine):
    from incidents.snapshot import snapshot_html

    page = snapshot_html(payload_store, Filters())
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", page), "a raw control character in the HTML"
    assert "Tartarshelled" in page

