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
