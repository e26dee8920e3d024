"""`python -m geo`: lookup output, exit codes, and the build commands' argument checks."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_lookup_prints_place_coordinates_kind_precision_and_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "Ganca"]) == 0
    out = capsys.readouterr().out
    for expected in ("Ganja", "gn:586523", "city", "point", "40.68", "46.36", "Gəncə", "Kirovabad"):
        assert expected in out


@pytest.mark.parametrize(("args", "expected"), [
    (["lookup", "--json", "Laxin", "district"], {"name": "Lachin District", "kind": "district", "precision": "area"}),
    (["lookup", "--json", "Xankəndi"], {"name": "Stepanakert", "display_name": "Stepanakert (Khankendi)",
                                         "kind": "city", "precision": "point", "country": "AZ"}),
    (["lookup", "--json", "line of contact"], {"kind": "line", "precision": "line", "country": ""}),
])
def test_lookup_json(capsys: pytest.CaptureFixture[str], args: list[str], expected: dict[str, str]) -> None:
    assert main(args) == 0
    record = json.loads(capsys.readouterr().out)
    assert expected.items() <= record.items()
    assert {"name", "display_name", "kind", "precision", "lat", "lon", "country"} <= record.keys()
    assert isinstance(record["lat"], float) and isinstance(record["lon"], float)


@pytest.mark.parametrize("name", ["Moscow", "Donetsk", "Defense"])
def test_unknown_name_says_not_found_on_stderr(capsys: pytest.CaptureFixture[str], name: str) -> None:
    assert main(["lookup", name]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "not found" in captured.err and name in captured.err


def test_build_layers_rejects_a_missing_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["build-layers", str(tmp_path / "missing")]) == 2
    assert "not a directory" in capsys.readouterr().err


def test_module_entry_point_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "geo", "lookup", "--json", "Naxcivan"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["name"] == "Nakhchivan"
    missing = subprocess.run([sys.executable, "-m", "geo", "lookup", "Donetsk"], cwd=ROOT,
                             capture_output=True, text=True, timeout=60, check=False)
    assert missing.returncode != 0 and "not found" in missing.stderr
