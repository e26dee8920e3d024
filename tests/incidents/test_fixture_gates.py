"""The quality gates of the fixture sets: each set is scored with ../shared/eval/score.py and must
stay at or above the floors pinned for it in data/eval_floors.json (lowered only by an explicit
`python -m incidents evaluate --lower-floors --floors-key KEY`).

The held-out sets were written blind, before their authors read the extractor; their blind scores
are recorded in docs/extraction.md. Each keeps articles with no incident in the present, so a gate
also fails when something is drawn where a careful reader draws nothing.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from incidents.evaluate import (
    DEFAULT_FLOORS,
    HELDOUT2_KEY,
    HELDOUT3_KEY,
    HELDOUT4_KEY,
    HELDOUT_KEY,
    UNSEEN_KEY,
    read_floors,
    run_evaluate,
)

from .common import FIXTURES

# (articles, gold, floors key, lowest floor a set may have, articles with no incident in the present)
SETS = [
    ("unseen", "gold_extra.json", UNSEEN_KEY, 0.95, 0),
    ("heldout", "gold_heldout.json", HELDOUT_KEY, 0.8, 2),
    ("heldout2", "gold_heldout2.json", HELDOUT2_KEY, 0.9, 4),
    ("heldout3", "gold_heldout3.json", HELDOUT3_KEY, 0.9, 4),
    ("heldout4", "gold_heldout4.json", HELDOUT4_KEY, 0.85, 4),
]


@pytest.mark.parametrize(("folder", "gold", "key", "lowest", "quiet"), SETS)
def test_fixture_set_meets_its_floors(folder: str, gold: str, key: str, lowest: float, quiet: int,
                                      scorer: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = argparse.Namespace(articles=str(FIXTURES / folder), gold=str(FIXTURES / gold), floors=str(DEFAULT_FLOORS),
                              floors_key=key, scorer=str(scorer), lower_floors=False)
    assert run_evaluate(args) == 0, capsys.readouterr()


@pytest.mark.parametrize(("folder", "gold", "key", "lowest", "quiet"), SETS)
def test_floors_are_pinned_apart(folder: str, gold: str, key: str, lowest: float, quiet: int) -> None:
    floors = read_floors(DEFAULT_FLOORS, key)
    assert {"recall", "precision", "f1", "killed_accuracy"} <= set(floors)
    assert min(floors.values()) > lowest, "floors only an explicit --lower-floors run may lower"


@pytest.mark.parametrize(("folder", "gold", "key", "lowest", "quiet"), SETS)
def test_every_article_is_scored_and_some_report_nothing(folder: str, gold: str, key: str, lowest: float,
                                                         quiet: int) -> None:
    reference = json.loads((FIXTURES / gold).read_text(encoding="utf-8"))
    articles = {p.name for p in (FIXTURES / folder).iterdir() if p.suffix in (".md", ".txt")}
    required = {g["article"] for g in reference["incidents"] if not g.get("optional")}
    assert len(articles) >= 12
    assert len(articles - required) >= quiet
