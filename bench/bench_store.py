"""Store benchmark: a million synthetic incidents, then the dashboard's typical query and the ingest rate.

    .venv/bin/python bench/bench_store.py [--n 1000000] [--queries 40] [--no-postgres]

Prints, for SQLite (and PostgreSQL when DATABASE_URL_TEST is set): bulk-load
rate, median time of a 30-day + one-outlet query through `query_incidents`
(goal: <= 50 ms on SQLite), and the rate of full ingest (hash ids, merging,
roll-up) into the loaded store.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from incidents.model import EVENT_TYPES, Article, Claim, Incident
from incidents.store.bulk import bulk_insert_incidents
from incidents.store.db import engine_from_url
from incidents.store.ingest import ingest_article
from incidents.store.query import Filters, query_incidents

# the synthetic world: dates over ten years, a few dozen outlets and claimants, places in the region
FIRST_DAY, DAYS = dt.date(2016, 1, 1), 3652
OUTLETS = tuple(f"Synthetic Outlet {i:02d}" for i in range(24))
CLAIMANTS = tuple((f"Synthetic Claimant {i}", side) for i, side in
                  enumerate(["Azerbaijan", "Armenia", "Nagorno-Karabakh", "Russia", "third party", "unknown"] * 2))
REGION = (39.2, 41.0, 45.0, 47.5)  # south, north, west, east
QUERY_DAYS = 30  # the dashboard's default window


def synthetic_rows(n: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """n synthetic incident rows for bulk_insert_incidents (lat/lon given, so no geometry work per row)."""
    rng = random.Random(seed)
    south, north, west, east = REGION
    for i in range(n):
        lat, lon = round(rng.uniform(south, north), 5), round(rng.uniform(west, east), 5)
        claimant, side = rng.choice(CLAIMANTS)
        yield {
            "id": f"syn{i:013d}", "date": FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS)),
            "event_type": rng.choice(EVENT_TYPES), "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "lat": lat, "lon": lon, "place": f"Synthetic place {i % 5000}", "place_id": f"syn:{i % 5000}",
            "outlets": rng.sample(OUTLETS, rng.choice((1, 1, 2))), "claimant": claimant, "side": side,
            "killed": rng.choice((None, 0, 1, 2, 5)), "summary": "synthetic incident", "synthetic": True,
        }


def bench_queries(engine: sa.Engine, count: int, seed: int = 2) -> tuple[float, int]:
    """Median ms and median rows of `count` date-range + outlet queries."""
    rng = random.Random(seed)
    times, sizes = [], []
    for _ in range(count):
        start = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS - QUERY_DAYS))
        filters = Filters(start=start, end=start + dt.timedelta(days=QUERY_DAYS - 1), outlets=(rng.choice(OUTLETS),))
        began = time.perf_counter()
        frame = query_incidents(engine, filters)
        times.append((time.perf_counter() - began) * 1000)
        sizes.append(len(frame))
    return statistics.median(times), int(statistics.median(sizes))


def bench_ingest(engine: sa.Engine, articles: int, seed: int = 3) -> float:
    """Incidents per second through ingest_article (two incidents per article, merging on)."""
    rng = random.Random(seed)
    began, stored = time.perf_counter(), 0
    for n in range(articles):
        art = Article(source=f"bench-{uuid.uuid4().hex}.txt", text=f"bench article {n} {uuid.uuid4().hex}",
                      outlet=rng.choice(OUTLETS), published=FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS)))
        found = []
        for _ in range(2):
            lat, lon = rng.uniform(39.2, 41.0), rng.uniform(45.0, 47.5)
            found.append(Incident(article=art.id, date=art.published, date_precision="day", place="bench",
                                  place_id=f"bench:{rng.randrange(10**6)}", location_precision="point",
                                  geometry={"type": "Point", "coordinates": [lon, lat]},
                                  event_type=rng.choice(EVENT_TYPES), claims=[Claim("Bench claimant", "unknown")]))
        ingest_article(engine, art, found)
        stored += len(found)
    return stored / (time.perf_counter() - began)


def run(label: str, url: str, n: int, queries: int, articles: int) -> None:
    engine = engine_from_url(url)
    began = time.perf_counter()
    inserted = bulk_insert_incidents(engine, synthetic_rows(n))
    load_s = time.perf_counter() - began
    with engine.begin() as conn:
        conn.execute(sa.text("ANALYZE"))
    print(f"{label}: bulk load {inserted:,} incidents in {load_s:.1f} s ({inserted / load_s:,.0f} incidents/s)")
    median_ms, rows = bench_queries(engine, queries)
    print(f"{label}: {QUERY_DAYS}-day + outlet query, median {median_ms:.1f} ms over {queries} queries "
          f"(median {rows} rows)")
    print(f"{label}: ingest_article {bench_ingest(engine, articles):,.0f} incidents/s into the loaded store")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--articles", type=int, default=300, help="articles for the ingest-rate run")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run("sqlite", f"sqlite:///{Path(folder) / 'bench.db'}", args.n, args.queries, args.articles)
    pg = os.environ.get("DATABASE_URL_TEST")
    if pg and not args.no_postgres:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(pg)
        with admin.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        try:
            run("postgresql", f"{pg}{'&' if '?' in pg else '?'}options=-csearch_path%3D{schema},public",
                args.n, args.queries, args.articles)
        finally:
            with admin.begin() as conn:
                conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))


if __name__ == "__main__":
    main()
