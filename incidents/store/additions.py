"""What an editor adds: an incident the machine missed (from sentences of its article) and claims (a claimant the
machine did not attribute, a denial it did not see); both kept through re-ingest of the article.

An added incident is a report of origin "added" whose evidence is the chosen
sentences; it is reviewed from the start. When a new version of its article
replaces the old one, the incident is carried over: its sentences are found
again in the new text (its review stands), or, when some are gone, it keeps
those still there and waits for review again. Added claims are kept as
`edits` rows (kind "add_claim") and replayed onto the re-created report, as
corrections of a claim's claimant or side are (kind "claim").
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from incidents.model import SIDES, STANCES, Claim, Incident
from incidents.store.db import writing
from incidents.store.evidence import hash_texts, relocate, stored_spans
from incidents.store.merge import regroup
from incidents.store.records import claim_rows, incident_row, stable_hash
from incidents.store.rollup import refresh, root_of
from incidents.store.schema import articles, claims, edits, incidents
from incidents.store.status import CHANGED_REASON, MACHINE, REVIEWED, log_review
from incidents.store.validate import EDITABLE_FIELDS, EditError, check_count, check_name, checked_changes, quoted

# Longest claimant name an editor may type: an institution's full name fits, a pasted paragraph does not.
MAX_CLAIMANT_CHARS = 200
# Longest quote an added incident's claims carry from its sentences (the article itself holds the rest).
MAX_QUOTE_CHARS = 1_000
# Claims an editor adds are listed after every extracted claim of a report.
ADDED_POSITION = 1_000


def check_claim(claim: Claim) -> None:
    """Refuse (EditError) a claim the store could not show: no claimant, an unknown side or stance, a figure
    a correction could not give either (incidents.store.validate)."""
    if not claim.claimant.strip():
        raise EditError(f"a claim needs a claimant, not {quoted(claim.claimant)}")
    check_name("claimant", claim.claimant, MAX_CLAIMANT_CHARS)
    if claim.side not in SIDES:
        raise EditError(f"side must be one of {', '.join(SIDES)}; not {quoted(claim.side)}")
    if claim.stance not in STANCES:
        raise EditError(f"stance must be one of {', '.join(STANCES)}; not {quoted(claim.stance)}")
    for name in ("killed", "injured"):
        check_count(name, getattr(claim, name))


def check_draft(draft: Incident) -> None:
    """Refuse (EditError) an added incident whose fields a correction could not set, or whose claims the store
    could not show. Its place id is not looked up: both front ends take the place, with its id, from the
    gazetteer's search (incidents.corrections.place_fields)."""
    checked_changes({}, {name: getattr(draft, name) for name in EDITABLE_FIELDS if name != "place_id"})
    for claim in draft.claims:
        check_claim(claim)


def _insert_claim(conn: Connection, report_id: str, claim_id: str, claim: Claim) -> None:
    """A claim row under `report_id` (shown under whichever incident the report is shown under)."""
    report = conn.execute(sa.select(incidents.c.id, incidents.c.article_id).where(incidents.c.id == report_id)).first()
    conn.execute(sa.insert(claims).values(
        id=claim_id, incident_id=root_of(conn, report_id) or report_id, origin_id=report_id,
        article_id=report.article_id, position=ADDED_POSITION, claimant=claim.claimant.strip(), side=claim.side,
        stance=claim.stance, quote=claim.quote, start=claim.start, end=claim.end, killed=claim.killed,
        injured=claim.injured, wrong=False))


