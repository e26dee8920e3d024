"""Merging the same event reported by several articles into one incident, with reasons, and undoing it.

Which reports are one incident, and which report it is shown as, is a pure
function of the reports (`group_units`), so the same articles give the same
incidents in any ingest order and on either database; every change regroups
the reports it can affect (`regroup`) and stores the result. A report an
editor rejected is grouped only with other rejected reports: nothing joins a
rejected incident automatically, and a rejected report never joins one that
readers see (incidents/store/status.py).

A merge never deletes anything: the absorbed report gets `merged_into` and
its claims move to the incident it is shown under; the merge log keeps why
(distance, date gap, types). Undo takes a report back out and remembers the
pair so that no later regrouping merges it again.
"""
from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from incidents.store.db import writing
from incidents.store.records import date_gap_days, haversine_km
from incidents.store.rollup import refresh, root_of, subtree
from incidents.store.schema import claims, edits, incidents, merge_log
from incidents.store.status import rejected_among
from incidents.store.validate import EditError, visible_incident

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


def matches(a: Any, b: Any) -> bool:
    """Whether two incident rows may be one event (match_reason without the reason: the fast test grouping
    runs thousands of times)."""
    if a.date is None or b.date is None:
        return False
    gap = date_gap_days((a.date, a.date_last or a.date), (b.date, b.date_last or b.date))
    if gap > MERGE_MAX_GAP_DAYS or not types_compatible(a.event_type, b.event_type):
        return False
    return (bool(a.place_id) and a.place_id == b.place_id) or haversine_km(a.lat, a.lon, b.lat, b.lon) <= MERGE_MAX_KM


def match_reason(a: Any, b: Any) -> MergeReason | None:
    """The reason two incident rows are one event, or None when they are not (pure; rows need
    date, date_last, lat, lon, place_id, event_type)."""
    if not matches(a, b):
        return None
    gap = date_gap_days((a.date, a.date_last or a.date), (b.date, b.date_last or b.date))
    same_place = bool(a.place_id) and a.place_id == b.place_id
    distance = haversine_km(a.lat, a.lon, b.lat, b.lon)
    types = a.event_type if a.event_type == b.event_type else f"{b.event_type} + {a.event_type}"
    return MergeReason(round(distance, 3), gap, types, same_place)


# How much an event type says about what happened, most first: a named weapon, then a kind of violence, then
# a bare toll or a statement. The incident of a group is anchored on (and shown as) its most specific report.
TYPE_SPECIFICITY: tuple[str, ...] = (
    "missile strike", "drone strike", "shelling", "attack on civilians", "armed clash", "ceasefire violation",
    "casualty report", "threat", "ceasefire",
)
# Location and date precision, most exact first (incidents.model's vocabularies).
LOCATION_SPECIFICITY: tuple[str, ...] = ("point", "line", "area")
DATE_SPECIFICITY: tuple[str, ...] = ("day", "night", "range", "month", "year", "unknown")


# Where a report comes from when a person stands behind it as a whole: reviewed for the bundle, or added by
# an editor from sentences of its article (incidents/store/additions.py).
VOUCHED_ORIGINS: tuple[str, ...] = ("bundled", "added")


@dataclass(frozen=True)
class Unit:
    """A report as grouping sees it: its own fields, the articles of everything it carries (itself and the
    reports merged into it by hand), whether a person vouched for it (edited it, added it, or reviewed it
    for the bundle), and whether an editor rejected it (its latest verdict)."""

    id: str
    date: dt.date | None
    date_last: dt.date | None
    lat: float
    lon: float
    place_id: str
    event_type: str
    location_precision: str
    date_precision: str
    killed: int | None
    injured: int | None
    articles: frozenset[str]
    vouched: bool = False
    rejected: bool = False


@dataclass
class Group:
    """One incident's reports: the anchor it was grown from, and the lead it is shown as."""

    anchor: Unit
    members: list[Unit]

    @cached_property
    def lead(self) -> Unit:
        """The report the incident is shown as: vouched for, then the best-supported figures (stated by most
        reports of the group), then the most specific; ties by id. The same whatever the ingest order.
        Read once the group is complete."""
        def support(unit: Unit, name: str) -> int:
            own = getattr(unit, name)
            return 0 if own is None else sum(1 for m in self.members if getattr(m, name) == own)

        return min(self.members, key=lambda u: (not u.vouched, -support(u, "killed"), -support(u, "injured"),
                                                specificity(u)))


