import pytest

from incidents.extract.casualties import find_casualties, parse_number


@pytest.mark.parametrize(
    ("text", "killed", "injured", "civilian"),
    [
        ("by Tuesday at least nine civilians had died and 34 more were hurt", 9, 34, True),
        ("two civilians were killed in the city", 2, None, True),
        ("a drone attack killed two members of the separatist forces and wounded 14 others", 2, 14, False),
        ("a fresh escalation that left three dead", 3, None, None),
        ("the deaths of at least two fighters and a soldier in clashes", 3, None, False),
        ("a soldier was killed in firing on a military position", 1, None, False),
        ("seven people were killed when the bus was hit", 7, None, None),
        ("twenty-two soldiers were wounded near the post", None, 22, False),
        ("shelling killed a woman and injured her son", 1, None, True),
        ("eleven servicemen died and 4 were hurt", 11, None, False),
    ],
)
def test_figures(text, killed, injured, civilian):
    found = find_casualties(text)
    assert (found.killed, found.injured, found.civilian) == (killed, injured, civilian)


@pytest.mark.parametrize(
    "text",
    [
        "the earlier war killed some 30,000 people in all",  # war toll
        "120-millimeter mortars were fired at 5 a.m.",  # calibre, clock time
        "the ceasefire was violated 119 times in 2016",  # counts and years
        "the town of 50,000 residents",  # population
    ],
)
def test_numbers_that_are_not_tolls(text):
    found = find_casualties(text)
    assert found.killed is None and found.injured is None


@pytest.mark.parametrize(
    "text",
    [
        "In all, 31 civilians and 500 troops have been killed across the region",
        "the death toll after three days of battles climbed to 40",
        "Azerbaijan has reported 16 combat deaths so far",
    ],
)
def test_running_totals_are_flagged(text):
    assert find_casualties(text).aggregate


@pytest.mark.parametrize(
    ("token", "value"),
    [("nine", 9), ("twenty-one", 21), ("1,200", 1200), ("a", 1), ("12", 12), ("a dozen", 12), ("lots", None)],
)
def test_parse_number(token, value):
    assert parse_number(token) == value
