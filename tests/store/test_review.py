"""Review on SQLite and PostgreSQL: verdicts, who and when, what readers see, and what re-ingest keeps."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa

from incidents.model import Claim, Evidence
from incidents.store.additions import add_incident
from incidents.store.ingest import ingest_article, store_counts
from incidents.store.query import Filters, claims_for, incident_detail, query_incidents
from incidents.store.queue import merge_candidates, review_counts, review_item, review_queue
from incidents.store.review import Correction, accept, merge_into, reject, reopen
from incidents.store.schema import reviews
from incidents.store.status import CHANGED_REASON, STATUSES
from tests.store.common import article, incident, paper_report, wire_report

WHEN = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)
LATER = WHEN + dt.timedelta(hours=1)

# A bulletin of ours with three sentences, each telling one event (evidence offsets computed from it).
BULLETIN = ("Rockets hit the centre of Ganja on Sunday night, the ministry in Baku said. "
            "Separately, artillery struck farms near Tartar on Monday. "
            "A drone was reported over Hadrut on Tuesday, officials said.")
SENTENCES = [s if s.endswith(".") else s + "." for s in BULLETIN.split(". ")]


def _span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


def bulletin(text: str = BULLETIN, sentences: list[str] = SENTENCES, extracted: tuple[int, ...] = (0, 1)):
    """The bulletin and the incidents the machine read from it (the third sentence's one is "missed")."""
    art = article("bulletin.txt", text, "Test Bulletin")
    places = [("Ganja", dt.date(2020, 10, 11), "missile strike"), ("Tartar", dt.date(2020, 10, 12), "shelling"),
              ("Hadrut", dt.date(2020, 10, 13), "drone strike")]
    found = []
    for n in extracted:
        place, day, kind = places[n]
        start, end = _span(text, sentences[n])
        found.append(incident(art, place=place, date=day, event_type=kind,
                              claims=[Claim("Azerbaijan Defence Ministry", "Azerbaijan", quote=sentences[n],
                                            start=start, end=end)],
                              evidence=[Evidence(sentences[n], start, end)]))
    return art, found


def _status(engine, place: str, statuses=STATUSES) -> str:
    frame = query_incidents(engine, Filters(statuses=statuses))
    return frame.set_index("place").loc[place, "review_status"]


def _id(engine, place: str) -> str:
    frame = query_incidents(engine, Filters(statuses=STATUSES))
    return frame.set_index("place").loc[place, "id"]


def test_new_incidents_are_machine_read_and_queue_oldest_article_first(engine):
    ingest_article(engine, *bulletin())
    ingest_article(engine, *wire_report())
    queue = review_queue(engine)
    assert set(queue.review_status) == {"machine"}
    assert review_counts(engine) == {"machine": 2, "reviewed": 0, "rejected": 0}  # the wire merged into Ganja
    assert list(review_queue(engine, order="place").place) == ["Ganja", "Tartar"]


def test_accept_records_who_and_when_and_readers_under_reviewed_policy_see_it(engine):
    ingest_article(engine, *bulletin())
    accept(engine, _id(engine, "Ganja"), by="Alice", at=WHEN)
    reviewed_only = query_incidents(engine, Filters(statuses=("reviewed",)))
    assert list(reviewed_only.place) == ["Ganja"]
    row = reviewed_only.iloc[0]
    assert (row.review_status, row.reviewed_by, row.reviewed_at) == ("reviewed", "Alice", "2026-01-05T12:00:00Z")
    assert len(query_incidents(engine, Filters())) == 2  # "all": machine-read ones too
    history = incident_detail(engine, row.id)["history"]
    assert [(h["kind"], h["field"], h["after"], h["by"]) for h in history] == [("review", "accept", "reviewed", "Alice")]


def test_reject_hides_from_readers_keeps_the_reason_and_can_be_undone(engine):
    ingest_article(engine, *bulletin())
    tartar = _id(engine, "Tartar")
    with pytest.raises(ValueError, match="reason"):
        reject(engine, tartar, "  ", by="Alice")
    reject(engine, tartar, "background: the strike is from an earlier war", by="Alice", at=WHEN)
    assert "Tartar" not in set(query_incidents(engine, Filters()).place)
    assert incident_detail(engine, tartar) is None
    kept = incident_detail(engine, tartar, statuses=STATUSES)["incident"]
    assert (kept["review_status"], kept["reviewed_by"]) == ("rejected", "Alice")
    assert list(review_queue(engine, statuses=("rejected",)).review_reason) == [
        "background: the strike is from an earlier war"]
    reopen(engine, tartar, by="Bob", at=LATER)
    assert _status(engine, "Tartar") == "machine"


@pytest.mark.parametrize("by", ["", "   ", "x" * 81])
def test_every_verdict_names_its_editor(engine, by):
    ingest_article(engine, *bulletin())
    with pytest.raises(ValueError, match="names its editor"):
        accept(engine, _id(engine, "Ganja"), by=by)


def test_save_and_accept_stores_corrections_and_verdict_together(engine):
    ingest_article(engine, *bulletin())
    ganja = _id(engine, "Ganja")
    claim_id = claims_for(engine, [ganja]).claim_id.iloc[0]
    correction = Correction(fields={"killed": 4, "date": dt.date(2020, 10, 10)}, claimant="Azerbaijani Prosecutor",
                            side="Azerbaijan", denials=(("Armenian Defence Ministry", "Armenia"),))
    accept(engine, ganja, by="Alice", correction=correction, at=WHEN)
    row = query_incidents(engine, Filters(ids=(ganja,))).iloc[0]
    assert (row.killed, row.date, row.claimant, bool(row.disputed), row.review_status) == (
        4, dt.date(2020, 10, 10), "Azerbaijani Prosecutor", True, "reviewed")
    assert claims_for(engine, [ganja]).set_index("claim_id").loc[claim_id, "claimant"] == "Azerbaijani Prosecutor"
    kinds = [(h["kind"], h["field"]) for h in incident_detail(engine, ganja)["history"]]
    assert kinds[-1] == ("review", "accept") and ("field", "killed") in kinds and ("add_claim", kinds[-2][1]) in kinds


def test_a_refused_correction_stores_nothing_of_the_review(engine):
    ingest_article(engine, *bulletin())
    ganja = _id(engine, "Ganja")
    before = store_counts(engine)
    with pytest.raises(ValueError, match="side must be one of"):
        accept(engine, ganja, by="Alice", correction=Correction(fields={"killed": 4}, side="Mars"))
    assert _status(engine, "Ganja") == "machine"
    assert pd.isna(query_incidents(engine, Filters(ids=(ganja,))).killed.iloc[0])
    assert store_counts(engine) == before
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(reviews)).scalar() == 0


