"""Keep each visible incident's denormalised columns and tags in step with its reports and claims.

Every change to which claims or reports an incident holds (ingest, merge,
undo, split, edit) ends by calling `refresh`, so the query function can read
one row per incident without joins.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from incidents.store.schema import articles, claims, incident_tags, incidents
from incidents.store.status import incident_review, latest_reviews

# separator of the "; "-joined columns (claimants, sides, outlets)
JOIN = "; "


def subtree(conn: Connection, root: str) -> list[str]:
    """The report ids grouped under `root`: itself and every report merged into it, directly or not."""
    found, frontier = [root], [root]
    while frontier:
        rows = conn.execute(sa.select(incidents.c.id).where(incidents.c.merged_into.in_(frontier))).scalars().all()
        frontier = [r for r in rows if r not in found]
        found.extend(frontier)
    return found


def root_of(conn: Connection, incident_id: str) -> str | None:
    """The visible incident a report is shown under (None when the report is not stored)."""
    current, seen = incident_id, set()
    while current not in seen:
        seen.add(current)
        parent = conn.execute(sa.select(incidents.c.merged_into).where(incidents.c.id == current)).first()
        if parent is None:
            return None
        if parent[0] is None:
            return current
        current = parent[0]
    raise ValueError(f"merge cycle at incident {incident_id}")


def unique(values: Iterable[str]) -> list[str]:
    """Non-empty values, first occurrence order.

    >>> unique(["b", "", "a", "b"])
    ['b', 'a']
    """
    return list(dict.fromkeys(v for v in values if v))


def rolled_up(own_id: str, claim_rows: list[Any], outlet_names: list[str], n_reports: int) -> dict[str, Any]:
    """The denormalised columns of an incident from its (not wrong) claims and its reports' outlets.

    The main claimant is the first asserting claim of the incident's own report,
    else of the merged reports (by report id, so not by ingest order).
    """
    ordered = sorted(claim_rows, key=lambda c: (c.origin_id != own_id, c.origin_id, c.position))
    main = next((c for c in ordered if c.stance == "asserts"), None)
    return {
        "claimant": main.claimant if main else "",
        "side": main.side if main else "",
        "claimants": JOIN.join(unique(c.claimant for c in ordered)),
        "sides": JOIN.join(unique(c.side for c in ordered)),
        "outlets": JOIN.join(unique(outlet_names)),
        "disputed": any(c.stance == "denies" for c in ordered),
        "n_reports": n_reports,
        "merged": n_reports > 1,
    }


def refresh(conn: Connection, incident_ids: Iterable[str]) -> None:
    """Recompute the denormalised columns and tags of these incidents (hidden ones lose their tags)."""
    for incident_id in dict.fromkeys(incident_ids):
        row = conn.execute(sa.select(incidents).where(incidents.c.id == incident_id)).first()
        conn.execute(sa.delete(incident_tags).where(incident_tags.c.incident_id == incident_id))
        if row is None or row.merged_into is not None:
            continue
        reports = subtree(conn, incident_id)
        outlet_rows = conn.execute(
            sa.select(incidents.c.id, articles.c.outlet, articles.c.published)
            .join(incidents, incidents.c.article_id == articles.c.id)
            .where(incidents.c.id.in_(reports))
        ).all()
        # the incident's own outlet first, then the others in publication order; never in ingest order,
        # so the same articles give the same row whatever order they came in
        outlet_rows = sorted(outlet_rows, key=lambda r: (r.id != incident_id, str(r.published), r.outlet or "", r.id))
        outlet_names = [r.outlet for r in outlet_rows]
        claim_rows = conn.execute(
            sa.select(claims).where(claims.c.incident_id == incident_id, sa.not_(claims.c.wrong))
        ).all()
        values = rolled_up(incident_id, list(claim_rows), [o or "" for o in outlet_names], len(reports))
        values |= incident_review(incident_id, reports, latest_reviews(conn, reports))
        conn.execute(sa.update(incidents).where(incidents.c.id == incident_id).values(**values))
        write_tags(conn, incident_id, row.date, row.date_last, values)


def tag_rows(incident_id: str, date: Any, date_last: Any, values: dict[str, Any]) -> list[dict[str, Any]]:
    """The incident_tags rows of one incident from its joined outlets, claimants and sides."""
    rows = []
    for kind, column in (("outlet", "outlets"), ("claimant", "claimants"), ("side", "sides")):
        for value in unique(values.get(column, "").split(JOIN)):
            rows.append({"incident_id": incident_id, "kind": kind, "value": value, "date": date, "date_last": date_last})
    return rows


def write_tags(conn: Connection, incident_id: str, date: Any, date_last: Any, values: dict[str, Any]) -> None:
    rows = tag_rows(incident_id, date, date_last, values)
    if rows:
        conn.execute(sa.insert(incident_tags), rows)
