"""Review and order-free grouping together, on SQLite and PostgreSQL: rejected reports are grouped apart,
verdicts follow their reports through every regrouping, and a new version of an article re-opens only what
its changed words touch."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from incidents.model import Claim, Evidence
from incidents.store.edits import edit_incident
from incidents.store.ingest import ingest_article
from incidents.store.query import Filters, incident_detail, query_incidents
from incidents.store.queue import review_queue
from incidents.store.review import accept, reject, reopen
from incidents.store.status import CHANGED_REASON, STATUSES
from tests.store.common import PAPER_TEXT, article, incident, paper_report, wire_report

WHEN = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)
LATER = WHEN + dt.timedelta(hours=1)

# The words of the paper that its Ganja report rests on (ours, as in tests/store/common.py).
PAPER_SENTENCE = PAPER_TEXT.split(", citing")[0]


def paper_with_evidence(text: str = PAPER_TEXT, sentence: str = PAPER_SENTENCE, **fields):
    """The paper's report with its evidence sentence, so a new version with other words re-opens its review."""
    art = article("paper-ganja.txt", text, "Test Daily")
    start = text.index(sentence)
    found = incident(art, place="Ganja outskirts", event_type="missile strike",
                     claims=[Claim("Azerbaijan Prosecutor-General", "Azerbaijan")],
                     evidence=[Evidence(sentence, start, start + len(sentence))], **fields)
    return art, [found]


def paper_report_with(**fields):
    """The paper's report (no evidence) with other fields."""
    art, [found] = paper_report()
    return art, [dataclasses.replace(found, **fields)]


def _every(engine):
    """Every visible incident, whatever its status, by id."""
    return query_incidents(engine, Filters(statuses=STATUSES)).set_index("id")


def _readers(engine):
    return query_incidents(engine, Filters())


@pytest.mark.parametrize("rejected_first", ["wire", "paper"])
def test_a_later_ingest_never_groups_a_report_with_a_rejected_one(engine, rejected_first):
    """The paper's missile strike is the more specific report: grouped freely, the wire's shelling would join
    it, whichever came first. Once either is rejected, neither joins the other."""
    first, second = (wire_report, paper_report) if rejected_first == "wire" else (paper_report, wire_report)
    ingest_article(engine, *first())
    rejected = _readers(engine).id.iloc[0]
    reject(engine, rejected, "misread: no such strike", by="Alice", at=WHEN)
    ingest_article(engine, *second())
    every = _every(engine)
    assert len(every) == 2 and set(every.n_reports) == {1}
    assert every.loc[rejected, "review_status"] == "rejected"
    readers = _readers(engine)
    assert list(readers.review_status) == ["machine"] and rejected not in set(readers.id)


def test_a_rejected_incident_stays_whole_through_a_new_version_of_one_of_its_articles(engine):
    ingest_article(engine, *wire_report())
    ingest_article(engine, *paper_with_evidence())
    shown = _readers(engine).iloc[0]
    assert shown.n_reports == 2
    reject(engine, shown.id, "background: an earlier war", by="Alice", at=WHEN)
    # a note added at the top moves every offset; the words the rejection was made on are the same
    text = "Corrected at noon. " + PAPER_TEXT
    result = ingest_article(engine, *paper_with_evidence(text))
    assert result.status == "changed" and [r.source for r in result.replaced] == ["paper-ganja.txt"]
    every = _every(engine)
    assert list(every.index) == [shown.id] and every.loc[shown.id, "n_reports"] == 2
    assert (every.loc[shown.id, "review_status"], every.loc[shown.id, "reviewed_by"]) == ("rejected", "Alice")
    assert _readers(engine).empty


