"""`python -m incidents review ...`: the review queue from the command line, for batch work and scripts.

    review list [--status S] [--order O] [--article ID] [--json]   what waits (or was reviewed, or rejected)
    review show ID [--sentences] [--json]                          fields, claims, evidence, history, candidates
    review accept ID... [corrections]                              reviewed (corrections saved with it, one ID)
    review edit ID corrections                                     correct without a verdict yet
    review reject ID... --reason TEXT                              not an incident: hidden, kept with the reason
    review reopen ID...                                            back into the queue
    review merge ID TARGET                                         the same event as TARGET: merged there
    review split ID CLAIM...                                       some claims are another incident
    review add ARTICLE --sentence N... --place P --date D ...      an incident the machine missed

Corrections: --set FIELD=VALUE (as `edit` takes them), --place NAME (any spelling: brings the gazetteer's
geometry), --claimant NAME, --side SIDE, --deny "CLAIMANT|SIDE", --wrong CLAIM, --right CLAIM.
Every action names its editor: --by NAME, or INCIDENTS_REVIEWER in the environment. Ids may be given by
a unique prefix (at least 6 characters). Text from articles is printed with control characters removed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from incidents.corrections import place_fields
from incidents.model import DATE_PRECISIONS, EVENT_TYPES, SIDES, Claim, Incident
from incidents.store.additions import add_incident
from incidents.store.db import open_store
from incidents.store.edits import split_incident
from incidents.store.evidence import article_sentences
from incidents.store.queue import QUEUE_ORDERS, merge_candidates, review_counts, review_item, review_queue
from incidents.store.review import Correction, accept, correct, merge_into, reject, reopen
from incidents.store.schema import articles, incidents
from incidents.store.status import STATUSES
from incidents.store_cli import parse_change

# Where --by comes from when not given.
REVIEWER_VAR = "INCIDENTS_REVIEWER"
# Shortest id prefix accepted (16 hex digits in full): short enough to type, long enough to be unique.
MIN_PREFIX = 6
# Control characters (C0, DEL, C1) an article could use to rewrite the terminal; printed as "?".
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Widest text column in `review list` (place, outlets): the table stays on one line per incident.
LIST_TEXT_CHARS = 28


class UserError(ValueError):
    """A mistake in the command (unknown id, missing reason): printed as one line, exit code 2."""


def printable(value: object) -> str:
    """Text from an article as it is safe to print to a terminal.

    >>> printable("Ganja\\x1b[2J hit")
    'Ganja?[2J hit'
    """
    return UNPRINTABLE.sub("?", "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value))


def resolve(engine: Engine, table: sa.Table, given: str) -> str:
    """The full id of the row `given` names (itself or a unique prefix of at least MIN_PREFIX characters)."""
    with engine.connect() as conn:
        if conn.execute(sa.select(table.c.id).where(table.c.id == given)).first() is not None:
            return given
        if len(given) < MIN_PREFIX:
            raise UserError(f"no {table.name[:-1]} {given!r} (give the id, or at least {MIN_PREFIX} characters of it)")
        found = conn.execute(sa.select(table.c.id).where(table.c.id.startswith(given, autoescape=True)).limit(2)).scalars().all()
    if len(found) != 1:
        raise UserError(f"{'no' if not found else 'more than one'} {table.name[:-1]} starting with {given!r}")
    return found[0]


def _reviewer(args: argparse.Namespace) -> str:
    by = (args.by or os.environ.get(REVIEWER_VAR) or "").strip()
    if not by:
        raise UserError(f"say who reviews: --by NAME, or set {REVIEWER_VAR}")
    return by


def _denial(text: str) -> tuple[str, str]:
    claimant, sep, side = text.rpartition("|")
    if not sep or side not in SIDES:
        raise argparse.ArgumentTypeError(f"expected CLAIMANT|SIDE with SIDE one of {', '.join(SIDES)}, got {text!r}")
    return claimant.strip(), side


def correction_from_args(args: argparse.Namespace) -> Correction:
    """The Correction the options describe (empty when none was given)."""
    fields = dict(args.set or [])
    if "place" in fields or args.place:
        fields.update(place_fields(args.place or fields.pop("place")))
    wrong = {claim: True for claim in args.wrong or []} | {claim: False for claim in args.right or []}
    return Correction(fields=fields, claimant=args.claimant, side=args.side, denials=tuple(args.deny or []), wrong=wrong)


def _text_table(frame: pd.DataFrame) -> str:
    shown = frame.copy()
    for column in shown.columns:
        shown[column] = [printable(v)[:LIST_TEXT_CHARS] for v in shown[column]]
    return shown.to_string(index=False)


def run_list(args: argparse.Namespace, engine: Engine) -> None:
    statuses = STATUSES if args.status == "all" else (args.status,)
    frame = review_queue(engine, order=args.order, statuses=statuses)
    if args.article:
        article_id = resolve(engine, articles, args.article)
        frame = frame[frame["article_id"] == article_id]
    if args.limit is not None:
        frame = frame.head(args.limit)
    if args.json:
        for record in frame.to_dict("records"):
            print(json.dumps({k: _plain(v) for k, v in record.items()}, ensure_ascii=False))
        return
    columns = ["id", "date", "place", "event_type", "claimant", "side", "killed", "outlets", "review_status"]
    if args.status != "machine":
        columns.append("reviewed_by")
    print(_text_table(frame[columns]) if len(frame) else "(none)")
    counts = review_counts(engine)
    print(", ".join(f"{n} {status}" for status, n in counts.items()))


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value


def _figure(value: Any) -> str:
    """A casualty figure for `show`: the number, or "not stated"."""
    plain = _plain(value)
    return "not stated" if plain is None else str(int(plain))


def run_show(args: argparse.Namespace, engine: Engine) -> None:
    incident_id = resolve(engine, incidents, args.incident)
    item = review_item(engine, incident_id)
    if item is None:
        raise UserError(f"no incident {incident_id}")
    item["candidates"] = merge_candidates(engine, item["incident"]["id"]).to_dict("records")
    if args.json:
        for article in item["articles"]:
            article["sentences"] = [[s, e] for s, e in article_sentences(article["text"] or "")]
        print(json.dumps(item, default=_plain, ensure_ascii=False, indent=1))
        return
    print("\n".join(describe(item, sentences=args.sentences)))


def describe(item: dict[str, Any], *, sentences: bool = False) -> list[str]:
    """`review show` as lines: the incident, its claims, each article's evidence (or every sentence), history."""
    inc = item["incident"]
    status = "machine-read, not yet checked" if inc["review_status"] == "machine" else inc["review_status"]
    lines = [f"incident {inc['id']} · {status}"
             + (f" by {printable(inc['reviewed_by'])}" if inc["reviewed_by"] else ""),
             f"  {printable(inc['date'])}{' → ' + printable(inc['date_end']) if _plain(inc['date_end']) else ''} "
             f"({inc['date_precision']}) · {inc['event_type']} · {printable(inc['place'])} "
             f"({inc['location_precision']}, {printable(inc['place_id']) or 'no gazetteer id'})",
             f"  killed {_figure(inc['killed'])} · injured {_figure(inc['injured'])} · "
             f"{inc['n_reports']} report(s) · outlets: {printable(inc['outlets'])}"]
    if inc.get("review_reason"):
        lines.append(f"  reason: {printable(inc['review_reason'])}")
    lines.append("claims:")
    for claim in item["claims"]:
        flag = " (marked wrong)" if claim["wrong"] else ""
        figures = ", ".join(f"{k} {int(claim[k])}" for k in ("killed", "injured") if not pd.isna(claim[k]))
        lines.append(f"  [{claim['claim_id']}] {claim['stance']} {printable(claim['claimant'])} ({claim['side']})"
                     f"{' ' + figures if figures else ''}{flag}")
    for article in item["articles"]:
        lines.append(f"article {article['id']} · {printable(article['title'])} · {printable(article['outlet'])} · "
                     f"{printable(article['published'])} · {printable(article['url'] or article['source'])}")
        text, marked = article["text"] or "", article["spans"]
        if not text:
            lines.append("  (bundled citation: no text kept)")
        for n, (start, end) in enumerate(article_sentences(text)):
            evidence = any(s < end and start < e for s, e in marked)
            if evidence or sentences:
                lines.append(f"  {'*' if evidence else ' '}{n:3d} [{start}:{end}] {printable(' '.join(text[start:end].split()))}")
    if item["history"]:
        lines.append("history:")
        lines += [f"  {printable(h['at'])[:16]} {printable(h['by']) or '-'}: {h['kind']} {printable(h['field'])} "
                  f"{printable(h['before']) + ' → ' if h['before'] else ''}{printable(h['after'])}" for h in item["history"]]
    if item["candidates"]:
        lines.append("merge candidates (review merge ID TARGET):")
        lines += [f"  {c['id']} {printable(c['date'])} {printable(c['place'])} {c['event_type']} "
                  f"{printable(c['outlets'])} · {c['distance_km']} km, {c['gap_days']} day(s) · {c['review_status']}"
                  for c in item["candidates"]]
    return lines


