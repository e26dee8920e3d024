"""The detail panel: one incident, every claim about it, and where each comes from.

A reader must be able to tell who says what: each claim shows claimant, side,
outlet, stance, the quote, the casualty figures as that party claimed them,
and a link to the article. All of it came from articles anyone could write,
so every string goes through ui.escape.md and links are made only for http(s).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from ui.cite import citation, permalink
from ui.escape import md, md_link
from ui.status import render_review_status

# What each precision means to a reader (also the About page's legend).
DATE_PRECISION_TEXT: dict[str, str] = {
    "day": "known to the day",
    "night": "one night (dated by the evening it began)",
    "range": "somewhere in a span of days",
    "month": "known only to the month",
    "year": "known only to the year",
    "unknown": "date unknown",
}
LOCATION_PRECISION_TEXT: dict[str, str] = {
    "point": "a town, village or height",
    "area": "only a district or region (drawn as that area)",
    "line": "only a front line or border section (drawn as that line)",
}


def _missing(value: object) -> bool:
    """None, NaN, NaT and pandas.NA all mean "not stated"."""
    try:
        return value is None or bool(value != value)
    except (TypeError, ValueError):  # pandas.NA refuses bool()
        return True


def figures(row: Mapping[str, Any]) -> str:
    """Casualty figures as claimed: "3 killed, 5 injured", or "" when the claim states none."""
    parts = [f"{int(row[k])} {k}" for k in ("killed", "injured") if not _missing(row.get(k))]
    return ", ".join(parts)


def when_text(incident: Mapping[str, Any]) -> str:
    """The date with its precision, e.g. "2016-04-02 → 2016-04-05 (somewhere in a span of days)"."""
    start, end = incident.get("date"), incident.get("date_end")
    day = "unknown date" if _missing(start) else str(start)[:10]
    if not _missing(end) and str(end)[:10] != day:
        day += f" → {str(end)[:10]}"
    precision = str(incident.get("date_precision") or "unknown")
    return f"{day} ({DATE_PRECISION_TEXT.get(precision, precision)})"


def claim_markdown(claim: Mapping[str, Any]) -> str:
    """One claim as escaped Markdown: who, stance, figures, the quote, and the article."""
    who = md(claim.get("claimant") or "unnamed source")
    side = md(claim.get("side") or "unknown")
    stance = "**denies**" if claim.get("stance") == "denies" else "asserts"
    head = f"**{who}** ({side}) {stance}"
    claimed = figures(claim)
    if claimed:
        head += f" — claims {claimed}"
    if claim.get("wrong"):
        head += " — *marked wrong by an editor*"
    lines = [head]
    if claim.get("quote"):
        lines.append(f"> {md(claim['quote'])}")
    source = md_link(claim.get("article_title") or claim.get("article_source") or "article", claim.get("article_url"))
    outlet = md(claim.get("outlet") or "unknown outlet")
    published = "" if _missing(claim.get("published")) else f", {str(claim['published'])[:10]}"
    lines.append(f"{outlet}{published}: {source}")
    return "\n\n".join(lines)


def merge_lines(merges: Sequence[Mapping[str, Any]]) -> list[str]:
    """Why reports were merged into this incident (standing merges only), escaped."""
    return [
        f"{'Merged by hand' if m.get('manual') else 'Merged automatically'}: {md(m.get('reason') or 'no reason recorded')}"
        for m in merges
        if _missing(m.get("undone_at"))
    ]


def edit_lines(history: Sequence[Mapping[str, Any]]) -> list[str]:
    """The incident's edit history, oldest first, escaped: when, who, which field, before → after."""
    return [
        md(f"{str(e.get('at') or '')[:16]} {e.get('by') or 'editor'}: {e.get('kind')} "
           f"{e.get('field') or ''} {e.get('before') or ''} → {e.get('after') or ''}")
        for e in history
    ]


def render_detail(detail: Mapping[str, Any] | None, base_url: str) -> None:
    """The panel for one incident (or a hint when nothing is selected)."""
    if detail is None:
        st.info("Click an incident on the map to see every claim about it.")
        return
    incident = detail["incident"]
    claims = detail.get("claims") or []
    st.subheader(f"{md(str(incident.get('event_type') or 'incident').capitalize())} · {md(incident.get('place') or '')}")
    render_review_status(incident)
    if incident.get("disputed"):
        st.markdown("**Disputed:** at least one party denies this.")
    st.markdown(f"**When:** {md(when_text(incident))}")
    precision = str(incident.get("location_precision") or "point")
    st.markdown(f"**Where:** {md(incident.get('place') or 'unknown')} ({md(LOCATION_PRECISION_TEXT.get(precision, precision))})")
    if figures(incident):
        st.markdown(f"**Casualties reported:** {figures(incident)} (each claim's own figures below)")
    for line in merge_lines(detail.get("merges") or []):
        st.caption(line)
    edits = edit_lines(detail.get("history") or [])
    if edits:
        with st.expander(f"Edit history ({len(edits)})"):
            for line in edits:
                st.caption(line)
    st.markdown(f"**Claims ({len(claims)})**")
    for claim in claims:
        with st.container(border=True):
            st.markdown(claim_markdown(claim))
    _cite(incident, claims, base_url)


def _cite(incident: Mapping[str, Any], claims: Sequence[Mapping[str, Any]], base_url: str) -> None:
    """ "Cite this incident": the sourcing line and the incident's permalink, each in a copyable box."""
    main = next((c for c in claims if c.get("stance") != "denies"), claims[0] if claims else None)
    with st.expander("Cite this incident"):
        st.code(citation(incident, main), language=None, wrap_lines=True)
        st.code(permalink(base_url, {"incident": [str(incident["id"])]}), language=None, wrap_lines=True)
