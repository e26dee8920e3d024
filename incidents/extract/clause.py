"""What one clause says, as read: the record every later stage works on.

Kept apart from the reading itself (`reading.py`) so that drafts and denials
can name it without importing the reader.
"""
from __future__ import annotations

from dataclasses import dataclass

from geo.gazetteer import Place
from incidents.extract.attribution import Attribution
from incidents.extract.casualties import Casualties
from incidents.extract.dates import DateGuess
from incidents.extract.events import EventCue
from incidents.extract.sentences import Sentence


@dataclass
class Reading:
    """What one clause says: event, figures, date, places, claimant, denial."""

    sentence: Sentence
    index: int
    text: str
    start: int
    event: EventCue | None
    casualties: Casualties
    date: DateGuess | None
    places: list[Place]
    attribution: Attribution | None
    denial: bool
    background: bool
    dated_explicitly: bool
    context_dated: bool = False  # dated by an earlier sentence's date (a lead's "on Tuesday")
    said_on: bool = False  # dated only by the day of the statement ("said on Friday that troops had…")
    ongoing: bool = False  # told in the present ("fighting continues"): the day of publication
    scene_date: DateGuess | None = None  # a reading with no event whose opening date dates what follows
