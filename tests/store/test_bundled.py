"""The bundled reviewed incidents: loaded once into an empty store, honest to the gazetteer, in our own words."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from incidents.store.bundled import BUNDLE_PATH, BundleError, read_bundle
from incidents.store.db import ROOT, open_store
from incidents.store.ingest import store_counts
from incidents.store.query import Filters, query_incidents

# runs of this many words copied from an article count as copied text (the project's content rule)
COPY_RUN_WORDS = 9

OWN_FILES = [BUNDLE_PATH, ROOT / "docs" / "store.md", *sorted((ROOT / "tests" / "store").glob("*.py")),
             *sorted((ROOT / "incidents" / "store").glob("*.py")), ROOT / "incidents" / "export.py"]


def word_runs(text: str, n: int = COPY_RUN_WORDS) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_empty_store_loads_the_bundle_once(store_url):
    engine = open_store({"DATABASE_URL": store_url})
    counts = store_counts(engine)
    frame = query_incidents(engine, Filters())
    assert counts["articles"] == 5 and len(frame) == 14  # 15 reports, the April 2 outbreak merged
    names = " ".join(frame.place)
    for place in ("Ganja", "Hadrut", "Nakhchivan", "Stepanakert", "Lachin", "Sarıbaba", "line of contact"):
        assert place in names
    assert frame.synthetic.sum() == 0 and (frame.summary != "").all()
    assert store_counts(open_store({"DATABASE_URL": store_url})) == counts
    ganja = frame.set_index("place").loc["Ganja"]
    assert (ganja.killed, ganja.injured, bool(ganja.disputed)) == (9, 34, True)


def test_bundle_ids_are_the_reader_ids(corpus_articles):
    from incidents.read import read_articles

    ids = {path.name: art.id for path, art in read_articles([corpus_articles])}
    bundled = {art.source: art.id for art, _ in read_bundle()}
    assert bundled == ids


def test_bundled_places_match_the_gazetteer():
    pytest.importorskip("geo.gazetteer")
    from geo.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    for record in json.loads(BUNDLE_PATH.read_text(encoding="utf-8"))["incidents"]:
        place = gaz.get(record["place_id"])
        assert (place.display_name, place.precision) == (record["place_name"], record["location_precision"])
        assert place.geometry() == record["geometry"]


def test_no_article_sentences_in_our_files(corpus_articles):
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus_articles.iterdir())]
    # the article bodies (front matter is metadata); titles are citations, which the content rule allows
    runs = set().union(*(word_runs(t.split("\n---\n", 1)[-1]) for t in texts))
    runs -= set().union(*(word_runs(t) for text in texts for t in re.findall(r"^title: (.*)$", text, re.M)))
    for path in OWN_FILES:
        if path.exists():
            copied = word_runs(path.read_text(encoding="utf-8")) & runs
            assert not copied, f"{path} repeats article text: {' '.join(sorted(copied)[0])}"


@pytest.mark.parametrize(("content", "problem"), [
    ("{not json", "cannot read"),
    ('{"articles": [], "incidents": [{"article": "x"}]}', "unknown article 'x'"),
])
def test_bad_bundle_names_file_and_problem(tmp_path: Path, content, problem):
    path = tmp_path / "bundle.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BundleError, match=re.escape(problem)) as info:
        read_bundle(path)
    assert str(path) in str(info.value)


def test_bundle_record_with_unknown_type_is_refused(tmp_path: Path):
    data = json.loads(BUNDLE_PATH.read_text(encoding="utf-8"))
    data["incidents"][0]["event_type"] = "skirmish"
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BundleError, match="incident 0 .*unknown event_type 'skirmish'"):
        read_bundle(path)


def _bundle_counts(engine) -> tuple[int, int]:
    return store_counts(engine)["articles"], len(query_incidents(engine, Filters()))


def test_a_failure_mid_first_load_leaves_nothing_and_the_next_open_loads_it_all(store_url, monkeypatch):
    import incidents.store.bundled as bundled
    from incidents.store.db import engine_from_url

    real, stored = bundled.store_article, []

    def failing_after_two(conn, *args, **kwargs):
        if len(stored) == 2:
            raise RuntimeError("simulated crash while loading the bundle")
        stored.append(real(conn, *args, **kwargs))
        return stored[-1]

    monkeypatch.setattr(bundled, "store_article", failing_after_two)
    with pytest.raises(RuntimeError, match="simulated crash"):
        open_store({"DATABASE_URL": store_url})
    assert store_counts(engine_from_url(store_url))["articles"] == 0
    monkeypatch.setattr(bundled, "store_article", real)
    engine = open_store({"DATABASE_URL": store_url})
    assert _bundle_counts(engine) == (5, 14)


def test_a_store_left_partial_by_an_older_version_is_completed(store_url):
    from incidents.store.db import engine_from_url
    from incidents.store.ingest import ingest_article

    engine = engine_from_url(store_url)
    art, found = read_bundle()[0]
    ingest_article(engine, art, found, bundled=True)
    assert store_counts(engine)["articles"] == 1
    assert _bundle_counts(open_store({"DATABASE_URL": store_url})) == (5, 14)


def test_the_bundle_is_not_loaded_into_a_store_holding_other_articles(store_url):
    from incidents.store.db import engine_from_url
    from incidents.store.ingest import ingest_article
    from tests.store.common import wire_report

    ingest_article(engine_from_url(store_url), *wire_report())
    assert store_counts(open_store({"DATABASE_URL": store_url}))["articles"] == 1


def test_sigkill_during_the_first_open_leaves_no_partial_bundle(store_url):
    import signal
    import subprocess
    import sys

    from incidents.store.db import engine_from_url

    engine_from_url(store_url).dispose()  # tables exist before the child starts
    child = subprocess.run([sys.executable, "-m", "tests.store.worker", "first-open", store_url, "2"], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert "stored 0" in child.stdout and "stored 1" in child.stdout
    assert store_counts(engine_from_url(store_url))["articles"] in (0, 5), "a partial bundle was left"
    assert _bundle_counts(open_store({"DATABASE_URL": store_url})) == (5, 14)
