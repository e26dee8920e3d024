"""The detail panel: one incident, every report behind it, and who says what about it.

A reader must be able to check an incident from here: what happened (the summary), when and where and how
precisely each is known, which side claims it and which denies it, every report it rests on (outlet,
title, date, a link to the original, the quoted words where the article's text is stored), why reports were
merged, whether an editor has checked it against its sources (and who, when), and what editors changed.
All of it came from articles anyone could write, so every string goes through ui.escape.md and links are
made only for http(s).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from ui.badges import badge_markdown
from ui.cite import citation, permalink
from ui.escape import md, md_link, safe_url
from ui.status import review_line

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
# The detail panel's container key: pages and tests find the panel by it (class st-key-km_detail).
PANEL_KEY = "km_detail"


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


def _day(value: object) -> str:
    return "undated" if _missing(value) else str(value)[:10]


def claim_line(claim: Mapping[str, Any]) -> str:
    """One claim as escaped Markdown: who, asserts or **denies**, the figures as that party gave them."""
    who = md(claim.get("claimant") or "unnamed source")
    stance = "**denies**" if claim.get("stance") == "denies" else "asserts"
    line = f"**{who}** {stance}"
    claimed = figures(claim)
    if claimed:
        line += f" — claims {claimed}"
    if claim.get("wrong"):
        line += " — *marked wrong by an editor*"
    return line


def claims_by_side(claims: Sequence[Mapping[str, Any]]) -> list[tuple[str, list[str]]]:
    """(side, claim lines) per side, in the order the sides first speak: who claims it and who denies it."""
    sides: dict[str, list[str]] = {}
    for claim in claims:
        side = str(claim.get("side") or "unknown")
        sides.setdefault(side, []).append(claim_line(claim))
    return list(sides.items())


def source_markdown(source: Mapping[str, Any]) -> str:
    """A report's article: outlet, date and title, the title linking to the original when a link is stored."""
    outlet = md(source.get("outlet") or "unknown outlet")
    title = source.get("title") or source.get("source") or "untitled article"
    linked = md_link(title, source.get("url"))
    line = f"**{outlet}**, {md(_day(source.get('published')))}: {linked}"
    if linked == md(title):
        line += " *(no link to the original recorded)*"
    return line


def quote_lines(source: Mapping[str, Any], claims: Sequence[Mapping[str, Any]]) -> list[str]:
    """The words a report's claims rest on, each attributed; a note instead when its text is not stored."""
    quoted = [c for c in claims if c.get("article_id") == source.get("id") and c.get("quote")]
    if not quoted:
        if source.get("has_text"):
            return []
        find = "follow the link" if safe_url(source.get("url")) else "find it by its outlet, title and date"
        return [f"*The article's text is not stored here (a cited record): {find} to read it.*"]
    return [f"> {md(c['quote'])}\n>\n> — {md(c.get('claimant') or 'unnamed source')}"
            f"{' (denial)' if c.get('stance') == 'denies' else ''}" for c in quoted]


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
        st.info("Click an incident on the map, or pick one in the list, to see who claims it, who denies it "
                "and the reports it rests on.")
        return
    incident = detail["incident"]
    claims = detail.get("claims") or []
    sources = detail.get("sources") or []
    st.subheader(f"{md(str(incident.get('event_type') or 'incident').capitalize())} · {md(incident.get('place') or '')}")
    st.caption(" ".join(filter(None, [badge_markdown(incident), f"Incident {md(incident['id'])}"])))
    st.markdown("\n\n".join(facts_lines(incident, sources)))
    _render_claims(claims)
    _render_sources(sources, claims)
    for line in merge_lines(detail.get("merges") or []):
        st.caption(line)
    edits = edit_lines(detail.get("history") or [])
    with st.expander(f"Edit history ({len(edits)})" if edits else "Edit history (no edits)"):
        for line in edits or ["No editor has changed this incident."]:
            st.caption(line)
    _cite(incident, claims, base_url)


def summary_of(incident: Mapping[str, Any], sources: Sequence[Mapping[str, Any]] = ()) -> str:
    """What happened, in a line: the incident's summary, else that of the first of its reports to have one
    (a merge keeps one report's row, which may be the one without)."""
    return str(incident.get("summary") or next((s["summary"] for s in sources if s.get("summary")), "") or "")


def facts_lines(incident: Mapping[str, Any], sources: Sequence[Mapping[str, Any]] = ()) -> list[str]:
    """The summary, when and where (with their precision), the casualty figures, whether it is disputed, and
    whether an editor has checked it (who and when)."""
    precision = str(incident.get("location_precision") or "point")
    summary = summary_of(incident, sources)
    lines = [md(summary)] if summary else []
    lines += [f"**When:** {md(when_text(incident))}",
              f"**Where:** {md(incident.get('place') or 'unknown')} ({md(LOCATION_PRECISION_TEXT.get(precision, precision))})"]
    if figures(incident):
        lines.append(f"**Casualties reported:** {figures(incident)} (as each party claimed them, below)")
    if incident.get("disputed"):
        lines.append("**Disputed:** at least one party denies this.")
    if not _missing(incident.get("review_status")):
        lines.append(f"**Review:** {md(review_line(incident))}")
    return lines


def _render_claims(claims: Sequence[Mapping[str, Any]]) -> None:
    lines = [f"**Claims and denials, by side ({len(claims)})**"]
    lines += [f"*{md(side)}*: " + "; ".join(said) for side, said in claims_by_side(claims)]
    if not claims:
        lines.append("*No party is quoted claiming or denying it: the report states it without attribution.*")
    st.markdown("\n\n".join(lines))


def _render_sources(sources: Sequence[Mapping[str, Any]], claims: Sequence[Mapping[str, Any]]) -> None:
    st.markdown(f"**Reports ({len(sources)})**")
    for source in sources:
        with st.container(border=True):
            st.markdown("\n\n".join([source_markdown(source), *quote_lines(source, claims)]))


def _cite(incident: Mapping[str, Any], claims: Sequence[Mapping[str, Any]], base_url: str) -> None:
    """ "Cite this incident": the sourcing line and the incident's permalink, each in a copyable box."""
    main = next((c for c in claims if c.get("stance") != "denies"), claims[0] if claims else None)
    with st.expander("Cite this incident"):
        st.code(citation(incident, main), language=None, wrap_lines=True)
        st.code(permalink(base_url, {"incident": [str(incident["id"])]}), language=None, wrap_lines=True)