def _position(value: str, order: tuple[str, ...]) -> int:
    return order.index(value) if value in order else len(order)


def specificity(unit: Unit) -> tuple[int, int, int, str]:
    """How much a report says, as a sort key (smaller says more): type, place, date precision, then id."""
    return (_position(unit.event_type, TYPE_SPECIFICITY), _position(unit.location_precision, LOCATION_SPECIFICITY),
            _position(unit.date_precision, DATE_SPECIFICITY), unit.id)


def group_units(units: Sequence[Unit], refused: set[frozenset[str]]) -> list[Group]:
    """Reports grouped into incidents by a rule that does not depend on the order they arrive in (pure).

    Reports are taken most specific first; each joins the group whose anchor it matches best (smallest date
    gap, then distance, then anchor id), or starts a group. A group never holds two reports of one article,
    nor a pair someone took apart (`refused`), nor a rejected report with one that is not: rejected reports
    are grouped among themselves, exactly as if the others were not there, so a rejected incident stays
    whole through every regrouping and nothing new is hidden in it.
    """
    groups: list[Group] = []
    by_start: list[tuple[int, str]] = []  # dated anchors by first day, to look at the near ones only
    group_of: dict[str, Group] = {}
    reach = MERGE_MAX_GAP_DAYS + max((((u.date_last or u.date) - u.date).days for u in units if u.date), default=0)
    for unit in sorted(units, key=specificity):
        best: tuple[tuple[int, float, str], Group] | None = None
        if unit.date is not None:
            first, last = unit.date.toordinal() - reach, (unit.date_last or unit.date).toordinal() + reach
            for _, anchor_id in by_start[bisect.bisect_left(by_start, (first, "")):
                                         bisect.bisect_right(by_start, (last, "\uffff"))]:
                group = group_of[anchor_id]
                reason = match_reason(group.anchor, unit) if group.anchor.rejected == unit.rejected else None
                if reason is None or any(unit.articles & m.articles or frozenset((unit.id, m.id)) in refused
                                         for m in group.members):
                    continue
                key = (reason.date_gap_days, reason.distance_km, group.anchor.id)
                if best is None or key < best[0]:
                    best = (key, group)
        if best is not None:
            best[1].members.append(unit)
            continue
        groups.append(Group(unit, [unit]))
        group_of[unit.id] = groups[-1]
        if unit.date is not None:
            bisect.insort(by_start, (unit.date.toordinal(), unit.id))
    return groups


# Days read around a report's place at first; the window doubles while a chain of matches reaches its edge.
FIRST_WINDOW_DAYS = 7
# Reports within about this distance share a place key (two decimals of a degree), and so one read.
PLACE_KEY_KM = 1.6
# Kilometres per degree of latitude (and of longitude at the equator), for the loose search box.
KM_PER_DEGREE = 110.5

# The columns grouping reads (geometry and text stay in the database: a place's pool can be thousands of rows).
_UNIT_COLUMNS = ("id", "article_id", "merged_into", "synthetic", "origin", "date", "date_last", "lat", "lon",
                 "place_id", "event_type", "location_precision", "date_precision", "killed", "injured")


def _near_place(conn: Connection, row: Any, first: dt.date, last: dt.date) -> set[str]:
    """Ids of the stored reports at the place of `row` whose dates overlap first..last: the same gazetteer
    place, or within a box that holds every point MERGE_MAX_KM from it (the exact test is match_reason).
    Synthetic and split-off rows never merge."""
    lat_deg = (MERGE_MAX_KM + PLACE_KEY_KM) / KM_PER_DEGREE
    lon_deg = lat_deg / max(math.cos(math.radians(row.lat)), 0.01)
    near = sa.and_(incidents.c.lat.between(row.lat - lat_deg, row.lat + lat_deg),
                   incidents.c.lon.between(row.lon - lon_deg, row.lon + lon_deg))
    same_place = incidents.c.place_id == row.place_id if row.place_id else sa.false()
    return set(conn.execute(sa.select(incidents.c.id).where(
        sa.not_(incidents.c.synthetic), incidents.c.origin != "split", sa.or_(near, same_place),
        incidents.c.date <= last, incidents.c.date_last >= first)).scalars())


