"""Merging the same event reported by several articles into one incident, with reasons, and undoing it.

A merge never deletes anything: the absorbed report gets `merged_into` and
its claims move to the surviving incident; the merge log keeps why (distance,
date gap, types). Undo reverses exactly that, and remembers the pair so that
a later ingest does not merge it again.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from incidents.store.db import writing
from incidents.store.records import date_gap_days, haversine_km
from incidents.store.rollup import refresh, root_of, subtree
from incidents.store.schema import claims, edits, incidents, merge_log
from incidents.store.status import REJECTED

# two reports more than this far apart (km, between representative points) are different events,
# unless they name the same gazetteer place: "within a few km" of one town
MERGE_MAX_KM = 5.0

# two reports whose date spans are more than this many days apart are different events
# (a night strike is often dated the evening before by one outlet and the morning after by another)
MERGE_MAX_GAP_DAYS = 1

# event types that can describe one event in different words; any type is compatible with itself
COMPATIBLE_TYPES: tuple[frozenset[str], ...] = (
    frozenset({"shelling", "missile strike", "drone strike", "attack on civilians", "casualty report"}),
    frozenset({"armed clash", "ceasefire violation", "casualty report"}),
)


def types_compatible(a: str, b: str) -> bool:
    """Whether two event types may name the same event.

    >>> types_compatible("shelling", "missile strike"), types_compatible("threat", "shelling")
    (True, False)
    """
    return a == b or any(a in group and b in group for group in COMPATIBLE_TYPES)


@dataclass(frozen=True)
class MergeReason:
    """Why two reports were judged one event."""

    distance_km: float
    date_gap_days: int
    types: str
    same_place: bool

    def text(self) -> str:
        """One line for the detail panel: 'same place (Ganja), same day, shelling + shelling'."""
        where = "same place" if self.same_place else f"{self.distance_km:.1f} km apart"
        when = "same day" if self.date_gap_days == 0 else f"{self.date_gap_days} day(s) apart"
        return f"{where}, {when}, {self.types}"


def match_reason(a: Any, b: Any) -> MergeReason | None:
    """The reason two incident rows are one event, or None when they are not (pure; rows need
    date, date_last, lat, lon, place_id, event_type)."""
    if a.date is None or b.date is None or not types_compatible(a.event_type, b.event_type):
        return None
    gap = date_gap_days((a.date, a.date_last or a.date), (b.date, b.date_last or b.date))
    if gap > MERGE_MAX_GAP_DAYS:
        return None
    same_place = bool(a.place_id) and a.place_id == b.place_id
    distance = haversine_km(a.lat, a.lon, b.lat, b.lon)
    if not same_place and distance > MERGE_MAX_KM:
        return None
    types = a.event_type if a.event_type == b.event_type else f"{b.event_type} + {a.event_type}"
    return MergeReason(round(distance, 3), gap, types, same_place)


def _articles_of(conn: Connection, report_ids: list[str]) -> set[str]:
    rows = conn.execute(sa.select(incidents.c.article_id).where(incidents.c.id.in_(report_ids))).scalars()
    return {r for r in rows if r}


def _refused_pairs(conn: Connection, report_id: str) -> set[str]:
    """Incidents this report must not be merged with again: merges someone undid."""
    rows = conn.execute(
        sa.select(merge_log.c.incident_id, merge_log.c.absorbed_id).where(
            merge_log.c.undone_at.is_not(None),
            sa.or_(merge_log.c.absorbed_id == report_id, merge_log.c.incident_id == report_id),
        )
    ).all()
    return {r.incident_id if r.absorbed_id == report_id else r.absorbed_id for r in rows}


def find_match(conn: Connection, report_id: str) -> tuple[str, MergeReason] | None:
    """The visible incident of another article that this report describes too, with the reason; nearest first."""
    row = conn.execute(sa.select(incidents).where(incidents.c.id == report_id)).first()
    # a rejected report or incident is no event: nothing merges with it automatically
    if row is None or row.date is None or row.lat is None or row.review_status == REJECTED:
        return None
    max_span = conn.execute(sa.select(sa.func.max(incidents.c.span_days))).scalar() or 0
    degrees = MERGE_MAX_KM / 100  # a loose box; the exact test is haversine below
    near = sa.and_(incidents.c.lat.between(row.lat - degrees, row.lat + degrees),
                   incidents.c.lon.between(row.lon - degrees, row.lon + degrees))
    same_place = incidents.c.place_id == row.place_id if row.place_id else sa.false()
    window = dt.timedelta(days=MERGE_MAX_GAP_DAYS)
    candidates = conn.execute(
        sa.select(incidents).where(
            incidents.c.merged_into.is_(None),
            incidents.c.review_status != REJECTED,
            incidents.c.id != report_id,
            incidents.c.date.between(row.date - window - dt.timedelta(days=max_span), (row.date_last or row.date) + window),
            sa.or_(near, same_place),
        )
    ).all()
    own_articles = _articles_of(conn, subtree(conn, report_id))
    refused = _refused_pairs(conn, report_id)
    best: tuple[tuple[int, float], str, MergeReason] | None = None
    for cand in candidates:
        reason = match_reason(row, cand)
        if reason is None or cand.id in refused or own_articles & _articles_of(conn, subtree(conn, cand.id)):
            continue
        key = (reason.date_gap_days, reason.distance_km)
        if best is None or key < best[0]:
            best = (key, cand.id, reason)
    return (best[1], best[2]) if best else None


def attach(conn: Connection, target_id: str, absorbed_id: str) -> None:
    """Put a report (and what it holds) under a visible incident: set merged_into, move its claims."""
    conn.execute(sa.update(incidents).where(incidents.c.id == absorbed_id).values(merged_into=target_id))
    conn.execute(sa.update(claims).where(claims.c.incident_id == absorbed_id).values(incident_id=target_id))


def log_merge(conn: Connection, target_id: str, absorbed_id: str, reason: MergeReason | None,
              *, manual: bool, by: str, at: dt.datetime) -> int:
    """Store a merge in the merge log; returns its id."""
    values: dict[str, Any] = {"incident_id": target_id, "absorbed_id": absorbed_id, "manual": manual, "by": by, "at": at}
    if reason is not None:
        values |= {"distance_km": reason.distance_km, "date_gap_days": reason.date_gap_days,
                   "types": reason.types, "reason": reason.text()}
    else:
        values["reason"] = "merged by hand"
    return int(conn.execute(sa.insert(merge_log).values(**values)).inserted_primary_key[0])


def auto_merge(conn: Connection, report_id: str, at: dt.datetime) -> int | None:
    """Merge a freshly stored report into the incident it duplicates, if any; returns the merge id."""
    match = find_match(conn, report_id)
    if match is None:
        return None
    target_id, reason = match
    attach(conn, target_id, report_id)
    return log_merge(conn, target_id, report_id, reason, manual=False, by="", at=at)


def restore_merge(conn: Connection, report_id: str) -> bool:
    """Re-apply the standing (not undone) merge of a re-created report, as logged; True when done."""
    row = conn.execute(
        sa.select(merge_log.c.incident_id)
        .where(merge_log.c.absorbed_id == report_id, merge_log.c.undone_at.is_(None))
        .order_by(merge_log.c.id.desc())
    ).first()
    if row is None:
        return False
    target = root_of(conn, row.incident_id)
    if target is None or target == report_id:
        return False
    attach(conn, target, report_id)
    return True


def undo_merge(engine: Engine, merge_id: int, by: str = "", at: dt.datetime | None = None) -> tuple[str, str]:
    """Take a merged report back out of the incident it was merged into; returns (incident id, restored id).

    Its claims (and those of reports merged into it) return with it; the pair is
    remembered so re-ingest will not merge it again.
    """
    at = at or dt.datetime.now(dt.UTC)
    with writing(engine) as conn:
        log = conn.execute(sa.select(merge_log).where(merge_log.c.id == merge_id)).first()
        if log is None:
            raise KeyError(f"no merge {merge_id}")
        if log.undone_at is not None:
            raise ValueError(f"merge {merge_id} was already undone")
        absorbed = conn.execute(sa.select(incidents.c.merged_into).where(incidents.c.id == log.absorbed_id)).first()
        if absorbed is None or absorbed.merged_into != log.incident_id:
            raise ValueError(f"merge {merge_id} no longer stands: incident {log.absorbed_id} has moved since")
        root = root_of(conn, log.incident_id) or log.incident_id
        conn.execute(sa.update(incidents).where(incidents.c.id == log.absorbed_id).values(merged_into=None))
        conn.execute(
            sa.update(claims)
            .where(claims.c.origin_id.in_(subtree(conn, log.absorbed_id)), claims.c.incident_id == root)
            .values(incident_id=log.absorbed_id)
        )
        conn.execute(sa.update(merge_log).where(merge_log.c.id == merge_id).values(undone_at=at))
        for incident_id in (root, log.absorbed_id):
            conn.execute(sa.insert(edits).values(incident_id=incident_id, kind="undo_merge", field="merge",
                                                 before=str(merge_id), after=None, by=by, at=at))
        refresh(conn, [root, log.absorbed_id])
    return root, log.absorbed_id


def merge_incidents(engine: Engine, keep_id: str, other_id: str, by: str = "", at: dt.datetime | None = None) -> int:
    """Merge two visible incidents by hand (`other` into `keep`); returns the merge id, undoable like any other."""
    at = at or dt.datetime.now(dt.UTC)
    with writing(engine) as conn:
        return merge_by_hand(conn, keep_id, other_id, by, at)


def merge_by_hand(conn: Connection, keep_id: str, other_id: str, by: str, at: dt.datetime) -> int:
    """merge_incidents inside a caller's transaction."""
    for incident_id in (keep_id, other_id):
        if root_of(conn, incident_id) != incident_id:
            raise ValueError(f"incident {incident_id} is not stored or not visible (merged into another)")
    if keep_id == other_id:
        raise ValueError("cannot merge an incident with itself")
    attach(conn, keep_id, other_id)
    merge_id = log_merge(conn, keep_id, other_id, None, manual=True, by=by, at=at)
    conn.execute(sa.insert(edits).values(incident_id=keep_id, kind="merge", field="merge",
                                         before=None, after=other_id, by=by, at=at))
    refresh(conn, [keep_id, other_id])
    return merge_id
