"""A person's corrections: fields of an incident, wrong claims, splits; kept as history and replayed.

Every edit is a row in `edits` (when, what, before → after, by whom). The
history is also the source of truth for re-ingest: when a changed article
re-creates a report, `replay_edits` applies that report's edits again.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from incidents.store.db import writing
from incidents.store.merge import regroup
from incidents.store.records import date_span, representative_point, stable_hash
from incidents.store.rollup import refresh, root_of
from incidents.store.schema import claims, edits, incidents
from incidents.store.validate import EditError, checked_changes, gazetteer_has, quoted, visible_incident

_DATE_FIELDS = ("date", "date_end")


def _encode(field_name: str, value: Any) -> str:
    if field_name in _DATE_FIELDS and value is not None:
        value = value.isoformat()
    if field_name == "geometry" and isinstance(value, str):
        value = json.loads(value)
    return json.dumps(value, sort_keys=True)


def _decode(field_name: str, text: str | None) -> Any:
    value = json.loads(text) if text is not None else None
    if field_name in _DATE_FIELDS and value is not None:
        return dt.date.fromisoformat(value)
    return value


def row_values(current: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The incidents-table values for `changes`, with the derived columns (lat/lon, date span) recomputed."""
    values = dict(changes)
    if "geometry" in values:
        geometry = values["geometry"] if isinstance(values["geometry"], dict) else json.loads(values["geometry"])
        values["geometry"] = json.dumps(geometry, separators=(",", ":"))
        values["lat"], values["lon"] = representative_point(geometry)
    if "date" in values or "date_end" in values:
        date = values.get("date", current["date"])
        date_end = values.get("date_end", current["date_end"])
        values["date_last"], values["span_days"] = date_span(date, date_end)
    return values


def edit_incident(engine: Engine, incident_id: str, changes: Mapping[str, Any], by: str = "",
                  at: dt.datetime | None = None, known_place: Callable[[str], bool] = gazetteer_has) -> list[int]:
    """Correct fields of an incident; returns the history ids. Survives re-ingest of its article.

    Every change is checked first (incidents.store.validate): a refused one raises EditError and writes nothing.
    """
    at = at or dt.datetime.now(dt.UTC)
    with writing(engine) as conn:
        return apply_edit(conn, incident_id, changes, by, at, known_place)


def apply_edit(conn: Connection, incident_id: str, changes: Mapping[str, Any], by: str, at: dt.datetime,
               known_place: Callable[[str], bool] = gazetteer_has) -> list[int]:
    """edit_incident inside the caller's transaction (a review stores its corrections and its verdict at once)."""
    row = conn.execute(sa.select(incidents).where(incidents.c.id == incident_id)).first()
    if row is None:
        raise EditError(f"no incident {quoted(incident_id)}")
    current = row._asdict()
    changes = checked_changes(current, changes, known_place)
    ids = []
    for name, value in changes.items():
        before = json.loads(current["geometry"]) if name == "geometry" else current[name]
        result = conn.execute(sa.insert(edits).values(
            incident_id=incident_id, kind="field", field=name,
            before=_encode(name, before), after=_encode(name, value), by=by, at=at))
        ids.append(int(result.inserted_primary_key[0]))
    conn.execute(sa.update(incidents).where(incidents.c.id == incident_id).values(**row_values(current, changes)))
    # a corrected place, day, type or figure can change which reports are one event, and which leads
    regrouped, _ = regroup(conn, [incident_id], at)
    refresh(conn, [root_of(conn, incident_id) or incident_id, *regrouped])
    return ids


def mark_claim_wrong(engine: Engine, claim_id: str, wrong: bool = True, by: str = "",
                     at: dt.datetime | None = None) -> None:
    """Flag a claim as wrong (it stays visible in the detail, but no longer counts for the incident)."""
    at = at or dt.datetime.now(dt.UTC)
    with writing(engine) as conn:
        flag_claim(conn, claim_id, wrong, by, at)


