"""One incident per event: how readings of an article join, stay apart and add up (published 2021-06-16)."""
from __future__ import annotations

import datetime as dt

from tests.incidents.common import extract_text, one_at


def test_a_toll_given_place_by_place_and_its_total() -> None:
    text = ("Three farmers were killed in villages of Syunik on Monday, officials said. "
            "“One farmer was killed in the village of Khnatsakh, and two shepherds were killed in the village of "
            "Tegh,” the governor said.")
    found = extract_text(text)
    assert sorted((i.place, i.killed) for i in found) == [("Khnatsakh", 1), ("Tegh", 2)]


def test_each_sides_count_joins_the_total_for_one_area() -> None:
    text = ("At least 20 soldiers died in fighting along the line of contact on Monday, officials of both sides said.\n\n"
            "Baku said 8 of its soldiers were killed in the fighting.\n\n"
            "Yerevan said 12 of its soldiers were killed in the fighting.")
    found = extract_text(text, published="2016-06-16")
    assert [(i.killed, sorted({c.side for c in i.claims})) for i in found] == [(20, ["Armenia", "Azerbaijan",
                                                                                     "unknown"])]


def test_each_sides_own_losses_at_one_place_are_two_reports() -> None:
    text = ("Karabakh's defence army said enemy drones struck its posts near Lachin on Monday, wounding four "
            "servicemen. Azerbaijan's defence ministry said Armenian units fired on its positions near Lachin on "
            "Monday, killing one soldier.")
    found = sorted(extract_text(text), key=lambda i: i.killed or 0)
    assert [(i.killed, i.injured, i.main_claim.side) for i in found] == [(None, 4, "Nagorno-Karabakh"),
                                                                          (1, None, "Azerbaijan")]


def test_a_stretch_between_two_places_is_a_line_between_them() -> None:
    text = "Overnight, fire was exchanged along the front between Talish and Tartar, the ministry said."
    found = extract_text(text)
    assert len(found) == 1 and found[0].geometry["type"] == "LineString" and found[0].location_precision == "line"


def test_a_region_named_by_nobody_in_particular_is_the_located_report() -> None:
    text = ("Both sides accused each other of breaking the truce in Nagorno-Karabakh on Monday.\n\n"
            "The Azerbaijani ministry said shells hit houses in Tartar on Monday.")
    assert [i.place for i in extract_text(text)] == ["Tartar"]


def test_an_undated_lead_with_the_toll_of_a_dated_event_is_that_event() -> None:
    text = ("Six troops have been killed in border clashes, officials in Baku said on Wednesday.\n\n"
            "“Six servicemen died in the fighting on Monday near Kalbajar,” the defence ministry said.")
    found = extract_text(text)
    assert [(i.date, i.killed) for i in found] == [(dt.date(2021, 6, 14), 6)]


def test_the_event_after_came_as_is_its_own() -> None:
    text = ("Fire hit Sotk on Tuesday. The Tuesday attacks came as troops violated the line of contact near "
            "Martakert on Monday.")
    assert one_at(extract_text(text), "Martakert").date == dt.date(2021, 6, 14)
