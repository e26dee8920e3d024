"""Review statuses: what each means, what readers see, and how an incident's status follows from its reports'.

An incident is one or more reports (one per article that tells it). Each
report's own status is the latest row of the `reviews` log about it
(`machine` when there is none): `reviewed` once an editor checked it against
its article, `rejected` when an editor judged it no incident. The incident
shown on the map is

- `rejected` when its own report is rejected (a rejection covers the whole
  incident; readers never see it, the store keeps it with its reason);
- `reviewed` when every report under it that is not rejected is reviewed;
- `machine` otherwise: as extracted, or a new report joined it since its review.

The log is never cleared, so a report that a changed article re-creates under
the same id finds its review again (incidents/store/review.py). Grouping reads
it too: a rejected report is grouped only with other rejected reports
(incidents.store.merge.group_units), so an incident's reports are all rejected
or none is, unless an editor merged them by hand.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from incidents.store.schema import incidents, reviews

MACHINE, REVIEWED, REJECTED = "machine", "reviewed", "rejected"
STATUSES: tuple[str, ...] = (MACHINE, REVIEWED, REJECTED)
# What a reader may ever be shown: a rejected incident is kept for the record, never drawn.
VISIBLE: tuple[str, ...] = (MACHINE, REVIEWED)

# REVIEW_POLICY: which statuses a public session sees unless its link asks for the other choice.
POLICIES: dict[str, tuple[str, ...]] = {"reviewed": (REVIEWED,), "all": VISIBLE}
# Without REVIEW_POLICY a deployment shows every incident that is not rejected, machine-read ones drawn
# hollow and labelled (docs/review.md); a public deployment that must show only checked ones sets "reviewed".
DEFAULT_POLICY = "all"

# Who the log names for the reviews shipped with data/bundled/ (reviewed before they were bundled).
BUNDLE_REVIEWER = "bundled data"
# Actions after which an incident waits for review again, and say why (the queue shows the reason).
REOPENING: frozenset[str] = frozenset({"reopen", "changed"})
# Why a re-ingest re-opened a review.
CHANGED_REASON = "the article changed: the sentences this incident rests on differ from the ones reviewed"


def review_policy(env: Mapping[str, str]) -> str:
    """The deployment's REVIEW_POLICY ("reviewed" or "all"); unset means DEFAULT_POLICY.

    >>> review_policy({}), review_policy({"REVIEW_POLICY": " Reviewed "})
    ('all', 'reviewed')
    """
    value = (env.get("REVIEW_POLICY") or "").strip().lower() or DEFAULT_POLICY
    if value not in POLICIES:
        raise ValueError(f"REVIEW_POLICY={value!r}: use 'reviewed' (only checked incidents) or 'all'")
    return value


def latest_reviews(conn: Connection, report_ids: Sequence[str]) -> dict[str, Any]:
    """The latest `reviews` row of each report that has one."""
    if not report_ids:
        return {}
    rows = conn.execute(sa.select(reviews).where(reviews.c.incident_id.in_(list(report_ids))).order_by(reviews.c.id))
    return {row.incident_id: row for row in rows}


def report_status(entry: Any | None) -> str:
    """A report's own status from its latest log row (None: never reviewed)."""
    return entry.status if entry is not None else MACHINE


def rejected_among(conn: Connection, report_ids: Sequence[str]) -> set[str]:
    """The reports among these whose latest verdict is a rejection: grouping keeps them apart from the rest
    (incidents.store.merge.group_units). Read from the log, which holds every report's own verdict; the
    review_status column holds it only for the incidents shown."""
    return {rid for rid, entry in latest_reviews(conn, report_ids).items() if entry.status == REJECTED}


def incident_review(root_id: str, report_ids: Iterable[str], latest: Mapping[str, Any]) -> dict[str, Any]:
    """The review columns of a visible incident (see the module docstring) from its reports' latest rows.

    reviewed_by / reviewed_at name the last review or rejection that holds; a machine incident names
    nobody, and its review_reason says why it was re-opened, when it was.
    """
    root = latest.get(root_id)
    if report_status(root) == REJECTED:
        return {"review_status": REJECTED, "reviewed_by": root.by, "reviewed_at": root.at, "review_reason": root.reason}
    held = [latest.get(r) for r in report_ids if report_status(latest.get(r)) != REJECTED]
    if held and all(report_status(entry) == REVIEWED for entry in held):
        last = max(held, key=lambda entry: entry.id)
        return {"review_status": REVIEWED, "reviewed_by": last.by, "reviewed_at": last.at, "review_reason": ""}
    logged = [entry for entry in held if entry is not None]
    last = max(logged, key=lambda entry: entry.id) if logged else None
    reason = last.reason if last is not None and last.action in REOPENING else ""
    return {"review_status": MACHINE, "reviewed_by": "", "reviewed_at": None, "review_reason": reason}


def log_review(conn: Connection, report_ids: Iterable[str], status: str, action: str, *, by: str,
               at: dt.datetime | None, reason: str = "") -> None:
    """One log row per report, each recording the evidence hash the action was taken on."""
    ids = list(dict.fromkeys(report_ids))
    if not ids:
        return
    hashes = dict(conn.execute(sa.select(incidents.c.id, incidents.c.evidence_hash).where(incidents.c.id.in_(ids))).all())
    conn.execute(sa.insert(reviews), [
        {"incident_id": rid, "status": status, "action": action, "reason": reason,
         "evidence_hash": hashes.get(rid) or "", "by": by, "at": at} for rid in ids
    ])


def mark_bundled_reviewed(conn: Connection) -> None:
    """Log the bundled reports of a store made before review as reviewed, and show them so (an upgrade step)."""
    logged = sa.select(reviews.c.incident_id)
    bundled = conn.execute(
        sa.select(incidents.c.id).where(incidents.c.origin == "bundled", incidents.c.id.not_in(logged))
    ).scalars().all()
    log_review(conn, bundled, REVIEWED, "bundle", by=BUNDLE_REVIEWER, at=None)
    from incidents.store.rollup import refresh, root_of  # rollup reads this module: imported when run

    refresh(conn, [root_of(conn, rid) or rid for rid in bundled])


def _moment(value: Any) -> dt.datetime:
    """A log time comparable across both databases (naive UTC; unknown times sort first)."""
    if value is None:
        return dt.datetime.min
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment


def review_history(conn: Connection, report_ids: Sequence[str], edit_history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The edit history with the review log of these reports woven in, oldest first, in the edits' shape:
    kind "review", field the action, after the resulting status (and the reason, when one was given)."""
    rows = conn.execute(sa.select(reviews).where(reviews.c.incident_id.in_(list(report_ids))).order_by(reviews.c.id))
    logged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for r in rows:  # one action on an incident of several reports logged a row for each: show it once
        logged.setdefault((r.action, r.status, r.reason, r.by, r.at), {
            "id": r.id, "incident_id": r.incident_id, "kind": "review", "field": r.action, "before": None,
            "after": f"{r.status}: {r.reason}" if r.reason else r.status, "by": r.by, "at": r.at})
    merged = [(entry, 0) for entry in edit_history] + [(entry, 1) for entry in logged.values()]
    merged.sort(key=lambda pair: (_moment(pair[0]["at"]), pair[1], pair[0]["id"]))
    return [entry for entry, _ in merged]
