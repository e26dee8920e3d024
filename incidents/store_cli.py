"""Sub-commands of the store: ingest, export, edit, mark-wrong, split, merge, undo-merge.

These are entry points: they read the environment (DATABASE_URL) and the
clock, and hand plain values to the store's functions.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from incidents.batch import EXIT_FAILED, EXIT_OK, add_input_arguments, known_from_args, run_batch
from incidents.export import FORMATS, export_selection
from incidents.model import EVENT_TYPES, SIDES
from incidents.read import NOTHING_KNOWN, Metadata
from incidents.store.db import open_store
from incidents.store.edits import EDITABLE_FIELDS, edit_incident, mark_claim_wrong, split_incident
from incidents.store.ingest import IngestResult, ingest_article
from incidents.store.merge import merge_incidents, undo_merge
from incidents.store.query import Filters
from incidents.store.status import POLICIES, review_policy


@dataclass
class IngestSummary:
    """Counts printed at the end of an ingest."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    incidents_new: int = 0
    incidents_merged: int = 0

    def add(self, result: IngestResult) -> None:
        setattr(self, result.status, getattr(self, result.status) + 1)
        self.incidents_new += result.incidents_new
        self.incidents_merged += result.incidents_merged

    def text(self) -> str:
        return (f"articles: {self.new} new, {self.changed} changed, {self.unchanged} unchanged, "
                f"{len(self.failed)} failed; incidents: {self.incidents_new} new, {self.incidents_merged} merged")


def ingest_paths(engine: Any, paths: Sequence[str | Path], known: Metadata = NOTHING_KNOWN,
                 errors: TextIO | None = None) -> IngestSummary:
    """Read, extract and store every article under `paths`; one input's failure never stops the rest
    (incidents.batch: each failure is one line on `errors`, and counted)."""
    from incidents.extract import extract_incidents  # late: the other store commands need no extractor

    summary = IngestSummary()
    result = run_batch(paths, lambda article: summary.add(ingest_article(engine, article, extract_incidents(article))),
                       known=known, errors=errors, label="ingest")
    summary.failed.extend(result.failures)
    return summary


def run_ingest(args: argparse.Namespace) -> int:
    known = known_from_args(args)
    summary = ingest_paths(open_store(os.environ), args.paths, known, errors=sys.stderr)
    print(summary.text())
    return EXIT_FAILED if summary.failed else EXIT_OK


def filters_from_args(args: argparse.Namespace) -> Filters:
    """Filters from the export command's options."""
    return Filters(
        start=args.start, end=args.end, outlets=tuple(args.outlet), claimants=tuple(args.claimant),
        sides=tuple(args.side), types=tuple(args.type), disputed=True if args.disputed else None,
        min_killed=args.min_killed, statuses=POLICIES[args.review or review_policy(os.environ)],
    )