def test_a_rejected_report_whose_words_changed_leaves_its_incident_for_the_queue(engine):
    ingest_article(engine, *wire_report())
    ingest_article(engine, *paper_with_evidence())
    shown = _readers(engine).iloc[0]
    reject(engine, shown.id, "background: an earlier war", by="Alice", at=WHEN)
    reworded = PAPER_SENTENCE.replace("came under fire", "came under heavy fire")
    ingest_article(engine, *paper_with_evidence(PAPER_TEXT.replace(PAPER_SENTENCE, reworded), reworded))
    every = _every(engine)
    assert sorted(every.review_status) == ["machine", "rejected"] and set(every.n_reports) == {1}
    waiting = review_queue(engine).iloc[0]
    assert (waiting.place, waiting.review_reason) == ("Ganja outskirts", CHANGED_REASON)


def test_reopening_a_rejected_incident_groups_it_again(engine):
    ingest_article(engine, *paper_report())
    paper = _readers(engine).id.iloc[0]
    reject(engine, paper, "misread", by="Alice", at=WHEN)
    ingest_article(engine, *wire_report())
    assert _readers(engine).n_reports.tolist() == [1]
    reopen(engine, paper, by="Bob", at=LATER)
    readers = _readers(engine)
    assert (len(readers), readers.n_reports.iloc[0], readers.review_status.iloc[0]) == (1, 2, "machine")


def test_a_review_follows_its_report_when_a_new_report_leads_the_incident(engine):
    """The paper states the wire's figures and names a more specific type: it becomes the incident's lead (its
    id is the incident's now). The wire's review stays with the wire's report; the incident waits for review
    again, its history naming who accepted what."""
    ingest_article(engine, *wire_report())
    wire = _readers(engine).id.iloc[0]
    accept(engine, wire, by="Alice", at=WHEN)
    ingest_article(engine, *paper_report_with(killed=9, injured=34))
    row = _readers(engine).iloc[0]
    assert row.id != wire and (row.n_reports, row.review_status, row.reviewed_by) == (2, "machine", "")
    detail = incident_detail(engine, wire)  # the wire's old link opens the incident it is shown under now
    assert detail["incident"]["id"] == row.id
    assert [(h["field"], h["after"], h["by"]) for h in detail["history"]] == [("accept", "reviewed", "Alice")]
    accept(engine, row.id, by="Bob", at=LATER)
    after = _readers(engine).iloc[0]
    assert (after.id, after.review_status, after.reviewed_by) == (row.id, "reviewed", "Bob")


def test_reviews_stay_with_their_reports_when_a_correction_takes_an_incident_apart(engine):
    ingest_article(engine, *wire_report())
    ingest_article(engine, *paper_report())
    shown = _readers(engine).iloc[0]
    accept(engine, shown.id, by="Alice", at=WHEN)
    edit_incident(engine, shown.id, {"date": dt.date(2020, 10, 20)}, by="Bob", at=LATER)  # another day: two events
    readers = _readers(engine)
    assert len(readers) == 2 and set(readers.review_status) == {"reviewed"} and set(readers.reviewed_by) == {"Alice"}


def test_an_accepted_incident_whose_article_changes_its_words_is_reopened_and_keeps_the_rest(engine):
    ingest_article(engine, *wire_report())
    ingest_article(engine, *paper_with_evidence())
    shown = _readers(engine).iloc[0]
    accept(engine, shown.id, by="Alice", at=WHEN)
    ingest_article(engine, *paper_with_evidence("Corrected at noon. " + PAPER_TEXT))  # same words: still reviewed
    assert tuple(_readers(engine).iloc[0][["n_reports", "review_status"]]) == (2, "reviewed")
    reworded = PAPER_SENTENCE.replace("came under fire", "came under heavy fire")
    ingest_article(engine, *paper_with_evidence(PAPER_TEXT.replace(PAPER_SENTENCE, reworded), reworded))
    row = _readers(engine).iloc[0]
    assert (row.id, row.n_reports, row.review_status) == (shown.id, 2, "machine")
    assert review_queue(engine).review_reason.tolist() == [CHANGED_REASON]
    accept(engine, shown.id, by="Bob", at=LATER)
    assert tuple(_readers(engine).iloc[0][["review_status", "reviewed_by"]]) == ("reviewed", "Bob")
