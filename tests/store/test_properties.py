"""Hypothesis: whatever articles arrive, ingesting them again (in any order) changes nothing."""
from __future__ import annotations

import datetime as dt
import tempfile

from hypothesis import given, settings
from hypothesis import strategies as st

from incidents.model import EVENT_TYPES, Claim
from incidents.store.db import engine_from_url
from incidents.store.ingest import ingest_article, store_counts
from incidents.store.query import Filters, claims_for, query_incidents
from tests.store.common import PLACES, article, incident

claims = st.lists(st.builds(Claim, claimant=st.sampled_from(["Baku", "Yerevan", "Stepanakert officials"]),
                            side=st.sampled_from(["Azerbaijan", "Armenia", "Nagorno-Karabakh"]),
                            stance=st.sampled_from(["asserts", "denies"]),
                            killed=st.none() | st.integers(0, 20)), max_size=3)
reports = st.fixed_dictionaries({
    "place": st.sampled_from(sorted(PLACES)),
    "day": st.integers(0, 4),
    "event_type": st.sampled_from(EVENT_TYPES[:5]),
    "claims": claims,
})
batches = st.lists(st.lists(reports, min_size=1, max_size=3), min_size=1, max_size=4)


def _articles(batch):
    for n, found in enumerate(batch):
        art = article(f"prop-{n}.txt", f"Property test bulletin {n}.", f"Outlet {n % 2}")
        yield art, [incident(art, place=r["place"], date=dt.date(2020, 10, 1) + dt.timedelta(days=r["day"]),
                             event_type=r["event_type"], claims=list(r["claims"])) for r in found]


def _snapshot(engine):
    frame = query_incidents(engine, Filters())
    return store_counts(engine), frame.to_dict("records"), claims_for(engine, frame.id.tolist()).to_dict("records")


@settings(max_examples=10, deadline=None)
@given(batch=batches, order=st.randoms(use_true_random=False))
def test_reingest_is_idempotent(batch, order):
    with tempfile.TemporaryDirectory() as folder:
        engine = engine_from_url(f"sqlite:///{folder}/p.db")
        items = list(_articles(batch))
        for art, found in items:
            ingest_article(engine, art, found)
        before = _snapshot(engine)
        order.shuffle(items)
        results = [ingest_article(engine, art, found) for art, found in items]
        assert {r.status for r in results} == {"unchanged"}
        assert _snapshot(engine) == before
        engine.dispose()


def _key(rows):
    return sorted((r["id"], r["n_reports"], r["claimants"], r["disputed"]) for r in rows)


@settings(max_examples=10, deadline=None)
@given(batch=batches)
def test_reingesting_changed_versions_of_the_same_reports_keeps_the_incidents(batch):
    """A corrected article that reports the same incidents leaves the map as it was."""
    with tempfile.TemporaryDirectory() as folder:
        engine = engine_from_url(f"sqlite:///{folder}/p.db")
        items = list(_articles(batch))
        for art, found in items:
            ingest_article(engine, art, found)
        _, frame, claim_rows = _snapshot(engine)
        for art, found in items:
            art.text += " Corrected."
            assert ingest_article(engine, art, found).status == "changed"
        _, frame_after, claims_after = _snapshot(engine)
        assert _key(frame_after) == _key(frame)
        assert sorted(c["claim_id"] for c in claims_after) == sorted(c["claim_id"] for c in claim_rows)
        engine.dispose()
