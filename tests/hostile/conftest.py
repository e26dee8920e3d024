"""Fixtures of the hostile-input tests."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from tests.hostile.stores import build_hostile_store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A SQLite store full of hostile text (tests/hostile/stores.py), one per test module."""
    engine = build_hostile_store(tmp_path_factory.mktemp("hostile") / "store.db")
    yield engine
    engine.dispose()
