"""Denials: which clauses deny something, and which incident each disputes.

A denial is a claim with the stance "denies". It disputes the incident at the
place it names, else the statement just reported; a side never disputes its
own camp's report. A denial that itself tells a strike at a named town ("reports
that the army shelled Jermuk are false") puts that strike on the map, disputed.
"""
from __future__ import annotations

import re

from incidents.extract.attribution import Attribution
from incidents.extract.clause import Reading
from incidents.extract.draft import Draft
from incidents.extract.places import is_local, same_area
from incidents.model import Claim

DENIAL = re.compile(
    r"\b(?:den(?:ied|ies|y|ying)|reject(?:ed|s)?|refut(?:ed|es)|dismiss(?:ed|es)|nothing to do with reality|"
    r"(?:an )?absolute lie|(?:does|do|did) not correspond to (?:reality|the truth|the facts)|is (?:yet )?another provocation|"
    r"(?:is|are|was) (?:a |an )?(?:lies?|fake|falsification)\b|disinformation|misinformation|fake news|not true|untrue|groundless|baseless|"
    r"fabricat\w*|false (?:information|claims?|reports?)|(?:is|are|was|were) (?:completely |absolutely |entirely )?false\b|did not (?:fire|shell|attack|target|capture|seize|enter|occupy|cross)|"
    r"never (?:fired|shelled|attacked|targeted))"  # matched against lower-cased text
)


def is_denial(text: str) -> bool:
    """Whether a clause denies something ('denied firing toward…', 'an absolute lie')."""
    return bool(DENIAL.search(text.lower()))


# Events a denial alone can put on the map: it names the weapon or the civilian target it denies.
DENIED_TYPES = frozenset({"drone strike", "missile strike", "shelling", "attack on civilians"})


def denied_report(reading: Reading) -> bool:
    """A denial that itself tells a strike at a named town or district, in the news's present.

    Only a named means or target counts (shelling, a drone, fire on civilian sites): a denied
    "downing" or "advance" is too vague to map from the denial alone."""
    return (reading.event is not None and reading.event.event_type in DENIED_TYPES and not reading.background
            and bool(reading.places) and all(is_local(p) for p in reading.places))


def attach_denial(reading: Reading, drafts: list[Draft]) -> bool:
    """A denial disputes the incident at the place it names, else the event reported just before it;
    False when it found none."""
    if not drafts:
        return False
    attr = reading.attribution or Attribution("", "unknown", 0, 0)
    # a side does not deny its own report: "claims of a counteroffensive near X … have nothing to do
    # with reality", said by the side that reported shelling near X, disputes the adversary's story
    candidates = [d for d in drafts if not _own_side(d, attr)]
    named = [d for d in reversed(candidates) if any(same_area(d.place, p) for p in reading.places)]
    targets = named[:1]
    if not targets and not reading.places and candidates:
        # no place named: the statement just reported, every place it named ("sabotage in A, B and C")
        recent = max(d.last_sentence for d in candidates)
        if reading.index - recent <= 2:
            targets = [d for d in candidates if d.last_sentence == recent]
    for target in targets:
        target.last_sentence = max(target.last_sentence, reading.index)
        target.readings.append(reading)
        if not any(c.stance == "denies" and c.claimant == attr.claimant for c in target.claims):
            target.claims.append(Claim(attr.claimant, attr.side, "denies", reading.sentence.text,
                                       reading.sentence.start, reading.sentence.end))
    return bool(targets)


# Camps for denials: Nagorno-Karabakh's authorities and Armenia's speak for one side.
CAMP = {"Azerbaijan": "Azerbaijan", "Armenia": "Armenia", "Nagorno-Karabakh": "Armenia"}


def _own_side(draft: Draft, attr: Attribution) -> bool:
    """Whether every assertion of the draft comes from the denier's own camp."""
    camp = CAMP.get(attr.side)
    asserting = [CAMP.get(c.side) for c in draft.claims if c.stance == "asserts"]
    return camp is not None and bool(asserting) and all(side == camp for side in asserting)
