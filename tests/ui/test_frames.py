"""Pure helpers over the filtered frame: count line, tallies, display names, evidence highlighting."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from geo.gazetteer import load_gazetteer
from geo.geocode import geocode
from ui.evidence import highlighted_paragraphs, merged_spans
from ui.page import count_line
from ui.places import display_place
from ui.tallies import tally


def frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["date", "date_end", "outlets"])


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], "0 incidents · 0 outlets"),
        ([(dt.date(2016, 4, 2), None, "A")], "1 incident · 1 outlet · 2016-04-02 → 2016-04-02"),
        (
            [(dt.date(2016, 4, 2), None, "A; B"), (dt.date(2016, 4, 5), dt.date(2016, 4, 7), "B; C; D")],
            "2 incidents · 4 outlets · 2016-04-02 → 2016-04-07",
        ),
        ([(None, None, "")], "1 incident · 0 outlets"),
    ],
)
def test_count_line(rows, expected):
    assert count_line(frame(rows)) == expected


def test_tally_counts_each_outlet_of_each_incident():
    counts = tally(frame([(None, None, "A; B"), (None, None, "B"), (None, None, None)]), "outlets", "outlet")
    assert counts.to_dict("records") == [{"outlet": "B", "incidents": 2}, {"outlet": "A", "incidents": 1}]


@pytest.mark.parametrize(
    ("place", "name", "expected"),
    [
        ("Stepanakert", "Stepanakert", "Stepanakert (Khankendi)"),
        ("Khankendi", "Khankendi", "Stepanakert (Khankendi)"),
        ("Ganja", "Ganja", "Ganja"),
        ("somewhere", None, "somewhere"),
    ],
)
def test_contested_places_show_both_names(place, name, expected):
    place_id = geocode(name).place.id if name else "no-such-id"
    assert display_place(place, place_id, load_gazetteer()) == expected


@pytest.mark.parametrize(
    ("spans", "length", "expected"),
    [([], 10, []), ([(3, 1)], 10, []), ([(-5, 2), (2, 4)], 10, [(0, 4)]), ([(8, 20)], 10, [(8, 10)])],
)
def test_merged_spans(spans, length, expected):
    assert merged_spans(spans, length) == expected


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("one two\n\nthree", [(4, 7)], ["one **two**", "three"]),
        ("a [x](javascript:y) b", [(2, 19)], ["a **\\[x\\]\\(javascript\\:y\\)** b"]),
        ("spans a\n\nbreak", [(6, 11)], ["spans **a**", "**br**eak"]),
        ("<b>", [], ["\\<b\\>"]),
    ],
)
def test_highlighted_paragraphs_escape_then_mark(text, spans, expected):
    assert highlighted_paragraphs(text, spans) == expected
