"""Uploading a new version of an article in the dashboard says which stored article it replaces."""
from __future__ import annotations

from tests.ui.conftest import run_page
from tests.ui.test_access_modes import PAGE, SECRET, secret, sign_in  # noqa: F401 (the secret fixture)

NOTE = ("---\ntitle: Fixture upload\noutlet: Outlet Five\n---\n"
        "Our own fixture line: shelling hit the town of Tartar on 14 October 2020, the ministry in Baku said.{extra}")


def _upload(app, text: str):
    app.get("file_uploader")[0].set_value([("note.md", text.encode("utf-8"), "text/markdown")])
    next(b for b in app.button if b.label == "Ingest files").click()
    return app.run()


def test_a_new_version_of_an_upload_names_what_it_replaces(store_url, secret):  # noqa: F811
    app = _upload(sign_in(run_page(PAGE), SECRET), NOTE.format(extra=""))
    assert any(s.value.replace("\\", "").startswith("note.md: new") for s in app.success)
    app = _upload(app, NOTE.format(extra=" A later edition adds nothing."))
    assert not app.exception
    shown = [s.value.replace("\\", "") for s in app.success]
    assert any("replaces the earlier version of upload:note.md (same source path)" in s for s in shown), shown