def test_a_new_report_joining_a_reviewed_incident_reopens_it(engine):
    ingest_article(engine, *wire_report())
    wire = query_incidents(engine, Filters()).id.iloc[0]
    accept(engine, wire, by="Alice", at=WHEN)
    ingest_article(engine, *paper_report())
    row = query_incidents(engine, Filters()).iloc[0]
    assert (row.id, row.n_reports, row.review_status, row.reviewed_by) == (wire, 2, "machine", "")
    accept(engine, wire, by="Bob", at=LATER)
    assert _status(engine, "Ganja") == "reviewed"


def test_nothing_merges_automatically_into_a_rejected_incident(engine):
    ingest_article(engine, *wire_report())
    wire = query_incidents(engine, Filters()).id.iloc[0]
    reject(engine, wire, "misread: no strike that night", by="Alice", at=WHEN)
    ingest_article(engine, *paper_report())
    visible = query_incidents(engine, Filters())
    assert len(visible) == 1 and visible.id.iloc[0] != wire and visible.review_status.iloc[0] == "machine"


def test_merge_into_a_nearby_incident_counts_as_reviewed(engine):
    ingest_article(engine, *wire_report())
    art, found = paper_report(place="Ganja outskirts", date=dt.date(2020, 10, 13))  # 2 days later: no auto-merge
    ingest_article(engine, art, found)
    wire, paper = (_id(engine, p) for p in ("Ganja", "Ganja outskirts"))
    assert list(merge_candidates(engine, paper).id) == [wire]
    accept(engine, wire, by="Alice", at=WHEN)
    merge_into(engine, paper, wire, by="Alice", at=LATER)
    row = query_incidents(engine, Filters()).iloc[0]
    assert (len(query_incidents(engine, Filters())), row.id, row.n_reports, row.review_status) == (1, wire, 2, "reviewed")


def test_same_article_again_changes_nothing_of_the_review(engine):
    art, found = bulletin()
    ingest_article(engine, art, found)
    accept(engine, _id(engine, "Ganja"), by="Alice", at=WHEN)
    reject(engine, _id(engine, "Tartar"), "not an event", by="Alice", at=WHEN)
    before = (store_counts(engine), query_incidents(engine, Filters(statuses=STATUSES)).to_dict("records"))
    assert ingest_article(engine, art, found).status == "unchanged"
    assert (store_counts(engine), query_incidents(engine, Filters(statuses=STATUSES)).to_dict("records")) == before


