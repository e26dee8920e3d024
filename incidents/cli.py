"""Command line: `python -m incidents COMMAND ...`.

Each concern registers its own sub-commands (a `register(subparsers)` function
in its module), so this file only lists them and dispatches.
"""
from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

# modules that contribute sub-commands; each exposes register(subparsers)
COMMAND_MODULES: tuple[str, ...] = (
    "incidents.extract_cli",
    "incidents.store_cli",
    "incidents.synth",
    "incidents.snapshot",
    "incidents.review_cli",
    "incidents.editors",
)


def build_parser() -> argparse.ArgumentParser:
    """The parser with every concern's sub-commands attached."""
    parser = argparse.ArgumentParser(prog="python -m incidents", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the chosen command; its return value is the exit code."""
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)
