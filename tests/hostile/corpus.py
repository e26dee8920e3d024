"""The malformed-input corpus: small builders that write one hostile file each into a folder.

Nothing here is committed as data: every file is generated in the test's
temporary folder (the 50 MB one is sparse, so it costs no time or disk).
Each case says what ingest must do with it: refuse it with a reason naming
the file ("error" and words of the reason), or store it harmlessly ("stored",
and words its stored text must contain). Other modules named
tests/hostile/*_cases.py add their own CASES; all_cases() collects them, so
each owner edits only their own list.
"""
from __future__ import annotations

import importlib
import io
import json
import pkgutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# A well-formed body that the extractor maps: a town, an event, a date, a claimant.
BODY = ("Azerbaijan's Defence Ministry said on Sunday that Armenian forces shelled the town of Tartar, "
        "killing one civilian.\n")
GOOD_FRONT = "---\ntitle: A short report\noutlet: Test Wire\npublished: 2020-10-04\n---\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + bytes(100)
# Ten levels of nine aliases each: a naive expander would build 10**9 strings.
BILLION_LAUGHS = "\n".join(
    ['lol0: &lol0 "lol"']
    + [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]" for i in range(1, 10)]
    + ["title: *lol9"]
)
SIZE_50_MB = 50 * 1024 * 1024


@dataclass(frozen=True)
class Case:
    """One hostile input: its file name, how to write it, and what ingest must do with it."""

    name: str
    write: Callable[[Path], None]
    expect: str  # "error" or "stored"
    words: str = ""  # for errors: words the reason must contain; for stored cases: words of the stored text


def text(content: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content.encode(encoding))


