"""From an input's bytes to its text: known binary types refused by name, encodings detected, blanks refused.

Order of evidence for the encoding, strongest first (the HTML standard's own
order): a byte-order mark; the charset the server declared (fetched pages);
the charset an HTML page declares in its first bytes (`<meta charset>` or
`http-equiv`); valid UTF-8; else charset-normalizer's detection, a library
that weighs every candidate encoding by how much the decoded text looks like
language (it replaces a hand-written guess such as "not UTF-8, so Latin-1").
Errors are `ReadError(source, reason)`; the caller's `source` names the input.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from incidents.errors import ReadError

# Byte-order marks and the codec each announces; UTF-32's are checked before UTF-16's, which they begin with.
BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# Leading bytes of file types people save by mistake beside articles, and what to call them in a refusal.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word, Excel or OpenDocument file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc, .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program (ELF)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg audio or video file"),
)
# Container formats told apart by a tag a few bytes in: (offset, tag, name).
TAGGED_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (8, b"WEBP", "a WebP image"),
    (8, b"WAVE", "a WAV sound file"),
    (8, b"AVI ", "an AVI video"),
    (4, b"ftyp", "an MP4, MOV or HEIC media file"),
)
# Share of control characters above which decoded "text" is really binary.
MAX_CONTROL_SHARE = 0.05
# Bytes of an HTML page searched for a charset declaration: the HTML standard's pre-scan reads 1024.
CHARSET_PRESCAN_BYTES = 1024
META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*(?P<charset>[A-Za-z0-9._:\-]+)", re.IGNORECASE)
# Labels the HTML standard reads as another encoding: Latin-1 and ASCII pages are really windows-1252, and a
# page whose <meta> could be read at all is not UTF-16 (the standard's rule is to read such pages as UTF-8).
CHARSET_ALIASES: dict[str, str] = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "l1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
}


def binary_kind(data: bytes) -> str | None:
    """What a known binary file type is called, from its leading bytes; None for anything else.

    >>> binary_kind(b"%PDF-1.7 ..."), binary_kind(b"Shells hit the town.")
    ('a PDF document', None)
    """
    for magic, name in MAGIC:
        if data.startswith(magic):
            return name
    for offset, tag, name in TAGGED_MAGIC:
        if data[offset:offset + len(tag)] == tag and (offset != 8 or data.startswith(b"RIFF")):
            return name
    return None


def declared_charset(html: bytes) -> str:
    """The charset a page declares in its first bytes (a Python codec name), or "" when none usable."""
    match = META_CHARSET.search(html[:CHARSET_PRESCAN_BYTES])
    return codec_name(match.group("charset").decode("ascii")) if match else ""


def codec_name(label: str) -> str:
    """The Python codec for a charset label, the HTML standard's aliases applied; "" for an unknown label."""
    label = label.strip().strip("\"'").lower()
    label = CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return ""


def decode(data: bytes, source: str, declared: str = "") -> str:
    """The text of an input, refusing known binary types, undecodable bytes and blank text with a clear reason.

    `declared` is a charset the input states about itself (a page's <meta> or a server's header); it loses
    only to a byte-order mark and is dropped when the bytes do not decode with it.
    """
    kind = binary_kind(data)
    if kind:
        raise ReadError(source, f"unsupported type: {kind}, not a text article")
    return checked_text(_text(data, source, declared), source)


def checked_text(text: str, source: str) -> str:
    """`text` itself, refused when it is blank or looks binary (NUL or many control characters): the
    checks every input's text passes, decoded from a file or pasted into the dashboard."""
    if is_blank(text):
        raise ReadError(source, "empty file (no text, only blank characters)")
    if "\x00" in text:
        raise ReadError(source, "binary file (contains NUL characters)")
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > MAX_CONTROL_SHARE * len(text):
        raise ReadError(source, "binary file (too many control characters)")
    return text


def _text(data: bytes, source: str, declared: str) -> str:
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise ReadError(source, f"not valid {name} text despite its byte-order mark "
                                        f"(bad byte at offset {exc.start + len(bom)})") from exc
    codec = codec_name(declared) if declared else ""
    if codec:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass  # a wrong declaration: the bytes themselves decide
    if b"\x00" not in data:  # NUL bytes are valid UTF-8, but text with them is UTF-16 or binary
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.reason == "unexpected end of data" and exc.end == len(data):
                return data[:exc.start].decode("utf-8")  # a UTF-8 file cut off inside its last character
    best = from_bytes(data).best()
    if best is None:
        raise ReadError(source, "binary file (no text encoding fits its bytes)")
    return str(best)


def is_blank(text: str) -> bool:
    """Whether text holds nothing but spaces, line breaks and invisible format characters (BOMs, zero-width)."""
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)
