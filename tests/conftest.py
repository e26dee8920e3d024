"""Shared fixtures: where the shared corpus lives, and how its absence is handled.

Tests that need the real articles read them from ../shared at test time (the
repository never holds their text). Without ../shared they skip, unless
REQUIRE_SHARED=1 (set by .ci/run), when they fail instead.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.prerequisites import require

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED_DIR", ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path inside ../shared, or skip (fail under REQUIRE_SHARED=1) when it is missing."""
    path = SHARED.joinpath(*parts)
    require(path.exists(), f"shared material missing: {path}")
    return path


@pytest.fixture
def corpus_articles() -> Path:
    """../shared/corpus/articles: the five real articles with front matter."""
    return shared_path("corpus", "articles")


@pytest.fixture
def corpus_raw() -> Path:
    """../shared/corpus/raw: the same articles without front matter."""
    return shared_path("corpus", "raw")


@pytest.fixture
def gold_path() -> Path:
    """../shared/corpus/gold.json: the reference incidents."""
    return shared_path("corpus", "gold.json")


@pytest.fixture
def reports_articles() -> Path:
    """../shared/corpus/reports/articles: 41 real reports, 2014-2023, to judge extraction on."""
    return shared_path("corpus", "reports", "articles")


@pytest.fixture
def reports_gold() -> Path:
    """../shared/corpus/reports/gold.json: their reference incidents, with sides."""
    return shared_path("corpus", "reports", "gold.json")


@pytest.fixture
def shared_geo() -> Path:
    """../shared/geo: the Natural Earth and geoBoundaries source layers."""
    return shared_path("geo")
