"""Docs that tests keep honest: the README's two set-up commands, every CLI
command and every URL parameter must be documented where readers look."""
from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from incidents.cli import build_parser
from ui.params import PARAM_NAMES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _setup_section() -> str:
    match = re.search(r"^## Set-up.*?$(.*?)(?=^## )", README, re.S | re.M)
    assert match, "README has no '## Set-up' section followed by another section"
    return match.group(1)


def _commands() -> list[str]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


def test_readme_setup_has_exactly_two_commands() -> None:
    commands = [line.strip() for line in _setup_section().splitlines() if line.startswith("    ")]
    assert commands == [
        "bash scripts/setup && .venv/bin/streamlit run dashboard.py",
        "bash scripts/test",
    ]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "REQUIRE_SHARED=1" in ci
    assert re.search(r"^bash scripts/test\b", ci, re.M)


@pytest.mark.parametrize("command", _commands())
def test_every_cli_command_is_in_the_readme(command: str) -> None:
    assert f"python -m incidents {command}" in README


@pytest.mark.parametrize("name", PARAM_NAMES)
def test_every_url_parameter_is_documented(name: str) -> None:
    permalinks = (ROOT / "docs" / "permalinks.md").read_text(encoding="utf-8")
    assert f"`{name}`" in permalinks


@pytest.mark.parametrize("doc", sorted(re.findall(r"\]\((docs/[^)#]+)", README)))
def test_readme_links_resolve(doc: str) -> None:
    assert (ROOT / doc).is_file()
