"""Where: the scene among the places a clause names (publication day 2021-06-16)."""
from __future__ import annotations

import datetime as dt

import pytest

from incidents.extract.dates import event_date, find_dates
from incidents.extract.events import classify
from tests.incidents.common import extract_text, one_at


def test_the_dateline_city_is_where_a_story_was_filed_not_its_scene() -> None:
    text = "GORIS (Agency) — Mortar fire hit positions near Tegh overnight, the ministry said."
    assert [i.place for i in extract_text(text)] == ["Tegh"]


def test_the_dateline_city_is_the_scene_when_the_lead_names_no_other() -> None:
    text = "BARDA, Azerbaijan (June 15) — Rockets slammed into a market in the town centre on Tuesday, officials said."
    assert [i.place for i in extract_text(text)] == ["Barda"]


@pytest.mark.parametrize("text", [
    "The head of Khachik community, Aram Avetisyan, said shells hit the school in Areni.",
    "The mayors of Khachik and Yeghegnadzor told reporters that shells hit the school in Areni.",
])
def test_a_place_in_an_office_title_is_not_a_scene(text: str) -> None:
    assert [i.place for i in extract_text(text)] == ["Areni"]


def test_a_region_naming_whose_forces_is_not_a_scene() -> None:
    text = "The Karabakh and Azerbaijani opposing forces exchanged fire along the line of contact on Monday."
    assert [i.place for i in extract_text(text, published="2016-06-16")] == ["line of contact"]


def test_a_date_beyond_reach_dates_the_event_when_nothing_else_happens_between() -> None:
    clause = ("Three stray rockets fired in the fighting across the river came down in farmland outside two villages "
              "of the county near the reservoir on Monday, the governor said.")
    found = event_date(find_dates(clause, dt.date(2021, 6, 16)), classify(clause), clause)
    assert found is not None and found.date == dt.date(2021, 6, 14)


def test_a_date_beyond_reach_of_another_act_dates_nothing() -> None:
    clause = ("Shelling resumed near Sotk in the morning despite the talks between the two ministers that had led to a "
              "truce on Monday.")
    assert event_date(find_dates(clause, dt.date(2021, 6, 16)), classify(clause), clause) is None


def test_from_one_weekday_until_the_next_is_dated_by_the_first() -> None:
    text = "Fire on positions near Martakert lasted from Sunday at 21:00 until early Monday, the army said."
    assert one_at(extract_text(text), "Martakert").date == dt.date(2021, 6, 13)


@pytest.mark.parametrize(("name", "place"), [
    ("Khoda-Afarin", "Khoda Afarin"), ("Yukhari Shorzha", "Verin Shorzha"), ("Zarkand", "Kut"),
    ("Furukh", "Farukh"), ("Norabak", "Norabak"),
])
def test_border_villages_reports_name(name: str, place: str) -> None:
    text = f"Shells hit the outskirts of {name} on Monday, local officials said."
    assert [i.place.split(" (")[0] for i in extract_text(text)] == [place]


@pytest.mark.parametrize("text", [
    "Drones are terrorising the civilian population of Nagorno-Karabakh, the ombudsman said of the strike on Martuni.",
    "Shells fired in the conflict in the separatist region of Nagorno-Karabakh hit Martuni, officials said.",
])
def test_a_region_as_owner_or_topic_is_not_a_scene(text: str) -> None:
    assert [i.place.split(" (")[0] for i in extract_text(text)] == ["Martuni"]


def test_the_day_a_statement_was_made_yields_to_the_day_of_the_event() -> None:
    text = "The governor said on Tuesday that rockets hit a farm near Kapan on Monday evening."
    assert one_at(extract_text(text), "Kapan").date == dt.date(2021, 6, 14)


def test_a_month_day_night() -> None:
    text = "Shelling of Berd went on from the June 13 night until dawn, residents said."
    found = one_at(extract_text(text), "Berd")
    assert (found.date, found.date_precision) == (dt.date(2021, 6, 13), "night")


def test_a_generic_word_in_lower_case_before_a_name() -> None:
    text = "Troops advancing 2 kilometres surrounded the lake Sev on Monday, the ministry said."
    assert [i.place for i in extract_text(text)] == ["Lake Sev"]
