"""Server time of one filter change: the store query plus the map build (issue 7 (c)).

    .venv/bin/python bench/bench_filter.py [--sizes 100000 1000000] [--repeat 3]

For each size it fills a store with that many synthetic incidents (a SQLite
file under bench/out/, kept between runs; or the store DATABASE_URL names,
when set, which must then hold exactly those rows), then times what the
dashboard does when a reader changes a filter: `query_incidents` with the new
filters, `build_map` on the frame, and rendering the map to the HTML/JS
streamlit-folium sends. Each filter is timed --repeat times; the best is printed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from incidents.store.bulk import bulk_insert_incidents  # noqa: E402
from incidents.store.db import engine_from_url  # noqa: E402
from incidents.store.query import Filters, query_incidents  # noqa: E402
from incidents.synth import synthetic_incidents  # noqa: E402
from webmap.build import build_map  # noqa: E402

OUT = ROOT / "bench" / "out"

# The filter changes timed: what a reader does first on the map page.
FILTERS: dict[str, Filters] = {
    "everything": Filters(),
    "autumn 2020 war": Filters(start=dt.date(2020, 9, 27), end=dt.date(2020, 11, 10)),
    "April 2016, Armenia's claims": Filters(start=dt.date(2016, 4, 1), end=dt.date(2016, 4, 30), sides=("Armenia",)),
    "2022, drone strikes": Filters(start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31), types=("drone strike",)),
}


def store_for(n: int):  # an Engine
    """The store to time: DATABASE_URL when set, else bench/out/synth_N.db, filled once."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{OUT / f'synth_{n}.db'}"
    engine = engine_from_url(url)
    with engine.connect() as conn:
        count = conn.exec_driver_sql("SELECT count(*) FROM incidents").scalar() or 0
    if count == 0:
        started = time.perf_counter()
        inserted = bulk_insert_incidents(engine, synthetic_incidents(n, seed=1))
        print(f"filled {url} with {inserted:,} synthetic incidents in {time.perf_counter() - started:.1f} s",
              flush=True)
    elif count != n:
        print(f"note: {url} holds {count:,} incidents, not {n:,}", flush=True)
    return engine


def time_change(engine, filters: Filters) -> tuple[float, float, float, int, str, int]:  # engine: an Engine
    """Seconds for the query, the map build and its rendering; rows; level; HTML bytes."""
    started = time.perf_counter()
    frame = query_incidents(engine, filters)
    queried = time.perf_counter()
    fmap = build_map(frame)
    built = time.perf_counter()
    page = fmap.get_root().render()
    rendered = time.perf_counter()
    level = next((s for s in ("markers", "points", "cells") if f'"strategy":"{s}"' in page), "?")
    return queried - started, built - queried, rendered - built, len(frame), level, len(page.encode("utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"{'store':>9}  {'filter':<30} {'rows':>9} {'level':<8} {'query s':>8} {'build s':>8} {'render s':>8} "
          f"{'total s':>8} {'HTML MB':>8}")
    for n in args.sizes:
        engine = store_for(n)
        for name, filters in FILTERS.items():
            runs = [time_change(engine, filters) for _ in range(args.repeat)]
            query_s, build_s, render_s, rows, level, size = min(runs, key=lambda r: r[0] + r[1] + r[2])
            total = query_s + build_s + render_s
            print(f"{n:>9,}  {name:<30} {rows:>9,} {level:<8} {query_s:8.3f} {build_s:8.3f} {render_s:8.3f} "
                  f"{total:8.3f} {size / 1e6:8.2f}", flush=True)
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
