"""What readers are told about review: which incidents they see (the deployment's REVIEW_POLICY, or the link's
choice), and how a machine-read incident is labelled wherever one is listed.

The label lives here, in one function (`status_label`), so the detail panel
and the list (through ui.badges), the table and the review page say the same
words.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import pandas as pd

from incidents.store.status import MACHINE, POLICIES, REJECTED, REVIEWED, review_policy
from webmap.style import MACHINE_NOTE

# What a machine-read incident is called wherever a reader meets it: the map's tooltips and legend say it too.
MACHINE_LABEL = MACHINE_NOTE
# The reader's filter: label -> the `review` URL value (incidents.store.status.POLICIES).
REVIEW_CHOICES: dict[str, str] = {"Reviewed only": "reviewed", "All (machine-read too)": "all"}
# A REVIEW_POLICY the server cannot read shows only reviewed incidents (fails closed) and says so.
FALLBACK_POLICY = "reviewed"


def deployment_policy(environ: Mapping[str, str] | None = None) -> str:
    """REVIEW_POLICY of this deployment ("reviewed" or "all"); a malformed value counts as "reviewed"."""
    try:
        return review_policy(os.environ if environ is None else environ)
    except ValueError:
        return FALLBACK_POLICY


def statuses_for(review: str | None, environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The statuses a view shows: its own choice, else the deployment's policy (never rejected ones)."""
    return POLICIES.get(review or "", POLICIES[deployment_policy(environ)])


def status_label(incident: Mapping[str, Any]) -> str | None:
    """MACHINE_LABEL for a machine-read incident; None for a reviewed one.

    >>> status_label({"review_status": "machine"}), status_label({"review_status": "reviewed"})
    ('machine-read, not yet checked', None)
    """
    return MACHINE_LABEL if incident.get("review_status") == MACHINE else None


def review_line(incident: Mapping[str, Any]) -> str:
    """One line for the detail panel: who checked it and when, or that nobody has yet (plain text)."""
    status = incident.get("review_status")
    who = incident.get("reviewed_by") or "an editor"
    when = str(incident.get("reviewed_at") or "")[:10]
    if status == REVIEWED:
        return f"Checked against its sources by {who}" + (f" on {when}" if when else "") + "."
    if status == REJECTED:
        return f"Rejected by {who}: {incident.get('review_reason') or 'no reason given'}"
    return f"{MACHINE_LABEL.capitalize()}: read from the article by the machine; an editor has not checked it yet."


def with_status_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with a `review` column for tables: MACHINE_LABEL or "reviewed"."""
    if "review_status" not in frame:
        return frame
    labels = ["reviewed" if s == REVIEWED else MACHINE_LABEL if s == MACHINE else str(s) for s in frame["review_status"]]
    return frame.assign(review=labels)
