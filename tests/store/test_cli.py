"""`python -m incidents ingest / export / edit / mark-wrong / undo-merge` against a store named by DATABASE_URL."""
from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import pytest

from incidents.cli import main
from incidents.store.db import engine_from_url
from incidents.store.query import Filters, claims_for, query_incidents
from incidents.store.schema import merge_log
from incidents.store_cli import parse_change


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def test_export_filters_and_writes_a_file(store, tmp_path, capsys):
    out = tmp_path / "ganja.geojson"
    assert main(["export", "--format", "geojson", "--out", str(out), "--start", "2020-10-01",
                 "--type", "shelling", "--disputed"]) == 0
    features = json.loads(out.read_text())["features"]
    assert [f["properties"]["place"] for f in features] == ["Ganja"]  # from the bundled data
    assert main(["export", "--format", "csv", "--outlet", "RFE/RL"]) == 0
    assert capsys.readouterr().out.count("\n") == 3  # header and two incidents


def test_ingest_reports_per_file_errors_and_a_summary(store, tmp_path, capsys, corpus_articles):
    pytest.importorskip("incidents.extract")
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert main(["ingest", str(corpus_articles), str(bad)]) == 1, "an input failed: the exit code says so"
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"error: {bad}: empty file (no text, only blank characters)"]
    assert "articles: 0 new, 0 changed, 5 unchanged, 1 failed" in captured.out  # the bundle already holds them


def test_edit_mark_wrong_and_undo_merge(store, capsys):
    main(["export", "--format", "csv"])  # first run: loads the bundle
    engine = engine_from_url(store)
    ganja = query_incidents(engine, Filters(types=("shelling",), min_killed=5)).iloc[0]
    assert main(["edit", ganja.id, "killed=10", "injured=none", "--by", "desk"]) == 0
    after = query_incidents(engine, Filters(ids=(ganja.id,))).iloc[0]
    assert after.killed == 10 and after.injured is pd_na()
    denial = claims_for(engine, [ganja.id]).query("stance == 'denies'").claim_id.iloc[0]
    assert main(["mark-wrong", denial]) == 0
    assert not query_incidents(engine, Filters(ids=(ganja.id,))).disputed.iloc[0]
    with engine.connect() as conn:
        merge_id = conn.execute(merge_log.select()).first().id
    assert main(["undo-merge", str(merge_id)]) == 0
    assert "undone" in capsys.readouterr().out


def pd_na():
    import pandas as pd

    return pd.NA


@pytest.mark.parametrize(("text", "expected"), [
    ("killed=3", ("killed", 3)),
    ("date=2020-10-11", ("date", dt.date(2020, 10, 11))),
    ("date_end=None", ("date_end", None)),
    ("event_type=shelling", ("event_type", "shelling")),
    ("civilian=yes", ("civilian", True)),
])
def test_parse_change(text, expected):
    assert parse_change(text) == expected


@pytest.mark.parametrize("text", ["killed", "outlets=x"])
def test_parse_change_refuses(text):
    with pytest.raises(argparse.ArgumentTypeError):
        parse_change(text)


def test_split_and_merge_by_hand(store, capsys):
    main(["export", "--format", "csv"])  # first run: loads the bundle
    engine = engine_from_url(store)
    ganja = query_incidents(engine, Filters(types=("shelling",), min_killed=5)).iloc[0]
    denial = claims_for(engine, [ganja.id]).query("stance == 'denies'").claim_id.iloc[0]
    before = len(query_incidents(engine, Filters()))
    assert main(["split", ganja.id, denial, "--by", "desk"]) == 0
    new_id = capsys.readouterr().out.split("now form incident ")[1].strip()
    assert len(query_incidents(engine, Filters())) == before + 1
    assert main(["merge", ganja.id, new_id]) == 0
    assert "undo-merge" in capsys.readouterr().out
    assert len(query_incidents(engine, Filters())) == before
    assert query_incidents(engine, Filters(ids=(ganja.id,))).disputed.iloc[0]


def test_ingest_takes_a_url(store, tmp_path, capsys, monkeypatch):
    """A URL on the command line is fetched (here from a local server, allowed for the test) and stored."""
    import functools
    import http.server
    import threading

    import incidents.fetch

    page = tmp_path / "report.html"
    page.write_text("<html><head><title>Test report</title></head><body><article><p>On 3 March 2021 the "
                    "Azerbaijani Defence Ministry said Armenian forces shelled Tovuz, killing two soldiers.</p>"
                    "<p>Officials in Yerevan denied it.</p></article></body></html>", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(incidents.fetch, "fetch_article",
                        functools.partial(incidents.fetch.fetch_article, allow_private=True))
    try:
        assert main(["ingest", f"http://127.0.0.1:{server.server_address[1]}/report.html"]) == 0
    finally:
        server.shutdown()
    assert "articles: 1 new" in capsys.readouterr().out
