"""When an event happened, from the words of a sentence and the publication date.

Reports rarely give full dates: they say "early Sunday", "overnight", "on
April 4", "in the last 24 hours". Each expression is resolved against the
publication date with the precision it really carries (a night, a day, a
span, a month, a year). Without a publication date, only expressions that
name their own year can be resolved; the rest say "unknown" rather than guess.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from incidents.extract.events import EventCue
from incidents.model import Article

MONTHS: dict[str, int] = {
    name: number
    for number in range(1, 13)
    for name in (calendar.month_name[number].lower(), calendar.month_abbr[number].lower())
}
MONTHS["sept"] = 9
WEEKDAYS: dict[str, int] = {calendar.day_name[i].lower(): i for i in range(7)}

COUNTS: dict[str, int] = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                          "eight": 8, "nine": 9, "ten": 10, "twenty": 20, "thirty": 30}
DAYS_IN_WEEK = 7
# A year that dates a birth or a document, not an event: "born in 2003", "(b. 2002)", "the Geneva
# Conventions of 1949", "the 1949 Conventions".
NOT_AN_EVENT_YEAR = re.compile(r"\b(?:born(?:\s+in)?|b\.)\s*(?:19|20)\d\d|(?:conventions?|protocols?|treaty|charter|"
                               r"resolution|declaration|constitution|law)\s+of\s+(?:19|20)\d\d", re.IGNORECASE)
# Events this many days or more before publication are history, not news of the day.
HISTORY_DAYS = 365

_MONTH_RE = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY_RE = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
# A year right after a day and month ("5-6 May 2014"): that year, not the publication's.
_YEAR_AFTER = r"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"

# Each pattern names the groups the resolver reads; order matters only for ties.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b"),
        # "at 00:05 on the night of 12-13 September": a clock time after midnight dates the second day
        ("small_hours_of", r"\b(?:at\s+)?0?[0-4][:.][0-5]\d\s+(?:\w+\s+){0,2}?on\s+the\s+night\s+of\s+\d{1,2}\s*[-–]\s*"
                           r"(?P<day>\d{1,2})\s+(?:of\s+)?" + _MONTH_RE),
        ("small_hours_of", r"\b(?:at\s+)?0?[0-4][:.][0-5]\d\s+(?:\w+\s+){0,2}?on\s+the\s+night\s+of\s+" + _MONTH_RE
                           + r"\s+\d{1,2}\s*[-–]\s*(?P<day>\d{1,2})\b"),
        # "overnight July 16, at around 03:40": the small hours of that day
        ("small_hours_of", r"\bovernight\s+(?:(?:into|on|of)\s+)?" + _MONTH_RE + r"\s+(?P<day>\d{1,2})\b"),
        ("small_hours_of", r"\bovernight\s+(?:(?:into|on|of)\s+)?(?P<day>\d{1,2})\s+" + _MONTH_RE),
        ("night_of", r"\bnight\s+of\s+" + _MONTH_RE + r"\s+(?P<day>\d{1,2})(?:\s*[-–]\s*\d{1,2})?\b" + _YEAR_AFTER),
        ("night_of", r"\b" + _MONTH_RE + r"\s+(?P<day>\d{1,2})\s+night\b"),
        ("night_of", r"\bnight\s+of\s+(?P<day>\d{1,2})\s*[-–]\s*\d{1,2}\s+(?:of\s+)?" + _MONTH_RE + _YEAR_AFTER),
        # "July 12 and 13", "between 24 and 25 March", "12-13 September": two days of one episode
        ("day_span", r"\b" + _MONTH_RE + r"\s+(?P<day>\d{1,2})\s*(?:and|[-–]|to)\s*(?P<day2>\d{1,2})\b(?!\s*(?:km|mm|,\d))"
                     # "on April 4 and 5 civilians were hurt": then the second number counts people
                     r"(?!\s+(?:(?!(?:one|two|three|four|five|six|seven|eight|nine|ten)\b)\w+\s+)?"
                     r"(?:people|civilians?|soldiers?|servicem[ae]n|troops|residents|were))"),
        ("day_span", r"\b(?P<day>\d{1,2})\s*(?:and|[-–]|to)\s*(?P<day2>\d{1,2})\s+(?:of\s+)?" + _MONTH_RE + _YEAR_AFTER),
        # "from March 24 to March 25": the month said twice
        ("day_span", r"\bfrom\s+" + _MONTH_RE + r"\s+(?P<day>\d{1,2})\s+(?:to|until|till)\s+(?:(?P=month)\.?\s+)?"
                     r"(?P<day2>\d{1,2})\b"),
        ("month_day", r"\b" + _MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"),
        ("day_month", r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_RE + r"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"),
        # "from Wednesday at 7:30pm until early Thursday": a span between two weekdays, read as its first day
        ("weekday_span", r"\bfrom\s+(?:early\s+|late\s+)?(?:on\s+)?" + _WEEKDAY_RE + r"\b[^.;]{0,60}?\b(?:until|till|to|through)\s+"
                         r"(?:early\s+|late\s+)?(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"),
        ("overnight_into", r"\bovernight\s+(?:into|to|on)\s+" + _WEEKDAY_RE + r"\b"),
        ("weekday_night", r"\b" + _WEEKDAY_RE + r"\s+night\b"),
        ("weekday", r"\b(?P<early>early\s+(?:on\s+)?|late\s+(?:on\s+)?)?" + _WEEKDAY_RE + r"\b"),
        ("last_24h", r"\b(?:in|over|during)\s+the\s+(?:last|past)\s+(?:24|twenty-four)\s+hours\b"),
        ("last_night", r"\b(?:overnight|last\s+night|during\s+the\s+night|at\s+night)\b"),
        ("today", r"\b(?:today|this\s+(?:morning|afternoon|evening)|earlier\s+today|tonight)\b"),
        ("yesterday", r"\byesterday\b"),
        ("ago", r"\b(?P<count>a|an|one|two|three|four|five|six|\d)\s+(?P<unit>day|week)s?\s+(?:ago|earlier|before)\b"),
        # "ten years ago this week": a retrospective, history whatever the day it then names
        ("years_ago", r"\b(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|\d{1,2})\s+"
                      r"years?\s+ago\b"),
        ("last_week", r"\b(?:last|past)\s+week\b"),
        ("this_week", r"\b(?:earlier\s+)?this\s+week\b"),
        ("last_month", r"\blast\s+month\b"),
        # "mid-September", "in early October 2020": a third of a month, a range of about ten days
        ("part_month", r"\b(?P<part>early|mid|late)(?:-|\s+|-\s*)" + _MONTH_RE + r"(?:\s+(?P<year>(?:19|20)\d\d))?\b(?!\s+\d)"),
        ("month_year", r"\b(?:in|throughout|during|since|through|early|late|mid-?|last)\s+" + _MONTH_RE + r"(?:\s+(?P<year>(?:19|20)\d\d))?\b(?!\s+\d)"),
        ("decade", r"\b(?:(?:early|mid|late)[- ])?(?P<decade>(?:19|20)\d0)s\b"),
        ("year_span", r"\b(?P<year>(?:19|20)\d\d)\s*[-–]\s*(?:19|20)?\d\d\b"),
        ("year", r"\b(?P<year>(?:19|20)\d\d)(?=\s+(?:[\w-]+\s+)?(?:war|clashes|fighting|conflict|offensive|escalation|"
                 r"hostilities|battles?|flare-?up|attacks?|truce|ceasefire)\b)"),
        # "in 2020", "since 1994"; not a birth ("born in 2003") nor a document's year ("the Conventions of 1949")
        ("year", r"(?<!\bborn )(?<!\bborn)\b(?:in|since|of|by|until|from)\s+(?:the\s+(?:fall|spring|summer|autumn|winter)\s+of\s+)?"
                 r"(?P<year>(?:19|20)\d\d)\b"),
    )
)


_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DIGITS = tuple("0123456789")
# Words one of which a text must hold for a kind of pattern to be worth running: most clauses hold
# none of most of them, and thirty patterns over every clause were a third of the extraction time.
NEEDS: dict[str, tuple[str, ...]] = {
    "iso": _DIGITS, "small_hours_of": ("night",), "night_of": ("night",), "day_span": _MONTH_STEMS,
    "month_day": _MONTH_STEMS, "day_month": _MONTH_STEMS, "weekday_span": ("day",), "overnight_into": ("overnight",),
    "weekday_night": ("night",), "weekday": ("day",), "last_24h": ("hours",), "last_night": ("night",),
    "today": ("today", "tonight", "this "), "yesterday": ("yesterday",), "ago": ("ago", "earlier", "before"),
    "years_ago": ("ago",), "last_week": ("week",), "this_week": ("week",), "last_month": ("month",),
    "part_month": _MONTH_STEMS, "month_year": _MONTH_STEMS, "decade": _DIGITS, "year_span": _DIGITS, "year": _DIGITS,
}
assert {kind for kind, _ in PATTERNS} == set(NEEDS), "every kind of date pattern needs its cheap test"

# Cheap test that a text may hold a date phrase: a digit, a day, a relative word, a month stem.
DATE_HINT = re.compile(r"\d|day|night|week|month|tonight|overnight|morning|afternoon|evening|hours|ago|earlier|"
                       r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")


@dataclass(frozen=True)
class DateGuess:
    """A resolved date: first day, last day (for spans), precision, and where it was said."""

    date: dt.date | None
    date_end: dt.date | None
    precision: str
    start: int = 0
    end: int = 0

    @property
    def known(self) -> bool:
        return self.date is not None


UNKNOWN = DateGuess(None, None, "unknown")


def publication_default(published: dt.date | None, precision: str) -> DateGuess:
    """The date an undated report of the day gets: the publication day, as exactly as that is known."""
    if published is None or precision == "unknown":
        return UNKNOWN
    if precision == "year":
        return DateGuess(dt.date(published.year, 1, 1), dt.date(published.year, 12, 31), "year")
    if precision == "month":
        return DateGuess(published.replace(day=1), _month_end(published.year, published.month), "month")
    return DateGuess(published, None, "day")


def find_dates(text: str, published: dt.date | None, precision: str = "day") -> list[DateGuess]:
    """Every date expression in `text`, resolved, in text order (overlaps resolved by first match)."""
    if not DATE_HINT.search(text.lower()):
        return []  # most clauses carry no date word at all; skip the eighteen patterns
    found: list[DateGuess] = []
    taken: list[tuple[int, int]] = []
    low = text.lower()
    for kind, pattern in PATTERNS:
        if not any(word in low for word in NEEDS[kind]):
            continue
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            if kind == "year" and NOT_AN_EVENT_YEAR.search(text[max(0, match.start() - 40):match.end()]):
                continue
            guess = _resolve(kind, match, published, precision)
            if guess is not None:
                taken.append((match.start(), match.end()))
                found.append(DateGuess(guess.date, guess.date_end, guess.precision, match.start(), match.end()))
    return sorted(found, key=lambda g: g.start)


def closest_date(guesses: list[DateGuess], anchor: int) -> DateGuess | None:
    """The expression nearest to `anchor` (the event word): statement dates lose to event dates."""
    if not guesses:
        return None
    return min(guesses, key=lambda g: (min(abs(g.start - anchor), abs(g.end - anchor)), g.start))


def is_history(guess: DateGuess, published: dt.date | None) -> bool:
    """Whether a date lies so far before publication that it is background, not news."""
    if guess.date is None or published is None:
        return False
    last = guess.date_end or guess.date
    return (published - last).days >= HISTORY_DAYS


def _resolve(kind: str, m: re.Match[str], published: dt.date | None, precision: str) -> DateGuess | None:
    groups = m.groupdict()
    if kind == "iso":
        return _safe_day(int(groups["year"]), int(groups["m"]), int(groups["d"]))
    if kind == "day_span":
        first = _month_day(MONTHS[groups["month"].lower().rstrip(".")], int(groups["day"]), groups.get("year"),
                           published, precision)
        last_day = int(groups["day2"])
        if first is None or first.date is None or not first.date.day < last_day <= 31:
            return first
        end = _safe_day(first.date.year, first.date.month, last_day)
        return DateGuess(first.date, end.date if end is not None else None, "range" if end is not None else "day")
    if kind == "small_hours_of":  # the night's second date, told to the minute: a day, not a night
        return _month_day(MONTHS[groups["month"].lower().rstrip(".")], int(groups["day"]), None, published, precision)
    if kind in ("month_day", "day_month", "night_of"):
        guess = _month_day(MONTHS[groups["month"].lower().rstrip(".")], int(groups["day"]), groups.get("year"),
                           published, precision)
        if kind == "night_of" and guess is not None and guess.date is not None:
            return DateGuess(guess.date, None, "night")  # "the night of April 1-2": it began on the 1st
        return guess
    if kind == "part_month":
        return _part_of_month(groups, published if precision == "day" else None,
                              published.year if published and precision != "unknown" else None)
    if kind in ("decade", "year_span", "year", "month_year"):
        return _coarse(kind, groups, published if precision == "day" else None,
                       published.year if published and precision != "unknown" else None)
    return _relative(kind, groups, published, precision)


def _relative(kind: str, groups: dict[str, str | None], published: dt.date | None, precision: str) -> DateGuess:
    """Expressions that count back from the publication day; a year at best when that day is unknown."""
    if published is None or precision != "day":
        return publication_default(published, precision)
    if kind in ("weekday", "overnight_into", "weekday_night", "weekday_span"):
        day = latest_weekday(published, WEEKDAYS[str(groups["weekday"]).lower()])
        if kind == "overnight_into":
            return DateGuess(day - dt.timedelta(days=1), None, "night")
        if kind == "weekday_span":
            return DateGuess(day, min(day + dt.timedelta(days=1), published), "range")
        return DateGuess(day, None, "night" if kind == "weekday_night" else "day")
    if kind == "last_24h":
        return DateGuess(published - dt.timedelta(days=1), published, "range")
    if kind == "last_night":
        return DateGuess(published - dt.timedelta(days=1), None, "night")
    if kind == "yesterday":
        return DateGuess(published - dt.timedelta(days=1), None, "day")
    if kind == "years_ago":
        years = parse_count(str(groups["count"]))
        return DateGuess(dt.date(published.year - years, 1, 1), dt.date(published.year - years, 12, 31), "year")
    if kind == "ago":
        count = COUNTS.get(str(groups["count"]).lower()) or int(str(groups["count"]))
        if groups["unit"] == "day":
            return DateGuess(published - dt.timedelta(days=count), None, "day")
        middle = published - dt.timedelta(days=7 * count)  # "a week earlier": give or take a day
        return DateGuess(middle - dt.timedelta(days=1), middle + dt.timedelta(days=1), "range")
    if kind == "this_week":
        return DateGuess(published - dt.timedelta(days=published.weekday()), published, "range")
    if kind == "last_week":
        return DateGuess(published - dt.timedelta(days=7), published - dt.timedelta(days=1), "range")
    if kind == "last_month":
        first = (published.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        return DateGuess(first, _month_end(first.year, first.month), "month")
    return DateGuess(published, None, "day")  # today, this morning


def _coarse(kind: str, groups: dict[str, str | None], published: dt.date | None,
            known_year: int | None) -> DateGuess | None:
    """Year, span-of-years, decade and month expressions: precision month or year.

    A month without a year is the nearest past one when the publication day is known, and
    that month of the publication year when only the year is.
    """
    if kind == "decade":
        start = int(str(groups["decade"]))
        return DateGuess(dt.date(start, 1, 1), dt.date(start + 9, 12, 31), "range")
    if kind == "month_year":
        month = MONTHS[str(groups["month"]).lower().rstrip(".")]
        year = int(groups["year"]) if groups.get("year") else (_past_year(published, month, 1) or known_year)
        if year is None:
            return None
        return DateGuess(dt.date(year, month, 1), _month_end(year, month), "month")
    year = int(str(groups["year"]))
    return DateGuess(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


# First and last day of a month's thirds: "early", "mid", "late" (None: the month's end).
MONTH_PARTS: dict[str, tuple[int, int | None]] = {"early": (1, 10), "mid": (11, 20), "late": (21, None)}


def _part_of_month(groups: dict[str, str | None], published: dt.date | None, known_year: int | None) -> DateGuess | None:
    """"mid-September": the 11th to the 20th of the nearest past September, a range finer than the month."""
    month_guess = _coarse("month_year", groups, published, known_year)
    if month_guess is None or month_guess.date is None or month_guess.date_end is None:
        return month_guess
    first, last = MONTH_PARTS[str(groups["part"]).lower()]
    start = month_guess.date.replace(day=first)
    end = month_guess.date_end if last is None else month_guess.date.replace(day=last)
    return DateGuess(start, end, "range")


def _month_day(month: int, day: int, year: str | None, published: dt.date | None, precision: str) -> DateGuess | None:
    """"April 4" (nearest past one) or "April 4, 2016"; without any year known the date stays unknown."""
    if year:
        return _safe_day(int(year), month, day)
    if published is None or precision == "unknown":
        return DateGuess(None, None, "unknown")
    if precision != "day":
        return _safe_day(published.year, month, day)
    past = _past_year(published, month, day)
    return _safe_day(past, month, day) if past else None


def _past_year(published: dt.date | None, month: int, day: int) -> int | None:
    """The year that puts month/day on or before publication (the nearest past one)."""
    if published is None:
        return None
    return published.year if (month, day) <= (published.month, published.day) else published.year - 1


def parse_count(word: str) -> int:
    """A small count written as a word or in digits ("ten", "3")."""
    return COUNTS.get(word.lower()) or int(word)


def latest_weekday(published: dt.date, weekday: int) -> dt.date:
    """The day a weekday names in a report of `published` (Monday=0): the latest one on or before it, except
    the day after publication, which is that day: a report dated Monday (in another time zone, or filed
    overnight) that says "early on Tuesday" means the next morning, not six days back."""
    back = (published.weekday() - weekday) % 7
    return published + dt.timedelta(days=1) if back == DAYS_IN_WEEK - 1 else published - dt.timedelta(days=back)


def _safe_day(year: int, month: int, day: int) -> DateGuess | None:
    try:
        return DateGuess(dt.date(year, month, day), None, "day")
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# Words of another act or of talks: a date beyond them belongs to that, not to the event ("…after talks
# that led to a truce on Saturday").
OTHER_ACT = re.compile(r"\b(?:truce|cease-?fire|talks|agreement|meeting|met|summit|visit\w*|signed|elections?|vote|"
                       r"agreed|negotiat\w*|deal|conference)\b"
                       # an aside about something else: "…its Kalbajar district, part of territory reclaimed last November"
                       r"|,\s+(?:part of|where|home to)\b")
# A date phrase with at most this many words before it opens its clause and dates its main verb,
# however long the clause ("On July 14 the army … targeted … the town of Berd, using a drone").
OPENING_WORDS = 2
# Present and progressive wording ("fighting continues", "the combat goes on"): the news of the day of
# publication, not of the day an earlier sentence gave.
ONGOING = re.compile(r"\b(?:goes on|go on|is going on|continues|continue|is continuing|are continuing|"
                     r"(?:is|are) (?:still )?(?:ongoing|under way|underway)|still (?:going on|continuing))\b",
                     re.IGNORECASE)
# A date phrase further than this many characters from the event word belongs to something else
# ("fighting continues even after talks … led to a truce on Saturday").
DATE_REACH = 110


# A month that ended longer ago than this (days) before publication is a look back ("last
# September"), not news; "last month" (at most ~31 days back) still is.
STALE_MONTH_DAYS = 45


# A round-up's episode: present events dated at most this many days before publication (a week).
EPISODE_DAYS = 7


# ...and only when that date lies at most this many days before publication: a lead about today's or
# yesterday's fighting, not a look back whose date would wrongly spread to today's reports.
LEAD_RECENT_DAYS = 3


# A wire dateline opening a lead: place in capitals, then the filing day, then a dash.
DATELINE = re.compile(r"^\s*[A-Z][A-Z/.' -]{2,}(?:,\s*[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)?\s*,?\s*\(?"
                      r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})\)?\s*[—–-]\s")


# An agency dateline left at a sentence's start once "YEREVAN." was cut off: "May 13 (Interfax) -".
AGENCY_DATELINE = re.compile(r"^\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})\.?\s*"
                             r"(?:\([A-Z][\w-]*\)|/[A-Z][\w-]*/\.?)\s*[—–-]?\s")


# Day counts that look back from the event just told, not from publication day.
RELATIVE_TO_LAST = re.compile(r"\b(?:(?P<count>a|one|two|three|\d)\s+days?\s+(?:earlier|before)\b(?!\s+(?:yesterday|today))|"
                              r"the (?:previous|preceding) day|the day before\b(?!\s+(?:yesterday|today))|"
                              r"came (?:a|one) day after\b)", re.IGNORECASE)


# "have come under fire since the war began", "since late September, rockets have landed": a running
# tally over a period (present perfect with "since"), not one event; background unless the period is recent.
SINCE_TALLY = re.compile(r"\b(?:have|has)\s+(?:\w+\s+){0,2}?\w+(?:ed|en|un|ome)\b[^.;]*\bsince\b|"
                         r"\bsince\b[^.;]*\b(?:have|has)\s+(?:\w+\s+){0,2}?\w+(?:ed|en|un|ome)\b", re.IGNORECASE)


# A period rather than a time of day as what the tally counts from ("since the war began").
SINCE_PERIOD = re.compile(r"\bsince (?:the )?(?:war|conflict|start|beginning|outbreak|escalation|fighting)\b",
                          re.IGNORECASE)


# A speech verb right before a date phrase ("said on Friday", "told reporters late on Monday")...
SPEECH_BEFORE_DATE = re.compile(r"\b(?:said|says|reported|announced|stated|claimed|told\s+(?:[\w-]+\s+){0,3}?)"
                                r"\s*(?:on\s+|late\s+|early\s+)?$", re.IGNORECASE)


# ...and "that" opening the reported words right after it: the date is the statement's.
THAT_AFTER = re.compile(r"^\s*,?\s*that\b")


# "since midnight", "since dawn", "since 06:00": a tally of today's fire, still news of the day.
SINCE_TODAY = re.compile(r"\bsince\s+(?:the\s+)?(?:midnight|dawn|daybreak|sunrise|(?:this|early)\s+(?:morning|hours)|"
                         r"morning|early (?:morning|hours)|last night|\d{1,2}[:.]\d\d|\d{1,2}\s*[ap]\.?m\b)", re.IGNORECASE)


def long_ago(date: DateGuess, article: Article) -> bool:
    """A date more than EPISODE_DAYS before a dated article's publication: a look back in time."""
    if article.published is None or date.date is None:
        return False
    return (article.published - (date.date_end or date.date)).days > EPISODE_DAYS


