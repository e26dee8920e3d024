"""An article's text with the words its incidents rest on highlighted, safely.

Offsets come from the extraction (claims' start/end into Article.text). Every
piece of text is escaped with ui.escape.md before the highlight markup is
added around it, so article text can never open or close markup itself.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ui.escape import md

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def merged_spans(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Spans clipped to [0, length], empty ones dropped, overlapping ones merged, in order.

    >>> merged_spans([(5, 9), (0, 2), (8, 12), (20, 30)], 25)
    [(0, 2), (5, 12), (20, 25)]
    """
    out: list[tuple[int, int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if start >= end:
            continue
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def highlighted_paragraphs(text: str, spans: Iterable[tuple[int, int]],
                           mark: tuple[str, str] = ("**", "**")) -> list[str]:
    """The text as escaped Markdown paragraphs, spans between `mark` (bold; the review page uses Streamlit's
    background colour directive, safe because the text inside is escaped).

    >>> highlighted_paragraphs("a <b> c\\n\\nnext", [(2, 5)])
    ['a **\\\\<b\\\\>** c', 'next']
    """
    marks = merged_spans(spans, len(text))
    paragraphs: list[str] = []
    position = 0
    for match in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        paragraphs.append(_paragraph(text, position, end, marks, mark))
        position = match.end() if match else len(text)
    return [p for p in paragraphs if p.strip()]


def _paragraph(text: str, start: int, end: int, marks: list[tuple[int, int]], mark: tuple[str, str]) -> str:
    """Text[start:end] escaped, with the parts inside marks between `mark`."""
    pieces: list[str] = []
    cursor = start
    for mark_start, mark_end in marks:
        lo, hi = max(mark_start, start), min(mark_end, end)
        if lo >= hi:
            continue
        pieces.append(md(text[cursor:lo]))
        inner = md(text[lo:hi]).strip()
        if inner:
            pieces.append(f"{mark[0]}{inner}{mark[1]}")
        cursor = hi
    pieces.append(md(text[cursor:end]))
    return "".join(pieces).strip()
