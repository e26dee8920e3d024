"""When a text was published, read from the text itself when nothing else says.

A pasted or saved page often carries its publication stamp as a line of its own
("20 March 2023 09:58 (UTC+04:00)", "Thursday, 07 April 2016 06:42",
"Update: 03 August 2022 21:39", "12.04.2023 10:11"). Such a line gives the day,
marked as inferred. What is not taken for a publication day:

- a site's display date (today's date in the page header, "Thursday November 14
  2024" above a report of 2023): a stamp with a clock time wins over a bare date
  line, and a date line whose weekday does not agree with its date is no stamp;
- a date inside the story ("On October 22, 2020, missiles hit…"): it gives the
  year only, unless a date line of the page repeats its month and day ("22
  October" in the header): then it is the day;
- a copyright line: the year.

Absolute dates are parsed with dateparser (many formats, day-first numbers as
the region's outlets write them); finding the candidate lines stays a regular
expression, because dateparser's own search reads any number as a date.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

# Lines from the top, and from the bottom, searched for a publication stamp.
HEAD_LINES = 15
TAIL_LINES = 5
# A stamp line holds a date and little else: a time, a zone, a label ("Published on"), a byline of a few
# words; more words than this besides, and the line is a sentence that happens to hold a date.
STAMP_OTHER_WORDS = 3
STAMP_WORDS = re.compile(r"\b(?:published|posted|updated?|modified|date|ekleme|güncelleme|on|at|utc|gmt|amt|msk|azt|"
                         r"am|pm|a\.m|p\.m)\b|[+-]\d\d:?\d\d|\d{1,2}:\d\d(?::\d\d)?|[|/•▼()\-–—:,.]", re.IGNORECASE)

_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
           r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
# A full date in any of the orders pages use; groups are only for finding, dateparser reads the value.
FULL_DATE = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTHS + r",?\s+(?:19|20)\d\d"
    r"|" + _MONTHS + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
    r"|(?:19|20)\d\d\s+" + _MONTHS + r"\s+\d{1,2}"
    r"|\d{1,2}[./]\d{1,2}[./](?:19|20)\d\d"
    r"|(?:19|20)\d\d-\d\d-\d\d)\b", re.IGNORECASE)
# A month and day without a year ("22 October", "October 22").
MONTH_DAY = re.compile(r"^\W*(?:\d{1,2}\s+" + _MONTHS + r"|" + _MONTHS + r"\s+\d{1,2})\W*$", re.IGNORECASE)
CLOCK = re.compile(r"\b\d{1,2}:\d\d\b")
WEEKDAY = re.compile(r"\b(" + "|".join(calendar.day_name) + r")\b", re.IGNORECASE)
COPYRIGHT_YEAR = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\(c\)\s*)?(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
YEARS = range(1988, 2100)


def infer_published(text: str) -> tuple[dt.date | None, str, bool]:
    """(day or None, precision, inferred) of a text that states no publication date in metadata.

    >>> infer_published("Border guard wounded\\n\\n20 March 2023 09:58 (UTC+04:00)\\n\\nA guard was hurt.")
    (datetime.date(2023, 3, 20), 'day', True)
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    edge = lines[:HEAD_LINES] + lines[-TAIL_LINES:]
    stamps = [(CLOCK.search(line) is not None, day) for line in edge if (day := _stamp_day(line)) is not None]
    if stamps:
        timed = [day for has_clock, day in stamps if has_clock]
        return min(timed or [day for _, day in stamps]), "day", True
    in_story = [day for m in FULL_DATE.finditer(text) if (day := _parse(m.group())) is not None]
    for line in edge:
        if MONTH_DAY.match(line):
            agreeing = [d for d in in_story if (d.month, d.day) == _month_day(line)]
            if agreeing:
                return agreeing[0], "day", True
    years = [int(m.group("year")) for m in COPYRIGHT_YEAR.finditer(text)] + [d.year for d in in_story]
    years = [y for y in years if y in YEARS]
    return (dt.date(max(years), 1, 1), "year", True) if years else (None, "unknown", False)


def _stamp_day(line: str) -> dt.date | None:
    """The day of a line that is only a publication stamp, or None."""
    found = FULL_DATE.search(line)
    day = _parse(found.group()) if found else None
    if day is None:
        return None
    rest = STAMP_WORDS.sub(" ", WEEKDAY.sub(" ", line[:found.start()] + " " + line[found.end():]))
    if len(rest.split()) > STAMP_OTHER_WORDS:
        return None
    weekday = WEEKDAY.search(line)
    if weekday and weekday.group(1).lower() != calendar.day_name[day.weekday()].lower():
        return None  # a weekday that disagrees: not a date we can trust
    return day


def _month_day(line: str) -> tuple[int, int]:
    parsed = _parse(f"{line.strip(' ,.')} 2000")
    return (parsed.month, parsed.day) if parsed else (0, 0)


@lru_cache(maxsize=1024)
def _parse(phrase: str) -> dt.date | None:
    """A full date in any common format (numbers day first), or None."""
    import dateparser  # imported here: slow to load, and most texts state their date in front matter

    parsed = dateparser.parse(phrase, languages=["en"], settings={"DATE_ORDER": "DMY", "STRICT_PARSING": True})
    if parsed is None or parsed.year not in YEARS:
        return None
    return parsed.date()
