"""Ingest rate when merging is at its most expensive: one place reported every day for a long time.

Reports one day apart can be one event, so a place reported daily by different articles forms a chain of
matches, and each ingest there regroups the whole chain (docs/store.md, "Merging"). This prints the
ingest rate (reports per second) for chains of growing length, two reports a day, on SQLite (and
PostgreSQL when DATABASE_URL_TEST is set), so the cost of order-free merging is seen, not guessed.

    .venv/bin/python bench/bench_merge.py [--lengths 100 200 400] [--no-postgres]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from incidents.model import Article, Claim, Incident
from incidents.store.db import engine_from_url
from incidents.store.ingest import ingest_article

# Stepanakert, lon/lat: the place reported every day
POINT = {"type": "Point", "coordinates": [46.7528, 39.8177]}
FIRST_DAY = dt.date(2020, 9, 27)
# reports a day on the chain (from different articles)
PER_DAY = 2


def chain_rate(url: str, length: int) -> float:
    """Reports per second ingesting `length` daily reports of one place into an empty store."""
    engine = engine_from_url(url)
    began = time.perf_counter()
    for n in range(length):
        day = FIRST_DAY + dt.timedelta(days=n // PER_DAY)
        art = Article(source=f"chain-{n}.txt", text=f"bench chain report {n} {uuid.uuid4().hex}",
                      outlet=f"Outlet {n % 5}", published=day)
        ingest_article(engine, art, [Incident(
            article=art.id, date=day, date_precision="day", place="Stepanakert", place_id="bench:stepanakert",
            location_precision="point", geometry=POINT, event_type="shelling", killed=n % 3,
            claims=[Claim("Bench claimant", "unknown", killed=n % 3)])])
    rate = length / (time.perf_counter() - began)
    engine.dispose()
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=[100, 200, 400])
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    for length in args.lengths:
        with tempfile.TemporaryDirectory() as folder:
            print(f"sqlite: chain of {length}: {chain_rate(f'sqlite:///{folder}/b.db', length):.1f} reports/s")
    pg = os.environ.get("DATABASE_URL_TEST")
    if not pg or args.no_postgres:
        return
    admin = sa.create_engine(pg)
    for length in args.lengths:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with admin.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        try:
            url = f"{pg}{'&' if '?' in pg else '?'}options=-csearch_path%3D{schema},public"
            print(f"postgresql: chain of {length}: {chain_rate(url, length):.1f} reports/s")
        finally:
            with admin.begin() as conn:
                conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))


if __name__ == "__main__":
    main()