def run_export(args: argparse.Namespace) -> int:
    engine = open_store(os.environ)
    data = export_selection(engine, filters_from_args(args), args.format)
    if args.out:
        Path(args.out).write_bytes(data)
        print(f"wrote {args.out} ({len(data)} bytes)", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def parse_change(text: str) -> tuple[str, Any]:
    """FIELD=VALUE from the command line: dates as YYYY-MM-DD, counts as integers, 'none' clears.

    >>> parse_change("killed=3"), parse_change("date=2020-10-11"), parse_change("injured=none")
    (('killed', 3), ('date', datetime.date(2020, 10, 11)), ('injured', None))
    """
    name, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected FIELD=VALUE, got {text!r}")
    if name not in EDITABLE_FIELDS:
        raise argparse.ArgumentTypeError(f"cannot edit {name!r}; editable: {', '.join(EDITABLE_FIELDS)}")
    if value.lower() == "none":
        return name, None
    if name in ("date", "date_end"):
        return name, dt.date.fromisoformat(value)
    if name in ("killed", "injured"):
        return name, int(value)
    if name == "civilian":
        return name, value.lower() in ("1", "true", "yes")
    return name, value


def run_edit(args: argparse.Namespace) -> int:
    edit_incident(open_store(os.environ), args.incident, dict(args.changes), by=args.by)
    print(f"edited {args.incident}: {', '.join(name for name, _ in args.changes)}")
    return 0


def run_mark_wrong(args: argparse.Namespace) -> int:
    mark_claim_wrong(open_store(os.environ), args.claim, wrong=not args.undo, by=args.by)
    print(f"claim {args.claim} marked {'right' if args.undo else 'wrong'}")
    return 0


def run_undo_merge(args: argparse.Namespace) -> int:
    kept, restored = undo_merge(open_store(os.environ), args.merge_id, by=args.by)
    print(f"merge {args.merge_id} undone: {restored} stands apart from {kept} again")
    return 0


def run_split(args: argparse.Namespace) -> int:
    new_id = split_incident(open_store(os.environ), args.incident, args.claims, by=args.by)
    print(f"claims {', '.join(args.claims)} of {args.incident} now form incident {new_id}")
    return 0


def run_merge(args: argparse.Namespace) -> int:
    merge_id = merge_incidents(open_store(os.environ), args.keep, args.other, by=args.by)
    print(f"{args.other} merged into {args.keep} (merge {merge_id}; undo with: python -m incidents undo-merge {merge_id})")
    return 0


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The selection options shared by `export` and `snapshot`, so both select rows the same way."""
    parser.add_argument("--start", type=dt.date.fromisoformat, help="first day (YYYY-MM-DD)")
    parser.add_argument("--end", type=dt.date.fromisoformat, help="last day (YYYY-MM-DD)")
    parser.add_argument("--outlet", action="append", default=[], help="outlet (repeatable)")
    parser.add_argument("--claimant", action="append", default=[], help="claimant (repeatable)")
    parser.add_argument("--side", action="append", default=[], choices=SIDES, help="claimant's side (repeatable)")
    parser.add_argument("--type", action="append", default=[], choices=EVENT_TYPES, help="event type (repeatable)")
    parser.add_argument("--disputed", action="store_true", help="only incidents some claim denies")
    parser.add_argument("--min-killed", type=int, help="at least this many killed")
    parser.add_argument("--review", choices=tuple(POLICIES),
                        help="reviewed: only incidents an editor checked; all: machine-read ones too "
                             "(default: REVIEW_POLICY, else all; rejected ones never)")


def register(subparsers: Any) -> None:
    """Attach ingest, export, edit, mark-wrong, split, merge and undo-merge to `python -m incidents`."""
    ingest = subparsers.add_parser("ingest", help="extract and store articles (files, folders or http(s) URLs)")
    add_input_arguments(ingest)
    ingest.set_defaults(func=run_ingest)

    export = subparsers.add_parser("export", help="write the filtered incidents as CSV, GeoJSON, GeoPackage or KML")
    export.add_argument("--format", required=True, choices=FORMATS)
    export.add_argument("--out", help="file to write (default: standard output)")
    add_filter_arguments(export)
    export.set_defaults(func=run_export)

    edit = subparsers.add_parser("edit", help="correct an incident: FIELD=VALUE ...")
    edit.add_argument("incident")
    edit.add_argument("changes", nargs="+", type=parse_change, metavar="FIELD=VALUE")
    edit.add_argument("--by", default="", help="who made the correction")
    edit.set_defaults(func=run_edit)

    wrong = subparsers.add_parser("mark-wrong", help="flag a claim as wrong (or right again with --undo)")
    wrong.add_argument("claim")
    wrong.add_argument("--undo", action="store_true")
    wrong.add_argument("--by", default="")
    wrong.set_defaults(func=run_mark_wrong)

    split = subparsers.add_parser("split", help="move some claims of an incident into a new incident")
    split.add_argument("incident")
    split.add_argument("claims", nargs="+", metavar="CLAIM")
    split.add_argument("--by", default="")
    split.set_defaults(func=run_split)

    merge = subparsers.add_parser("merge", help="merge incident OTHER into KEEP by hand (undoable)")
    merge.add_argument("keep")
    merge.add_argument("other")
    merge.add_argument("--by", default="")
    merge.set_defaults(func=run_merge)

    undo = subparsers.add_parser("undo-merge", help="take a merged report back out of its incident")
    undo.add_argument("merge_id", type=int)
    undo.add_argument("--by", default="")
    undo.set_defaults(func=run_undo_merge)
