"""The words an incident rests on: its evidence sentences, their hash, and the sentences an editor can pick.

A review is made on words, not offsets: an article corrected further up moves
every offset, yet the sentences an editor checked may be untouched. So each
report stores its evidence spans (to highlight them) and a hash of their words
(whitespace-normalised); a re-ingest compares hashes, and re-opens a review
only when the words it was made on changed.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from incidents.extract.sentences import physical_lines, split_line
from incidents.model import Incident
from incidents.store.records import stable_hash


def _words(text: str) -> str:
    return " ".join(text.split())


def hash_texts(texts: Sequence[str]) -> str:
    """The evidence hash of these sentences (order and spacing as in the article do not matter beyond words).

    >>> hash_texts(["Ganja was  hit."]) == hash_texts(["Ganja was hit."]) != hash_texts(["Tartar was hit."])
    True
    """
    return stable_hash("evidence", [_words(t) for t in texts if t.strip()])


def evidence_spans(incident: Incident) -> list[tuple[int, int, str]]:
    """(start, end, text) of an extracted incident's evidence sentences; its claims' sentences when it has none."""
    found = [(e.start, e.end, e.text) for e in incident.evidence]
    if not found:
        found = [(c.start, c.end, c.quote) for c in incident.claims if c.quote and c.start is not None and c.end is not None]
    return sorted(set(found))


def evidence_columns(incident: Incident) -> dict[str, Any]:
    """The incidents-table `evidence` (JSON spans) and `evidence_hash` of an extracted report."""
    spans = evidence_spans(incident)
    return {"evidence": json.dumps([[s, e] for s, e, _ in spans]),
            "evidence_hash": hash_texts([text for _, _, text in spans])}


def stored_spans(evidence: str | None) -> list[tuple[int, int]]:
    """The spans of a stored `evidence` column (malformed or missing: none)."""
    try:
        spans = json.loads(evidence or "[]")
        return [(int(s), int(e)) for s, e in spans]
    except (ValueError, TypeError):
        return []


def article_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of an article, in order, for an editor to pick a missed incident from.

    Unlike the extractor's sentences, none is dropped as page furniture: a short line the extractor
    skipped may be exactly the one that reports the missed incident.
    """
    spans: list[tuple[int, int]] = []
    for start, end in physical_lines(text):
        line = text[start:end]
        lead = len(line) - len(line.lstrip())
        start, end = start + lead, start + len(line.rstrip())
        spans += [(s, e) for s, e in split_line(text, start, end) if text[s:e].strip()]
    return spans


def relocate(texts: Sequence[str], new_text: str) -> list[tuple[int, int] | None]:
    """Where each sentence stands in a new version of its article (exact words first, then with spacing
    normalised); None for a sentence the new version no longer holds."""
    found: list[tuple[int, int] | None] = []
    for sentence in texts:
        at = new_text.find(sentence) if sentence else -1
        if at >= 0:
            found.append((at, at + len(sentence)))
            continue
        found.append(next(((s, e) for s, e in article_sentences(new_text) if _words(new_text[s:e]) == _words(sentence)),
                          None))
    return found
