"""Public mode is read-only whatever the URL or session says; only the right secret unlocks editing."""
from __future__ import annotations

import pytest

from tests.ui.conftest import run_page
from ui.access import PROOF_KEY, proof_for

PAGE = "pages/3_Data.py"
SECRET = "fixture-secret-3141"
FORGED_PARAMS = {"editor": "1", "mode": "editor", "_editor_proof": "1", "secret": SECRET}
FORGED_SESSIONS = [
    {PROOF_KEY: True},
    {PROOF_KEY: "1"},
    {PROOF_KEY: ("editor", proof_for(b"some other secret", "editor"))},
    {PROOF_KEY: ("Mallory", proof_for(SECRET.encode(), "Mallory"))},
    {"editor": True, "is_editor": True, "_editor_failures": -100},
]


def editor_controls(app) -> list:
    """Every widget that could add or change data."""
    return [*app.get("file_uploader"), *app.text_area, *[t for t in app.text_input if t.key == "editor_url"]]


@pytest.fixture
def secret(monkeypatch) -> str:
    monkeypatch.setenv("INCIDENTS_EDITOR_SECRET", SECRET)
    return SECRET


def sign_in(app, given: str, name: str = ""):
    app.sidebar.text_input(key="editor_name_input").input(name)
    app.sidebar.text_input(key="editor_secret_input").input(given)
    next(b for b in app.sidebar.button if b.label == "Sign in").click()
    return app.run()


@pytest.mark.parametrize("session", [{}, *FORGED_SESSIONS])
def test_public_mode_shows_no_editing_without_a_secret_configured(store_url, session):
    app = run_page(PAGE, FORGED_PARAMS, session)
    assert not app.exception
    assert editor_controls(app) == []
    assert not [e for e in app.sidebar.expander if e.label == "Editor sign-in"]


@pytest.mark.parametrize("session", FORGED_SESSIONS)
def test_forged_session_keys_do_not_unlock(store_url, secret, session):
    app = run_page(PAGE, FORGED_PARAMS, session)
    assert editor_controls(app) == []


def test_wrong_secret_does_not_unlock(store_url, secret):
    app = sign_in(run_page(PAGE), "not-the-secret")
    assert "Wrong name or secret\\." in [e.value for e in app.error]
    assert editor_controls(app) == []


def test_right_secret_unlocks_and_ingests_pasted_text(store_url, secret):
    app = sign_in(run_page(PAGE), SECRET)
    assert editor_controls(app)
    before = len(app.dataframe[0].value)
    app.text_area(key="editor_paste").input(
        "---\ntitle: Fixture pasted note\noutlet: Outlet Four\nurl: https://four.example/a\ndate: 2020-10-13\n---\n"
        "A fixture sentence of ours: the city of Ganja was hit by shelling on 13 October 2020, officials in Baku said."
    )
    next(b for b in app.button if b.label == "Ingest text").click()
    app.run()
    assert not app.exception
    assert [s.value for s in app.success if "new" in s.value], [e.value for e in app.error]
    app.run()
    assert len(app.dataframe[0].value) > before, "the new incident shows once the cache is cleared"


def test_attempts_are_limited(store_url, secret):
    app = run_page(PAGE)
    for _ in range(5):
        app = sign_in(app, "guess")
    app = sign_in(app, SECRET)
    assert "Too many failed attempts\\. Try again later\\." in [e.value for e in app.error]
    assert editor_controls(app) == []


def test_ingest_actions_refuse_outside_editor_mode(store_url, secret):
    """Even called directly (a page that forgot to hide a control), an action refuses without sign-in."""
    from incidents.store.db import engine_from_url
    from incidents.store.ingest import store_counts
    from ui.ingest import ingest_pasted, ingest_upload, ingest_url

    engine = engine_from_url(store_url)
    before = store_counts(engine)
    outcomes = [
        ingest_pasted(engine, "A fixture note of ours about shelling near Tartar on 2 April 2016."),
        ingest_upload(engine, "../../note.txt", b"A fixture note of ours."),
        ingest_url(engine, "https://example.org/article"),
    ]
    assert [o.ok for o in outcomes] == [False, False, False]
    assert all("editor sign-in required" in o.message for o in outcomes)
    assert store_counts(engine) == before


@pytest.mark.parametrize(
    ("name", "expected"),
    [("../../etc/passwd", "passwd"), ("C:\\\\x\\\\report <1>.txt", "report _1_.txt"), ("", "upload"), ("..", "upload")],
)
def test_upload_names_are_labels_not_paths(name, expected):
    from ui.ingest import safe_label

    assert safe_label(name) == expected


def test_uploads_report_per_file(store_url, secret):
    app = sign_in(run_page(PAGE), SECRET)
    note = ("---\ntitle: Fixture upload\noutlet: Outlet Five\ndate: 2020-10-14\n---\n"
            "Our own fixture line: shelling hit the town of Tartar on 14 October 2020, the ministry in Baku said.")
    app.get("file_uploader")[0].set_value([
        ("../../evil/../note.md", note.encode("utf-8"), "text/markdown"),
        ("binary.txt", bytes(range(256)) * 8, "text/plain"),
    ])
    next(b for b in app.button if b.label == "Ingest files").click()
    app.run()
    assert not app.exception
    succeeded = [e.value.replace("\\", "") for e in app.success]  # shown escaped
    failed = [e.value.replace("\\", "") for e in app.error]
    assert any(r.startswith("note.md: new") for r in succeeded), succeeded  # the name is a label, never a path
    assert any(r.startswith("binary.txt:") and "binary" in r for r in failed), failed
    assert len(app.get("progress")) == 1


def test_a_named_editor_signs_in_with_their_own_secret(store_url, monkeypatch):
    from incidents.editors import hash_secret

    monkeypatch.setenv("INCIDENTS_EDITORS", f"Aysel={hash_secret('aysel-long-secret-1')}")
    app = sign_in(run_page(PAGE), "aysel-long-secret-1", name="aysel")
    assert editor_controls(app)
    app.run()
    assert any("Signed in as editor: Aysel" in c.value for c in app.sidebar.caption)


def test_a_wrong_name_with_the_shared_secret_does_not_unlock(store_url, secret):
    app = sign_in(run_page(PAGE), SECRET, name="Mallory")
    assert editor_controls(app) == []
