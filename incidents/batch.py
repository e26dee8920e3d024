"""A batch of inputs for `extract` and `ingest`: every input read, one line per failure, counts, an exit code.

Both commands take the same inputs (files, folders, http(s) URLs) and the same
options for what a text does not state (--published, --outlet, --title,
--url). Every input is tried; each failure is one `error: NAME: reason` line
on stderr as it happens, NAME escaped so that a newline in a file name cannot
forge a second line. The exit code is EXIT_OK when every input was read and
handled, EXIT_FAILED when any was not (the others were still handled).
"""
from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from incidents.budget import BUDGET_ENV, DEFAULT_BUDGET_S, budget_from_env
from incidents.errors import ReadError, shown
from incidents.model import Article
from incidents.read import NOTHING_KNOWN, Metadata, checked_field, parse_published, read_articles
from incidents.urls import url_problem

EXIT_OK = 0
EXIT_FAILED = 1
# Longest reason printed for an unexpected failure (a database error can quote a whole statement).
MAX_REASON_CHARS = 300


@dataclass
class BatchResult:
    """How many inputs were handled, and one line per input that failed."""

    handled: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_FAILED if self.failures else EXIT_OK


def error_line(source: str | Path, reason: str) -> str:
    """The one line that reports a failed input: its name as given and the reason, both escaped."""
    return f"error: {shown(source)}: {shown(reason)}"


def run_batch(paths: Iterable[str | Path], handle: Callable[[Article], Any], *, known: Metadata = NOTHING_KNOWN,
              errors: TextIO | None = None, label: str = "",
              name: Callable[[str | Path], str] | None = None) -> BatchResult:
    """Read every input under `paths` and pass each article to `handle`; failures are counted and reported
    on `errors` as they happen, and the batch goes on past any of them. `name`, when given, names each article
    from its input (ingest: the path relative to the folder given) instead of the reader's file name."""
    from tqdm import tqdm

    result = BatchResult()
    show = bool(errors is not None and label and errors.isatty())
    for source, item in tqdm(read_articles(paths, known), desc=label, unit="input", file=errors, disable=not show):
        if name is not None and not isinstance(item, ReadError):
            item = dataclasses.replace(item, source=name(source))
        reason = item.reason if isinstance(item, ReadError) else _handled(handle, item)
        if reason is None:
            result.handled += 1
            continue
        line = error_line(source, reason)
        result.failures.append(line.removeprefix("error: "))
        if errors is not None:
            tqdm.write(line, file=errors) if show else print(line, file=errors)
    return result


def _handled(handle: Callable[[Article], Any], article: Article) -> str | None:
    """None when `handle` succeeded, else the reason it failed (its first line, bounded)."""
    try:
        handle(article)
    except Exception as exc:  # reported for this input, the batch goes on
        first = (str(exc).splitlines() or [""])[0]
        return f"failed: {type(exc).__name__}: {first}"[:MAX_REASON_CHARS]
    return None


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    """The inputs and the options for what their text does not state, shared by `extract` and `ingest`."""
    parser.add_argument("paths", nargs="+", metavar="PATH_OR_URL",
                        help="article files (.txt, .md, .html, .htm), folders (read recursively), or http(s) URLs")
    known = parser.add_argument_group(
        "what the text does not state",
        "used only where an article's front matter, page metadata or sidecar (NAME.yaml) is silent; "
        "see docs/reading.md")
    known.add_argument("--published", type=_published, metavar="YYYY-MM-DD",
                       help="publication day (read as known to the day)")
    known.add_argument("--outlet", type=_field("outlet"), default="", help="outlet that published the text")
    known.add_argument("--title", type=_field("title"), default="", help="headline (one input only)")
    known.add_argument("--url", type=_url, default="", help="the article's http(s) address (one input only)")
    parser.add_argument("--time-budget", type=_budget, default=None, metavar="SECONDS",
                        help="seconds one article's extraction may take before it fails and the batch goes on "
                             f"(default: ${BUDGET_ENV}, else {DEFAULT_BUDGET_S:g}; 'none' for no limit)")
    parser.set_defaults(input_parser=parser)


def budget_from_args(args: argparse.Namespace, environ: Mapping[str, str]) -> float | None:
    """The time budget per article: --time-budget, else the environment's, else the default."""
    return budget_from_env(environ) if args.time_budget is None else args.time_budget.value


@dataclass(frozen=True)
class _Budget:
    value: float | None  # None: no limit (as given: "none")


def _budget(text: str) -> _Budget:
    try:
        return _Budget(budget_from_env({BUDGET_ENV: text}))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc).replace(f"{BUDGET_ENV}=", "")) from exc


def known_from_args(args: argparse.Namespace) -> Metadata:
    """The command line's metadata; --title and --url name one article, so they need exactly one file or URL."""
    if (args.title or args.url) and (len(args.paths) != 1 or Path(args.paths[0]).is_dir()):
        args.input_parser.error("--title and --url describe one article: give a single file or URL with them")
    return Metadata(title=args.title, outlet=args.outlet, url=args.url, published=args.published)


def _published(value: str) -> Any:
    try:
        return parse_published(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"bad date {exc}") from exc


def _field(key: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        try:
            return checked_field(key, value, "option")
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from exc
    return check


def _url(value: str) -> str:
    if not value.strip():
        return ""
    problem = url_problem(value.strip())
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return value.strip()
