"""Fixtures of the extraction tests."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def scorer(gold_path: Path) -> Path:
    """../shared/eval/score.py, the scorer every quality gate uses (skips or fails with ../shared)."""
    return gold_path.parent.parent / "eval" / "score.py"
