"""Adding articles from the dashboard (editor mode only): upload, pasted text, or a URL.

Each action re-checks editor mode itself, so a forged widget value or session
key cannot reach the store even if a page forgot to hide a control. Uploaded
bytes are read in memory: the file name is only a label (cleaned), never a path.
Uploads, pasted text and fetched pages go through the same reader as the
command line (incidents.read): the same refusals, the same encoding detection,
and the same rule for details the text does not state (publication day,
outlet, title, URL), which the forms ask for and which fill only what the
text is silent on. An article still without a date is stored undated, and the
result line says so.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from incidents.decode import checked_text
from incidents.errors import shown
from incidents.model import Article
from incidents.read import (
    MAX_ARTICLE_BYTES,
    NOTHING_KNOWN,
    Metadata,
    ReadError,
    checked_field,
    parse_published,
    parse_text,
    read_bytes,
)
from incidents.store.ingest import ingest_article
from incidents.urls import url_problem
from ui import access

# File types the upload accepts (the reader's formats); anything else is refused before reading.
UPLOAD_TYPES: tuple[str, ...] = ("txt", "md", "html", "htm")
# Largest upload, in bytes: the reader's own limit, so both refuse the same files.
MAX_UPLOAD_BYTES = MAX_ARTICLE_BYTES
# Most files one upload may hold: bounds one click's work on a shared server.
MAX_UPLOAD_FILES = 50
# Longest label kept from a file name.
MAX_LABEL_CHARS = 80
# Characters kept in a label: anything else (path separators, control characters) becomes "_".
UNSAFE_LABEL_CHARS = re.compile(r"[^A-Za-z0-9._ -]")


@dataclass(frozen=True)
class Outcome:
    """One input's result, shown per file: ok or not, and a line saying what happened."""

    label: str
    ok: bool
    message: str


def safe_label(name: str) -> str:
    """A file name reduced to a harmless label: last path part, safe characters, bounded length.

    >>> safe_label("../../etc/passwd")
    'passwd'
    >>> safe_label("C:\\\\x\\\\report <1>.txt")
    'report _1_.txt'
    """
    last = re.split(r"[\\/]", name)[-1]
    label = UNSAFE_LABEL_CHARS.sub("_", last).strip(" .") or "upload"
    return label[-MAX_LABEL_CHARS:]


def known_from_form(published: dt.date | None, outlet: str = "", title: str = "", url: str = "") -> Metadata:
    """The details an editor typed for a text that does not state them, checked like the command line's
    (ValueError with the reason when one is wrong)."""
    if url.strip() and url_problem(url.strip()):
        raise ValueError(f"URL: {url_problem(url.strip())}")
    return Metadata(published=parse_published(published) if published else None,
                    outlet=checked_field("outlet", outlet, "form"), title=checked_field("title", title, "form"),
                    url=url.strip())


def still_missing(article: Article) -> list[str]:
    """What the stored article still does not know, for the result line (an undated article's incidents
    stay undated: they are listed without a date and left out of date filters, never given one)."""
    missing = []
    if article.published_precision != "day":
        missing.append("publication day" + (f" (only the year {article.published.year})" if article.published else ""))
    if not article.outlet:
        missing.append("outlet")
    return missing


def _store(engine: Engine, article: Article, label: str) -> Outcome:
    from incidents.extract import budget_from_env, extract_incidents  # late: reading the map needs no extractor

    result = ingest_article(engine, article, extract_incidents(article, budget_from_env(os.environ)))
    counts = f"{result.incidents_new} new incident(s), {result.incidents_merged} merged"
    replaced = "".join(f"; replaces {r.text()}" for r in result.replaced)
    missing = still_missing(article)
    note = f"; stored without {' and '.join(missing)}: give it in the form to add it" if missing else ""
    return Outcome(label, True, f"{result.status}: {counts}{replaced}{note}")


def _guarded(label: str, action: Callable[[], Outcome]) -> Outcome:
    """Run one input's ingest: refused outside editor mode; a failure becomes a result, never a crash."""
    if not access.is_editor():
        return Outcome(label, False, "refused: editor sign-in required")
    try:
        return action()
    except ReadError as error:
        return Outcome(label, False, error.reason)  # the label already names the input
    except Exception as error:
        return Outcome(label, False, f"failed: {type(error).__name__}: {error}")


def ingest_upload(engine: Engine, name: str, payload: bytes, known: Metadata = NOTHING_KNOWN) -> Outcome:
    """One uploaded file: checked for type and size, read in memory, extracted, stored."""
    label = safe_label(name)

    def action() -> Outcome:
        suffix = label.rsplit(".", 1)[-1].lower() if "." in label else ""
        if suffix not in UPLOAD_TYPES:
            return Outcome(label, False, f"refused: only {', '.join(UPLOAD_TYPES)} files are accepted")
        if len(payload) > MAX_UPLOAD_BYTES:
            return Outcome(label, False, f"refused: larger than {MAX_UPLOAD_BYTES // 1024 // 1024} MB")
        return _store(engine, read_bytes(payload, f"upload:{label}", known), label)

    return _guarded(label, action)


def ingest_pasted(engine: Engine, text: str, known: Metadata = NOTHING_KNOWN) -> Outcome:
    """Pasted text (front matter allowed), keyed by its hash so pasting it twice changes nothing."""
    label = "pasted text " + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]

    def action() -> Outcome:
        if len(text.encode("utf-8")) > MAX_UPLOAD_BYTES:
            return Outcome(label, False, f"refused: larger than {MAX_UPLOAD_BYTES // 1024 // 1024} MB")
        source = f"pasted:{label.split()[-1]}"
        if not text.strip():
            return Outcome(label, False, "refused: nothing was pasted")
        return _store(engine, parse_text(checked_text(text, source), source, known), label)

    return _guarded(label, action)


def ingest_url(engine: Engine, url: str, known: Metadata = NOTHING_KNOWN) -> Outcome:
    """An article fetched from a URL (the fetcher enforces http(s), timeouts, size and address rules)."""
    label = shown(url.strip())[:MAX_LABEL_CHARS]

    def action() -> Outcome:
        from incidents.fetch import fetch_article

        return _store(engine, fetch_article(url.strip(), known=known), label)

    return _guarded(label, action)
