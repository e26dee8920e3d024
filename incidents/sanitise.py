"""Untrusted text made safe for the files we publish: spreadsheet cells (CSV) and XML (KML).

Article text reaches every export: an outlet name, a title, a quote. A CSV
cell that starts with `=` is a formula to Excel, LibreOffice and Google
Sheets (`=HYPERLINK(...)` leaks data, `=cmd|...` runs a program through
DDE), so every CSV we write goes through `spreadsheet_cell` (OWASP's rule: a
leading single quote). XML 1.0 cannot hold most C0 control characters even
escaped, so one U+0001 in a summary makes a KML file unreadable: `xml_text`
drops them. Both are hand-written because each is one regular expression and
no maintained library does just this.
"""
from __future__ import annotations

import re
from typing import Any

# A cell starting with one of these is evaluated by some spreadsheet (OWASP's list). The first four
# are also caught after leading blanks, which some spreadsheets strip on import.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number ("-3", "+1.5", "2e3") is data in every spreadsheet, never a formula: left as it is.
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# Characters XML 1.0 forbids even as character references: C0 controls except tab, newline and carriage
# return, lone surrogates, and the two non-characters U+FFFE and U+FFFF.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def spreadsheet_cell(value: Any) -> Any:
    """A CSV cell value that a spreadsheet shows instead of running; numbers and non-text pass unchanged.

    Carriage returns become newlines: Python's csv writer does not quote a field for a bare CR, which a
    reader then takes for the end of the row.

    >>> spreadsheet_cell('=HYPERLINK("http://x")'), spreadsheet_cell("-3"), spreadsheet_cell("Ganja"), spreadsheet_cell(-3)
    ('\\'=HYPERLINK("http://x")', '-3', 'Ganja', -3)
    >>> spreadsheet_cell("\\r@SUM(1)")
    "'\\n@SUM(1)"
    """
    if not isinstance(value, str) or not value:
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    core = value.lstrip()
    if (value.startswith(FORMULA_STARTS) or core.startswith(FORMULA_STARTS)) and not PLAIN_NUMBER.fullmatch(core):
        return "'" + text
    return text


def xml_text(value: str) -> str:
    """`value` without the characters XML 1.0 cannot hold (the caller still escapes < & >).

    >>> xml_text("Tartar\\x01 shelled\\ufffe")
    'Tartar shelled'
    """
    return XML_FORBIDDEN.sub("", value)
