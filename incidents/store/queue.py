"""What an editor reviews: the queue of incidents waiting, one incident with its articles and evidence, and
the nearby incidents it might be merged with.

Read-only; the actions are in incidents/store/review.py. The review page and
`python -m incidents review` both read these, so the two show the same queue
in the same order.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from incidents.store.evidence import stored_spans
from incidents.store.query import incident_detail
from incidents.store.records import date_gap_days, haversine_km
from incidents.store.review import main_claim
from incidents.store.rollup import subtree
from incidents.store.schema import articles, incidents
from incidents.store.status import MACHINE, REJECTED, STATUSES

# Orders the queue can be read in: oldest article first (reading each article top to bottom, by date),
# or by incident date, place name or outlet.
QUEUE_ORDERS: tuple[str, ...] = ("article", "date", "place", "outlet")
# The queue's columns, in order.
QUEUE_COLUMNS: tuple[str, ...] = (
    "id", "date", "place", "event_type", "claimant", "side", "killed", "outlets", "n_reports", "review_status",
    "reviewed_by", "review_reason", "article_id", "published", "title",
)
# Merge candidates: visible incidents this far (km between representative points) or at the same place...
CANDIDATE_KM = 30.0
# ...and this many days apart at most (wider than automatic merging: an editor judges, the list only offers).
CANDIDATE_DAYS = 3
# Most candidates listed, nearest first.
CANDIDATE_LIMIT = 8


def _order(order: str) -> list[Any]:
    if order not in QUEUE_ORDERS:
        raise ValueError(f"unknown queue order {order!r}; choose one of {', '.join(QUEUE_ORDERS)}")
    by_date = [incidents.c.date.asc().nulls_last(), incidents.c.id]
    return {
        "article": [articles.c.published.asc().nulls_last(), articles.c.id, *by_date],
        "date": by_date,
        "place": [incidents.c.place, *by_date],
        "outlet": [incidents.c.outlets, *by_date],
    }[order]


def review_queue(engine: Engine, *, order: str = "article", statuses: Sequence[str] = (MACHINE,),
                 limit: int | None = None) -> pd.DataFrame:
    """Visible incidents of these statuses (synthetic ones are no reports and never queue), in `order`."""
    unknown = set(statuses) - set(STATUSES)
    if unknown:
        raise ValueError(f"unknown review status(es) {', '.join(sorted(unknown))}; known: {', '.join(STATUSES)}")
    columns = [incidents.c[name] for name in QUEUE_COLUMNS[:12]]
    statement = (
        sa.select(*columns, incidents.c.article_id, articles.c.published, articles.c.title)
        .select_from(incidents.outerjoin(articles, incidents.c.article_id == articles.c.id))
        .where(incidents.c.merged_into.is_(None), incidents.c.review_status.in_(list(statuses)),
               sa.not_(incidents.c.synthetic))
        .order_by(*_order(order))
    )
    if limit is not None:
        statement = statement.limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(statement).all()
    frame = pd.DataFrame.from_records([tuple(r) for r in rows], columns=list(QUEUE_COLUMNS))
    frame["killed"] = frame["killed"].astype("Int64")
    return frame


def review_counts(engine: Engine) -> dict[str, int]:
    """How many visible (non-synthetic) incidents have each status."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(incidents.c.review_status, sa.func.count())
            .where(incidents.c.merged_into.is_(None), sa.not_(incidents.c.synthetic))
            .group_by(incidents.c.review_status)
        ).all()
    found = {status: int(n) for status, n in rows}
    return {status: found.get(status, 0) for status in STATUSES}


def review_item(engine: Engine, incident_id: str) -> dict[str, Any] | None:
    """One incident as the review page shows it: incident_detail (whatever its status), the id of its main
    claim (whose claimant and side the page edits) and, for each article its reports come from (its own
    report's first), the citation, the text and the evidence spans."""
    detail = incident_detail(engine, incident_id, statuses=STATUSES)
    if detail is None:
        return None
    root = detail["incident"]["id"]
    with engine.connect() as conn:
        reports = conn.execute(
            sa.select(incidents.c.id, incidents.c.article_id, incidents.c.evidence)
            .where(incidents.c.id.in_(subtree(conn, root)))
        ).all()
        spans: dict[str, list[tuple[int, int]]] = {}
        for report in reports:
            if report.article_id:
                spans.setdefault(report.article_id, []).extend(stored_spans(report.evidence))
        for claim in detail["claims"]:
            if claim["article_id"] and not pd.isna(claim["start"]) and not pd.isna(claim["end"]):
                spans.setdefault(claim["article_id"], []).append((int(claim["start"]), int(claim["end"])))
        own = next((r.article_id for r in reports if r.id == root), None)
        main = main_claim(conn, root)
        detail["main_claim_id"] = main.id if main is not None else None
        ids = sorted(spans, key=lambda a: (a != own, a))
        rows = {r.id: r._asdict() for r in conn.execute(sa.select(articles).where(articles.c.id.in_(ids)))}
    detail["articles"] = [rows[a] | {"spans": sorted(set(spans[a]))} for a in ids if a in rows]
    return detail


def merge_candidates(engine: Engine, incident_id: str, *, km: float = CANDIDATE_KM, days: int = CANDIDATE_DAYS,
                     limit: int = CANDIDATE_LIMIT) -> pd.DataFrame:
    """Visible incidents near this one in place and date (not rejected), nearest first, with the distance
    and the date gap: what the editor may judge the same event."""
    columns = ("id", "date", "place", "event_type", "claimant", "outlets", "review_status", "distance_km", "gap_days")
    with engine.connect() as conn:
        row = conn.execute(sa.select(incidents).where(incidents.c.id == incident_id)).first()
        if row is None or row.lat is None:
            return pd.DataFrame(columns=list(columns))
        degrees = km / 80  # a box a little larger than km in every direction at these latitudes
        near = sa.and_(incidents.c.lat.between(row.lat - degrees, row.lat + degrees),
                       incidents.c.lon.between(row.lon - degrees, row.lon + degrees))
        same_place = incidents.c.place_id == row.place_id if row.place_id else sa.false()
        conditions = [incidents.c.merged_into.is_(None), incidents.c.review_status != REJECTED,
                      incidents.c.id != incident_id, sa.not_(incidents.c.synthetic), sa.or_(near, same_place)]
        if row.date is not None:
            longest = conn.execute(sa.select(sa.func.max(incidents.c.span_days))).scalar() or 0
            window = dt.timedelta(days=days)
            conditions.append(incidents.c.date.between(row.date - window - dt.timedelta(days=longest),
                                                       (row.date_last or row.date) + window))
        found = conn.execute(sa.select(incidents).where(*conditions)).all()
    listed = []
    for cand in found:
        gap = _gap(row, cand)
        distance = haversine_km(row.lat, row.lon, cand.lat, cand.lon)
        if (gap is None or gap <= days) and (distance <= km or (row.place_id and row.place_id == cand.place_id)):
            listed.append((cand.id, cand.date, cand.place, cand.event_type, cand.claimant, cand.outlets,
                           cand.review_status, round(distance, 1), gap))
    listed.sort(key=lambda c: (c[-1] if c[-1] is not None else days + 1, c[-2], c[0]))
    return pd.DataFrame(listed[:limit], columns=list(columns))


def _gap(a: Any, b: Any) -> int | None:
    """Days between two incidents' spans; None when either is undated."""
    if a.date is None or b.date is None:
        return None
    return date_gap_days((a.date, a.date_last or a.date), (b.date, b.date_last or b.date))
