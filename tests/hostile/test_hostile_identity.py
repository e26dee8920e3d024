"""Folders built to confuse article identity, through the real `ingest` (read, extract, store).

Each case writes a first batch of files, ingests the folder, then a second
batch (changes and additions) and ingests the folder again. It states how many
articles the store must hold, and how many files the second run must find
unchanged and announce as replacing a stored article: two different articles
never become one row, the same article never becomes two, and every
replacement is one printed line naming both files. A third run of the same
folder must change nothing and announce nothing.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa

from incidents.store.db import engine_from_url
from incidents.store.schema import articles
from incidents.store_cli import ingest_paths
from tests.hostile.corpus import BODY

TOWNS = ("Tartar", "Barda", "Ganja", "Aghdam", "Fuzuli")


def report(n: int, url: str = "", extra: str = "") -> str:
    """Report n (a different town and toll for each n), optionally with a URL line."""
    town = TOWNS[n % len(TOWNS)]
    front = f"---\ntitle: Report {n}\noutlet: Test Wire\npublished: 2020-10-04\n{'url: ' + url + chr(10) if url else ''}---\n"
    return front + BODY.replace("Tartar", town).replace("one civilian", f"{n + 2} civilians") + extra


@dataclass(frozen=True)
class Case:
    """Two batches of files (relative path -> text); the articles stored after both, and the second run's
    unchanged files and announced replacements."""

    name: str
    first: dict[str, str]
    second: dict[str, str] = field(default_factory=dict)
    articles: int = 0
    replaced: int = 0
    unchanged: int = 0


CASES: tuple[Case, ...] = (
    Case("same-name-two-folders", {"a/report.txt": report(0), "b/report.txt": report(1)}, articles=2, unchanged=2),
    Case("same-name-five-levels-apart", {"report.txt": report(0), "a/b/c/d/e/report.txt": report(1)}, articles=2,
         unchanged=2),
    Case("names-differing-in-case", {"A/Report.txt": report(0), "a/report.txt": report(1)}, articles=2,
         unchanged=2),
    Case("same-text-two-folders", {"a/x.txt": report(0), "b/x.txt": report(0)}, articles=1, unchanged=2),
    Case("same-text-crlf-copy", {"x.txt": report(0)}, {"copy.txt": report(0).replace("\n", "\r\n")},
         articles=1, unchanged=2),
    Case("same-text-trailing-blanks", {"x.txt": report(0)}, {"copy.txt": report(0).replace("\n", "  \n")},
         articles=1, unchanged=2),
    Case("same-text-decomposed-unicode", {"x.txt": report(0, extra="Café.\n")},
         {"copy.txt": unicodedata.normalize("NFD", report(0, extra="Café.\n"))}, articles=1, unchanged=2),
    Case("new-version-same-path", {"a/report.txt": report(0)}, {"a/report.txt": report(0, extra="Updated.\n")},
         articles=1, replaced=1),
    Case("new-version-in-a-sibling-folder-is-new", {"a/report.txt": report(0)},
         {"b/report.txt": report(0, extra="Updated.\n")}, articles=2, unchanged=1),
    Case("two-files-share-a-url", {"a.md": report(0, "https://example.org/r/1")},
         {"b.md": report(1, "https://example.org/r/1")}, articles=1, replaced=1, unchanged=1),
    Case("url-variants-are-one-article", {"a.md": report(0, "http://Example.ORG:80/r/1?utm_source=feed#top")},
         {"b.md": report(1, "https://example.org/r/1")}, articles=1, replaced=1, unchanged=1),
    Case("url-query-matters", {"a.md": report(0, "https://example.org/r?id=1")},
         {"b.md": report(1, "https://example.org/r?id=2")}, articles=2, unchanged=1),
    Case("url-with-bad-port", {"a.md": report(0, "http://8.8.8.8:abc/r")},
         {"b.md": report(1, "http://8.8.8.8:abc/r")}, articles=1, replaced=1, unchanged=1),
    Case("javascript-url-shared", {"a.md": report(0, "'javascript:alert(1)'")},
         {"b.md": report(1, "'javascript:alert(1)'")}, articles=1, replaced=1, unchanged=1),
    Case("front-matter-alone-changes", {"a.md": report(0)}, {"a.md": report(0, "https://example.org/r/9")},
         articles=1, unchanged=1),
    Case("file-gains-a-url-and-new-text", {"a.md": report(0)},
         {"a.md": report(0, "https://example.org/r/9", extra="Updated.\n")}, articles=2),
    Case("three-files-share-a-url", {"a.md": report(0, "https://example.org/r/3")},
         {"b.md": report(1, "https://example.org/r/3"), "c.md": report(2, "https://example.org/r/3")},
         articles=1, replaced=2, unchanged=1),
    Case("newline-in-a-file-name", {"a\nerror: forged.txt": report(0)},
         {"a\nerror: forged.txt": report(0, extra="Updated.\n")}, articles=1, replaced=1),
    Case("whole-folder-again", {"a/1.txt": report(0), "b/1.txt": report(1), "c.md": report(2, "https://x.org/c")},
         {"a/1.txt": report(0), "b/1.txt": report(1), "c.md": report(2, "https://x.org/c")},
         articles=3, unchanged=3),
)


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def stored(engine) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(map(tuple, conn.execute(sa.select(articles.c.id, articles.c.source)).all()))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_identity_case(case: Case, tmp_path: Path) -> None:
    engine = engine_from_url(f"sqlite:///{tmp_path / 'store.db'}")
    inbox = tmp_path / "inbox"
    write(inbox, case.first)
    first = ingest_paths(engine, [inbox])
    assert first.failed == [] and first.replacements == []
    write(inbox, case.second)
    second = ingest_paths(engine, [inbox])
    assert second.failed == []
    after = stored(engine)
    assert len(after) == case.articles, f"stored {after}"
    assert (second.unchanged, len(second.replacements)) == (case.unchanged, case.replaced), \
        (second.text(), second.replacements)
    for line in second.replacements:
        assert "\n" not in line and " replaces the earlier version of " in line
    third = ingest_paths(engine, [inbox])
    assert (third.new, third.changed, third.replacements) == (0, 0, []), third.text()
    assert stored(engine) == after
    engine.dispose()
