"""The publication day a text states of itself, when no metadata does (inferred, never guessed)."""
from __future__ import annotations

import datetime as dt

import pytest

from incidents.published import infer_published


@pytest.mark.parametrize(("text", "day", "precision"), [
    # a stamp line of its own gives the day
    ("Drones hit a depot\n\n14 June 2021 08:15 (UTC+04:00)\n\nThe depot burned for hours.", dt.date(2021, 6, 14),
     "day"),
    ("Posted: 03.05.2022 17:40 | Politics\n\nTwo posts were shelled.", dt.date(2022, 5, 3), "day"),
    ("By Staff | Monday, 14 June 2021\n\nTwo posts were shelled.", dt.date(2021, 6, 14), "day"),
    # the site's display date above the story loses to the story's own timed stamp
    ("Sunday December 1 2024\n\nGuard wounded\n\n14 June 2021 08:15\n\nA guard was hurt.", dt.date(2021, 6, 14),
     "day"),
    # a weekday that disagrees with its date is no stamp (14 June 2021 was a Monday)
    ("Friday, 14 June 2021\n\nTwo posts were shelled in June 2021.", dt.date(2021, 1, 1), "year"),
    # a header month and day that a full date in the story repeats
    ("14 June\n\nMissile strike\n\nOn the evening of June 14, 2021, missiles hit Barda.", dt.date(2021, 6, 14),
     "day"),
    # a full date inside a sentence gives only the year; a copyright line the year
    ("Reported on April 7, 2016, that shells hit the town near the river.", dt.date(2016, 1, 1), "year"),
    ("Shells hit the town.\n\n© 2019 Some Wire", dt.date(2019, 1, 1), "year"),
    ("Shells hit the town on Sunday.", None, "unknown"),
])
def test_what_a_text_says_of_its_own_date(text: str, day: dt.date | None, precision: str) -> None:
    found, found_precision, inferred = infer_published(text)
    assert (found, found_precision) == (day, precision)
    assert inferred is (day is not None)
