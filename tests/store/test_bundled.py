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