def run_accept(args: argparse.Namespace, engine: Engine) -> None:
    by, correction = _reviewer(args), correction_from_args(args)
    if correction and len(args.incidents) > 1:
        raise UserError("corrections apply to one incident at a time")
    for given in args.incidents:
        incident_id = resolve(engine, incidents, given)
        accept(engine, incident_id, by=by, correction=correction or None)
        print(f"accepted {incident_id}{' with corrections' if correction else ''}")


def run_edit(args: argparse.Namespace, engine: Engine) -> None:
    correction = correction_from_args(args)
    if not correction:
        raise UserError("nothing to change: give --set, --place, --claimant, --side, --deny, --wrong or --right")
    incident_id = resolve(engine, incidents, args.incident)
    correct(engine, incident_id, correction, by=_reviewer(args))
    print(f"corrected {incident_id} (not yet accepted)")


def run_reject(args: argparse.Namespace, engine: Engine) -> None:
    by = _reviewer(args)
    for given in args.incidents:
        incident_id = resolve(engine, incidents, given)
        reject(engine, incident_id, args.reason, by=by)
        print(f"rejected {incident_id}: {printable(args.reason)}")


def run_reopen(args: argparse.Namespace, engine: Engine) -> None:
    by = _reviewer(args)
    for given in args.incidents:
        incident_id = resolve(engine, incidents, given)
        reopen(engine, incident_id, by=by, reason=args.reason or "")
        print(f"re-opened {incident_id}")


