"""Reviewing incidents: accept (with corrections), reject with a reason, re-open, merge into another; and
keeping every verdict through re-ingest.

Each action is one write transaction (incidents.store.db.writing): its
corrections, its `reviews` log rows and the refreshed incident are stored
together or, if the process dies, not at all. Corrections are checked as
every correction is (incidents.store.validate; a refused one raises EditError
and stores nothing). An action logs one row per report under the incident,
naming the editor, the time and the hash of the evidence the editor saw;
incidents/store/status.py says how the incident's status follows from them.
Actions take a visible incident's id: a report merged into another is
reviewed through the incident it is shown under. A verdict regroups the
reports around the incident (incidents.store.merge): rejected reports are
grouped apart from the rest, so a rejection, or lifting one, can change which
reports form an incident.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from incidents.model import Claim
from incidents.store.additions import add_claim, correct_claim, replay_claim_edits
from incidents.store.db import writing
from incidents.store.edits import apply_edit, flag_claim
from incidents.store.merge import merge_by_hand, regroup
from incidents.store.rollup import refresh, root_of, subtree
from incidents.store.schema import claims, incidents
from incidents.store.status import (
    BUNDLE_REVIEWER,
    CHANGED_REASON,
    MACHINE,
    REJECTED,
    REVIEWED,
    latest_reviews,
    log_review,
    report_status,
)
from incidents.store.validate import EditError, quoted, visible_incident

# Longest rejection reason kept: a sentence or two, not a pasted article.
MAX_REASON_CHARS = 500
# Longest editor name recorded with an action.
MAX_NAME_CHARS = 80


@dataclass(frozen=True)
class Correction:
    """What an editor changed before accepting.

    `fields` as edit_incident takes them; `claimant`/`side` of the main (first asserting) claim, which is
    added when the machine attributed none; `denials` to add as (claimant, side); `wrong` claims to flag
    (claim id -> True) or unflag (False).
    """

    fields: Mapping[str, Any] = field(default_factory=dict)
    claimant: str | None = None
    side: str | None = None
    denials: tuple[tuple[str, str], ...] = ()
    wrong: Mapping[str, bool] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.fields or self.claimant is not None or self.side is not None or self.denials or self.wrong)


def _editor(by: str) -> str:
    name = by.strip()
    if not name or len(name) > MAX_NAME_CHARS:
        raise EditError(f"a review names its editor (1 to {MAX_NAME_CHARS} characters), not {quoted(by)}")
    return name


def main_claim(conn: Connection, incident_id: str) -> Any | None:
    """The claim an incident rests on: its first asserting claim not flagged wrong, own report's first."""
    rows = conn.execute(
        sa.select(claims).where(claims.c.incident_id == incident_id, claims.c.stance == "asserts",
                                sa.not_(claims.c.wrong))
        .order_by(claims.c.origin_id != incident_id, claims.c.position, claims.c.id)
    ).all()
    return rows[0] if rows else None


def apply_correction(conn: Connection, incident_id: str, correction: Correction, by: str, at: dt.datetime) -> str:
    """Store a Correction of a visible incident inside the caller's transaction (each part kept as history);
    returns the incident's id afterwards. Corrected fields regroup its reports (edits.apply_edit), and the
    incident may then be shown as another of them: its claims are corrected where they are shown then."""
    if correction.fields:
        apply_edit(conn, incident_id, correction.fields, by, at)
        incident_id = root_of(conn, incident_id) or incident_id
    if correction.claimant is not None or correction.side is not None:
        main = main_claim(conn, incident_id)
        claimant = correction.claimant if correction.claimant is not None else (main.claimant if main else "")
        side = correction.side if correction.side is not None else (main.side if main else "unknown")
        if main is None:
            add_claim(conn, incident_id, Claim(claimant, side, "asserts"), by, at)
        else:
            correct_claim(conn, main.id, claimant, side, by, at)
    for claimant, side in correction.denials:
        add_claim(conn, incident_id, Claim(claimant, side, "denies"), by, at)
    shown = set(conn.execute(sa.select(claims.c.id).where(claims.c.incident_id == incident_id)).scalars())
    for claim_id, wrong in correction.wrong.items():
        if claim_id not in shown:
            raise EditError(f"claim {quoted(claim_id)} is not one of incident {quoted(incident_id)}'s")
        flag_claim(conn, claim_id, bool(wrong), by, at)
    refresh(conn, [incident_id])
    return incident_id


