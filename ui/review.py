"""The review page: the queue of machine-read incidents, one at a time beside its article, checked by a named editor.

For each incident: the article with the evidence sentences highlighted (escaped:
article text is untrusted), the extracted fields editable, a map preview of the
place, and the verdicts: Accept (A, saving any correction first), Reject with a
reason (X), Next (N), Split, Merge with a nearby incident; below, adding an
incident the machine missed from sentences of the article. Every action checks
editor mode again when it runs, records the signed-in editor's name, is one
store transaction, and moves on to the next incident in the queue.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from geo.geocode import geocode
from incidents.store.additions import add_incident
from incidents.store.edits import split_incident
from incidents.store.evidence import article_sentences
from incidents.store.queue import QUEUE_ORDERS, merge_candidates, review_counts, review_item, review_queue
from incidents.store.review import accept, correct, merge_into, reject, reopen
from incidents.store.status import MACHINE, REJECTED, REVIEWED
from ui import data
from ui.access import current_editor
from ui.detail import edit_lines, when_text
from ui.escape import md, md_link
from ui.evidence import highlighted_paragraphs
from ui.params import parse_params, read_query_params, write_query_params
from ui.review_form import (
    Fields,
    correction_from_fields,
    current_fields,
    draft_from_fields,
    place_key,
    render_fields,
    render_missed_form,
)
from ui.status import review_line
from webmap.build import build_map

# Which incidents the page lists: label -> status.
QUEUE_STATUSES: dict[str, str] = {"Waiting (machine-read)": MACHINE, "Reviewed": REVIEWED, "Rejected": REJECTED}
# How the queue can be ordered: label -> incidents.store.queue order.
ORDER_LABELS: dict[str, str] = {"Oldest article first": "article", "Date": "date", "Place": "place", "Outlet": "outlet"}
# Keyboard shortcuts (Streamlit's own; R and C are Streamlit's rerun and cache keys, so reject is X).
KEY_ACCEPT, KEY_REJECT, KEY_NEXT = "A", "X", "N"
# Reasons an editor picks most often; free text replaces the choice.
REJECT_REASONS: tuple[str, ...] = (
    "not an incident: background, history or a general statement",
    "the same event as another incident (a duplicate)",
    "misread: the article does not say this happened",
    "outside this conflict",
)
# Height of the scrolling article pane and of the map preview, in pixels.
ARTICLE_HEIGHT_PX, PREVIEW_HEIGHT_PX = 560, 220
# Zoom of the map preview: a town and its surroundings.
PREVIEW_ZOOM = 9
# Session keys: the incident shown, and the message of the last action (shown after the rerun).
K_CURRENT, K_DONE = "rv_current", "rv_done"

assert set(ORDER_LABELS.values()) == set(QUEUE_ORDERS)


def render_review_page(editor: str) -> None:
    """The whole page for a signed-in editor."""
    engine = data.engine()
    top = st.columns([2, 2, 3])
    shown = QUEUE_STATUSES[top[0].selectbox("Incidents", list(QUEUE_STATUSES), key="rv_status", on_change=_restart)]
    order = ORDER_LABELS[top[1].selectbox("Order", list(ORDER_LABELS), key="rv_order", on_change=_restart)]
    queue = review_queue(engine, order=order, statuses=(shown,))
    counts = review_counts(engine)
    top[2].markdown(f"**{counts[MACHINE]:,} left to review** · {counts[REVIEWED]:,} reviewed · "
                    f"{counts[REJECTED]:,} rejected · reviewing as {md(editor)}")
    done = st.session_state.pop(K_DONE, None)
    if done:
        st.success(md(done))
    ids = [str(i) for i in queue["id"]]
    current = _current(ids)
    if current is None:
        st.info("Nothing waits for review here." if shown == MACHINE else "No incident has this status yet.")
        return
    item = review_item(engine, current)
    if item is None:
        st.session_state[K_CURRENT] = None
        st.warning("That incident is no longer in the store (merged or removed).")
        return
    write_query_params({"incident": [current]})
    position = f"{ids.index(current) + 1} of {len(ids)}" if current in ids else "not in this list"
    render_item(item, ids, position)


def _current(ids: Sequence[str]) -> str | None:
    """The incident to show: the one this session moved to (on the first visit, the link's), else the first
    in the queue."""
    if K_CURRENT not in st.session_state:
        view, _ = parse_params(read_query_params())
        st.session_state[K_CURRENT] = view.incident
    return st.session_state[K_CURRENT] or (ids[0] if ids else None)


def _restart() -> None:
    """Another list or order: start at its first incident."""
    st.session_state[K_CURRENT] = None


def following(ids: Sequence[str], current: str) -> str | None:
    """The incident after `current` in the queue (wrapping round), None when it was the only one.

    >>> following(["a", "b", "c"], "b"), following(["a", "b", "c"], "c"), following(["a"], "a"), following(["a"], "z")
    ('c', 'a', None, 'a')
    """
    if current not in ids:
        return ids[0] if ids else None
    rest = [*ids[ids.index(current) + 1:], *ids[:ids.index(current)]]
    return rest[0] if rest else None


def _act(action: Callable[[str], object], done: str, next_id: str | None) -> None:
    """Run one action as the signed-in editor (checked again now); on success move on and rerun."""
    editor = current_editor()
    if editor is None:
        st.error("Only a signed-in editor can review incidents.")
        return
    try:
        action(editor)
    except ValueError as error:  # a refused correction (EditError), an unknown place: one line for the editor
        st.error(md(str(error)))
        return
    data.clear()
    st.session_state[K_DONE] = done
    st.session_state[K_CURRENT] = next_id
    st.rerun()


def render_item(item: Mapping[str, Any], ids: Sequence[str], position: str) -> None:
    """One incident: header, verdict buttons, its article(s) beside the editable fields, then the other tools."""
    incident = item["incident"]
    incident_id = str(incident["id"])
    after = following(ids, incident_id)
    st.subheader(f"{md(str(incident['event_type']).capitalize())} · {md(incident['place'])} · {md(when_text(incident))}")
    st.caption(f"{position} · {md(review_line(incident))} · {md(incident.get('outlets') or 'no outlet')} · "
               f"id {md(incident_id)}")
    claims = item["claims"]
    main = next((c for c in claims if c["claim_id"] == item.get("main_claim_id")), None)
    start = current_fields(incident, main, [str(c["claim_id"]) for c in claims if c.get("wrong")])
    article_column, fields_column = st.columns([3, 2])
    with article_column:  # drawn first: the text is what the editor reads while the rest arrives
        for article in item["articles"]:
            _article(article)
    with fields_column:
        actions = st.container()  # drawn above the fields, filled once they say whether anything changed
        st.text_input("Place (any spelling)", value=start.place, key=place_key(incident_id))
        _place_preview(incident, st.session_state.get(place_key(incident_id), start.place), start.place)
        fields = render_fields(incident, start, claims)
    with actions:
        _verdicts(incident, start, fields, after)
    _split_and_merge(item, after)
    _missed(item)
    history = edit_lines(item.get("history") or [])
    if history:
        with st.expander(f"History ({len(history)})"):
            for line in history:
                st.caption(line)


def _verdicts(incident: Mapping[str, Any], start: Fields, fields: Fields, after: str | None) -> None:
    """Accept (saving any correction first), Next, Save only; Reject with a reason; back into the queue."""
    incident_id = str(incident["id"])
    changed = fields != start
    verdict = st.columns(3)
    if verdict[0].button("Save and accept" if changed else "Accept", type="primary", shortcut=KEY_ACCEPT,
                         key="rv_accept", width="stretch"):
        _act(lambda by: accept(data.engine(), incident_id, by=by, correction=correction_from_fields(start, fields)),
             f"Accepted: {incident['event_type']} at {incident['place']}.", after)
    if verdict[1].button("Next", shortcut=KEY_NEXT, key="rv_next", width="stretch"):
        st.session_state[K_CURRENT] = after
        st.rerun()
    if changed and verdict[2].button("Save only", key="rv_save", width="stretch"):
        _act(lambda by: correct(data.engine(), incident_id, correction_from_fields(start, fields), by=by),
             "Corrections saved; the incident still waits for review.", incident_id)
    _reject_form(incident_id, after)
    if incident["review_status"] != MACHINE and st.button("Back into the queue", key="rv_reopen"):
        _act(lambda by: reopen(data.engine(), incident_id, by=by), "Put back into the queue.", incident_id)


def _reject_form(incident_id: str, after: str | None) -> None:
    """Reject with a reason: a common one picked, or one typed (Enter in the box rejects)."""
    with st.form(f"rv_reject_{incident_id}", clear_on_submit=True, border=False):
        pick, own = st.columns(2)
        preset = pick.selectbox("Reject because", REJECT_REASONS, key=f"rv_reason_pick_{incident_id}")
        typed = own.text_input("…or in your own words", key=f"rv_reason_{incident_id}")
        if st.form_submit_button("Reject", shortcut=KEY_REJECT):
            reason = typed.strip() or preset
            _act(lambda by: reject(data.engine(), incident_id, reason, by=by), f"Rejected: {reason}.", after)


def _article(article: Mapping[str, Any]) -> None:
    """One article: citation line, then its text with the evidence sentences highlighted, in a scrolling pane."""
    title = article.get("title") or article.get("source") or "article"
    published = str(article.get("published") or "undated")[:10]
    st.markdown(f"**{md_link(title, article.get('url'))}** · {md(article.get('outlet') or 'unknown outlet')} · "
                f"{md(published)}")
    text = article.get("text") or ""
    if not text:
        st.caption("Bundled record: the article's text is not kept, only its citation and reviewed incidents.")
        return
    with st.container(height=ARTICLE_HEIGHT_PX, border=True):
        for paragraph in highlighted_paragraphs(text, article["spans"], mark=(":orange-background[**", "**]")):
            st.markdown(paragraph)


def _place_preview(incident: Mapping[str, Any], typed: str, stored: str) -> None:
    """What the place field means (the gazetteer's reading of any spelling) and a small map of it."""
    frame = pd.DataFrame([dict(incident)])
    if typed.strip() and typed.strip() != stored:
        found = geocode(typed.strip())
        if found.place is None:
            st.error(md(f"No place found for {typed!r} ({found.reason})."))
            return
        place = found.place
        st.caption(md(f"→ {place.display_name} ({place.precision}, {place.id})"))
        frame = frame.assign(place=place.display_name, place_id=place.id, location_precision=place.precision,
                             geometry=[json.dumps(place.geometry())])
        frame = frame.assign(lat=place.lat, lon=place.lon)
    lat, lon = float(frame["lat"].iloc[0]), float(frame["lon"].iloc[0])
    fmap = build_map(frame, layers=("countries", "line-of-contact-1994-2020"), center=(lat, lon), zoom=PREVIEW_ZOOM,
                     town_names=True)
    st.iframe(fmap.get_root().render(), height=PREVIEW_HEIGHT_PX)


def _split_and_merge(item: Mapping[str, Any], after: str | None) -> None:
    """Split some claims off into a new incident; merge into a nearby incident (candidates by place and date)."""
    incident_id = str(item["incident"]["id"])
    claims = item["claims"]
    split, merge = st.columns(2)
    with split:
        if len(claims) > 1:
            chosen = st.multiselect("Split: claims that are another incident", [str(c["claim_id"]) for c in claims],
                                    format_func=lambda cid: next(f"{c['claimant'] or 'unnamed'} ({c['stance']})"
                                                                 for c in claims if str(c["claim_id"]) == cid),
                                    key=f"rv_split_{incident_id}")
            if chosen and st.button("Split them off", key="rv_split_go"):
                _act(lambda by: split_incident(data.engine(), incident_id, chosen, by=by),
                     "Split: the chosen claims now form an incident of their own (waiting for review).", incident_id)
    with merge:
        candidates = merge_candidates(data.engine(), incident_id)
        if candidates.empty:
            st.caption("No incident nearby in place and date to merge with.")
            return
        st.markdown("**Same event as a nearby incident?**")
        for cand in candidates.to_dict("records"):
            label = (f"{str(cand['date'])[:10]} · {cand['place']} · {cand['event_type']} · {cand['outlets'] or '?'} · "
                     f"{cand['distance_km']} km, {cand['gap_days'] if cand['gap_days'] is not None else '?'} d · "
                     f"{cand['review_status']}")
            if st.button(f"Merge into: {md(label)}", key=f"rv_merge_{cand['id']}"):
                _act(lambda by, target=str(cand["id"]): merge_into(data.engine(), incident_id, target, by=by),
                     "Merged into the nearby incident (counted as reviewed).", after)


def _missed(item: Mapping[str, Any]) -> None:
    """Add an incident the machine missed, from sentences of one of this incident's articles."""
    for article in item["articles"]:
        if not article.get("text"):
            continue
        with st.expander(f"Add an incident the machine missed in {md(article.get('title') or 'this article')}"):
            sentences = article_sentences(article["text"])
            missed = render_missed_form(article, article["spans"], sentences)
            if missed is not None:
                def add(by: str, missed=missed, article=article, sentences=sentences) -> None:
                    draft = draft_from_fields(missed, str(article["id"]))
                    add_incident(data.engine(), str(article["id"]), [sentences[n] for n in missed.sentences], draft,
                                 by=by)
                _act(add, "Added the missed incident (reviewed).", str(item["incident"]["id"]))
