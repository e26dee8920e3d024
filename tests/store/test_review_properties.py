"""Hypothesis: whatever an editor decided, re-ingesting the articles (again, in any order, or in a new version whose
evidence sentences are unchanged) keeps every verdict, and adds no review row; and whatever the order of ingests and
verdicts, the stored grouping is the order-free one, with rejected reports grouped apart."""
from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from incidents.model import EVENT_TYPES, Claim, Evidence
from incidents.store.db import engine_from_url, writing
from incidents.store.ingest import ingest_article, store_counts
from incidents.store.merge import regroup
from incidents.store.query import Filters, query_incidents
from incidents.store.review import accept, reject, reopen
from incidents.store.rollup import subtree
from incidents.store.schema import incidents, reviews
from incidents.store.status import REJECTED, STATUSES, rejected_among
from tests.store.common import PLACES, article, incident

reports = st.fixed_dictionaries({
    "place": st.sampled_from(sorted(PLACES)),
    "day": st.integers(0, 3),
    "event_type": st.sampled_from(EVENT_TYPES[:5]),
    "side": st.sampled_from(["Azerbaijan", "Armenia"]),
})
batches = st.lists(st.lists(reports, min_size=1, max_size=3), min_size=1, max_size=3)
verdicts = st.lists(st.sampled_from(["accept", "reject", "reopen", "skip"]), min_size=6, max_size=6)


def _articles(batch, preface: str = ""):
    """Each article tells its reports in one sentence each; a preface moves every offset, not the words."""
    for n, found in enumerate(batch):
        sentences = [f"Report {k} of bulletin {n}: {r['event_type']} at {r['place']}." for k, r in enumerate(found)]
        text = preface + " ".join(sentences)
        art = article(f"review-prop-{n}.txt", text, f"Outlet {n % 2}")
        incidents = []
        for sentence, r in zip(sentences, found, strict=True):
            start = text.index(sentence)
            incidents.append(incident(art, place=r["place"], date=dt.date(2020, 10, 1) + dt.timedelta(days=r["day"]),
                                      event_type=r["event_type"], claims=[Claim(f"{r['side']} officials", r["side"])],
                                      evidence=[Evidence(sentence, start, start + len(sentence))]))
        yield art, incidents


def _decide(engine, decided) -> None:
    """Give these verdicts in turn, each to the middle one of the incidents shown then (rejected ones too:
    a verdict can regroup, so they are looked up again each time)."""
    for verdict in decided:
        shown = list(query_incidents(engine, Filters(statuses=STATUSES)).id)
        if shown:
            _give(engine, shown[len(shown) // 2], verdict)


def _state(engine):
    frame = query_incidents(engine, Filters(statuses=STATUSES))
    with engine.connect() as conn:
        logged = conn.execute(sa.select(sa.func.count()).select_from(reviews)).scalar()
    return store_counts(engine), logged, sorted(zip(frame.id, frame.review_status, frame.reviewed_by, strict=True))


def _give(engine, incident_id, verdict) -> None:
    """One verdict on a visible incident ("skip": none)."""
    if verdict == "accept":
        accept(engine, incident_id, by="Prop")
    elif verdict == "reject":
        reject(engine, incident_id, "property test", by="Prop")
    elif verdict == "reopen":
        reopen(engine, incident_id, by="Prop")


@settings(max_examples=8, deadline=None)
@given(batch=batches, decided=verdicts, order=st.randoms(use_true_random=False))
def test_verdicts_survive_reingest(batch, decided, order):
    with tempfile.TemporaryDirectory() as folder:
        engine = engine_from_url(f"sqlite:///{folder}/r.db")
        items = list(_articles(batch))
        for art, found in items:
            ingest_article(engine, art, found)
        ids = list(query_incidents(engine, Filters()).id)
        for incident_id, verdict in zip(ids, decided, strict=False):
            _give(engine, incident_id, verdict)
        before = _state(engine)
        order.shuffle(items)
        for art, found in items:
            assert ingest_article(engine, art, found).status == "unchanged"
        assert _state(engine) == before
        for art, found in _articles(batch, preface="Corrected copy. "):
            assert ingest_article(engine, art, found).status == "changed"
        assert _state(engine) == before
        engine.dispose()


def test_a_changed_version_with_other_words_reopens(tmp_path):
    engine = engine_from_url(f"sqlite:///{tmp_path}/r.db")
    batch = [[{"place": "Ganja", "day": 0, "event_type": "shelling", "side": "Azerbaijan"}]]
    for art, found in _articles(batch):
        ingest_article(engine, art, found)
    accept(engine, query_incidents(engine, Filters()).id.iloc[0], by="Prop")
    for art, found in _articles(batch):
        reworded = [dataclasses.replace(i, evidence=[dataclasses.replace(i.evidence[0], text=i.evidence[0].text + "!")])
                    for i in found]
        ingest_article(engine, dataclasses.replace(art, text=art.text + "!"), reworded)
    assert list(query_incidents(engine, Filters()).review_status) == ["machine"]


@settings(max_examples=10, deadline=None)
@given(batch=batches, decided=verdicts, order=st.randoms(use_true_random=False))
def test_verdicts_between_ingests_leave_the_order_free_grouping(batch, decided, order):
    """Verdicts given while articles still arrive (and new versions of them): the stored grouping is what
    regrouping every report gives (it moves nothing), and an incident is rejected exactly when all its
    reports are."""
    with tempfile.TemporaryDirectory() as folder:
        engine = engine_from_url(f"sqlite:///{folder}/r.db")
        items = list(_articles(batch))
        order.shuffle(items)
        for n, (art, found) in enumerate(items):
            ingest_article(engine, art, found)
            _decide(engine, decided[2 * n:2 * n + 2])
        for art, found in _articles(batch, preface="Corrected copy. "):
            ingest_article(engine, art, found)
        _decide(engine, decided[-2:])
        shown = query_incidents(engine, Filters(statuses=STATUSES))
        with writing(engine) as conn:
            every = list(conn.execute(sa.select(incidents.c.id)).scalars())
            assert regroup(conn, every, dt.datetime.now(dt.UTC)) == ([], [])
            for row in shown.itertuples():
                reports = subtree(conn, row.id)
                assert rejected_among(conn, reports) == (set(reports) if row.review_status == REJECTED else set())
        engine.dispose()