def test_a_changed_article_reopens_only_the_incidents_whose_evidence_changed(engine):
    art, found = bulletin()
    ingest_article(engine, art, found)
    accept(engine, _id(engine, "Ganja"), by="Alice", at=WHEN)
    reject(engine, _id(engine, "Tartar"), "not an event", by="Alice", at=WHEN)
    # a new version: a sentence added at the top (every offset moves) and the Tartar sentence reworded
    reworded = [SENTENCES[0], SENTENCES[1].replace("artillery struck", "heavy artillery struck"), SENTENCES[2]]
    text = "Updated at noon. " + " ".join(reworded)
    new_art, moved = bulletin(text, reworded)
    assert ingest_article(engine, new_art, moved).status == "changed"
    assert _status(engine, "Ganja") == "reviewed"
    assert _status(engine, "Tartar") == "machine"
    tartar = review_queue(engine).set_index("place").loc["Tartar"]
    assert tartar.review_reason == CHANGED_REASON


def test_added_incident_is_reviewed_and_survives_a_new_version_of_its_article(engine):
    art, found = bulletin()
    ingest_article(engine, art, found)
    draft = incident(art, place="Hadrut", date=dt.date(2020, 10, 13), event_type="drone strike",
                     claims=[Claim("Hadrut officials", "Nagorno-Karabakh")])
    added = add_incident(engine, art.id, [_span(BULLETIN, SENTENCES[2])], draft, by="Alice", at=WHEN)
    row = query_incidents(engine, Filters(ids=(added,))).iloc[0]
    assert (row.place, row.review_status, row.reviewed_by) == ("Hadrut", "reviewed", "Alice")
    claim = claims_for(engine, [added]).iloc[0]
    assert (claim.quote, claim.start) == (SENTENCES[2], BULLETIN.index(SENTENCES[2]))
    with pytest.raises(ValueError, match="already added"):
        add_incident(engine, art.id, [_span(BULLETIN, SENTENCES[2])], draft, by="Alice")
    item = review_item(engine, added)
    assert _span(BULLETIN, SENTENCES[2]) in item["articles"][0]["spans"]

    text = "Updated at noon. " + BULLETIN
    ingest_article(engine, dataclasses.replace(art, text=text), bulletin(text)[1])
    row = query_incidents(engine, Filters(ids=(added,))).iloc[0]
    assert (row.place, row.review_status) == ("Hadrut", "reviewed")
    assert claims_for(engine, [added]).start.iloc[0] == text.index(SENTENCES[2])

    gone = BULLETIN.replace(SENTENCES[2], "A later note of ours.")
    ingest_article(engine, dataclasses.replace(art, text=gone), bulletin(gone)[1])
    assert query_incidents(engine, Filters(ids=(added,))).review_status.iloc[0] == "machine"


def test_added_claims_and_claimant_corrections_survive_a_new_version(engine):
    art, found = bulletin()
    ingest_article(engine, art, found)
    ganja = _id(engine, "Ganja")
    accept(engine, ganja, by="Alice", at=WHEN, correction=Correction(
        claimant="Azerbaijani Prosecutor", denials=(("Armenian Defence Ministry", "Armenia"),)))
    text = "Updated at noon. " + BULLETIN
    ingest_article(engine, dataclasses.replace(art, text=text), bulletin(text)[1])
    row = query_incidents(engine, Filters(ids=(ganja,))).iloc[0]
    assert (row.claimant, bool(row.disputed), row.review_status) == ("Azerbaijani Prosecutor", True, "reviewed")


def test_bundled_incidents_are_reviewed(engine):
    from incidents.store.bundled import load_bundled_if_empty

    load_bundled_if_empty(engine)
    frame = query_incidents(engine, Filters())
    assert set(frame.review_status) == {"reviewed"} and set(frame.reviewed_by) == {"bundled data"}
    assert review_counts(engine)["machine"] == 0


def test_a_bundled_citation_gains_its_text_when_the_article_is_ingested(engine):
    """The reviewed bundle keeps no article text; ingesting the real article (same text hash) changes no
    incident, but the review page can then show the text beside the bundled incidents."""
    from incidents.store.bundled import BundledArticle
    from incidents.store.schema import articles

    art, found = bulletin()
    cited = BundledArticle(source=art.source, text="", title=art.title, outlet=art.outlet, published=art.published)
    cited.bundled_id = art.id
    ingest_article(engine, cited, found, bundled=True)
    before = query_incidents(engine, Filters()).to_dict("records")
    assert ingest_article(engine, art, found).status == "unchanged"
    assert query_incidents(engine, Filters()).to_dict("records") == before
    with engine.connect() as conn:
        assert conn.execute(sa.select(articles.c.text).where(articles.c.id == art.id)).scalar() == BULLETIN
    assert review_item(engine, before[0]["id"])["articles"][0]["text"] == BULLETIN