def _verdict(conn: Connection, incident_id: str, status: str, action: str, *, by: str, at: dt.datetime,
             reason: str = "") -> None:
    """Log a verdict on every report of a visible incident, regroup around them (a rejection sets them apart
    from the reports readers see, lifting one lets them be grouped again) and show the result."""
    reports = subtree(conn, incident_id)
    log_review(conn, reports, status, action, by=by, at=at, reason=reason)
    regrouped, _ = regroup(conn, reports, at)
    refresh(conn, [incident_id, *regrouped])


def accept(engine: Engine, incident_id: str, *, by: str, correction: Correction | None = None,
           at: dt.datetime | None = None) -> None:
    """Mark an incident reviewed by `by`, with its corrections first when given ("Save and accept")."""
    by, at = _editor(by), at or dt.datetime.now(dt.UTC)
    with writing(engine) as conn:
        visible_incident(conn, incident_id)
        if correction:
            incident_id = apply_correction(conn, incident_id, correction, by, at)
        _verdict(conn, incident_id, REVIEWED, "accept", by=by, at=at)


def reject(engine: Engine, incident_id: str, reason: str, *, by: str, at: dt.datetime | None = None) -> None:
    """Mark an incident as no incident: hidden from readers, kept in the store with `reason` and who said so."""
    by, at, reason = _editor(by), at or dt.datetime.now(dt.UTC), " ".join(reason.split())
    if not reason or len(reason) > MAX_REASON_CHARS:
        raise EditError(f"a rejection needs a reason of 1 to {MAX_REASON_CHARS} characters")
    with writing(engine) as conn:
        visible_incident(conn, incident_id)
        _verdict(conn, incident_id, REJECTED, "reject", by=by, at=at, reason=reason)


def reopen(engine: Engine, incident_id: str, *, by: str, reason: str = "", at: dt.datetime | None = None) -> None:
    """Put a reviewed or rejected incident back in the queue (undoes an accept or a rejection)."""
    by, at = _editor(by), at or dt.datetime.now(dt.UTC)
    with writing(engine) as conn:
        visible_incident(conn, incident_id)
        _verdict(conn, incident_id, MACHINE, "reopen", by=by, at=at, reason=" ".join(reason.split()))


def merge_into(engine: Engine, incident_id: str, target_id: str, *, by: str, at: dt.datetime | None = None) -> int:
    """Judge an incident the same event as `target_id` and merge it there (undoable); returns the merge id.

    Its reports count as reviewed; the merged incident is reviewed when the target's reports are too.
    """
    by, at = _editor(by), at or dt.datetime.now(dt.UTC)
    with writing(engine) as conn:
        for visible in (incident_id, target_id):
            visible_incident(conn, visible)
        log_review(conn, subtree(conn, incident_id), REVIEWED, "merge", by=by, at=at,
                   reason=f"same event as {target_id}")
        return merge_by_hand(conn, target_id, incident_id, by, at)


def replay_reviews(conn: Connection, report_ids: Sequence[str], *, bundled: bool, at: dt.datetime) -> None:
    """What ingest does for freshly stored reports, after their field edits are replayed.

    Claim corrections and added claims are applied again; a review or rejection made on other words
    than the report's evidence now holds is re-opened (CHANGED_REASON); bundled reports are logged as
    reviewed. Ingest then regroups them, which reads these verdicts (rejected reports are grouped apart).
    """
    ids = list(report_ids)
    replay_claim_edits(conn, ids)
    latest = latest_reviews(conn, ids)
    if bundled:
        log_review(conn, [r for r in ids if report_status(latest.get(r)) != REVIEWED], REVIEWED, "bundle",
                   by=BUNDLE_REVIEWER, at=None)
    else:
        hashes = dict(conn.execute(sa.select(incidents.c.id, incidents.c.evidence_hash)
                                   .where(incidents.c.id.in_(ids))).all()) if ids else {}
        changed = [r for r in ids if report_status(latest.get(r)) != MACHINE and latest[r].evidence_hash != hashes.get(r)]
        log_review(conn, changed, MACHINE, "changed", by="", at=at, reason=CHANGED_REASON)


def correct(engine: Engine, incident_id: str, correction: Correction, *, by: str, at: dt.datetime | None = None) -> None:
    """Store a Correction without a verdict (the incident keeps its status; a machine one still waits)."""
    by, at = _editor(by), at or dt.datetime.now(dt.UTC)
    with writing(engine) as conn:
        visible_incident(conn, incident_id)
        apply_correction(conn, incident_id, correction, by, at)
