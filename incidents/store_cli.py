"""Sub-commands of the store: ingest, export, edit, mark-wrong, split, merge, undo-merge.

These are entry points: they read the environment (DATABASE_URL) and the
clock, and hand plain values to the store's functions.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from incidents.batch import EXIT_FAILED, EXIT_OK, add_input_arguments, budget_from_args, known_from_args, run_batch
from incidents.budget import DEFAULT_BUDGET_S
from incidents.errors import shown
from incidents.export import FORMATS, export_selection
from incidents.model import EVENT_TYPES, SIDES, Article
from incidents.read import NOTHING_KNOWN, Metadata
from incidents.store.db import open_store
from incidents.store.edits import edit_incident, mark_claim_wrong, split_incident
from incidents.store.identity import source_path
from incidents.store.ingest import IngestResult, ingest_article
from incidents.store.merge import merge_incidents, undo_merge
from incidents.store.query import Filters
from incidents.store.status import POLICIES, review_policy
from incidents.store.validate import EDITABLE_FIELDS, EditError, quoted


@dataclass
class IngestSummary:
    """Counts printed at the end of an ingest."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    incidents_new: int = 0
    incidents_merged: int = 0
    # one line per stored article a new version replaced: "b/x.md replaces the earlier version of a/x.md (...)"
    replacements: list[str] = field(default_factory=list)

    def add(self, result: IngestResult) -> None:
        setattr(self, result.status, getattr(self, result.status) + 1)
        self.incidents_new += result.incidents_new
        self.incidents_merged += result.incidents_merged
        self.replacements += [f"{shown(result.source)} replaces {r.text()}" for r in result.replaced]

    def text(self) -> str:
        return (f"articles: {self.new} new, {self.changed} changed, {self.unchanged} unchanged, "
                f"{len(self.failed)} failed; incidents: {self.incidents_new} new, {self.incidents_merged} merged")


def ingest_paths(engine: Any, paths: Sequence[str | Path], known: Metadata = NOTHING_KNOWN,
                 errors: TextIO | None = None, budget_s: float | None = DEFAULT_BUDGET_S) -> IngestSummary:
    """Read, extract and store every article under `paths`; one input's failure never stops the rest
    (incidents.batch: each failure is one line on `errors`, and counted)."""
    from incidents.extract import extract_incidents  # late: the other store commands need no extractor

    def ingest(article: Article) -> None:
        summary.add(ingest_article(engine, article, extract_incidents(article, budget_s)))

    summary = IngestSummary()
    result = run_batch(paths, ingest, known=known, errors=errors, label="ingest",
                       name=lambda source: source_path(source, paths))
    summary.failed.extend(result.failures)
    return summary


def run_ingest(args: argparse.Namespace) -> int:
    known = known_from_args(args)
    summary = ingest_paths(open_store(os.environ), args.paths, known, errors=sys.stderr,
                           budget_s=budget_from_args(args, os.environ))
    for line in summary.replacements:
        print(line)
    print(summary.text())
    return EXIT_FAILED if summary.failed else EXIT_OK


def filters_from_args(args: argparse.Namespace) -> Filters:
    """Filters from the export command's options."""
    return Filters(
        start=args.start, end=args.end, outlets=tuple(args.outlet), claimants=tuple(args.claimant),
        sides=tuple(args.side), types=tuple(args.type), disputed=True if args.disputed else None,
        min_killed=args.min_killed, statuses=POLICIES[args.review or review_policy(os.environ)],
    )


def output_file(text: str) -> Path:
    """An --out argument: a file in a folder that exists (checked before any work is done).

    Raises argparse.ArgumentTypeError, which argparse prints as one error line.
    """
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{quoted(text)} is a folder, not a file")
    if not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"folder {quoted(str(path.parent))} does not exist")
    return path


def write_output(path: Path | None, data: bytes) -> int:
    """Write `data` to --out (or stdout); a failure is one error line and exit code 1."""
    if path is None:
        sys.stdout.buffer.write(data)
        return 0
    try:
        path.write_bytes(data)
    except OSError as error:
        return refuse(f"cannot write {quoted(str(path))}: {error.strerror or error}")
    print(f"wrote {path} ({len(data)} bytes)", file=sys.stderr)
    return 0


def refuse(message: str) -> int:
    """Print one `error:` line and return the exit code of a refused command."""
    print(f"error: {message}", file=sys.stderr)
    return 1


def run_export(args: argparse.Namespace) -> int:
    engine = open_store(os.environ)
    return write_output(args.out, export_selection(engine, filters_from_args(args), args.format))


