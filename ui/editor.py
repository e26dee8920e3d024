"""Editor-only controls: adding articles by upload, pasted text or URL, with per-file results.

Drawn only when the session is signed in as editor; the ingest functions
check again (ui.ingest), so hiding these controls is not the only guard.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from ui import data
from ui.escape import md
from ui.ingest import (
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_FILES,
    UPLOAD_TYPES,
    Metadata,
    Outcome,
    ingest_pasted,
    ingest_upload,
    ingest_url,
    known_from_form,
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
        values = _unstated_fields("editor_upload", ("published", "outlet"))
        if st.form_submit_button("Ingest files") and files and (known := _known(values)):
            tasks = [lambda f=f: ingest_upload(data.engine(), f.name, f.getvalue(), known)
                     for f in files[:MAX_UPLOAD_FILES]]
            _run(tasks)
            if len(files) > MAX_UPLOAD_FILES:
                st.warning(f"Only the first {MAX_UPLOAD_FILES} files were ingested.")
    with paste, st.form("add_paste", clear_on_submit=True):
        text = st.text_area("Article text (front matter with title, outlet, url, published is optional)",
                            key="editor_paste")
        values = _unstated_fields("editor_paste", ("published", "outlet", "title", "url"))
        if st.form_submit_button("Ingest text") and (known := _known(values)):
            _run([lambda: ingest_pasted(data.engine(), text, known)])
    with link, st.form("add_url", clear_on_submit=True):
        url = st.text_input("Article URL (http or https)", key="editor_url")
        values = _unstated_fields("editor_link", ("published", "outlet", "title"))
        if st.form_submit_button("Fetch and ingest") and url.strip() and (known := _known(values)):
            _run([lambda: ingest_url(data.engine(), url, known)])


def _unstated_fields(form: str, names: Sequence[str]) -> dict[str, Any]:
    """Inputs for what the text may not state; the reader uses them only where the text is silent."""
    with st.expander("Details the text does not state (publication day, outlet…)"):
        st.caption("Used only where the article's own front matter or page says nothing. "
                   "An article left without a day is stored undated, never given an invented date.")
        widgets: dict[str, Callable[[], Any]] = {
            "published": lambda: st.date_input("Published", value=None, min_value=dt.date(1900, 1, 1),
                                               max_value=dt.date(2100, 12, 31), key=f"{form}_published"),
            "outlet": lambda: st.text_input("Outlet", key=f"{form}_outlet"),
            "title": lambda: st.text_input("Title", key=f"{form}_title"),
            "url": lambda: st.text_input("URL of the article (http or https)", key=f"{form}_url"),
        }
        return {name: widgets[name]() for name in names}


def _known(values: dict[str, Any]) -> Metadata | None:
    """The typed details checked, or None after showing why they cannot be used."""
    try:
        return known_from_form(**values)
    except ValueError as error:
        st.error(md(str(error)))
        return None


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
