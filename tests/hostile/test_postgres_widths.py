"""On PostgreSQL, which enforces column widths, the longest values the reader lets through still store.

SQLite ignores VARCHAR lengths, so a field the reader accepts but the hosted
database refuses would pass every SQLite test and crash ingest in production.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from incidents.extract import extract_incidents
from incidents.read import MAX_FIELD_CHARS, ReadError, read_article
from incidents.store.db import engine_from_url
from incidents.store.ingest import ingest_article, store_counts
from tests.hostile.corpus import BODY
from tests.hostile.stores import FIXTURES, NOW, hostile_report
from tests.store.conftest import drop_schema, fresh_url

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(tmp_path: Path) -> Iterator[Engine]:
    url, schema = fresh_url("postgres", tmp_path)
    engine = engine_from_url(url)
    yield engine
    engine.dispose()
    if schema:
        drop_schema(schema)


def widest(field: str) -> str:
    value = "w" * MAX_FIELD_CHARS[field]
    return f"https://example.org/{value[20:]}" if field == "url" else value


@pytest.mark.parametrize("field", sorted(MAX_FIELD_CHARS))
def test_the_widest_accepted_front_matter_stores(pg: Engine, tmp_path: Path, field: str) -> None:
    path = tmp_path / f"wide-{field}.md"
    path.write_text(f"---\n{field}: {widest(field)}\n---\n{BODY}", encoding="utf-8")
    article = read_article(path)
    ingest_article(pg, article, extract_incidents(article), now=NOW)
    assert store_counts(pg)["articles"] == 1
    path.write_text(f"---\n{field}: {widest(field)}w\n---\n{BODY}", encoding="utf-8")
    with pytest.raises(ReadError, match="too long"):
        read_article(path)


def test_the_hostile_store_builds_on_postgres(pg: Engine) -> None:
    for name in ("baseline-report.md", "hostile-report.md"):
        article = read_article(FIXTURES / name)
        ingest_article(pg, article, extract_incidents(article), now=NOW)
    article, incident = hostile_report()
    ingest_article(pg, article, [incident], now=NOW)
    counts = store_counts(pg)
    assert counts["articles"] == 3 and counts["incidents"] >= 3
