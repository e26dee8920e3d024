import argparse
import csv
import io
import json
import shutil

import pytest

from incidents import cli
from incidents.evaluate import below, metrics, read_floors, run_evaluate

from .common import FIXTURES


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_geojson_properties(capsys):
    code, out, err = run(capsys, "extract", str(FIXTURES / "denial-ganja.md"))
    assert code == 0 and err.startswith("extract: 1 article(s) read, 0 failed;")
    collection = json.loads(out)
    assert collection["type"] == "FeatureCollection"
    ganja = next(f for f in collection["features"] if f["properties"]["place"] == "Ganja")
    props = ganja["properties"]
    for key in ("article", "title", "outlet", "published", "date", "date_end", "date_precision", "place",
                "location_precision", "event_type", "claimant", "claimant_side", "claims", "disputed", "killed",
                "injured", "evidence"):
        assert key in props, key
    assert props["article"] == "denial-ganja.md" and props["date"] == "2020-10-10"
    assert props["claimant_side"] == "Azerbaijan" and props["disputed"] is True
    assert {"claimant", "side", "stance", "quote"} <= set(props["claims"][0])
    assert ganja["geometry"]["type"] == "Point"


def test_extract_jsonl_and_csv(capsys):
    code, out, _ = run(capsys, "extract", "--format", "jsonl", str(FIXTURES / "claimants.md"))
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(lines) == 5 and all(f["type"] == "Feature" for f in lines)
    code, out, _ = run(capsys, "extract", "--format", "csv", str(FIXTURES / "unlocated.md"))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 1 and rows[0]["location_precision"] == "line"
    assert rows[0]["lon"] and rows[0]["lat"]


def test_bad_files_are_reported_and_skipped(tmp_path, capsys):
    shutil.copy(FIXTURES / "denial-reality.md", tmp_path / "good.md")
    (tmp_path / "bad.md").write_bytes(b"\x00\x00")
    (tmp_path / "empty.txt").write_text("")
    code, out, err = run(capsys, "extract", str(tmp_path))
    assert code == 1, "an input failed: the exit code says so"
    assert len(json.loads(out)["features"]) == 1, "the readable file is still extracted"
    assert err.splitlines() == [f"error: {tmp_path / 'bad.md'}: binary file (contains NUL characters)",
                                f"error: {tmp_path / 'empty.txt'}: empty file (no text, only blank characters)",
                                "extract: 1 article(s) read, 2 failed; 1 incident(s)"]


def test_every_file_failing_is_an_error(tmp_path, capsys):
    (tmp_path / "bad.md").write_bytes(b"\x00\x00")
    code, out, err = run(capsys, "extract", str(tmp_path / "bad.md"))
    assert code == 1 and "bad.md" in err and json.loads(out)["features"] == []
    code, _, err = run(capsys, "extract", str(tmp_path / "missing.txt"))
    assert code == 1 and "missing.txt" in err


def test_urls_are_fetched_safely(capsys):
    code, out, err = run(capsys, "extract", "http://127.0.0.1:9/report")
    assert code == 1 and "non-public address" in err and json.loads(out)["features"] == []


def test_background_only_on_request(capsys):
    _, out, _ = run(capsys, "extract", str(FIXTURES / "talks-venues.md"))
    assert all(not f["properties"]["background"] for f in json.loads(out)["features"])


@pytest.mark.parametrize(
    ("report", "floors", "failing"),
    [
        ({"recall": 1.0, "precision": 0.9, "f1": 0.95, "killed_correct": "3/3"}, {"recall": 0.9}, []),
        ({"recall": 0.8, "precision": 0.9, "f1": 0.85, "killed_correct": "2/3"},
         {"recall": 0.9, "killed_accuracy": 1.0}, ["killed_accuracy", "recall"]),
    ],
)
def test_floor_comparison(report, floors, failing):
    assert sorted(below(metrics(report), floors)) == failing


def test_floors_file_errors(tmp_path):
    bad = tmp_path / "floors.json"
    bad.write_text("[1, 2]")
    with pytest.raises(ValueError, match="floors.json"):
        read_floors(bad)


def test_evaluate_fails_below_floor_and_lowers_only_with_flag(tmp_path, capsys):
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(FIXTURES / "denial-ganja.md", articles / "a.md")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({
        "places": {"Ganja": {"at": [40.6828, 46.3606], "km": 10}, "Goris": {"at": [39.51, 46.34], "km": 10}},
        "incidents": [{"article": "a.md", "place": "Ganja", "date": "2020-10-10", "killed": 4},
                      {"article": "a.md", "place": "Goris", "date": "2020-10-01"}]}))
    scorer = tmp_path / "score.py"
    scorer.write_text(SCORER)
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"floors": {"recall": 0.9}}))
    args = argparse.Namespace(articles=str(articles), gold=str(gold), floors=str(floors), scorer=str(scorer),
                              lower_floors=False)
    assert run_evaluate(args) == 1
    assert "below the pinned floor" in capsys.readouterr().err
    assert json.loads(floors.read_text()) == {"floors": {"recall": 0.9}}, "never lowered silently"
    args.lower_floors = True
    assert run_evaluate(args) == 0
    assert json.loads(floors.read_text())["floors"]["recall"] == 0.5


# a minimal stand-in with the shared scorer's interface: found = gold incidents with a same-day prediction
SCORER = '''
def score(gold, predicted, show=False):
    dates = {(f["properties"]["article"], f["properties"]["date"]) for f in predicted["features"]}
    found = sum((g["article"], g["date"]) in dates for g in gold["incidents"])
    recall = found / len(gold["incidents"])
    return {"recall": recall, "precision": 1.0, "f1": round(2 * recall / (1 + recall), 3), "killed_correct": "1/1"}
'''
