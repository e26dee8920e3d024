"""The real articles through the real reader and extractor: ingesting the corpus twice changes nothing."""
from __future__ import annotations

import pytest

from incidents.store.ingest import store_counts
from incidents.store.query import Filters, query_incidents


def test_corpus_twice_gives_identical_counts(engine, corpus_articles):
    pytest.importorskip("incidents.extract")
    from incidents.store_cli import ingest_paths

    first = ingest_paths(engine, [corpus_articles])
    counts = store_counts(engine)
    second = ingest_paths(engine, [corpus_articles])
    assert (first.new, first.failed) == (5, [])
    assert (second.new, second.changed, second.unchanged, second.incidents_new) == (0, 0, 5, 0)
    assert store_counts(engine) == counts
    assert counts["incidents"] > 0 and len(query_incidents(engine, Filters())) > 0
