"""Editor-only corrections beside the detail panel: fix an incident, flag a claim, undo a merge.

Every action checks editor mode again when it runs (a hidden control is not a
guard), goes through incidents.store's edit functions under the signed-in
editor's name (so it is kept as history, says who, and survives re-ingest),
and clears the cached frames.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from geo.geocode import GeocodeResult, geocode
from incidents.corrections import PlaceNotFound, place_fields
from incidents.model import EVENT_TYPES
from incidents.store.edits import edit_incident, mark_claim_wrong
from incidents.store.merge import undo_merge
from incidents.store.validate import MAX_CASUALTIES
from ui import data
from ui.access import current_editor
from ui.escape import md

CorrectionError = PlaceNotFound  # a correction the form cannot turn into an edit; the message is for the editor


def _count(value: object) -> int | None:
    """A stored casualty figure as an int, None when not stated (None, NaN, pandas.NA)."""
    try:
        return None if value is None or value != value else int(value)
    except (TypeError, ValueError):
        return None


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def changes_from_form(current: Mapping[str, Any], form: Mapping[str, Any],
                      locate: Callable[[str], GeocodeResult] = geocode) -> dict[str, Any]:
    """Only the fields the editor actually changed, as edit_incident takes them.

    A new place name is geocoded (any spelling) and brings its geometry and
    precision with it, so the map draws the corrected place as precisely as the
    gazetteer knows it. A casualty figure of -1 means "not stated".

    >>> now = {"place": "Ganja", "date": "2020-10-11", "event_type": "shelling", "killed": 9, "injured": None}
    >>> changes_from_form(now, {"place": "Ganja", "date": dt.date(2020, 10, 11), "event_type": "shelling",
    ...                         "killed": 10, "injured": -1})
    {'killed': 10}
    """
    changes: dict[str, Any] = {}
    place = str(form.get("place") or "").strip()
    if place and place != current.get("place"):
        changes.update(place_fields(place, locate))
    if form.get("date") and form["date"] != _day(current.get("date")):
        changes["date"] = form["date"]
    if form.get("event_type") and form["event_type"] != current.get("event_type"):
        changes["event_type"] = form["event_type"]
    for name in ("killed", "injured"):
        wanted = None if form.get(name, -1) < 0 else int(form[name])
        if wanted != _count(current.get(name)):
            changes[name] = wanted
    return changes


def _act(action: Callable[[str], object], done: str) -> None:
    """Run one edit if (still) editor, recorded under the editor's name; then report and refresh the frames."""
    editor = current_editor()
    if editor is None:
        st.error("Only a signed-in editor can change incidents.")
        return
    try:
        action(editor)
    except (CorrectionError, KeyError, ValueError) as error:
        st.error(md(str(error)))
        return
    data.clear()
    st.success(done)


def render_corrections(detail: Mapping[str, Any]) -> None:
    """The "Correct this incident" section for the selected incident (editors only)."""
    if current_editor() is None:
        return
    incident = detail["incident"]
    with st.expander("Correct this incident (editor)"), st.form("correct_incident"):
        form = {
            "place": st.text_input("Place (any spelling)", value=str(incident.get("place") or ""), key="fix_place"),
            "date": st.date_input("Date", value=_day(incident.get("date")), key="fix_date"),
            "event_type": st.selectbox("Event type", EVENT_TYPES, key="fix_type",
                                       index=EVENT_TYPES.index(incident["event_type"])
                                       if incident.get("event_type") in EVENT_TYPES else 0),
            "killed": st.number_input("Killed (-1: not stated)", min_value=-1, max_value=MAX_CASUALTIES, step=1,
                                      key="fix_killed",
                                      value=_count(incident.get("killed")) if _count(incident.get("killed")) is not None else -1),
            "injured": st.number_input("Injured (-1: not stated)", min_value=-1, max_value=MAX_CASUALTIES, step=1,
                                       key="fix_injured",
                                       value=_count(incident.get("injured")) if _count(incident.get("injured")) is not None else -1),
        }
        if st.form_submit_button("Save correction"):
            def save(by: str) -> None:
                changes = changes_from_form(incident, form)
                if changes:
                    edit_incident(data.engine(), str(incident["id"]), changes, by=by)
            _act(save, "Correction saved (kept in the edit history under your name).")
    _claim_and_merge_controls(detail)


def _claim_and_merge_controls(detail: Mapping[str, Any]) -> None:
    """A button per claim to flag it wrong (or right again), and per standing merge to undo it."""
    for claim in detail.get("claims") or []:
        wrong = bool(claim.get("wrong"))
        label = f"{'Unflag' if wrong else 'Flag as wrong'}: {claim.get('claimant') or 'claim'}"
        if st.button(label, key=f"wrong_{claim['claim_id']}"):
            _act(lambda by, c=claim, w=wrong: mark_claim_wrong(data.engine(), str(c["claim_id"]), wrong=not w, by=by),
                 "Claim flag changed.")
    for merge in detail.get("merges") or []:
        if merge.get("undone_at") is None and st.button(f"Undo merge {merge['id']}", key=f"undo_{merge['id']}"):
            _act(lambda by, m=merge: undo_merge(data.engine(), int(m["id"]), by=by), "Merge undone.")
