"""Adding articles from the dashboard reads them like the command line does, and asks for what the text lacks.

The functions are called as a signed-in editor would reach them (editor mode
patched on); one AppTest fills the paste form's fields.
"""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from incidents.read import Metadata
from incidents.store.db import engine_from_url
from incidents.store.schema import articles
from tests.ui.conftest import run_page
from tests.ui.test_access_modes import PAGE, SECRET, sign_in
from ui import ingest
from ui.ingest import ingest_pasted, ingest_upload, ingest_url, known_from_form

# Written for these tests: an event at a known place, with no date and no outlet.
UNDATED = "Shelling near Tartar\n\nArtillery shells hit the town of Tartar, injuring two people, officials said.\n"


@pytest.fixture
def editor(store_url, monkeypatch):
    monkeypatch.setattr(ingest.access, "is_editor", lambda: True)
    return engine_from_url(store_url)


def test_an_undated_paste_is_stored_undated_and_the_result_says_what_is_missing(editor):
    outcome = ingest_pasted(editor, UNDATED)
    assert outcome.ok and "stored without publication day and outlet" in outcome.message


def test_typed_details_fill_what_the_text_does_not_state(editor):
    known = known_from_form(dt.date(2020, 10, 4), "Test Wire", "Tartar shelled", "https://example.org/t")
    outcome = ingest_pasted(editor, UNDATED, known)
    assert outcome.ok and "stored without" not in outcome.message
    with editor.connect() as conn:
        row = conn.execute(sa.select(articles).where(articles.c.outlet == "Test Wire")).one()
    assert (row.published, row.published_precision, row.title, row.url) == (
        dt.date(2020, 10, 4), "day", "Tartar shelled", "https://example.org/t")


@pytest.mark.parametrize(("fields", "words"), [
    ({"url": "javascript:alert(1)"}, "only http and https"),
    ({"url": "http://8.8.8.8:abc/"}, "port"),
    ({"outlet": "o" * 201}, "too long"),
    ({"published": dt.date(1850, 1, 1)}, "implausible"),
])
def test_bad_typed_details_are_refused(fields, words):
    with pytest.raises(ValueError, match=words):
        known_from_form(**{"published": None, **fields})


@pytest.mark.parametrize(("name", "payload", "ok", "words"), [
    ("bulletin.txt", "Тертер обстрелян ночью, сообщило министерство обороны в воскресенье.".encode("cp1251"), True,
     "new"),
    ("bom.txt", b"\xef\xbb\xbf", False, "empty file"),
    ("scan.txt", b"%PDF-1.4\n%\xe2\xe3", False, "unsupported type: a PDF document"),
    ("utf16.md", "\ufeff".encode("utf-16-le") + UNDATED.encode("utf-16-le"), True, "new"),
])
def test_uploads_go_through_the_reader(editor, name, payload, ok, words):
    outcome = ingest_upload(editor, name, payload, Metadata(outlet="Upload Wire"))
    assert outcome.ok is ok and words in outcome.message
    assert name not in outcome.message, "the label names the file once, the message does not repeat it"


def test_a_pasted_text_of_invisible_characters_is_refused(editor):
    outcome = ingest_pasted(editor, "\u200b\ufeff \u00a0\n")
    assert not outcome.ok and "empty" in outcome.message


def test_a_malformed_url_is_refused_with_its_reason(editor):
    outcome = ingest_url(editor, "http://8.8.8.8:abc/\n")
    assert not outcome.ok and outcome.message.startswith("malformed URL")
    outcome = ingest_url(editor, "file:///etc/passwd")
    assert not outcome.ok and "only http and https" in outcome.message


def test_the_paste_form_asks_for_the_publication_day(store_url, monkeypatch):
    monkeypatch.setenv("INCIDENTS_EDITOR_SECRET", SECRET)
    app = sign_in(run_page(PAGE), SECRET)
    app.text_area(key="editor_paste").input(UNDATED)
    app.date_input(key="editor_paste_published").set_value(dt.date(2020, 10, 4))
    app.text_input(key="editor_paste_outlet").input("Form Wire")
    next(b for b in app.button if b.label == "Ingest text").click()
    app.run()
    assert not app.exception
    assert [s.value for s in app.success if "new" in s.value], [e.value for e in app.error]
    with engine_from_url(store_url).connect() as conn:
        row = conn.execute(sa.select(articles).where(articles.c.outlet == "Form Wire")).one()
    assert (row.published, row.published_precision) == (dt.date(2020, 10, 4), "day")