def run_merge(args: argparse.Namespace, engine: Engine) -> None:
    incident_id, target = resolve(engine, incidents, args.incident), resolve(engine, incidents, args.target)
    merge_id = merge_into(engine, incident_id, target, by=_reviewer(args))
    print(f"{incident_id} merged into {target} (merge {merge_id}; undo with: python -m incidents undo-merge {merge_id})")


def run_split(args: argparse.Namespace, engine: Engine) -> None:
    incident_id = resolve(engine, incidents, args.incident)
    new_id = split_incident(engine, incident_id, args.claims, by=_reviewer(args))
    print(f"claims {', '.join(args.claims)} of {incident_id} now form incident {new_id} (waiting for review)")


def _spans(args: argparse.Namespace, text: str) -> list[tuple[int, int]]:
    """The sentences an added incident rests on, from --sentence numbers (as `show --sentences` lists them)
    and --span START:END offsets."""
    listed = article_sentences(text)
    spans = []
    for n in args.sentence or []:
        if not 0 <= n < len(listed):
            raise UserError(f"no sentence {n}: the article has {len(listed)} (review show ID --sentences)")
        spans.append(listed[n])
    for given in args.span or []:
        start, sep, end = given.partition(":")
        if not sep or not start.isdigit() or not end.isdigit():
            raise UserError(f"--span expects START:END character offsets, got {given!r}")
        spans.append((int(start), int(end)))
    if not spans:
        raise UserError("say which sentences tell the incident: --sentence N (or --span START:END)")
    return spans


def run_add(args: argparse.Namespace, engine: Engine) -> None:
    by = _reviewer(args)
    article_id = resolve(engine, articles, args.article)
    with engine.connect() as conn:
        text = conn.execute(sa.select(articles.c.text).where(articles.c.id == article_id)).scalar() or ""
    place = place_fields(args.place)
    claims = [Claim(args.claimant, args.side, killed=args.killed, injured=args.injured)]
    claims += [Claim(claimant, side, "denies") for claimant, side in args.deny or []]
    draft = Incident(article=article_id, date=args.date, date_end=args.date_end, date_precision=args.precision,
                     place=place["place"], place_id=place["place_id"], location_precision=place["location_precision"],
                     geometry=place["geometry"], event_type=args.type, claims=claims, killed=args.killed,
                     injured=args.injured, summary=args.summary or "")
    new_id = add_incident(engine, article_id, _spans(args, text), draft, by=by)
    print(f"added {new_id}: {args.type} at {place['place']} on {args.date} (reviewed by {by})")


def _add_correction_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--set", action="append", type=parse_change, metavar="FIELD=VALUE",
                        help="correct a field (date=2020-10-11, killed=3, event_type=shelling, date_precision=night...)")
    parser.add_argument("--place", help="the right place, any spelling (geometry and precision from the gazetteer)")
    parser.add_argument("--claimant", help="who makes the main claim")
    parser.add_argument("--side", choices=SIDES, help="the main claimant's side")
    parser.add_argument("--deny", action="append", type=_denial, metavar="CLAIMANT|SIDE", help="add a denial")
    parser.add_argument("--wrong", action="append", metavar="CLAIM", help="flag a claim as wrong")
    parser.add_argument("--right", action="append", metavar="CLAIM", help="unflag a claim")