def _place_key(row: Any) -> tuple[str, float, float]:
    """Reports read together: one gazetteer place at one point, to about PLACE_KEY_KM."""
    return row.place_id, round(row.lat, 2), round(row.lon, 2)


def _units_among(conn: Connection, ids: set[str]) -> dict[str, Any]:
    """The rows of those ids that grouping may move: extracted, bundled or added reports that no person
    merged by hand, shown on their own or merged automatically into a shown report."""
    if not ids:
        return {}
    rows = {r.id: r for r in conn.execute(sa.select(*(incidents.c[c] for c in _UNIT_COLUMNS))
                                          .where(incidents.c.id.in_(ids)))}
    parents = {r.merged_into for r in rows.values() if r.merged_into}
    shown = set(conn.execute(sa.select(incidents.c.id).where(incidents.c.id.in_(parents),
                                                             incidents.c.merged_into.is_(None))).scalars())
    by_hand = set(conn.execute(sa.select(merge_log.c.absorbed_id).where(
        merge_log.c.absorbed_id.in_(ids), merge_log.c.manual, merge_log.c.undone_at.is_(None))).scalars())
    return {i: r for i, r in rows.items()
            if not r.synthetic and r.origin != "split" and i not in by_hand
            and (r.merged_into is None or r.merged_into in shown)}


class _ByDate:
    """Reports sorted by first day, to find the ones that may match a report without testing them all."""

    def __init__(self, rows: Iterable[Any]) -> None:
        self.rows = sorted((r for r in rows if r.date is not None), key=lambda r: (r.date, r.id))
        self.starts = [r.date.toordinal() for r in self.rows]
        self.max_span = max(((r.date_last or r.date) - r.date).days for r in self.rows) if self.rows else 0

    def matching(self, row: Any) -> Iterator[Any]:
        """The reports that match `row` (match_reason), by a binary search on the first day."""
        if row.date is None:
            return
        first = row.date.toordinal() - MERGE_MAX_GAP_DAYS - self.max_span
        last = (row.date_last or row.date).toordinal() + MERGE_MAX_GAP_DAYS
        for other in self.rows[bisect.bisect_left(self.starts, first):bisect.bisect_right(self.starts, last)]:
            if other.id != row.id and matches(row, other):
                yield other


def _region(conn: Connection, seeds: Iterable[str]) -> dict[str, Any]:
    """Every movable report that could share an incident with a seed, directly or through others: the part of
    the store whose grouping a change can alter (rows by id).

    Reports are read a place and a date window at a time, and the chain of matches is followed in memory. A
    window is widened (doubled) whenever a report found lies at its edge, where an unread report could match
    it: one place reported every day for months is a few queries, not one per day.
    """
    found: dict[str, Any] = {}
    pool: dict[str, Any] = {}
    windows: dict[tuple[str, float, float], tuple[dt.date, dt.date]] = {}
    index = _ByDate([])
    frontier = _units_among(conn, set(seeds))
    while frontier:
        grown = False
        for row in frontier.values():
            if row.date is None or row.lat is None:
                continue
            first, last = row.date, row.date_last or row.date
            lo, hi = windows.get(_place_key(row), (None, None))
            if lo is not None and lo < first and last < hi:
                continue  # every report that could match this one has been read
            width = dt.timedelta(days=max(FIRST_WINDOW_DAYS, (hi - lo).days if lo else 0))
            lo, hi = min(first, lo or first) - width, max(last, hi or last) + width
            windows[_place_key(row)] = (lo, hi)
            pool |= _units_among(conn, _near_place(conn, row, lo, hi) - set(pool))
            grown = True
        if grown:
            index = _ByDate(pool.values())
        found |= frontier
        frontier = {m.id: m for row in frontier.values() for m in index.matching(row) if m.id not in found}
    return found


