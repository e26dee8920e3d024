"""Storing an article and the incidents extracted from it: one transaction per article, idempotent.

- The same article again (same text hash) changes nothing.
- A new version (new text at the same URL, or at the same source path; see
  incidents.store.identity) replaces that article's own reports and claims,
  and nothing else, and the result names what it replaced; reports that had
  been merged into them are set free and merged again where they belong.
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

from incidents.errors import shown
from incidents.model import Article, Incident
from incidents.store.additions import carry_additions, restore_additions
from incidents.store.db import insert_ignoring_duplicates, writing
from incidents.store.edits import replay_edits
from incidents.store.evidence import evidence_columns
from incidents.store.identity import source_key, version_keys
from incidents.store.merge import regroup, restore_merge
from incidents.store.records import article_row, claim_rows, incident_row, report_id
from incidents.store.review import replay_reviews
from incidents.store.rollup import refresh, root_of
from incidents.store.schema import articles, claims, incident_tags, incidents, merge_log, outlets, replaced_articles


@dataclass(frozen=True)
class Replacement:
    """A stored article that a new version replaced: which one, and why it counts as the same article."""

    article_id: str
    source: str
    url: str
    why: str  # "same URL" or "same source path"

    def text(self) -> str:
        """'the earlier version of a/report.txt (same source path)', control characters shown escaped."""
        why = f"same URL {self.url}" if self.why == "same URL" else self.why
        return f"the earlier version of {shown(self.source)} ({shown(why)})"


@dataclass
class IngestResult:
    """What one article's ingest did: status is "new", "changed" (a new version replaced `replaced`) or
    "unchanged"."""

    article_id: str
    status: str
    incidents_new: int = 0
    incidents_merged: int = 0
    merge_ids: list[int] = field(default_factory=list)
    source: str = ""
    replaced: list[Replacement] = field(default_factory=list)


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
        else:
            reports[rid] = Incident(**{**incident.__dict__, "claims": list(incident.claims)})
    return reports


def ingest_article(engine: Engine, article: Article, found: Sequence[Incident], *, bundled: bool = False,
                   now: dt.datetime | None = None) -> IngestResult:
    """Store one article and its incidents in one transaction (see module docstring)."""
    with writing(engine) as conn:
        return store_article(conn, article, found, bundled=bundled, now=now)


def store_article(conn: Connection, article: Article, found: Sequence[Incident], *, bundled: bool = False,
                  now: dt.datetime | None = None) -> IngestResult:
    """Store one article and its incidents inside the caller's write transaction (incidents.store.db.writing)."""
    now = now or dt.datetime.now(dt.UTC)
    reports = grouped_reports(article, found)
    rows = {rid: incident_row(rid, article.id, inc, "bundled" if bundled else "extract") | evidence_columns(inc)
            for rid, inc in reports.items()}
    if _already_stored(conn, article, bundled):
        return IngestResult(article.id, "unchanged", source=article.source)
    why = "same URL" if article.url.strip() else "same source path"
    replaced = [Replacement(r.id, r.source, r.url, why) for r in conn.execute(
        sa.select(articles.c.id, articles.c.source, articles.c.url)
        .where(articles.c.source_key.in_(version_keys(article))).order_by(articles.c.id))]
    if _older_copy(conn, article, replaced):
        return IngestResult(article.id, "unchanged", source=article.source)
    carried = carry_additions(conn, [r.article_id for r in replaced])
    freed = remove_articles(conn, [r.article_id for r in replaced])
    _remember_replaced(conn, article, replaced, now)
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
    # before regrouping: a report's verdict decides whether it may be grouped with the others (merge.group_units)
    replay_reviews(conn, list(rows) + split_ids, bundled=bundled, at=now)
    result = IngestResult(article.id, "changed" if replaced else "new", source=article.source, replaced=replaced)
    touched = _settle(conn, freed + restored + list(rows), now, result)
    refresh(conn, touched + split_ids)
    shown_alone = conn.execute(sa.select(incidents.c.id).where(
        incidents.c.id.in_(list(rows)), incidents.c.merged_into.is_(None), incidents.c.n_reports == 1)).scalars()
    result.incidents_new = len(list(shown_alone))
    result.incidents_merged = len(rows) - result.incidents_new
    return result


def _already_stored(conn: Connection, article: Article, bundled: bool) -> bool:
    """Whether this very text is stored (then nothing changes). The one thing the text itself adds is to a
    bundled citation, which keeps no text: it gains it, so its reviewed incidents can be checked against it."""
    stored = conn.execute(sa.select(articles.c.bundled, articles.c.text).where(articles.c.id == article.id)).first()
    if stored is None:
        return False
    if stored.bundled and not stored.text and article.text and not bundled:
        conn.execute(sa.update(articles).where(articles.c.id == article.id).values(text=article.text))
    return True


def _older_copy(conn: Connection, article: Article, current: list[Replacement]) -> bool:
    """Whether `article` is a version that a newer one read from another file already replaced (re-reading
    it must not undo that); the same file going back to an older text is a new version, not an older copy."""
    replaced_before = conn.execute(sa.select(replaced_articles.c.id).where(replaced_articles.c.id == article.id))
    return replaced_before.first() is not None and any(r.source != article.source for r in current)


def _remember_replaced(conn: Connection, article: Article, replaced: list[Replacement], now: dt.datetime) -> None:
    """Record what `article` replaced; `article` itself is current (again), so it is no longer a replaced one."""
    ids = [r.article_id for r in replaced] + [article.id]
    conn.execute(sa.delete(replaced_articles).where(replaced_articles.c.id.in_(ids)))
    if replaced:
        conn.execute(sa.insert(replaced_articles), [
            {"id": r.article_id, "source_key": source_key(article), "source": r.source, "replaced_by": article.id,
             "at": now} for r in replaced])


def _settle(conn: Connection, report_ids: list[str], now: dt.datetime, result: IngestResult) -> list[str]:
    """Put back the merges by hand of re-created reports, then regroup the reports around them (merge.regroup);
    returns the incidents to refresh."""
    touched = []
    for rid in report_ids:
        if root_of(conn, rid) == rid and restore_merge(conn, rid):
            touched += [rid, root_of(conn, rid) or rid]
    regrouped, result.merge_ids = regroup(conn, report_ids, now)
    return touched + regrouped + report_ids


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
    # automatic merges of removed reports no longer stand (regroup logs them again if the new version
    # re-creates them); merges by hand and undone ones are the editors' history and stay
    conn.execute(sa.delete(merge_log).where(
        sa.or_(merge_log.c.absorbed_id.in_(own), merge_log.c.incident_id.in_(own)),
        sa.not_(merge_log.c.manual), merge_log.c.undone_at.is_(None)))
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
