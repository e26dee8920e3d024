"""Store fixtures: every store test runs on SQLite and on PostgreSQL.

The PostgreSQL variant uses DATABASE_URL_TEST (a server started by
scripts/postgres-test-server); it skips without it, and fails under
REQUIRE_SHARED=1 (CI), where the server must be there. Each test gets its
own schema, so parallel workers never see each other's rows.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from incidents.store.db import engine_from_url
from tests.prerequisites import require


def postgres_url() -> str:
    """DATABASE_URL_TEST, or skip (fail under REQUIRE_SHARED=1) without it."""
    url = os.environ.get("DATABASE_URL_TEST", "")
    require(bool(url), "DATABASE_URL_TEST is not set (eval \"$(bash scripts/postgres-test-server)\")")
    return url


def fresh_url(kind: str, tmp_path: Path) -> tuple[str, str | None]:
    """(URL of an empty store, PostgreSQL schema to drop afterwards or None)."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}", None
    base = postgres_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1)
                             if base.startswith("postgresql://") else base)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    separator = "&" if "?" in base else "?"
    # no fsync per commit: a test store is thrown away, and DDL-heavy set-up dominates otherwise
    options = f"-csearch_path%3D{schema},public%20-csynchronous_commit%3Doff"
    return f"{base}{separator}options={options}", schema


def drop_schema(schema: str) -> None:
    admin = sa.create_engine(postgres_url())
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty store, on each database in turn."""
    url, schema = fresh_url(request.param, tmp_path)
    yield url
    if schema:
        drop_schema(schema)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One store per test module and database, for tests that only read what a module fixture stocked."""
    url, schema = fresh_url(request.param, tmp_path_factory.mktemp("store"))
    eng = engine_from_url(url)
    yield eng
    eng.dispose()
    if schema:
        drop_schema(schema)


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    """An engine on an empty store (tables created, nothing loaded)."""
    eng = engine_from_url(store_url)
    yield eng
    eng.dispose()
