import datetime as dt

import pytest

from incidents.extract.dates import find_dates, is_history, latest_weekday, publication_default

MONDAY = dt.date(2020, 10, 12)


def first(text, published=MONDAY, precision="day"):
    found = find_dates(text, published, precision)
    assert found, f"no date found in {text!r}"
    g = found[0]
    return g.date, g.date_end, g.precision


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the town was shelled early Sunday", (dt.date(2020, 10, 11), None, "day")),
        ("fighting resumed on Monday", (MONDAY, None, "day")),  # publication day itself
        ("clashes on Tuesday", (dt.date(2020, 10, 13), None, "day")),  # the day after publication: next morning
        ("rockets fell overnight", (dt.date(2020, 10, 11), None, "night")),
        ("shelling overnight into Sunday", (dt.date(2020, 10, 10), None, "night")),
        ("attacks on Saturday night", (dt.date(2020, 10, 10), None, "night")),
        ("drones were seen today", (MONDAY, None, "day")),
        ("the ministry said this morning", (MONDAY, None, "day")),
        ("a convoy was hit yesterday", (dt.date(2020, 10, 11), None, "day")),
        ("120 violations in the last 24 hours", (dt.date(2020, 10, 11), MONDAY, "range")),
        ("similar attacks last month", (dt.date(2020, 9, 1), dt.date(2020, 9, 30), "month")),
        ("fighting that erupted Sept. 27", (dt.date(2020, 9, 27), None, "day")),
        ("on April 4", (dt.date(2020, 4, 4), None, "day")),
        ("on Dec. 30", (dt.date(2019, 12, 30), None, "day")),  # nearest past one
        ("on 2 October", (dt.date(2020, 10, 2), None, "day")),
        ("on July 12, 2020", (dt.date(2020, 7, 12), None, "day")),
        ("a truce signed in 1994", (dt.date(1994, 1, 1), dt.date(1994, 12, 31), "year")),
        ("the war of the early 1990s", (dt.date(1990, 1, 1), dt.date(1999, 12, 31), "range")),
        ("the 2016 clashes near the village", (dt.date(2016, 1, 1), dt.date(2016, 12, 31), "year")),
        ("a week earlier, rockets fell", (dt.date(2020, 10, 4), dt.date(2020, 10, 6), "range")),
        ("three days ago", (dt.date(2020, 10, 9), None, "day")),
        ("on the night of Oct. 3-4", (dt.date(2020, 10, 3), None, "night")),
        ("earlier this week", (MONDAY, MONDAY, "range")),
    ],
)
def test_resolution_against_publication_day(text, expected):
    assert first(text) == expected


@pytest.mark.parametrize(
    ("text", "published", "precision", "expected"),
    [
        ("early Sunday", None, "unknown", (None, None, "unknown")),
        ("on April 7", None, "unknown", (None, None, "unknown")),
        ("on April 7", dt.date(2016, 1, 1), "year", (dt.date(2016, 4, 7), None, "day")),
        ("early Sunday", dt.date(2020, 1, 1), "year", (dt.date(2020, 1, 1), dt.date(2020, 12, 31), "year")),
    ],
)
def test_without_a_publication_day_precision_is_honest(text, published, precision, expected):
    assert first(text, published, precision) == expected


@pytest.mark.parametrize("weekday", range(7))
def test_a_weekday_is_within_the_week_before_publication_or_the_next_morning(weekday):
    day = latest_weekday(MONDAY, weekday)
    assert day.weekday() == weekday and -1 <= (MONDAY - day).days < 6


def test_early_on_the_day_after_publication_is_the_next_morning():
    # a piece dated Monday (another time zone, filed overnight) telling of "early on Tuesday"
    assert first("Early on Tuesday, rockets hit Tegh.", MONDAY) == (MONDAY + dt.timedelta(days=1), None, "day")
    assert first("On Sunday, rockets hit Tegh.", MONDAY) == (MONDAY - dt.timedelta(days=1), None, "day")


def test_history_and_defaults():
    old = find_dates("the 1994 truce was signed in 1994", MONDAY)[0]
    assert is_history(old, MONDAY)
    assert not is_history(find_dates("on Sept. 27", MONDAY)[0], MONDAY)
    assert publication_default(None, "unknown").date is None
    assert publication_default(MONDAY, "day").date == MONDAY


def test_clock_times_and_calibres_are_not_dates():
    assert find_dates("at 12 p.m. local time (0800 GMT) with 120-millimeter mortars", MONDAY) == []