def _carried(conn: Connection, unit_ids: set[str]) -> dict[str, str]:
    """Reports merged by hand under a unit, directly or not, mapped to that unit (they move with it)."""
    owner: dict[str, str] = {}
    frontier = {u: u for u in unit_ids}
    while frontier:
        rows = conn.execute(sa.select(incidents.c.id, incidents.c.merged_into).where(
            incidents.c.merged_into.in_(list(frontier)), incidents.c.id.not_in(list(unit_ids)))).all()
        frontier = {r.id: frontier[r.merged_into] for r in rows if r.id not in owner}
        owner |= frontier
    return owner


def _as_units(conn: Connection, rows: dict[str, Any], carried: dict[str, str]) -> list[Unit]:
    ids = list(rows) + list(carried)
    article_of = dict(conn.execute(sa.select(incidents.c.id, incidents.c.article_id).where(incidents.c.id.in_(ids))).all())
    articles_by_unit: dict[str, set[str]] = {i: set() for i in rows}
    for report, article in article_of.items():
        if article:
            articles_by_unit[carried.get(report, report)].add(article)
    edited = set(conn.execute(sa.select(edits.c.incident_id).where(
        edits.c.incident_id.in_(list(rows)), edits.c.kind == "field")).scalars())
    rejected = rejected_among(conn, list(rows))
    return [Unit(r.id, r.date, r.date_last, r.lat, r.lon, r.place_id, r.event_type, r.location_precision,
                 r.date_precision, r.killed, r.injured, frozenset(articles_by_unit[r.id]),
                 r.id in edited or r.origin in VOUCHED_ORIGINS, r.id in rejected)
            for r in rows.values()]


def _refused(conn: Connection, ids: list[str]) -> set[frozenset[str]]:
    """Pairs someone took apart (undone merges) among these reports."""
    rows = conn.execute(sa.select(merge_log.c.incident_id, merge_log.c.absorbed_id).where(
        merge_log.c.undone_at.is_not(None),
        sa.or_(merge_log.c.absorbed_id.in_(ids), merge_log.c.incident_id.in_(ids)))).all()
    return {frozenset((r.incident_id, r.absorbed_id)) for r in rows}


def _with_their_groups(conn: Connection, seeds: set[str]) -> set[str]:
    """The seeds and the reports shown with them now: a corrected report can leave its group for another
    place or day, and the reports it leaves behind must be regrouped too, however far away it went."""
    if not seeds:
        return set()
    leads = seeds | set(conn.execute(sa.select(incidents.c.merged_into).where(
        incidents.c.id.in_(list(seeds)), incidents.c.merged_into.is_not(None))).scalars())
    return leads | set(conn.execute(sa.select(incidents.c.id).where(incidents.c.merged_into.in_(list(leads)))).scalars())


def regroup(conn: Connection, seeds: Iterable[str], at: dt.datetime) -> tuple[list[str], list[int]]:
    """Group the reports around `seeds` into incidents by `group_units`, and store that grouping: who is
    merged into whom, where claims are shown, and the merge log. Returns (the incidents whose reports or
    claims changed, to refresh; ids of the merges logged now)."""
    rows = _region(conn, _with_their_groups(conn, set(seeds)))
    if not rows:
        return [], []
    carried = _carried(conn, set(rows))
    groups = group_units(_as_units(conn, rows, carried), _refused(conn, list(rows)))
    lead_of = {m.id: g.lead.id for g in groups for m in g.members}
    touched: set[str] = set()
    for unit_id, row in rows.items():
        wanted = None if lead_of[unit_id] == unit_id else lead_of[unit_id]
        if row.merged_into != wanted:
            conn.execute(sa.update(incidents).where(incidents.c.id == unit_id).values(merged_into=wanted))
            touched |= {unit_id, lead_of[unit_id], row.merged_into or unit_id}
    shown_under = conn.execute(sa.select(claims.c.id, claims.c.origin_id, claims.c.incident_id)
                               .where(claims.c.incident_id.in_(list(rows)))).all()
    moves: dict[str, list[str]] = {}
    for claim in shown_under:
        unit = carried.get(claim.origin_id, claim.origin_id if claim.origin_id in rows else claim.incident_id)
        if lead_of[unit] != claim.incident_id:
            moves.setdefault(lead_of[unit], []).append(claim.id)
    for target, claim_ids in moves.items():
        conn.execute(sa.update(claims).where(claims.c.id.in_(claim_ids)).values(incident_id=target))
    return sorted(touched | set(moves)), _log_groups(conn, groups, set(rows), at)


