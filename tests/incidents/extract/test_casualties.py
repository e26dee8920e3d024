"""Casualties: the figures a clause gives, read the ways real reports word them."""
from __future__ import annotations

import pytest

from incidents.extract.casualties import find_casualties, parse_number


@pytest.mark.parametrize(("token", "value"), [
    ("seven", 7), ("twenty-two", 22), ("forty one", 41), ("one hundred and twelve", 112), ("a dozen", 12),
    ("a", 1), ("1,250", 1250), ("several", None),
])
def test_spelled_out_numbers(token: str, value: int | None) -> None:
    assert parse_number(token) == value


@pytest.mark.parametrize(("clause", "killed", "injured"), [
    # a wound that killed is a death
    ("A reservist was mortally wounded when the mortar round struck his trench.", 1, None),
    ("One border guard was fatally injured near the checkpoint.", 1, None),
    ("A contract serviceman of the brigade, Sargis Melkonyan (b. 1999), received a fatal shrapnel wound.", 1, None),
    ("Two of the shepherds later died from their injuries in Goris hospital.", 2, None),
    # victims named one by one with their rank count one each
    ("Lieutenant Orkhan Aliyev and Sergeant Elvin Mammadov died in the exchange of fire.", 2, None),
    ("In the skirmish that followed, Ensign Tural Guliyev was killed.", 1, None),
    ("Junior Sergeant Hayk Petrosyan was wounded by a sniper's bullet.", None, 1),
    # residents, citizens and conscripts are people
    ("Four citizens were injured and two conscripts were killed.", 2, 4),
    # nobody hurt is no figure at all
    ("The farm was hit but no one was injured.", None, None),
    ("Nobody was killed in the attack on the bus.", None, None),
])
def test_casualty_wordings(clause: str, killed: int | None, injured: int | None) -> None:
    found = find_casualties(clause)
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(("clause", "killed", "injured"), [
    # ages and years of birth are no figures
    ("Two women, aged 67 and 58 were wounded in the shelling.", None, 2),
    ("The strike killed Aram Sahakyan (41) and wounded three neighbours.", 1, 3),
    ("A 70-year-old man was wounded.", None, 1),
    # a count right after another figure shares its people
    ("Six villagers were injured, one died on the way to hospital.", 1, 6),
    # a person named, then what they were
    ("Elvin Mammadov, a local shepherd, was killed by a mine.", 1, None),
    # a unit numbered within a ministry
    ("A serviceman of the military unit N of the Ministry of Defence was killed.", 1, None),
])
def test_figures_around_names_and_ages(clause: str, killed: int | None, injured: int | None) -> None:
    found = find_casualties(clause)
    assert (found.killed, found.injured) == (killed, injured)