def add_claim(conn: Connection, report_id: str, claim: Claim, by: str, at: dt.datetime) -> str:
    """Add a claim to a report (inside the caller's transaction), kept as history; returns its id."""
    check_claim(claim)
    if conn.execute(sa.select(incidents.c.id).where(incidents.c.id == report_id)).first() is None:
        raise EditError(f"no incident {quoted(report_id)}")
    claim_id = stable_hash("added claim", report_id, claim.claimant.strip(), claim.side, claim.stance)
    if conn.execute(sa.select(claims.c.id).where(claims.c.id == claim_id)).first() is not None:
        raise EditError(f"{claim.claimant} ({claim.side}) already {claim.stance} this incident")
    _insert_claim(conn, report_id, claim_id, claim)
    conn.execute(sa.insert(edits).values(incident_id=report_id, kind="add_claim", field=claim_id, before=None,
                                         after=json.dumps(asdict(claim), sort_keys=True), by=by, at=at))
    return claim_id


def correct_claim(conn: Connection, claim_id: str, claimant: str, side: str, by: str, at: dt.datetime) -> None:
    """Change who makes a claim and for which side (inside the caller's transaction), kept as history."""
    row = conn.execute(sa.select(claims).where(claims.c.id == claim_id)).first()
    if row is None:
        raise EditError(f"no claim {quoted(claim_id)}")
    check_claim(Claim(claimant, side, row.stance))
    before = {"claimant": row.claimant, "side": row.side}
    after = {"claimant": claimant.strip(), "side": side}
    if before == after:
        return
    conn.execute(sa.insert(edits).values(incident_id=row.origin_id, kind="claim", field=claim_id,
                                         before=json.dumps(before), after=json.dumps(after), by=by, at=at))
    conn.execute(sa.update(claims).where(claims.c.id == claim_id).values(**after))


def replay_claim_edits(conn: Connection, report_ids: Sequence[str]) -> None:
    """Apply the claim corrections and added claims of these re-created reports again, oldest first."""
    if not report_ids:
        return
    history = conn.execute(sa.select(edits).where(edits.c.incident_id.in_(list(report_ids)),
                                                  edits.c.kind.in_(("claim", "add_claim"))).order_by(edits.c.id)).all()
    for edit in history:
        present = conn.execute(sa.select(claims.c.id).where(claims.c.id == edit.field)).first() is not None
        if edit.kind == "claim" and present:
            conn.execute(sa.update(claims).where(claims.c.id == edit.field).values(**json.loads(edit.after)))
        elif edit.kind == "add_claim" and not present:
            _insert_claim(conn, edit.incident_id, edit.field, Claim(**json.loads(edit.after)))


def add_incident(engine: Engine, article_id: str, spans: Sequence[tuple[int, int]], draft: Incident, *, by: str,
                 at: dt.datetime | None = None) -> str:
    """Store an incident the machine missed, resting on sentences of a stored article; returns its id.

    `spans` are (start, end) character offsets into the article's text (a sentence each, usually);
    `draft` holds the fields and claims the editor gave (its `article`, `evidence` and `summary` are
    filled here when empty), checked first (check_draft). The incident is reviewed by `by`, and grouped
    like any report when another article's incident tells the same event (incidents.store.merge).
    """
    at = at or dt.datetime.now(dt.UTC)
    if not by.strip():
        raise EditError("an added incident names its editor (by)")
    check_draft(draft)
    with writing(engine) as conn:
        article = conn.execute(sa.select(articles).where(articles.c.id == article_id)).first()
        if article is None:
            raise EditError(f"no article {quoted(article_id)}")
        chosen = _checked_spans(article.text, spans, article_id)
        texts = [article.text[s:e] for s, e in chosen]
        new_id = stable_hash("added", article.source_key, [" ".join(t.split()) for t in texts], draft.date,
                             draft.place_id or draft.place, draft.event_type)
        if conn.execute(sa.select(incidents.c.id).where(incidents.c.id == new_id)).first() is not None:
            raise EditError(f"this incident was already added from these sentences: {new_id}")
        row = incident_row(new_id, article_id, draft, origin="added")
        row |= {"evidence": json.dumps([list(span) for span in chosen]), "evidence_hash": hash_texts(texts)}
        conn.execute(sa.insert(incidents).values(**row))
        quote = " ".join(" ".join(t.split()) for t in texts)[:MAX_QUOTE_CHARS]
        cited = [Claim(**{**asdict(c), "quote": c.quote or quote, "start": c.start if c.quote else chosen[0][0],
                          "end": c.end if c.quote else chosen[-1][1]}) for c in draft.claims]
        rows = claim_rows(new_id, article_id, cited)
        if rows:
            conn.execute(sa.insert(claims), rows)
        conn.execute(sa.insert(edits).values(incident_id=new_id, kind="add", field="incident", before=None,
                                             after=json.dumps({"sentences": [list(s) for s in chosen]}), by=by, at=at))
        log_review(conn, [new_id], REVIEWED, "add", by=by, at=at)
        regrouped, _ = regroup(conn, [new_id], at)
        refresh(conn, [new_id, *regrouped])
    return new_id