def flag_claim(conn: Connection, claim_id: str, wrong: bool, by: str, at: dt.datetime) -> None:
    """mark_claim_wrong inside the caller's transaction."""
    claim = conn.execute(sa.select(claims).where(claims.c.id == claim_id)).first()
    if claim is None:
        raise EditError(f"no claim {quoted(claim_id)}")
    conn.execute(sa.insert(edits).values(
        incident_id=claim.origin_id, kind="claim_wrong", field=claim_id,
        before=json.dumps(claim.wrong), after=json.dumps(wrong), by=by, at=at))
    conn.execute(sa.update(claims).where(claims.c.id == claim_id).values(wrong=wrong))
    refresh(conn, [claim.incident_id])


def split_incident(engine: Engine, incident_id: str, claim_ids: Sequence[str], by: str = "",
                   at: dt.datetime | None = None) -> str:
    """Move some claims of an incident into a new incident (a copy of its fields); returns the new id."""
    at = at or dt.datetime.now(dt.UTC)
    with writing(engine) as conn:
        visible_incident(conn, incident_id)
        held = set(conn.execute(sa.select(claims.c.id).where(claims.c.incident_id == incident_id)).scalars())
        chosen = sorted(set(claim_ids))
        strangers = [c for c in chosen if c not in held]
        if strangers:
            raise EditError(f"claim {quoted(strangers[0])} is not a claim of incident {quoted(incident_id)}: "
                            "split needs some, but not all, of the incident's own claims")
        if not chosen or set(chosen) == held:
            raise EditError("split needs some, but not all, of the incident's own claims")
        new_id = _apply_split(conn, incident_id, chosen)
        conn.execute(sa.insert(edits).values(
            incident_id=incident_id, kind="split", field="claims", before=None,
            after=json.dumps({"new_id": new_id, "claim_ids": chosen}), by=by, at=at))
        refresh(conn, [incident_id, new_id])
    return new_id


def _apply_split(conn: Connection, incident_id: str, claim_ids: list[str]) -> str:
    new_id = stable_hash("split", incident_id, claim_ids)
    source = conn.execute(sa.select(incidents).where(incidents.c.id == incident_id)).first()
    first_article = conn.execute(sa.select(claims.c.article_id).where(claims.c.id == claim_ids[0])).scalar()
    row = {c.name: getattr(source, c.name) for c in incidents.columns}
    row |= {"id": new_id, "merged_into": None, "origin": "split", "article_id": first_article}
    if conn.execute(sa.select(incidents.c.id).where(incidents.c.id == new_id)).first() is None:
        conn.execute(sa.insert(incidents).values(**row))
    conn.execute(sa.update(claims).where(claims.c.id.in_(claim_ids)).values(incident_id=new_id))
    return new_id


def replay_edits(conn: Connection, report_ids: Sequence[str]) -> list[str]:
    """Apply the recorded edits of these (re-created) reports again, oldest first, without new history;
    returns the incidents re-created by splits (to be refreshed with the rest)."""
    created: list[str] = []
    if not report_ids:
        return created
    history = conn.execute(
        sa.select(edits).where(edits.c.incident_id.in_(report_ids)).order_by(edits.c.id)
    ).all()
    for edit in history:
        if edit.kind == "field":
            current = conn.execute(sa.select(incidents).where(incidents.c.id == edit.incident_id)).first()
            values = row_values(current._asdict(), {edit.field: _decode(edit.field, edit.after)})
            conn.execute(sa.update(incidents).where(incidents.c.id == edit.incident_id).values(**values))
        elif edit.kind == "claim_wrong":
            conn.execute(sa.update(claims).where(claims.c.id == edit.field).values(wrong=json.loads(edit.after)))
        elif edit.kind == "split":
            payload = json.loads(edit.after)
            present = conn.execute(sa.select(claims.c.id).where(claims.c.id.in_(payload["claim_ids"]))).scalars().all()
            if present:
                created.append(_apply_split(conn, edit.incident_id, sorted(present)))
    return created


def history(conn: Connection, incident_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The edit history of incidents, oldest first: when, what, before → after, by whom."""
    rows = conn.execute(sa.select(edits).where(edits.c.incident_id.in_(list(incident_ids))).order_by(edits.c.id)).all()
    return [
        {"id": r.id, "incident_id": r.incident_id, "kind": r.kind, "field": r.field,
         "before": r.before, "after": r.after, "by": r.by, "at": r.at}
        for r in rows
    ]
