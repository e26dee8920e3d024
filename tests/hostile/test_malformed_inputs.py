"""The malformed-input corpus through ingest (read -> extract -> store), one fresh store copy per case.

Each input either yields a ReadError naming the file and the problem, with the
store exactly as it was, or is stored harmlessly: sane dates and figures,
nothing already stored lost, and storing it twice duplicates nothing. Any other
exception fails the test: that is a crash.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from incidents.errors import shown
from incidents.extract import extract_incidents
from incidents.model import Article
from incidents.read import ReadError, read_article
from incidents.store.db import engine_from_url
from incidents.store.ingest import ingest_article, store_counts
from incidents.store.schema import articles, claims, incidents
from tests.hostile.corpus import Case, all_cases

CASES = all_cases()

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
# Dates outside these years cannot be in a report of this conflict.
SANE_YEARS = (1900, 2100)
# No single incident kills more people than this; a bigger figure was misread.
SANE_TOLL = 1_000_000


def ingest_file(engine: Engine, path: Path) -> Article:
    """The real pipeline on one file; a ReadError propagates, as does any crash."""
    article = read_article(path)
    ingest_article(engine, article, extract_incidents(article), now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    return article


def stored_ids(engine: Engine) -> dict[str, set[str]]:
    with engine.connect() as conn:
        return {table.name: set(conn.execute(sa.select(table.c.id)).scalars()) for table in (articles, incidents, claims)}


@pytest.fixture(scope="module")
def baseline_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file holding the baseline article, copied for every case."""
    path = tmp_path_factory.mktemp("baseline") / "store.db"
    engine = engine_from_url(f"sqlite:///{path}")
    ingest_file(engine, FIXTURES / "baseline-report.md")
    assert store_counts(engine)["incidents"] >= 1, "the baseline must store something that could be lost"
    engine.dispose()
    return path


@pytest.fixture
def store(baseline_db: Path, tmp_path: Path) -> Engine:
    copy = tmp_path / "store.db"
    shutil.copy(baseline_db, copy)
    engine = engine_from_url(f"sqlite:///{copy}")
    yield engine
    engine.dispose()


def test_corpus_is_big_and_varied() -> None:
    assert len(CASES) >= 100
    assert len({case.name for case in CASES}) == len(CASES)
    assert {case.expect for case in CASES} == {"error", "stored"}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_malformed_input_is_refused_clearly_or_stored_harmlessly(case: Case, store: Engine, tmp_path: Path) -> None:
    path = tmp_path / "inbox" / case.name
    path.parent.mkdir()
    case.write(path)
    before_ids, before_counts = stored_ids(store), store_counts(store)
    if case.expect == "error":
        with pytest.raises(ReadError) as caught:
            ingest_file(store, path)
        assert str(caught.value).startswith(f"{shown(case.name)}: "), "the error must name the file, escaped"
        assert "\n" not in str(caught.value) and "\x1b" not in str(caught.value), "one plain line"
        assert case.words in caught.value.reason
        assert str(tmp_path) not in str(caught.value), "the error names the file, not the machine's folders"
        assert stored_ids(store) == before_ids
        assert store_counts(store) == before_counts
        return
    article = ingest_file(store, path)
    after_ids = stored_ids(store)
    for table, ids in before_ids.items():
        assert ids <= after_ids[table], f"{table}: rows already stored were lost"
    assert article.id in after_ids["articles"]
    assert case.words in article.text, "the text must be decoded right"
    assert_sane(store, article)
    counts = store_counts(store)
    ingest_file(store, path)  # the same file again changes nothing
    assert store_counts(store) == counts
    assert stored_ids(store) == after_ids


def assert_sane(engine: Engine, article: Article) -> None:
    """What a stored hostile input may leave behind: plausible dates and figures only."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(articles).where(articles.c.id == article.id)).one()
        found = conn.execute(sa.select(incidents).where(incidents.c.article_id == article.id)).all()
    assert row.published is None or SANE_YEARS[0] <= row.published.year <= SANE_YEARS[1]
    for incident in found:
        for day in (incident.date, incident.date_end):
            assert day is None or SANE_YEARS[0] <= day.year <= SANE_YEARS[1], f"{incident.place}: date {day}"
        for figure in (incident.killed, incident.injured):
            assert figure is None or 0 <= figure < SANE_TOLL
        assert -90 <= incident.lat <= 90 and -180 <= incident.lon <= 180


def test_the_baseline_article_again_duplicates_nothing(store: Engine, tmp_path: Path) -> None:
    before_ids, before_counts = stored_ids(store), store_counts(store)
    ingest_file(store, FIXTURES / "baseline-report.md")
    crlf = tmp_path / "baseline-report.md"  # line endings alone do not make a new article
    crlf.write_bytes((FIXTURES / "baseline-report.md").read_bytes().replace(b"\n", b"\r\n"))
    ingest_file(store, crlf)
    assert stored_ids(store) == before_ids
    assert store_counts(store) == before_counts