def _checked_spans(text: str, spans: Sequence[tuple[int, int]], article_id: str) -> list[tuple[int, int]]:
    """The spans sorted and de-duplicated, each a non-empty stretch of the article's text."""
    if not text:
        raise EditError(f"article {article_id} keeps no text (a bundled citation): nothing to add from")
    chosen = sorted({(int(s), int(e)) for s, e in spans})
    if not chosen:
        raise EditError("an added incident needs at least one sentence of its article")
    for start, end in chosen:
        if not 0 <= start < end <= len(text) or not text[start:end].strip():
            raise EditError(f"span {start}:{end} is not text of article {article_id} ({len(text)} characters)")
    return chosen


@dataclass(frozen=True)
class Carried:
    """An added incident of an article about to be replaced: its row, its own claims, its sentences' words."""

    row: dict[str, Any]
    claims: list[dict[str, Any]]
    texts: list[str]


def carry_additions(conn: Connection, article_ids: Sequence[str]) -> list[Carried]:
    """The added incidents of these articles, read before the articles are removed."""
    if not article_ids:
        return []
    texts = dict(conn.execute(sa.select(articles.c.id, articles.c.text).where(articles.c.id.in_(list(article_ids)))).all())
    rows = conn.execute(sa.select(incidents).where(incidents.c.article_id.in_(list(article_ids)),
                                                   incidents.c.origin == "added")).all()
    carried = []
    for row in rows:
        own = conn.execute(sa.select(claims).where(claims.c.origin_id == row.id)).all()
        text = texts.get(row.article_id) or ""
        carried.append(Carried(row._asdict(), [c._asdict() for c in own],
                               [text[s:e] for s, e in stored_spans(row.evidence)]))
    return carried


def restore_additions(conn: Connection, article_id: str, text: str, carried: Sequence[Carried],
                      at: dt.datetime) -> list[str]:
    """Put carried-over added incidents under the new version of their article; returns their ids.

    Each keeps its id, fields and claims; its sentences are found again in `text`. One whose
    sentences are not all there any more waits for review again (logged with CHANGED_REASON).
    """
    restored = []
    for item in carried:
        found = [(span, t) for span, t in zip(relocate(item.texts, text), item.texts, strict=True) if span]
        row = item.row | {"article_id": article_id, "merged_into": None,
                          "evidence": json.dumps([list(span) for span, _ in found]),
                          "evidence_hash": hash_texts([t for _, t in found])}
        conn.execute(sa.insert(incidents).values(**row))
        # the claims cite the incident's sentences: first to last of those found again
        cited = (found[0][0][0], found[-1][0][1]) if found else (None, None)
        for claim in item.claims:
            start, end = cited if claim["start"] is not None else (None, None)
            conn.execute(sa.insert(claims).values(**claim | {"incident_id": row["id"], "article_id": article_id,
                                                             "start": start, "end": end}))
        if row["evidence_hash"] != item.row["evidence_hash"]:
            log_review(conn, [row["id"]], MACHINE, "changed", by="", at=at, reason=CHANGED_REASON)
        restored.append(row["id"])
    return restored
