"""Hostile inputs of the reading stage: special files, links, encodings, binary types, sidecars, hostile names.

Cases like corpus.py's (collected with them by corpus.all_cases()), each a file
written into the test's folder. For a "stored" case, `words` are words the
stored text must contain: that is how a wrongly guessed encoding shows.
"""
from __future__ import annotations

import codecs
import os
from collections.abc import Callable
from pathlib import Path

from tests.hostile.corpus import BODY, GOOD_FRONT, PNG, Case, raw, text

# Written for these tests, in our own words: one sentence in Russian and one in French.
RUSSIAN = ("Министерство обороны заявило в воскресенье, что армянские силы обстреляли город Тертер, погиб один "
           "мирный житель.\n")
FRENCH = "Le ministère a déclaré dimanche que la ville de Tartar avait été bombardée, un civil a été tué.\n"


def fifo(path: Path) -> None:
    os.mkfifo(path)


def link(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def self_link(path: Path) -> None:
    path.symlink_to(path.name)


def dangling(path: Path) -> None:
    path.symlink_to(path.with_name("no-such-file.txt"))


def html(body: str, encoding: str, meta: str = "") -> Callable[[Path], None]:
    head = f'<meta charset="{meta}">' if meta else ""
    page = f"<html><head>{head}<title>Report</title></head><body><article><p>{body}</p><p>{body}</p></article></body></html>"
    return raw(page.encode(encoding))


def with_sidecar(sidecar: Callable[[Path], None]) -> Callable[[Path], None]:
    """A short article, and beside it a sidecar (same name, .yaml) written by `sidecar`."""
    def write(path: Path) -> None:
        path.write_text(BODY, encoding="utf-8")
        sidecar(path.with_suffix(".yaml"))
    return write


CASES: tuple[Case, ...] = (
    # not regular files: refused from their stat, never opened for reading
    Case("fifo.txt", fifo, "error", "FIFO"),
    Case("dev-zero-link.txt", link("/dev/zero"), "error", "character device"),
    Case("dev-urandom-link.md", link("/dev/urandom"), "error", "character device"),
    Case("dev-null-link.txt", link("/dev/null"), "error", "character device"),
    Case("stdin-link.txt", link("/proc/self/fd/0"), "error", ""),  # /dev/null, a pipe or closed: refused
    Case("self-loop.txt", self_link, "error", "cannot open"),
    Case("dangling-link.md", dangling, "error", "cannot open"),
    Case("folder-link.txt", link("/"), "error", "a folder"),
    # blank in every way
    Case("bom-only.txt", raw(codecs.BOM_UTF8), "error", "empty"),
    Case("bom-only-utf16.txt", raw(codecs.BOM_UTF16_LE), "error", "empty"),
    Case("bom-blank.md", raw(codecs.BOM_UTF8 + b" \n\t\r\n "), "error", "empty"),
    Case("zero-width-only.txt", text("\u200b\u200c\u200d\ufeff\u2060" * 40), "error", "empty"),
    Case("unicode-spaces-only.txt", text("\u00a0\u2003\u3000\u2028\n" * 40), "error", "empty"),
    Case("utf16-blank.txt", raw(codecs.BOM_UTF16_LE + " \n \n".encode("utf-16-le")), "error", "empty"),
    # binary types, named by their leading bytes whatever the extension says
    Case("pdf-as-text.txt", raw(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"), "error", "a PDF document"),
    Case("pdf-as-markdown.md", raw(b"%PDF-1.4\n" + BODY.encode()), "error", "a PDF document"),
    Case("pdf-as-page.html", raw(b"%PDF-1.4\n<html><body>x</body></html>"), "error", "a PDF document"),
    Case("jpeg.txt", raw(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(50)), "error", "a JPEG image"),
    Case("gif.md", raw(b"GIF89a\x01\x00\x01\x00" + bytes(20)), "error", "a GIF image"),
    Case("webp.txt", raw(b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(30)), "error", "a WebP image"),
    Case("mp4.txt", raw(b"\x00\x00\x00\x18ftypmp42" + bytes(30)), "error", "an MP4"),
    Case("old-word.txt", raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(50)), "error", "an old Office document"),
    Case("gzip.md", raw(b"\x1f\x8b\x08\x00" + bytes(30)), "error", "a gzip archive"),
    Case("rtf.txt", text("{\\rtf1\\ansi Shelling in Tartar\\par}"), "error", "an RTF document"),
    Case("sqlite.txt", raw(b"SQLite format 3\x00" + bytes(80)), "error", "an SQLite database"),
    Case("random-bytes.txt", raw(bytes((i * 37 + 11) % 256 for i in range(600))), "error", "binary"),
    # types refused by extension
    Case("report.pdf", raw(b"%PDF-1.4\n"), "error", "unsupported type: a .pdf file"),
    Case("photo.jpg", raw(PNG), "error", "unsupported type: a .jpg file"),
    Case("report.docx", raw(b"PK\x03\x04"), "error", "unsupported type: a .docx file"),
    Case("data.csv", text("place,date\nTartar,2020-10-04\n"), "error", "unsupported type: a .csv file"),
    Case("no-extension", text(BODY), "error", "without an extension"),
    Case("backup.txt~", text(BODY), "error", "unsupported type"),
    # encodings: detected, and the text must come out right
    Case("utf-16-be-bom.txt", raw(codecs.BOM_UTF16_BE + BODY.encode("utf-16-be")), "stored", "Tartar"),
    Case("utf-32-bom.txt", raw(codecs.BOM_UTF32_LE + BODY.encode("utf-32-le")), "stored", "Tartar"),
    Case("utf-16-bom-cyrillic.txt", raw(codecs.BOM_UTF16_LE + RUSSIAN.encode("utf-16-le")), "stored", "Тертер"),
    Case("cp1251.txt", text(RUSSIAN * 3, "cp1251"), "stored", "обстреляли город Тертер"),
    Case("koi8-r.txt", text(RUSSIAN * 3, "koi8-r"), "stored", "обстреляли город Тертер"),
    Case("cp1252-quotes.txt", text("\u201cShelling\u201d \u2013 " + BODY * 2, "cp1252"), "stored", "\u201cShelling\u201d"),
    Case("latin-1-french.txt", text(FRENCH * 2, "latin-1"), "stored", "ministère a déclaré"),
    Case("cp1251.html", html(RUSSIAN, "cp1251", "windows-1251"), "stored", "обстреляли город Тертер"),
    Case("cp1251-undeclared.html", html(RUSSIAN * 2, "cp1251"), "stored", "обстреляли город Тертер"),
    Case("koi8-r.html", html(RUSSIAN, "koi8-r", "koi8-r"), "stored", "обстреляли город Тертер"),
    Case("latin-1-declared.html", html(FRENCH, "latin-1", "iso-8859-1"), "stored", "ministère a déclaré"),
    Case("unknown-charset.html", html(RUSSIAN, "utf-8", "x-no-such-charset"), "stored", "Тертер"),
    Case("utf-16-bom.html", raw(codecs.BOM_UTF16_LE + f"<html><body><article><p>{BODY}</p><p>{BODY}</p></article>"
                                                      f"</body></html>".encode("utf-16-le")), "stored", "Tartar"),
    Case("utf8-cut-mid-character.md", raw((GOOD_FRONT + BODY + "Gəncə").encode()[:-1]), "stored", "Tartar"),
    Case("old-mac-line-ends.txt", text(("Title line\r" + BODY).replace("\n", "\r")), "stored", "Tartar"),
    # sidecars: metadata beside the article, validated like front matter and stricter
    Case("sidecar-good.txt", with_sidecar(text("published: 2020-10-04\noutlet: Test Wire\n")), "stored", "Tartar"),
    Case("sidecar-bad-date.txt", with_sidecar(text("published: yesterday\n")), "error",
         "bad date in sidecar sidecar-bad-date.yaml"),
    Case("sidecar-year-9999.txt", with_sidecar(text("published: 9999-12-31\n")), "error", "implausible"),
    Case("sidecar-typo.txt", with_sidecar(text("publshed: 2020-10-04\n")), "error", "unknown key(s) 'publshed'"),
    Case("sidecar-list.md", with_sidecar(text("- published\n- outlet\n")), "error", "not a mapping"),
    Case("sidecar-python.txt", with_sidecar(text("title: !!python/object/apply:os.system ['echo pwned']\n")),
         "error", "broken sidecar"),
    Case("sidecar-title-list.txt", with_sidecar(text("title: [a, b]\n")), "error", "'title' must be text"),
    Case("sidecar-fifo.txt", with_sidecar(fifo), "error", "FIFO"),
    Case("sidecar-zero.txt", with_sidecar(link("/dev/zero")), "error", "character device"),
    Case("sidecar-huge.txt", with_sidecar(text("title: " + "x" * 70_000)), "error", "too large"),
    Case("sidecar-png.txt", with_sidecar(raw(PNG)), "error", "a PNG image"),
    Case("sidecar-empty.txt", with_sidecar(raw(b"")), "error", "empty"),
    # hostile names: shown escaped, so that a name cannot forge a line or recolour a terminal
    Case("evil\nerror: forged.txt", raw(b""), "error", "empty"),
    Case("\x1b[31mred.txt", raw(b""), "error", "empty"),
    Case("tab\tand\rreturn.md", raw(b"\x00"), "error", "NUL"),
    Case("\u202etxt.exe.md", text(BODY), "stored", "Tartar"),
    Case("a" * 240 + ".txt", text(BODY), "stored", "Tartar"),
    Case("it's \"quoted\" $(rm -rf) report.md", text(BODY), "stored", "Tartar"),
    Case("Тертер-отчёт.txt", text(RUSSIAN * 2), "stored", "Тертер"),
    Case("-rf.txt", text(BODY), "stored", "Tartar"),
    Case("file:report.txt", text(BODY), "stored", "Tartar"),
)
