"""Merges do not depend on ingest order or on the database: the same articles give the same incidents.

A corpus in our own words where order used to matter: reports of one Ganja
night that disagree on type and figures, a Tartar shelling reported with 1 or
999 killed, a chain of days, an article with two reports of one place, and an
incompatible clash. Every permutation must export byte for byte the same
incidents as the sorted order, on SQLite and on PostgreSQL.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents.export import export_selection
from incidents.model import EVENT_TYPES, Claim
from incidents.store.db import engine_from_url
from incidents.store.edits import edit_incident
from incidents.store.ingest import ingest_article
from incidents.store.merge import Unit, group_units, undo_merge
from incidents.store.query import Filters, query_incidents
from tests.store.common import OCT_11, PLACES, article, incident

OCT_10, OCT_12 = OCT_11 - dt.timedelta(days=1), OCT_11 + dt.timedelta(days=1)
BAKU = "Azerbaijan Defence Ministry"
YEREVAN = "Armenian Defence Ministry"


def _one(source: str, outlet: str, text: str, place: str, day: dt.date, event_type: str, killed: int | None,
         claims: list[Claim] | None = None):
    art = article(source, text, outlet)
    return art, [incident(art, place=place, date=day, event_type=event_type, killed=killed,
                          claims=claims or [Claim(BAKU, "Azerbaijan", killed=killed)])]


def corpus():
    """(article, reports) pairs, sorted by source: the order a folder is read in."""
    two = article("k-two-reports.txt", "Notes on two separate events in Ganja on consecutive days.", "Test Notes")
    items = [
        _one("a-wire.txt", "Test Wire", "Wire note: a night of rockets on Ganja, nine dead.", "Ganja", OCT_11,
             "shelling", 9, [Claim(BAKU, "Azerbaijan", killed=9), Claim(YEREVAN, "Armenia", stance="denies")]),
        _one("b-daily.txt", "Test Daily", "Daily note: a missile hit the Ganja outskirts.", "Ganja outskirts",
             OCT_11, "missile strike", None),
        _one("c-weekly.txt", "Test Weekly", "Weekly note: the Ganja toll rose to ten.", "Ganja", OCT_12,
             "casualty report", 10),
        _one("d-radio.txt", "Test Radio", "Radio note: civilians hit in Ganja, nine dead.", "Ganja", OCT_10,
             "attack on civilians", 9),
        _one("e-agency.txt", "Test Agency", "Agency note: one dead after shelling of Tartar.", "Tartar", OCT_11,
             "shelling", 1),
        _one("f-misread.txt", "Test Misread", "A garbled note giving Tartar 999 dead.", "Tartar", OCT_11,
             "shelling", 999),
        _one("g-late.txt", "Test Late", "A late note: one dead in Tartar shelling.", "Tartar", OCT_12, "shelling", 1),
        _one("h-clash.txt", "Test Clash", "A note on a clash near Ganja.", "Ganja", OCT_11, "armed clash", None),
        (two, [incident(two, date=OCT_11, event_type="shelling", killed=9),
               incident(two, date=OCT_12, event_type="drone strike", killed=2,
                        claims=[Claim("Azerbaijan Prosecutor-General", "Azerbaijan", killed=2)])]),
        _one("m-chain.txt", "Test Chain", "A chain note: shelling near Ganja two days on.", "Ganja outskirts",
             OCT_12 + dt.timedelta(days=1), "shelling", 3),
    ]
    return sorted(items, key=lambda item: item[0].source)


def exported(engine) -> bytes:
    return export_selection(engine, Filters(), "csv")


def ingest_all(url: str, items) -> bytes:
    engine = engine_from_url(url)
    for art, found in items:
        ingest_article(engine, art, found)
    data = exported(engine)
    engine.dispose()
    return data


@pytest.fixture(scope="module")
def sorted_export(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return ingest_all(f"sqlite:///{tmp_path_factory.mktemp('sorted') / 's.db'}", corpus())


def test_the_corpus_merges_at_all(sorted_export: bytes, tmp_path):
    engine = engine_from_url(f"sqlite:///{tmp_path / 'x.db'}")
    for art, found in corpus():
        ingest_article(engine, art, found)
    frame = query_incidents(engine, Filters())
    assert (frame.n_reports > 1).sum() >= 2 and len(frame) < sum(len(f) for _, f in corpus())
    tartar = frame[frame.place == "Tartar"]
    assert list(tartar.killed) == [1], "the figure most reports give wins over a misread one"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(len(corpus()))))
def test_any_ingest_order_gives_the_same_incidents(sorted_export: bytes, order):
    items = corpus()
    with tempfile.TemporaryDirectory() as folder:
        got = ingest_all(f"sqlite:///{folder}/p.db", [items[i] for i in order])
    assert got == sorted_export


def test_reversed_order_on_each_database_gives_the_sorted_incidents(store_url, sorted_export: bytes):
    assert ingest_all(store_url, list(reversed(corpus()))) == sorted_export


units = st.builds(
    lambda n, place, day, kind, killed, article: Unit(
        id=f"r{n:02d}", date=OCT_10 + dt.timedelta(days=day), date_last=OCT_10 + dt.timedelta(days=day),
        lat=PLACES[place][1]["coordinates"][1], lon=PLACES[place][1]["coordinates"][0], place_id=PLACES[place][0],
        event_type=kind, location_precision="point", date_precision="day", killed=killed, injured=None,
        articles=frozenset({f"a{article}"})),
    st.integers(0, 99), st.sampled_from(["Ganja", "Ganja outskirts", "Tartar"]), st.integers(0, 3),
    st.sampled_from(EVENT_TYPES[:7]), st.none() | st.sampled_from([1, 9, 999]), st.integers(0, 5))


@settings(max_examples=200, deadline=None)
@given(reports=st.lists(units, max_size=12, unique_by=lambda u: u.id), order=st.randoms(use_true_random=False))
def test_grouping_is_a_function_of_the_set_of_reports(reports, order):
    def grouping(items):
        return sorted((g.lead.id, sorted(m.id for m in g.members)) for g in group_units(items, set()))

    shuffled = list(reports)
    order.shuffle(shuffled)
    assert grouping(shuffled) == grouping(reports)
    for group in group_units(reports, set()):
        articles = [a for m in group.members for a in m.articles]
        assert len(articles) == len(set(articles)), "one article twice in an incident"


def test_a_corrected_report_keeps_leading_its_incident(engine):
    wire, paper = corpus()[0], corpus()[1]
    ingest_article(engine, *paper)
    ingest_article(engine, *wire)
    lead = query_incidents(engine, Filters()).iloc[0]
    edit_incident(engine, lead.id, {"killed": 12}, by="desk")
    for art, found in corpus()[2:4]:  # more reports, one agreeing on nine dead
        ingest_article(engine, art, found)
    ganja = query_incidents(engine, Filters(ids=(lead.id,)))
    assert (len(ganja), ganja.killed.iloc[0]) == (1, 12)


def test_an_undone_pair_stays_apart_whatever_arrives_later(engine):
    items = corpus()
    ingest_article(engine, *items[0])
    merge_id = ingest_article(engine, *items[1]).merge_ids[0]
    kept, restored = undo_merge(engine, merge_id)
    for art, found in items[2:]:
        ingest_article(engine, art, found)
    assert root_of_in(engine, kept) != root_of_in(engine, restored)


def root_of_in(engine, report_id: str) -> str:
    from incidents.store.rollup import root_of

    with engine.connect() as conn:
        return root_of(conn, report_id)


@pytest.fixture(scope="module")
def shared_reports() -> list:
    """The shared real reports (../shared/corpus/reports/articles and ../shared/corpus/articles), read and
    extracted once, in sorted order, each named by its path relative to its folder."""
    from incidents.extract import extract_incidents
    from incidents.read import read_articles
    from incidents.store.identity import source_path
    from tests.conftest import shared_path

    roots = [shared_path("corpus", "reports", "articles"), shared_path("corpus", "articles")]
    items = []
    for path, art in read_articles(roots):
        assert hasattr(art, "text"), art
        art = dataclasses.replace(art, source=source_path(path, roots))
        items.append((art, extract_incidents(art)))
    return items


@pytest.mark.postgres
def test_shared_reports_give_the_same_incidents_in_any_order_on_sqlite_and_postgres(shared_reports, tmp_path):
    from tests.store.conftest import drop_schema, fresh_url

    exports = {}
    for kind in ("sqlite", "postgres"):
        for name, items in (("sorted", shared_reports), ("reversed", shared_reports[::-1])):
            url, schema = fresh_url(kind, tmp_path / f"{kind}-{name}")
            try:
                exports[kind, name] = ingest_all(url, items)
            finally:
                if schema:
                    drop_schema(schema)
    assert len(set(exports.values())) == 1, [k for k in exports if exports[k] != exports["sqlite", "sorted"]]
    assert exports["sqlite", "sorted"].count(b"\n") > 40
