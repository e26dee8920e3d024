"""The error of reading one input, and how an input is named in a message.

An input's name comes from outside (a file name, a URL, an upload's label),
so it is shown escaped: a newline in a file name must not start a second
"error:" line, and a terminal escape must not recolour the screen.
"""
from __future__ import annotations

from pathlib import Path


def shown(name: str | Path) -> str:
    r"""A name safe to print on one line: characters that are not printable are written as escapes.

    >>> shown("evil\nerror: forged.txt"), shown("Гянджа.txt")
    ('evil\\nerror: forged.txt', 'Гянджа.txt')
    """
    text = str(name)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def text_name(name: str) -> str:
    """A file name as valid text: bytes that are not UTF-8 (which Python keeps as lone surrogates) become "�",
    so the name can be stored and printed; error lines show the raw name escaped instead (`shown`).

    >>> text_name(b"bad\\xff.txt".decode("utf-8", "surrogateescape"))
    'bad�.txt'
    """
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


class ReadError(Exception):
    """An input that cannot be read; the message names the input (escaped) and the reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{shown(source)}: {shown(reason)}")
        self.source = source
        self.reason = reason