def speech_dated(text: str, date: DateGuess | None, event: EventCue | None) -> bool:
    """"Armenia said on Friday that troops had advanced": the day dates the statement, and the event
    it reports may be older; a later sentence giving the event's own day ("early on Wednesday") wins."""
    if date is None or event is None or event.start < date.end:
        return False
    return bool(SPEECH_BEFORE_DATE.search(text[:date.start])) and bool(THAT_AFTER.match(text[date.end:event.start]))


def is_stale(date: DateGuess, article: Article) -> bool:
    """A day or span that ended more than STALE_MONTH_DAYS before a dated article's publication: a
    look back ("clashes left four dead between 10 and 12 June", read in September), not news."""
    if date.date is None or article.published is None or article.published_precision != "day":
        return False
    return (article.published - (date.date_end or date.date)).days > STALE_MONTH_DAYS


def is_recent(date: DateGuess | None, article: Article) -> bool:
    """A day or night at most LEAD_RECENT_DAYS before a dated article's publication."""
    if date is None or date.date is None or date.precision not in ("day", "night"):
        return False
    if article.published is None or article.published_precision != "day":
        return False
    return 0 <= (article.published - date.date).days <= LEAD_RECENT_DAYS


def only_old_dates(dates: list[DateGuess], article: Article) -> bool:
    """Every date the clause names, though too far from the event word to date it, ended long before
    publication ("clashes … killed 16 people between 12 and 16 July", read in September): the
    clause looks back; it is not today's news dated by the publication day."""
    if not dates or article.published is None or article.published_precision != "day":
        return False
    ends = [d.date_end or d.date for d in dates]
    return all(end is not None and (article.published - end).days > STALE_MONTH_DAYS for end in ends)


