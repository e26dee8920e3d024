"""An incident being assembled from clause readings, and how a reading joins it.

Assembly (`assembly.py`) and denials (`denials.py`) both add to drafts; what
they share lives here so neither imports the other.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from geo.gazetteer import Place
from incidents.extract.casualties import PERFECT_TOLL, Casualties
from incidents.extract.clause import Reading
from incidents.extract.dates import DateGuess
from incidents.model import Claim

# A follow-up sentence (figures, no place) may join the incident of an event this many sentences back.
FOLLOW_UP_SENTENCES = 1


# ...skipping at most this many sentences in all, when those between tell nothing (no event, no figures).
SILENT_GAP = 2


# An unlocated, undated act ("our units suppressed the firing points") goes on telling the located
# event this many sentences back: a statement's second and third sentences stay with its first.
CONTINUE_SENTENCES = 2


@dataclass
class Draft:
    """An incident being assembled from readings."""

    place: Place
    defaulted: bool
    date: DateGuess
    event_type: str
    readings: list[Reading] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    killed: int | None = None
    injured: int | None = None
    civilian: bool | None = None
    last_sentence: int = -1


def figures_agree(draft: Draft, found: Casualties) -> bool:
    if found.aggregate or not found.any:
        return True
    return (found.killed is None or draft.killed is None or draft.killed == found.killed) and \
           (found.injured is None or draft.injured is None or draft.injured == found.injured)


def absorb(draft: Draft, reading: Reading, own_figures: bool = True) -> None:
    """Add a reading's figures (when they are this incident's alone), claim and evidence to a draft."""
    draft.readings.append(reading)
    draft.last_sentence = reading.index
    figures = reading.casualties
    perfect = PERFECT_TOLL.search(reading.text) and not reading.places
    if own_figures and figures.any and not figures.aggregate and not perfect:
        draft.killed = draft.killed if draft.killed is not None else figures.killed
        draft.injured = draft.injured if draft.injured is not None else figures.injured
        draft.civilian = draft.civilian if draft.civilian is not None else figures.civilian
    add_claim(draft, reading, "asserts")


def add_claim(draft: Draft, reading: Reading, stance: str) -> None:
    attr = reading.attribution
    if attr is None:
        return
    if any(c.claimant == attr.claimant and c.stance == stance for c in draft.claims):
        return
    figures = reading.casualties if stance == "asserts" and not reading.casualties.aggregate else Casualties()
    draft.claims.append(Claim(attr.claimant, attr.side, stance, reading.sentence.text, reading.sentence.start,
                              reading.sentence.end, figures.killed, figures.injured))
