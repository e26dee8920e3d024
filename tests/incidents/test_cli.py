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


def test_a_malformed_url_fails_alone_and_the_batch_goes_on(tmp_path, capsys):
    """Issue 13: one bad port used to end the whole batch with a traceback."""
    shutil.copy(FIXTURES / "denial-reality.md", tmp_path / "good.md")
    code, out, err = run(capsys, "extract", "http://8.8.8.8:abc/", "http://8.8.8.8/a b", "file:///etc/passwd",
                         "gopher://127.0.0.1:70/_x", str(tmp_path))
    assert code == 1
    assert len(json.loads(out)["features"]) == 1, "the folder after the bad URLs is still read"
    assert err.splitlines() == [
        "error: http://8.8.8.8:abc/: malformed URL (port is not a number from 1 to 65535)",
        "error: http://8.8.8.8/a b: malformed URL (contains a space or a control character)",
        "error: file:///etc/passwd: only http and https URLs can be fetched (got 'file')",
        "error: gopher://127.0.0.1:70/_x: only http and https URLs can be fetched (got 'gopher')",
        "extract: 1 article(s) read, 4 failed; 1 incident(s)",
    ]


def test_a_newline_in_a_file_name_cannot_forge_error_lines(tmp_path, capsys):
    (tmp_path / "evil\nerror: forged.txt").write_bytes(b"")
    shutil.copy(FIXTURES / "denial-reality.md", tmp_path / "good.md")
    code, _, err = run(capsys, "extract", str(tmp_path))
    assert code == 1
    assert err.splitlines() == [f"error: {tmp_path}/evil\\nerror: forged.txt: empty file (no text, only blank characters)",
                                "extract: 1 article(s) read, 1 failed; 1 incident(s)"]


@pytest.mark.parametrize("make", ["empty folder", "link loop"])
def test_an_empty_folder_or_a_link_loop_is_an_error_not_a_silent_success(tmp_path, capsys, make):
    folder = tmp_path / "inbox"
    folder.mkdir()
    if make == "link loop":
        (folder / "loop").symlink_to(folder)
    code, out, err = run(capsys, "extract", str(folder))
    assert code == 1 and json.loads(out)["features"] == []
    reason = "no files in this folder" if make == "empty folder" else "a symbolic link to a folder, not followed"
    assert err.splitlines()[0].startswith("error: ") and reason in err


def test_special_files_are_refused_without_blocking(tmp_path):
    """A FIFO used to hang the batch and a link to /dev/zero to exhaust memory: run in a child with limits."""
    import os
    import resource
    import subprocess
    import sys

    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    shutil.copy(FIXTURES / "denial-reality.md", tmp_path / "good.md")

    def limits():
        resource.setrlimit(resource.RLIMIT_AS, (3 * 1024 ** 3, 3 * 1024 ** 3))

    done = subprocess.run([sys.executable, "-m", "incidents", "extract", str(tmp_path)], capture_output=True,
                          text=True, timeout=120, preexec_fn=limits, cwd=FIXTURES.parents[2])
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"error: {tmp_path / 'pipe.txt'}: not a regular file: a FIFO (named pipe)",
                                        f"error: {tmp_path / 'zero.txt'}: not a regular file: a character device",
                                        "extract: 1 article(s) read, 2 failed; 1 incident(s)"]


UNDATED = "Shelling reported near Tartar\n\nArtillery shells hit the town of Tartar, the ministry said.\n"


def test_known_metadata_fills_what_the_text_does_not_state(tmp_path, capsys):
    path = tmp_path / "pasted.txt"
    path.write_text(UNDATED)
    _, out, _ = run(capsys, "extract", str(path))
    props = json.loads(out)["features"][0]["properties"]
    assert (props["published"], props["date"], props["outlet"]) == (None, None, "")
    code, out, _ = run(capsys, "extract", str(path), "--published", "2020-10-04", "--outlet", "Test Wire",
                       "--title", "Tartar shelled", "--url", "https://example.org/tartar")
    props = json.loads(out)["features"][0]["properties"]
    assert code == 0
    assert (props["published"], props["outlet"], props["title"], props["url"]) == (
        "2020-10-04", "Test Wire", "Tartar shelled", "https://example.org/tartar")
    assert props["date"] == "2020-10-04", "a given publication day dates the report (precision day)"


def test_front_matter_beats_the_command_line(capsys):
    _, out, _ = run(capsys, "extract", str(FIXTURES / "denial-ganja.md"), "--outlet", "Other", "--published",
                    "2001-01-01")
    props = json.loads(out)["features"][0]["properties"]
    assert props["outlet"] != "Other" and props["published"] != "2001-01-01"


@pytest.mark.parametrize(("argv", "words"), [
    (["--published", "yesterday"], "bad date"),
    (["--published", "9999-12-31"], "implausible"),
    (["--url", "javascript:alert(1)"], "only http and https"),
    (["--url", "http://8.8.8.8:abc/"], "port"),
    (["--outlet", "o" * 201], "too long"),
    (["--title", "One title for two files"], "a single file or URL"),
])
def test_bad_metadata_options_are_usage_errors(tmp_path, capsys, argv, words):
    (tmp_path / "a.txt").write_text(UNDATED)
    (tmp_path / "b.txt").write_text(UNDATED)
    with pytest.raises(SystemExit) as exited:
        cli.main(["extract", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), *argv])
    assert exited.value.code == 2 and words in capsys.readouterr().err
