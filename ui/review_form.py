"""The review page's fields: an incident's extracted values, editable beside its article, turned into a store
Correction; and the form that adds an incident the machine missed from sentences of the article.

`correction_from_fields` and `draft_from_fields` are pure (tested with parameter tables); the render
functions only draw widgets keyed by the incident, so moving to the next incident starts from its values.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from geo.geocode import GeocodeResult, geocode
from incidents.corrections import place_fields
from incidents.model import DATE_PRECISIONS, EVENT_TYPES, SIDES, Claim, Incident
from incidents.store.review import Correction
from ui.escape import md

# A casualty field at this value means "not stated" (a number input cannot be empty).
NOT_STATED = -1
# Longest sentence shown whole in the "add a missed incident" list; longer ones are cut with an ellipsis.
SENTENCE_LABEL_CHARS = 140


def _count(value: object) -> int | None:
    """A stored figure as an int; None when not stated (None, NaN, pandas.NA)."""
    return None if value is None or pd.isna(value) else int(value)


def _day(value: object) -> dt.date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


@dataclass(frozen=True)
class Fields:
    """What the review form holds for one incident (as the widgets give it)."""

    place: str
    date: dt.date | None
    date_end: dt.date | None
    date_precision: str
    event_type: str
    killed: int
    injured: int
    claimant: str
    side: str
    denial_claimant: str = ""
    denial_side: str = "unknown"
    wrong: tuple[str, ...] = ()  # claims ticked as wrong


def current_fields(incident: Mapping[str, Any], main: Mapping[str, Any] | None,
                   wrong: Sequence[str] = ()) -> Fields:
    """The form's starting values: the incident as stored."""
    return Fields(
        place=str(incident.get("place") or ""), date=_day(incident.get("date")), date_end=_day(incident.get("date_end")),
        date_precision=str(incident.get("date_precision") or "unknown"), event_type=str(incident.get("event_type")),
        killed=_count(incident.get("killed")) if _count(incident.get("killed")) is not None else NOT_STATED,
        injured=_count(incident.get("injured")) if _count(incident.get("injured")) is not None else NOT_STATED,
        claimant=str(main.get("claimant") or "") if main else "", side=str(main.get("side") or "unknown") if main else "unknown",
        wrong=tuple(wrong))


def correction_from_fields(before: Fields, after: Fields,
                           locate: Callable[[str], GeocodeResult] = geocode) -> Correction:
    """Only what the editor changed, as a store Correction (a new place is geocoded, in any spelling).

    >>> was = Fields("Ganja", dt.date(2020, 10, 11), None, "day", "shelling", 9, -1, "Baku", "Azerbaijan")
    >>> correction_from_fields(was, Fields("Ganja", dt.date(2020, 10, 11), None, "day", "shelling", 10, -1,
    ...                                    "Baku", "Azerbaijan")).fields
    {'killed': 10}
    """
    fields: dict[str, Any] = {}
    if after.place.strip() and after.place.strip() != before.place:
        resolved = place_fields(after.place, locate)
        if resolved["place"] != before.place:  # another spelling of the same place changes nothing
            fields.update(resolved)
    for name in ("date", "date_end", "date_precision", "event_type"):
        if getattr(after, name) != getattr(before, name):
            fields[name] = getattr(after, name)
    for name in ("killed", "injured"):
        if getattr(after, name) != getattr(before, name):
            fields[name] = None if getattr(after, name) < 0 else int(getattr(after, name))
    claimant = after.claimant.strip() if after.claimant.strip() != before.claimant else None
    side = after.side if after.side != before.side else None
    denials = ((after.denial_claimant.strip(), after.denial_side),) if after.denial_claimant.strip() else ()
    wrong = {c: True for c in set(after.wrong) - set(before.wrong)} | {c: False for c in set(before.wrong) - set(after.wrong)}
    return Correction(fields=fields, claimant=claimant, side=side, denials=denials, wrong=wrong)


def _key(incident_id: str, name: str) -> str:
    return f"rv_{name}_{incident_id}"