def is_coarse_past(date: DateGuess, article: Article) -> bool:
    """A year or a long span that ended before publication ("took the town in 2020", "in the
    1990s") tells history, whatever its distance; a month ("last month") is still news."""
    if article.published is None or article.published_precision != "day" or date.date is None:
        return False
    end = date.date_end or date.date
    long_span = date.precision == "year" or (date.precision == "range" and (end - date.date).days > 31)
    stale_month = date.precision == "month" and (article.published - end).days > STALE_MONTH_DAYS
    return (long_span or stale_month) and end < article.published


def event_date(dates: list[DateGuess], event: EventCue | None, text: str = "") -> DateGuess | None:
    """The date phrase that dates the event: the finest one within reach of the event word, or the one
    opening the clause ("On July 14 the army went on shelling … Berd" dates the whole sentence).

    A day said right after a speech verb, behind the event ("… killed on the border, officials said on
    Wednesday"), is the day of the statement and dates nothing."""
    if not dates:
        return None
    if event is not None and text:
        # the day of a statement ("…, officials said on Wednesday", "said on Sunday that the shells hit …
        # on Saturday evening") dates nothing after the event, and before it only when nothing else does
        dates = [d for d in dates if d.start < event.end or not SPEECH_BEFORE_DATE.search(text[:d.start])]
        own = [d for d in dates if not SPEECH_BEFORE_DATE.search(text[:d.start])]
        dates = own or dates
    anchor = event.start if event else 0
    # reach is measured from the cue's whole phrase ("troops crossed the state border … on Wednesday")
    near = [d for d in dates if opens(d, text) or _nothing_between(d, event, text) and (
        _gap(d, event) <= DATE_REACH or bool(text))] if event else dates
    if not near:
        return None
    fine = [d for d in near if d.precision in ("day", "night", "range") and d.date and
            (d.date_end is None or (d.date_end - d.date).days <= 31)]
    return closest_date(fine or near, anchor)


