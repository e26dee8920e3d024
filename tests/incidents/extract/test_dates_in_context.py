"""When: dates of event clauses read with the sentences around them (publication day 2021-06-16, a Wednesday)."""
from __future__ import annotations

import datetime as dt

import pytest

from incidents.extract.dates import event_date, find_dates
from incidents.extract.events import classify
from tests.incidents.common import extract_text, one_at

WEDNESDAY = dt.date(2021, 6, 16)


def test_a_date_opening_a_long_sentence_dates_its_verb() -> None:
    clause = ("On June 14 the units stationed across the river kept firing on the outlying farms and the water "
              "pumping station of the village of Tegh with mortars and heavy machine guns.")
    found = event_date(find_dates(clause, WEDNESDAY), classify(clause), clause)
    assert found is not None and found.date == dt.date(2021, 6, 14)


def test_the_day_of_a_statement_after_the_event_dates_nothing() -> None:
    clause = "Two conscripts were wounded in the shelling of Sotk, the ministry said on Wednesday."
    assert event_date(find_dates(clause, WEDNESDAY), classify(clause), clause) is None


def test_a_date_in_a_sentence_without_an_event_dates_the_next_one() -> None:
    text = ("Overnight June 14, at about 23:10, a patrol noticed movement across the valley. "
            "Soon afterwards the enemy shelled Sotk with mortars.")
    assert one_at(extract_text(text), "Sotk").date == dt.date(2021, 6, 14)


def test_fighting_told_in_the_present_is_the_day_of_publication() -> None:
    text = ("The army took the heights above Sotk on Sunday, the ministry said. "
            "The fighting around Sotk goes on, the spokeswoman added.")
    dates = sorted(i.date for i in extract_text(text))
    assert dates == [dt.date(2021, 6, 13), WEDNESDAY]


@pytest.mark.parametrize(("lead", "expected"), [
    # a wire story filed the morning after: its undated account goes on telling yesterday
    ("Nine soldiers died in clashes on the border on Tuesday, officials said.", dt.date(2021, 6, 15)),
    # a lead about today's fighting keeps undated sentences on the day of publication
    ("Fighting flared on the border, officials said.", WEDNESDAY),
])
def test_a_morning_after_lead_dates_the_rest_of_the_story(lead: str, expected: dt.date) -> None:
    text = (f"{lead}\n\nThe ministry said on Wednesday that talks would resume.\n\n"
            "Enemy troops attacked positions near Norashen and Nerkin Hand, the ministry said.")
    found = extract_text(text)
    assert {i.date for i in found if "Norashen" in i.place or "Hand" in i.place} <= {expected}