def render_fields(incident: Mapping[str, Any], start: Fields, claims: Sequence[Mapping[str, Any]]) -> Fields:
    """The editable fields, side by side with the article; returns what they hold now."""
    key = str(incident["id"])
    left, right = st.columns(2)
    date = left.date_input("Date", value=start.date, key=_key(key, "date"), format="YYYY-MM-DD")
    date_end = right.date_input("Until (a span)", value=start.date_end, key=_key(key, "date_end"), format="YYYY-MM-DD")
    precision = left.selectbox("Date precision", DATE_PRECISIONS, key=_key(key, "precision"),
                               index=DATE_PRECISIONS.index(start.date_precision)
                               if start.date_precision in DATE_PRECISIONS else 0)
    event_type = right.selectbox("Type", EVENT_TYPES, key=_key(key, "type"),
                                 index=EVENT_TYPES.index(start.event_type) if start.event_type in EVENT_TYPES else 0)
    killed = left.number_input("Killed (-1: not stated)", min_value=NOT_STATED, step=1, value=start.killed,
                               key=_key(key, "killed"))
    injured = right.number_input("Injured (-1: not stated)", min_value=NOT_STATED, step=1, value=start.injured,
                                 key=_key(key, "injured"))
    claimant = left.text_input("Claimant (who says so)", value=start.claimant, key=_key(key, "claimant"))
    side = right.selectbox("Claimant's side", SIDES, key=_key(key, "side"),
                           index=SIDES.index(start.side) if start.side in SIDES else SIDES.index("unknown"))
    denials = [c for c in claims if c.get("stance") == "denies"]
    for claim in denials:
        st.caption(f"Denied by **{md(claim.get('claimant') or 'unnamed')}** ({md(claim.get('side') or 'unknown')})")
    denial_claimant = left.text_input("Add a denial: who denies it", key=_key(key, "deny"))
    denial_side = right.selectbox("Denier's side", SIDES, index=SIDES.index("unknown"), key=_key(key, "deny_side"))
    wrong = [str(c["claim_id"]) for c in claims
             if st.checkbox(f"Wrong claim: {md(c.get('claimant') or 'unnamed')} ({md(c.get('stance'))})",
                            value=bool(c.get("wrong")), key=_key(key, f"wrong_{c['claim_id']}"))]
    return Fields(place=str(st.session_state.get(_key(key, "place"), start.place)), date=date, date_end=date_end,
                  date_precision=precision, event_type=event_type, killed=int(killed), injured=int(injured),
                  claimant=claimant, side=side, denial_claimant=denial_claimant, denial_side=denial_side,
                  wrong=tuple(wrong))


def place_key(incident_id: str) -> str:
    """The session key of the place field (drawn apart from the others, above its map preview)."""
    return _key(incident_id, "place")


def sentence_label(text: str, start: int, end: int, n: int, evidence: bool) -> str:
    """One line of the sentence list: its number, a mark when it is already evidence, the (cut) words.

    >>> sentence_label("Ganja was hit. More.", 0, 14, 0, True)
    '0 ● Ganja was hit.'
    """
    words = " ".join(text[start:end].split())
    if len(words) > SENTENCE_LABEL_CHARS:
        words = words[:SENTENCE_LABEL_CHARS].rstrip() + "…"
    return f"{n} {'● ' if evidence else ''}{words}"


@dataclass(frozen=True)
class Missed:
    """The add-a-missed-incident form's values: the sentences it rests on, and its fields."""

    sentences: tuple[int, ...]
    fields: Fields


def draft_from_fields(missed: Missed, article_id: str,
                      locate: Callable[[str], GeocodeResult] = geocode) -> Incident:
    """The Incident an added missed incident stores (ValueError naming what is missing)."""
    given = missed.fields
    if not missed.sentences:
        raise ValueError("pick the sentence(s) that tell the incident")
    if not given.place.strip() or given.date is None:
        raise ValueError("an incident needs a place and a date")
    if not given.claimant.strip():
        raise ValueError("name who says so (the claimant)")
    place = place_fields(given.place, locate)
    killed = None if given.killed < 0 else given.killed
    injured = None if given.injured < 0 else given.injured
    return Incident(article=article_id, date=given.date, date_end=given.date_end, date_precision=given.date_precision,
                    place=place["place"], place_id=place["place_id"], location_precision=place["location_precision"],
                    geometry=place["geometry"], event_type=given.event_type,
                    claims=[Claim(given.claimant.strip(), given.side, killed=killed, injured=injured)],
                    killed=killed, injured=injured)


def render_missed_form(article: Mapping[str, Any], spans: Sequence[tuple[int, int]],
                       sentences: Sequence[tuple[int, int]]) -> Missed | None:
    """The "add a missed incident" form for one article; its values when submitted, else None."""
    text = article["text"] or ""
    key = f"rv_missed_{article['id']}"
    with st.form(key, clear_on_submit=True):
        picked = st.multiselect(
            "Sentence(s) that tell it (● already evidence of an incident)", list(range(len(sentences))),
            format_func=lambda n: sentence_label(text, *sentences[n], n,
                                                 any(s < sentences[n][1] and sentences[n][0] < e for s, e in spans)),
            key=f"{key}_sentences")
        left, right = st.columns(2)
        place = left.text_input("Place (any spelling)", key=f"{key}_place")
        date = right.date_input("Date", value=None, key=f"{key}_date", format="YYYY-MM-DD")
        precision = left.selectbox("Date precision", DATE_PRECISIONS, key=f"{key}_precision")
        event_type = right.selectbox("Type", EVENT_TYPES, key=f"{key}_type")
        killed = left.number_input("Killed (-1: not stated)", min_value=NOT_STATED, value=NOT_STATED, step=1,
                                   key=f"{key}_killed")
        injured = right.number_input("Injured (-1: not stated)", min_value=NOT_STATED, value=NOT_STATED, step=1,
                                     key=f"{key}_injured")
        claimant = left.text_input("Claimant (who says so)", key=f"{key}_claimant")
        side = right.selectbox("Claimant's side", SIDES, index=SIDES.index("unknown"), key=f"{key}_side")
        if not st.form_submit_button("Add this incident (reviewed)"):
            return None
    return Missed(tuple(picked), Fields(place, date, None, precision, event_type, int(killed), int(injured), claimant,
                                        side))
