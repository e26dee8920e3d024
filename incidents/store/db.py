"""Which database the store lives in, and how a connection to it is set up.

The store is whatever `DATABASE_URL` names (SQLite or PostgreSQL); without it
a SQLite file under data/. Entry points read the environment and pass it to
`open_store`; nothing below reads it on its own.
"""
from __future__ import annotations

import weakref
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine, make_url

from incidents.store.schema import incidents, metadata, upgrade

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "data" / "incidents.db"

# how long (ms) a SQLite writer or reader waits for a lock before failing: long
# enough to outlast one article's ingest transaction on a busy laptop
SQLITE_BUSY_TIMEOUT_MS = 30_000

# SQLite page cache per connection, in KiB (negative pragma value): keeps the index pages of a
# million-incident store in memory, which speeds up bulk loads by about a third
SQLITE_CACHE_KIB = 65_536

# PostgreSQL advisory lock taken by every writer, so that two ingests never merge against each other's half
WRITE_LOCK_KEY = 4_717_001

# engines whose PostgreSQL server has PostGIS and whose incidents table has a `geom` column
_POSTGIS: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def normalise_url(url: str | None) -> str:
    """The SQLAlchemy URL to connect to: the default SQLite file, or the given URL with psycopg as driver.

    >>> normalise_url("postgresql://u@h/db")
    'postgresql+psycopg://u@h/db'
    >>> normalise_url("postgres://u@h/db")
    'postgresql+psycopg://u@h/db'
    """
    if not url:
        return f"sqlite:///{DEFAULT_DB}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def engine_from_url(url: str | None) -> Engine:
    """An engine on the store at `url` (None: data/incidents.db), with every table created.

    SQLite gets WAL (readers never block on a writer), a busy timeout and
    foreign keys; PostgreSQL gets PostGIS when the server has it.
    """
    target = make_url(normalise_url(url))
    if target.get_backend_name() == "sqlite":
        engine = _sqlite_engine(target)
    elif target.get_backend_name() == "postgresql":
        engine = sa.create_engine(target, pool_pre_ping=True)
    else:
        raise ValueError(f"DATABASE_URL: unsupported database {target.get_backend_name()!r} (use sqlite or postgresql)")
    metadata.create_all(engine)
    upgrade(engine)
    if engine.dialect.name == "postgresql":
        _POSTGIS[engine] = _setup_postgis(engine)
    return engine


def _sqlite_engine(target: sa.URL) -> Engine:
    database = target.database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(target, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event below issues BEGIN itself
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # writers take the write lock up front: a deferred transaction that later
        # upgrades fails at once with "database is locked" instead of waiting
        mode = "IMMEDIATE" if conn.get_execution_options().get("store_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction: all of it is stored, or (on error or kill) none of it."""
    with engine.connect() as conn:
        conn.execution_options(store_write=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
            yield conn


def insert_ignoring_duplicates(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows, skipping those whose primary key is already stored (on both databases)."""
    if not rows:
        return
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    conn.execute(insert(table).on_conflict_do_nothing(), rows)


def _setup_postgis(engine: Engine) -> bool:
    """Add a PostGIS geometry column, kept in step with the GeoJSON text by a trigger; False without PostGIS."""
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public"))
    except sa.exc.DBAPIError:
        pass  # not installed on the server, no right to create it, or another process just did
    with engine.connect() as conn:
        if conn.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).first() is None:
            return False
    statements = [
        f"ALTER TABLE {incidents.name} ADD COLUMN IF NOT EXISTS geom geometry(Geometry, 4326)",
        "CREATE INDEX IF NOT EXISTS ix_incidents_geom ON incidents USING gist (geom)",
        """CREATE OR REPLACE FUNCTION incidents_set_geom() RETURNS trigger AS $$
           BEGIN NEW.geom := ST_SetSRID(ST_GeomFromGeoJSON(NEW.geometry), 4326); RETURN NEW; END
           $$ LANGUAGE plpgsql""",
        "DROP TRIGGER IF EXISTS incidents_geom ON incidents",
        "CREATE TRIGGER incidents_geom BEFORE INSERT OR UPDATE OF geometry ON incidents "
        "FOR EACH ROW EXECUTE FUNCTION incidents_set_geom()",
    ]
    ready = sa.text(
        "SELECT 1 FROM pg_trigger WHERE tgname = 'incidents_geom' AND tgrelid = 'incidents'::regclass"
    )
    with engine.connect() as conn:
        if conn.execute(ready).first() is not None:
            return True  # set up before; ALTER/DROP would lock the table against running readers
    with engine.begin() as conn:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
        if conn.execute(ready).first() is None:
            for statement in statements:
                conn.execute(sa.text(statement))
    return True


def has_postgis(engine: Engine) -> bool:
    """Whether bounding-box filters can use the PostGIS `geom` column of this engine."""
    return _POSTGIS.get(engine, False)


def open_store(env: Mapping[str, str]) -> Engine:
    """The store named by env["DATABASE_URL"] (or the default file), with the bundled incidents loaded if empty."""
    from incidents.store.bundled import load_bundled_if_empty

    engine = engine_from_url(env.get("DATABASE_URL") or None)
    load_bundled_if_empty(engine)
    return engine