def _log_groups(conn: Connection, groups: list[Group], ids: set[str], at: dt.datetime) -> list[int]:
    """Make the standing automatic merges in the log those of `groups`: keep the ones that still stand (and
    their ids), drop the rest, log the new ones with their reasons."""
    wanted = {(g.lead.id, m.id): (g, m) for g in groups for m in g.members if m.id != g.lead.id}
    standing = conn.execute(sa.select(merge_log.c.id, merge_log.c.incident_id, merge_log.c.absorbed_id).where(
        merge_log.c.absorbed_id.in_(list(ids)), sa.not_(merge_log.c.manual), merge_log.c.undone_at.is_(None))).all()
    stale = [r.id for r in standing if (r.incident_id, r.absorbed_id) not in wanted]
    if stale:
        conn.execute(sa.delete(merge_log).where(merge_log.c.id.in_(stale)))
    logged = []
    for pair in sorted(set(wanted) - {(r.incident_id, r.absorbed_id) for r in standing}):
        group, member = wanted[pair]
        # every member matched the anchor; the anchor itself matched nothing but is matched by the lead
        reason = match_reason(group.anchor, member if member.id != group.anchor.id else group.lead)
        logged.append(log_merge(conn, pair[0], pair[1], reason, manual=False, by="", at=at))
    return logged


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


def restore_merge(conn: Connection, report_id: str) -> bool:
    """Re-apply the standing merge by hand of a re-created report, as logged; True when done (automatic
    merges are not restored but recomputed by `regroup`)."""
    row = conn.execute(
        sa.select(merge_log.c.incident_id)
        .where(merge_log.c.absorbed_id == report_id, merge_log.c.manual, merge_log.c.undone_at.is_(None))
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
            raise EditError(f"no merge {merge_id}")
        if log.undone_at is not None:
            raise EditError(f"merge {merge_id} was already undone")
        absorbed = conn.execute(sa.select(incidents.c.merged_into).where(incidents.c.id == log.absorbed_id)).first()
        if absorbed is None or absorbed.merged_into != log.incident_id:
            raise EditError(f"merge {merge_id} no longer stands: incident {log.absorbed_id} has moved since")
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
        regrouped, _ = regroup(conn, [root, log.absorbed_id], at)
        refresh(conn, [root, log.absorbed_id, *regrouped])
    return root, log.absorbed_id


def merge_incidents(engine: Engine, keep_id: str, other_id: str, by: str = "", at: dt.datetime | None = None) -> int:
    """Merge two visible incidents by hand (`other` into `keep`); returns the merge id, undoable like any other."""
    at = at or dt.datetime.now(dt.UTC)
    with writing(engine) as conn:
        return merge_by_hand(conn, keep_id, other_id, by, at)


def merge_by_hand(conn: Connection, keep_id: str, other_id: str, by: str, at: dt.datetime) -> int:
    """merge_incidents inside the caller's transaction (a review stores its verdict and the merge at once)."""
    for incident_id in (keep_id, other_id):
        visible_incident(conn, incident_id)
    if keep_id == other_id:
        raise EditError("cannot merge an incident with itself")
    attach(conn, keep_id, other_id)
    merge_id = log_merge(conn, keep_id, other_id, None, manual=True, by=by, at=at)
    conn.execute(sa.insert(edits).values(incident_id=keep_id, kind="merge", field="merge",
                                         before=None, after=other_id, by=by, at=at))
    regrouped, _ = regroup(conn, [keep_id, other_id], at)
    refresh(conn, [keep_id, other_id, *regrouped])
    return merge_id