def _run(action: Callable[[argparse.Namespace, Engine], None]) -> Callable[[argparse.Namespace], int]:
    """An action with the store opened and user mistakes printed as one line (exit code 2), never a traceback."""
    def run(args: argparse.Namespace) -> int:
        try:
            action(args, open_store(os.environ))
        except ValueError as error:  # UserError, a refused correction (EditError), an unknown place
            print(f"error: {printable(error)}", file=sys.stderr)
            return 2
        return 0
    return run


def register(subparsers: Any) -> None:
    """Add `review list|show|accept|edit|reject|reopen|merge|split|add` to the incidents command line."""
    review = subparsers.add_parser("review", help="the review queue: list, show, accept, reject, add what was missed",
                                   description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = review.add_subparsers(dest="review_command", required=True)
    by = argparse.ArgumentParser(add_help=False)
    by.add_argument("--by", help=f"the editor's name (default: ${REVIEWER_VAR})")

    listing = sub.add_parser("list", help="incidents waiting for review (or of another status)")
    listing.add_argument("--status", choices=[*STATUSES, "all"], default="machine")
    listing.add_argument("--order", choices=QUEUE_ORDERS, default="article")
    listing.add_argument("--article", help="only this article's incidents (id or prefix)")
    listing.add_argument("--limit", type=int)
    listing.add_argument("--json", action="store_true", help="one JSON object a line")
    listing.set_defaults(func=_run(run_list))

    show = sub.add_parser("show", help="one incident: fields, claims, evidence sentences, history, merge candidates")
    show.add_argument("incident")
    show.add_argument("--sentences", action="store_true", help="number every sentence of its articles (for add)")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=_run(run_show))

    accepting = sub.add_parser("accept", parents=[by], help="mark reviewed (with corrections: one incident)")
    accepting.add_argument("incidents", nargs="+", metavar="ID")
    _add_correction_options(accepting)
    accepting.set_defaults(func=_run(run_accept))

    edit = sub.add_parser("edit", parents=[by], help="correct an incident without accepting it yet")
    edit.add_argument("incident", metavar="ID")
    _add_correction_options(edit)
    edit.set_defaults(func=_run(run_edit))

    rejecting = sub.add_parser("reject", parents=[by], help="not an incident: hidden from readers, kept with the reason")
    rejecting.add_argument("incidents", nargs="+", metavar="ID")
    rejecting.add_argument("--reason", required=True)
    rejecting.set_defaults(func=_run(run_reject))

    reopening = sub.add_parser("reopen", parents=[by], help="put reviewed or rejected incidents back in the queue")
    reopening.add_argument("incidents", nargs="+", metavar="ID")
    reopening.add_argument("--reason")
    reopening.set_defaults(func=_run(run_reopen))

    merge = sub.add_parser("merge", parents=[by], help="the same event as TARGET: merge it there (counts as reviewed)")
    merge.add_argument("incident", metavar="ID")
    merge.add_argument("target", metavar="TARGET")
    merge.set_defaults(func=_run(run_merge))

    split = sub.add_parser("split", parents=[by], help="move some claims into a new incident")
    split.add_argument("incident", metavar="ID")
    split.add_argument("claims", nargs="+", metavar="CLAIM")
    split.set_defaults(func=_run(run_split))

    add = sub.add_parser("add", parents=[by], help="add an incident the machine missed, from sentences of its article")
    add.add_argument("article", metavar="ARTICLE", help="article id (or prefix), as `review show` prints it")
    add.add_argument("--sentence", type=int, action="append", help="sentence number from `review show ID --sentences`")
    add.add_argument("--span", action="append", metavar="START:END", help="character offsets into the article")
    add.add_argument("--place", required=True, help="any spelling")
    add.add_argument("--date", type=dt.date.fromisoformat, required=True)
    add.add_argument("--date-end", type=dt.date.fromisoformat)
    add.add_argument("--precision", choices=DATE_PRECISIONS, default="day")
    add.add_argument("--type", choices=EVENT_TYPES, required=True)
    add.add_argument("--claimant", required=True)
    add.add_argument("--side", choices=SIDES, required=True)
    add.add_argument("--killed", type=int)
    add.add_argument("--injured", type=int)
    add.add_argument("--deny", action="append", type=_denial, metavar="CLAIMANT|SIDE")
    add.add_argument("--summary", help="one line in your own words")
    add.set_defaults(func=_run(run_add))