def _convert(name: str, value: str) -> Any:
    if name in ("date", "date_end"):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a day as YYYY-MM-DD, not {quoted(value)}") from None
    if name in ("killed", "injured"):
        if not value.strip().lstrip("+-").isdigit():
            raise argparse.ArgumentTypeError(f"{name} must be a whole number (or none), not {quoted(value)}")
        return int(value)
    if name == "civilian":
        answers = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
        if value.lower() not in answers:
            raise argparse.ArgumentTypeError(f"civilian must be yes or no (or none), not {quoted(value)}")
        return answers[value.lower()]
    return value


def parse_change(text: str) -> tuple[str, Any]:
    """FIELD=VALUE from the command line: dates as YYYY-MM-DD, counts as integers, yes/no, 'none' clears.

    Only the form is checked here; what the value may be is the store's check (incidents.store.validate).

    >>> parse_change("killed=3"), parse_change("date=2020-10-11"), parse_change("injured=none")
    (('killed', 3), ('date', datetime.date(2020, 10, 11)), ('injured', None))
    """
    name, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected FIELD=VALUE, got {quoted(text)}")
    if name not in EDITABLE_FIELDS:
        raise argparse.ArgumentTypeError(f"cannot edit {quoted(name)}; editable: {', '.join(EDITABLE_FIELDS)}")
    if value.lower() == "none":
        return name, None
    return name, _convert(name, value)


def run_edit(args: argparse.Namespace) -> str:
    edit_incident(open_store(os.environ), args.incident, dict(args.changes), by=args.by)
    return f"edited {args.incident}: {', '.join(name for name, _ in args.changes)}"


def run_mark_wrong(args: argparse.Namespace) -> str:
    mark_claim_wrong(open_store(os.environ), args.claim, wrong=not args.undo, by=args.by)
    return f"claim {args.claim} marked {'right' if args.undo else 'wrong'}"


def run_undo_merge(args: argparse.Namespace) -> str:
    kept, restored = undo_merge(open_store(os.environ), args.merge_id, by=args.by)
    return f"merge {args.merge_id} undone: {restored} stands apart from {kept} again"


def run_split(args: argparse.Namespace) -> str:
    new_id = split_incident(open_store(os.environ), args.incident, args.claims, by=args.by)
    return f"claims {', '.join(args.claims)} of {args.incident} now form incident {new_id}"


def run_merge(args: argparse.Namespace) -> str:
    merge_id = merge_incidents(open_store(os.environ), args.keep, args.other, by=args.by)
    return f"{args.other} merged into {args.keep} (merge {merge_id}; undo with: python -m incidents undo-merge {merge_id})"


def correction(run: Callable[[argparse.Namespace], str]) -> Callable[[argparse.Namespace], int]:
    """A correction command: its message on success (exit 0), or the store's refusal as one error line (exit 1)."""

    def command(args: argparse.Namespace) -> int:
        try:
            message = run(args)
        except EditError as error:
            return refuse(str(error))
        print(message)
        return 0

    return command


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
    export.add_argument("--out", type=output_file, help="file to write (default: standard output)")
    add_filter_arguments(export)
    export.set_defaults(func=run_export)

    edit = subparsers.add_parser("edit", help="correct an incident: FIELD=VALUE ...")
    edit.add_argument("incident")
    edit.add_argument("changes", nargs="+", type=parse_change, metavar="FIELD=VALUE")
    edit.add_argument("--by", default="", help="who made the correction")
    edit.set_defaults(func=correction(run_edit))

    wrong = subparsers.add_parser("mark-wrong", help="flag a claim as wrong (or right again with --undo)")
    wrong.add_argument("claim")
    wrong.add_argument("--undo", action="store_true")
    wrong.add_argument("--by", default="")
    wrong.set_defaults(func=correction(run_mark_wrong))

    split = subparsers.add_parser("split", help="move some claims of an incident into a new incident")
    split.add_argument("incident")
    split.add_argument("claims", nargs="+", metavar="CLAIM")
    split.add_argument("--by", default="")
    split.set_defaults(func=correction(run_split))

    merge = subparsers.add_parser("merge", help="merge incident OTHER into KEEP by hand (undoable)")
    merge.add_argument("keep")
    merge.add_argument("other")
    merge.add_argument("--by", default="")
    merge.set_defaults(func=correction(run_merge))

    undo = subparsers.add_parser("undo-merge", help="take a merged report back out of its incident")
    undo.add_argument("merge_id", type=int)
    undo.add_argument("--by", default="")
    undo.set_defaults(func=correction(run_undo_merge))
