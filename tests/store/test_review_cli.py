"""`python -m incidents review ...` on SQLite and PostgreSQL: a data editor's batch work, scripted."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from incidents.cli import main
from incidents.store.db import engine_from_url
from incidents.store.ingest import ingest_article
from incidents.store.query import Filters, claims_for, incident_detail, query_incidents
from incidents.store.status import STATUSES
from tests.store.common import article
from tests.store.test_review import BULLETIN, SENTENCES, bulletin


@pytest.fixture
def store(store_url, monkeypatch):
    """The bulletin ingested (Ganja and Tartar read by the machine, Hadrut missed), named by DATABASE_URL."""
    monkeypatch.setenv("DATABASE_URL", store_url)
    monkeypatch.setenv("INCIDENTS_REVIEWER", "Desk")
    engine = engine_from_url(store_url)
    ingest_article(engine, *bulletin())
    yield engine
    engine.dispose()


def _ids(engine) -> dict[str, str]:
    frame = query_incidents(engine, Filters(statuses=STATUSES))
    return dict(zip(frame.place, frame.id, strict=True))


def test_list_shows_the_queue_and_the_counts(store, capsys):
    assert main(["review", "list"]) == 0
    out = capsys.readouterr().out
    assert "Ganja" in out and "Tartar" in out and out.strip().endswith("2 machine, 0 reviewed, 0 rejected")
    assert main(["review", "list", "--json", "--order", "place"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["place"] for r in rows] == ["Ganja", "Tartar"] and rows[0]["review_status"] == "machine"


def test_show_marks_the_evidence_and_numbers_every_sentence(store, capsys):
    ganja = _ids(store)["Ganja"]
    assert main(["review", "show", ganja[:8], "--sentences"]) == 0
    out = capsys.readouterr().out
    assert "machine-read, not yet checked" in out
    assert f"*  0 [0:{len(SENTENCES[0])}]" in out and "   2 [" in out  # sentence 2 listed, not evidence
    assert main(["review", "show", ganja, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["incident"]["id"] == ganja and len(shown["articles"][0]["sentences"]) == 3


def test_batch_accept_correct_reject_add(store, capsys):
    ids = _ids(store)
    assert main(["review", "accept", ids["Ganja"], "--set", "killed=4", "--claimant", "Azerbaijani Prosecutor",
                 "--deny", "Armenian Defence Ministry|Armenia", "--by", "Aysel"]) == 0
    assert main(["review", "reject", ids["Tartar"], "--reason", "the farms were hit in 2016: background"]) == 0
    art_id = article("bulletin.txt", BULLETIN, "Test Bulletin").id
    assert main(["review", "add", art_id[:8], "--sentence", "2", "--place", "Gadrut", "--date", "2020-10-13",
                 "--type", "drone strike", "--claimant", "Hadrut officials", "--side", "Nagorno-Karabakh"]) == 0
    capsys.readouterr()
    shown = query_incidents(store, Filters(statuses=("reviewed",))).set_index("place")
    assert sorted(shown.index) == ["Ganja", "Hadrut"]
    assert (shown.loc["Ganja", "killed"], shown.loc["Ganja", "reviewed_by"], bool(shown.loc["Ganja", "disputed"])) == (
        4, "Aysel", True)
    assert shown.loc["Hadrut", "reviewed_by"] == "Desk"
    hadrut_claim = claims_for(store, [shown.loc["Hadrut", "id"]]).iloc[0]
    assert hadrut_claim.quote == SENTENCES[2]
    assert "Tartar" not in set(query_incidents(store, Filters()).place)
    assert main(["review", "list", "--status", "rejected"]) == 0
    assert "Tartar" in capsys.readouterr().out


def test_edit_corrects_without_a_verdict_and_merge_counts_as_review(store):
    ids = _ids(store)
    assert main(["review", "edit", ids["Tartar"], "--place", "Tərtər", "--set", "date=2020-10-11",
                 "--set", "event_type=missile strike"]) == 0
    tartar = query_incidents(store, Filters(ids=(ids["Tartar"],))).iloc[0]
    assert (tartar.date, tartar.review_status) == (dt.date(2020, 10, 11), "machine")
    assert main(["review", "merge", ids["Tartar"], ids["Ganja"]]) == 0
    detail = incident_detail(store, ids["Ganja"])
    assert detail["incident"]["n_reports"] == 2 and detail["incident"]["review_status"] == "machine"


@pytest.mark.parametrize(("argv", "message"), [
    (["review", "reject", "GANJA"], "--reason"),
    (["review", "accept", "nosuchid"], "no incident starting with 'nosuchid'"),
    (["review", "accept", "GANJA", "TARTAR", "--set", "killed=2"], "one incident at a time"),
    (["review", "reject", "GANJA", "--reason", "   "], "needs a reason"),
    (["review", "accept", "GANJA", "--place", "Donetsk"], "place 'Donetsk' not found"),
    (["review", "add", "ARTICLE", "--sentence", "9", "--place", "Hadrut", "--date", "2020-10-13", "--type",
      "shelling", "--claimant", "x", "--side", "unknown"], "no sentence 9"),
    (["review", "split", "GANJA", "nosuchclaim"], "some, but not all"),
])
def test_mistakes_are_one_line_errors(store, capsys, argv, message):
    ids = _ids(store)
    art_id = article("bulletin.txt", BULLETIN, "Test Bulletin").id
    argv = [ids["Ganja"] if a == "GANJA" else ids["Tartar"] if a == "TARTAR" else art_id if a == "ARTICLE" else a
            for a in argv]
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse's own refusals
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err


def test_every_action_names_its_editor(store, capsys, monkeypatch):
    monkeypatch.delenv("INCIDENTS_REVIEWER")
    assert main(["review", "accept", _ids(store)["Ganja"]]) == 2
    assert "--by NAME" in capsys.readouterr().err


def test_article_text_cannot_drive_the_terminal(store_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", store_url)
    engine = engine_from_url(store_url)
    text = "Shelling hit Ganja\x1b[2J\x1b]0;owned\x07 on Sunday, officials said."
    _, found = bulletin()
    hostile = article("hostile.txt", text, "Outlet\x1b[31m")
    ingest_article(engine, hostile, [dataclasses.replace(found[0], article=hostile.id, evidence=[])])
    ganja = query_incidents(engine, Filters()).id.iloc[0]
    assert main(["review", "show", ganja, "--sentences"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "Outlet?[31m" in out
    engine.dispose()
