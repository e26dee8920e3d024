"""An incident's badges: the short labels that qualify it wherever it is shown (detail panel, incident list).

One place decides them, so a new qualification (a review status, say) is added here once and shows
everywhere an incident does.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ui.escape import md
from ui.status import status_label

# A machine-read incident's badge: its own colour, apart from "disputed" (orange) and "SYNTHETIC" (red).
MACHINE_BADGE_COLOUR = "violet"


def _flag(value: object) -> bool:
    try:
        return bool(value) and value == value  # NaN / NA are not set
    except (TypeError, ValueError):  # pandas.NA refuses bool()
        return False


def _reports(incident: Mapping[str, Any]) -> int:
    try:
        return int(incident.get("n_reports") or 1)
    except (TypeError, ValueError):
        return 1


def badges(incident: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, colour) of each badge this incident carries, most important first.

    >>> badges({"disputed": True, "n_reports": 2, "synthetic": False, "review_status": "machine"})
    [('machine-read, not yet checked', 'violet'), ('disputed', 'orange'), ('2 reports merged', 'blue')]
    """
    found: list[tuple[str, str]] = []
    if _flag(incident.get("synthetic")):
        found.append(("SYNTHETIC: not a report", "red"))
    review = status_label(incident)
    if review:
        found.append((review, MACHINE_BADGE_COLOUR))
    if _flag(incident.get("disputed")):
        found.append(("disputed", "orange"))
    reports = _reports(incident)
    if reports > 1:
        found.append((f"{reports} reports merged", "blue"))
    return found


def badge_markdown(incident: Mapping[str, Any]) -> str:
    """The badges as Streamlit Markdown (":orange-badge[disputed]"), "" when none."""
    return " ".join(f":{colour}-badge[{md(label)}]" for label, colour in badges(incident))


def badge_text(incident: Mapping[str, Any]) -> str:
    """The badges as plain words for a one-line label ("disputed · 2 reports merged"), "" when none."""
    return " · ".join(label for label, _ in badges(incident))
