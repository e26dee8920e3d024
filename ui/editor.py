"""Editor-only controls: adding articles by upload, pasted text or URL, with per-file results.

Drawn only when the session is signed in as editor; the ingest functions
check again (ui.ingest), so hiding these controls is not the only guard.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from ui import data
from ui.escape import md
from ui.ingest import (
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_FILES,
    UPLOAD_TYPES,
    Outcome,
    ingest_pasted,
    ingest_upload,
    ingest_url,
)


def render_add_articles() -> None:
    """The "Add articles" section: three tabs, each running its inputs with a progress bar."""
    st.subheader("Add articles (editor)")
    upload, paste, link = st.tabs(["Upload files", "Paste text", "From a URL"])
    with upload, st.form("add_upload", clear_on_submit=True):
        files = st.file_uploader(
            f"Articles ({', '.join(UPLOAD_TYPES)}; up to {MAX_UPLOAD_BYTES // 1024 // 1024} MB each)",
            type=list(UPLOAD_TYPES), accept_multiple_files=True, key="editor_upload",
        )
        if st.form_submit_button("Ingest files") and files:
            tasks = [lambda f=f: ingest_upload(data.engine(), f.name, f.getvalue()) for f in files[:MAX_UPLOAD_FILES]]
            _run(tasks)
            if len(files) > MAX_UPLOAD_FILES:
                st.warning(f"Only the first {MAX_UPLOAD_FILES} files were ingested.")
    with paste, st.form("add_paste", clear_on_submit=True):
        text = st.text_area("Article text (front matter with title, outlet, url, published is optional)", key="editor_paste")
        if st.form_submit_button("Ingest text"):
            _run([lambda: ingest_pasted(data.engine(), text)])
    with link, st.form("add_url", clear_on_submit=True):
        url = st.text_input("Article URL (http or https)", key="editor_url")
        if st.form_submit_button("Fetch and ingest") and url.strip():
            _run([lambda: ingest_url(data.engine(), url)])


def _run(tasks: Sequence[Callable[[], Outcome]]) -> None:
    """Run each task with a progress bar, then show one line per input and refresh the cached frames."""
    bar = st.progress(0.0, text="Ingesting…")
    outcomes: list[Outcome] = []
    for i, task in enumerate(tasks, start=1):
        outcomes.append(task())
        bar.progress(i / len(tasks), text=f"Ingested {i} of {len(tasks)}")
    for outcome in outcomes:
        (st.success if outcome.ok else st.error)(f"{md(outcome.label)}: {md(outcome.message)}")
    if any(o.ok for o in outcomes):
        data.clear()
