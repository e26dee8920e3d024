"""Event cues: which clauses report an act of war, in the wordings real reports use."""
from __future__ import annotations

import pytest

from incidents.extract.events import classify


@pytest.mark.parametrize(("clause", "kind"), [
    # active verbs aimed at a named place or a target noun
    ("Overnight they struck Horadiz, Fuzuli and two villages nearby.", "armed clash"),
    ("Rockets hit the northern suburbs before dawn.", "missile strike"),
    ("A sabotage team mined the supply road near the pass.", "armed clash"),
    ("Their gunners pounded the villages along the river all night.", "armed clash"),
    # a convoy or a post that "got under fire"
    ("A convoy of volunteers got under fire on its way to the front.", "armed clash"),
    # an event named only as an incident, then placed
    ("The ministry said the incident occurred on the Sadarak stretch of the border.", "armed clash"),
    # troops crossing the line
    ("Units advancing some 2 kilometres into the valley were stopped by a patrol.", "armed clash"),
    ("Soldiers violated the state border near the lake, the ministry said.", "armed clash"),
    ("Troops were trying to advance towards the heights.", "armed clash"),
])
def test_attack_wordings(clause: str, kind: str) -> None:
    found = classify(clause)
    assert found is not None and found.event_type == kind


@pytest.mark.parametrize("clause", [
    "The region was hit hard by the economic crisis.",
    "Prices struck a record high in Yerevan markets.",
    "The minister hit back at critics in parliament.",
    "An incident of this kind has never been recorded in the archive.",
])
def test_words_that_are_not_attacks(clause: str) -> None:
    assert classify(clause) is None


@pytest.mark.parametrize("clause", [
    "The capture of the village by the army was announced at noon.",
    "Troops entered the zone of the peacekeepers overnight.",
    "An armoured column approached the village from the east.",
    "The violations took place along the northern stretch of the line.",
    "Soldiers violated the line of contact near the river.",
])
def test_captures_entries_and_placed_violations(clause: str) -> None:
    assert classify(clause) is not None
