"""Storing an article and the incidents extracted from it: one transaction per article, idempotent.

- The same article again (same text hash) changes nothing.
- A changed version (new text at the same URL or file name) replaces that
  article's own reports and claims, and nothing else; reports that had been
  merged into them are set free and merged again where they belong.
- Edits and standing merges are replayed onto re-created reports, so a
  person's corrections survive re-ingest; so do reviews (re-opened only
  where the evidence's words changed) and the incidents an editor added
  (incidents/store/review.py, additions.py).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from incidents.model import Article, Incident
from incidents.store.additions import carry_additions, restore_additions
from incidents.store.db import insert_ignoring_duplicates, writing
from incidents.store.edits import replay_edits
from incidents.store.evidence import evidence_columns
from incidents.store.merge import auto_merge, restore_merge
from incidents.store.records import article_row, claim_rows, incident_row, report_id, source_key
from incidents.store.review import replay_reviews
from incidents.store.rollup import refresh, root_of
from incidents.store.schema import articles, claims, incident_tags, incidents, outlets


@dataclass
class IngestResult:
    """What one article's ingest did: status is "new", "changed" or "unchanged"."""

    article_id: str
    status: str
    incidents_new: int = 0
    incidents_merged: int = 0
    merge_ids: list[int] = field(default_factory=list)


def mappable(found: Iterable[Incident]) -> list[Incident]:
    """The incidents worth storing: background history and war-wide tolls are not events on the map."""
    return [i for i in found if not i.background]


def grouped_reports(article: Article, found: Sequence[Incident]) -> dict[str, Incident]:
    """Reports keyed by id; two extractions of one event in one article become one report with both claims."""
    reports: dict[str, Incident] = {}
    for incident in mappable(found):
        rid = report_id(article, incident)
        if rid in reports:
            reports[rid].claims.extend(incident.claims)
            reports[rid].evidence.extend(incident.evidence)
        else:
            reports[rid] = Incident(**{**incident.__dict__, "claims": list(incident.claims),
                                       "evidence": list(incident.evidence)})
    return reports


def ingest_article(engine: Engine, article: Article, found: Sequence[Incident], *, bundled: bool = False,
                   now: dt.datetime | None = None) -> IngestResult:
    """Store one article and its incidents in one transaction (see module docstring)."""
    now = now or dt.datetime.now(dt.UTC)
    reports = grouped_reports(article, found)
    rows = {rid: incident_row(rid, article.id, inc, "bundled" if bundled else "extract") | evidence_columns(inc)
            for rid, inc in reports.items()}
    with writing(engine) as conn:
        stored = conn.execute(sa.select(articles.c.bundled, articles.c.text).where(articles.c.id == article.id)).first()
        if stored is not None:
            if stored.bundled and not stored.text and article.text and not bundled:
                # a bundled citation's own text arrived: keep it, so its reviewed incidents can be checked against it
                conn.execute(sa.update(articles).where(articles.c.id == article.id).values(text=article.text))
            return IngestResult(article.id, "unchanged")
        old_ids = conn.execute(
            sa.select(articles.c.id).where(articles.c.source_key == source_key(article))
        ).scalars().all()
        carried = carry_additions(conn, list(old_ids))
        freed = remove_articles(conn, list(old_ids))
        if article.outlet:
            insert_ignoring_duplicates(conn, outlets, [{"name": article.outlet}])
        conn.execute(sa.insert(articles).values(**article_row(article, now, bundled=bundled)))
        if rows:
            conn.execute(sa.insert(incidents), list(rows.values()))
        new_claims = [c for rid, inc in reports.items() for c in claim_rows(rid, article.id, inc.claims)]
        if new_claims:
            conn.execute(sa.insert(claims), new_claims)
        restored = restore_additions(conn, article.id, "" if bundled else article.text, carried, now)
        split_ids = replay_edits(conn, list(rows))
        replay_reviews(conn, list(rows) + split_ids, bundled=bundled, at=now)
        result = IngestResult(article.id, "changed" if old_ids else "new")
        # freed reports first: they return under the re-created report that hosted them, so the
        # incident keeps its id (and its permalinks) instead of being merged into a former guest
        touched = _settle(conn, freed + restored + list(rows), now, result)
        refresh(conn, touched + split_ids)
        result.incidents_new = sum(1 for rid in rows if root_of(conn, rid) == rid)
    return result


def _settle(conn: Connection, report_ids: list[str], now: dt.datetime, result: IngestResult) -> list[str]:
    """Merge each report where a standing merge or a match puts it; returns the incidents to refresh."""
    touched: list[str] = []
    for rid in report_ids:
        if root_of(conn, rid) != rid:
            continue  # a replayed edit already put it somewhere
        if restore_merge(conn, rid):
            result.incidents_merged += 1
        else:
            merge_id = auto_merge(conn, rid, now)
            if merge_id is not None:
                result.incidents_merged += 1
                result.merge_ids.append(merge_id)
        touched += [rid, root_of(conn, rid) or rid]
    return touched


def remove_articles(conn: Connection, article_ids: list[str]) -> list[str]:
    """Delete articles with their own reports and claims; returns the reports of other articles that were
    merged into them, now standing alone again."""
    if not article_ids:
        return []
    own = conn.execute(sa.select(incidents.c.id).where(incidents.c.article_id.in_(article_ids))).scalars().all()
    own_set = set(own)
    hosts = {root_of(conn, rid) for rid in own} - own_set - {None}
    children = conn.execute(
        sa.select(incidents.c.id).where(incidents.c.merged_into.in_(own), incidents.c.id.not_in(own))
    ).scalars().all()
    for child in children:
        conn.execute(sa.update(incidents).where(incidents.c.id == child).values(merged_into=None))
        conn.execute(sa.update(claims).where(claims.c.origin_id == child).values(incident_id=child))
    for subchild in _descendants(conn, list(children)):
        root = root_of(conn, subchild)
        conn.execute(sa.update(claims).where(claims.c.origin_id == subchild).values(incident_id=root))
    # claims of other articles shown under one of these rows (a split) go back to where their report is shown
    guests = conn.execute(
        sa.select(claims.c.id, claims.c.origin_id).where(claims.c.incident_id.in_(own), claims.c.origin_id.not_in(own))
    ).all()
    conn.execute(sa.delete(claims).where(claims.c.origin_id.in_(own)))
    conn.execute(sa.delete(incident_tags).where(incident_tags.c.incident_id.in_(own)))
    conn.execute(sa.delete(incidents).where(incidents.c.id.in_(own)))
    conn.execute(sa.delete(articles).where(articles.c.id.in_(article_ids)))
    for guest in guests:
        home = root_of(conn, guest.origin_id) or guest.origin_id
        conn.execute(sa.update(claims).where(claims.c.id == guest.id).values(incident_id=home))
        hosts.add(home)
    refresh(conn, [h for h in hosts if h])
    return list(children)


def _descendants(conn: Connection, roots: list[str]) -> list[str]:
    found: list[str] = []
    frontier = roots
    while frontier:
        frontier = conn.execute(sa.select(incidents.c.id).where(incidents.c.merged_into.in_(frontier))).scalars().all()
        found.extend(frontier)
    return found


def store_counts(engine: Engine) -> dict[str, Any]:
    """Rows per table: what the idempotence tests and the CLI summary compare."""
    with engine.connect() as conn:
        return {
            table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()
            for table in (articles, incidents, claims, incident_tags)
        }