def raw(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


def front(yaml_text: str, body: str = BODY) -> Callable[[Path], None]:
    return text(f"---\n{yaml_text}\n---\n{body}")


def sparse(size: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with path.open("wb") as handle:
            handle.seek(size - 1)
            handle.write(b"\n")
    return write


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.md", GOOD_FRONT + BODY)
    return buffer.getvalue()


def nested_divs(depth: int) -> str:
    return "<html><body>" + "<div>" * depth + BODY + "</div>" * depth + "</body></html>"


def directory(path: Path) -> None:
    path.mkdir()


CASES: tuple[Case, ...] = (
    # empty, blank and binary
    Case("empty.md", raw(b""), "error", "empty"),
    Case("whitespace.txt", text(" \t\n \n"), "error", "empty"),
    Case("newlines.md", text("\n" * 1000), "error", "empty"),
    Case("image.txt", raw(PNG), "error", "a PNG image"),
    Case("archive.md", raw(zip_archive()), "error", "a ZIP archive"),
    Case("program.txt", raw(ELF), "error", "a program (ELF)"),
    Case("nul-bytes.txt", text(BODY + "\x00" + BODY), "error", "NUL"),
    Case("control-chars.txt", text("\x01\x02\x03\x04\x05" * 50 + BODY), "error", "control characters"),
    Case("folder.md", directory, "error", "not a regular file: a folder"),
    # not UTF-8: the encoding is detected (tests/hostile/input_cases.py checks the decoded text)
    Case("latin-1.txt", text("Tartar shelled, café " + BODY, "latin-1"), "stored"),
    Case("utf-16-no-bom.txt", text(BODY, "utf-16-le"), "stored"),
    Case("utf-16-bom.md", text(GOOD_FRONT + BODY, "utf-16"), "stored"),
    Case("surrogate.txt", raw(BODY.encode() + b"\xed\xa0\x80"), "stored"),
    Case("truncated-utf8.txt", raw(BODY.encode() + "ə".encode()[:1]), "stored"),
    # too large
    Case("huge-50mb.txt", sparse(SIZE_50_MB), "error", "too large"),
    Case("huge-50mb.html", sparse(SIZE_50_MB), "error", "too large"),
    # broken front matter
    Case("fm-unterminated.md", text("---\ntitle: never closed\n" + BODY), "error", "front matter"),
    Case("fm-tabs.md", front("title:\tTabbed\n\tpublished: 2020-10-04"), "error", "front matter"),
    Case("fm-list.md", front("- title\n- outlet"), "error", "not a mapping"),
    Case("fm-scalar.md", front("just a sentence"), "error", "not a mapping"),
    Case("fm-billion-laughs.md", front(BILLION_LAUGHS), "error", "'title' must be text"),
    Case("fm-python-object.md", front("title: !!python/object/apply:os.system ['echo pwned']"), "error",
         "front matter"),
    Case("fm-python-name.md", front("title: !!python/name:os.system"), "error", "front matter"),
    Case("fm-unclosed-quote.md", front('title: "never closed'), "error", "front matter"),
    Case("fm-bad-indent.md", front("title: a\n  outlet: b\n x: c"), "error", "front matter"),
    Case("fm-title-mapping.md", front("title: {a: 1}"), "error", "'title' must be text"),
    Case("fm-outlet-list.md", front("outlet: [a, b]"), "error", "'outlet' must be text"),
    Case("fm-no-body.md", text("---\ntitle: only metadata\n---\n"), "error", "no text"),
    # hostile front matter
    Case("fm-published-yesterday.md", front('published: "yesterday"'), "error", "published"),
    Case("fm-published-feb-30.md", front("published: 2020-02-30"), "error", "day is out of range"),
    Case("fm-published-number.md", front("published: 12345"), "error", "published"),
    Case("fm-published-9999.md", front("published: 9999-12-31"), "error", "published"),
    Case("fm-published-0001.md", front("published: 0001-01-01"), "error", "published"),
    Case("fm-huge-title.md", front("title: " + "Huge " * 40_000), "error", "'title' is too long"),
    Case("fm-long-outlet.md", front("outlet: " + "o" * 201), "error", "'outlet' is too long"),
    Case("fm-long-language.md", front("language: " + "en" * 20), "error", "'language' is too long"),
    Case("fm-script-fields.md", front('title: "<script>alert(1)</script>"\noutlet: "<img src=x onerror=alert(1)>"\n'
                                      'url: "javascript:alert(1)"\nlanguage: "<b>en</b>"'), "stored"),
    Case("fm-empty.md", text("---\n---\n" + BODY), "stored"),
    Case("fm-null-fields.md", front("title: null\noutlet: ~\npublished: null"), "stored"),
    Case("fm-numbers.md", front("title: 12345\noutlet: 3.5\nlanguage: true"), "stored"),
    Case("fm-crlf.md", text((GOOD_FRONT + BODY).replace("\n", "\r\n")), "stored"),
    Case("fm-bom.md", raw(b"\xef\xbb\xbf" + (GOOD_FRONT + BODY).encode()), "stored"),
    Case("fm-datetime.md", front("published: 2020-10-04T23:59:59+04:00"), "stored"),
    Case("fm-yaml-merge.md", front("base: &b {outlet: Test Wire}\n<<: *b\ntitle: merged"), "stored"),
    Case("fm-unknown-keys.md", front("evil: <script>alert(1)</script>\n__proto__: x"), "stored"),
    # broken HTML
    Case("unclosed.html", text("<html><body><p>" + BODY + "<div><p><b><i>" + BODY), "stored"),
    Case("only-scripts.html", text("<html><script>alert(1)</script><script>document.write(1)</script></html>"),
         "error", "no article text"),
    Case("nested-10k-divs.html", text(nested_divs(10_000)), "error", "no article text"),
    # trafilatura reads the JSON as text: stored as an article without incidents
    Case("json.html", text(json.dumps({"title": "Not HTML", "body": BODY})), "stored"),
    Case("png.html", raw(PNG), "error", "a PNG image"),
    Case("empty.html", raw(b"   "), "error", "empty"),
    Case("frameset.html", text("<frameset><frame src='javascript:alert(1)'></frameset>"), "error", "no article text"),
    # dates and figures that cannot be right
    Case("year-9999.txt", text("December 31, 9999\n\nOn December 31, 9999 " + BODY), "stored"),
    Case("iso-9999.md", front("title: far future", "On 9999-12-31 " + BODY), "stored"),
    Case("year-0.txt", text("On January 1, 0000 " + BODY), "stored"),
    Case("huge-toll.md", front("title: huge toll", "Armenian forces shelled the town of Tartar on October 4, "
                               "killing 99999999999999999999999 civilians, Azerbaijan's Defence Ministry said.\n"),
         "stored"),
    # odd text
    Case("one-long-word.txt", text("x" * 400_000), "stored"),
    Case("script-body.md", front("title: scripted", "<script>alert(1)</script>\n" + BODY), "stored"),
    Case("zero-width.txt", text("\u200b\u200e\u202e" * 100 + BODY), "stored"),
)


def all_cases() -> tuple[Case, ...]:
    """This module's CASES and those of every tests/hostile/*_cases.py module, in name order."""
    found = list(CASES)
    for module in sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])):
        if module.endswith("_cases"):
            found += importlib.import_module(f"tests.hostile.{module}").CASES
    return tuple(found)