def opens(date: DateGuess, text: str) -> bool:
    """Whether a date phrase opens its clause ("On July 14, …", "Overnight July 16, at 03:40, …")."""
    return bool(text) and len(text[:date.start].strip(" \"“‘'(").split()) <= OPENING_WORDS


def _nothing_between(date: DateGuess, event: EventCue, text: str) -> bool:
    """Whether no talks or truce stand between a date and the event word: then the date dates the event,
    however far ("Several shells fired during the fighting … landed in villages of X county … on Tuesday");
    otherwise it dates that other act ("shelling resumed despite talks that led to a truce on Monday").
    Without the clause's text only DATE_REACH is known."""
    if not text:
        return _gap(date, event) <= DATE_REACH
    between = text[event.end:date.start] if date.start >= event.end else text[date.end:event.start]
    return OTHER_ACT.search(between.lower()) is None


def _gap(date: DateGuess, event: EventCue) -> int:
    """Characters between a date phrase and the event cue (0 when they touch or overlap)."""
    return max(0, date.start - event.end, event.start - date.end)


def dates_overlap(a: DateGuess, b: DateGuess) -> bool:
    if a.date is None or b.date is None:
        return a.date is None and b.date is None
    if a.precision in ("month", "year") or b.precision in ("month", "year"):
        return a.precision == b.precision and a.date == b.date
    return a.date <= _last_day(b) and b.date <= _last_day(a)


def _last_day(d: DateGuess) -> dt.date:
    """A night runs into the next morning: "overnight" and "on Tuesday" can tell the same shelling."""
    assert d.date is not None
    end = d.date_end or d.date
    return end + dt.timedelta(days=1) if d.precision == "night" and d.date_end is None else end


def finer(new: DateGuess, old: DateGuess) -> bool:
    order = ("day", "night", "range", "month", "year", "unknown")
    return order.index(new.precision) < order.index(old.precision)
