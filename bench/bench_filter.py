"""Server time of one filter change: the store query plus the map build (issue 7 (c)).

    .venv/bin/python bench/bench_filter.py [--sizes 100000 1000000] [--repeat 3]

For each size it fills a store with that many synthetic incidents (a SQLite
file under --dir, default /tmp/karabakh-bench, kept between runs: a million
incidents take 1.5 GB, so never inside the repository; or the store
DATABASE_URL names, when set, which must then hold exactly those rows), then
times what the map page does when a reader changes a filter: "query" is
`summarise` (the count line and legend) plus `webmap.build.map_selection`
(the rows up to POINTS_MAX, else counts per cell and shape made in the
database), "build" is `build_map`, "render" the HTML/JS streamlit-folium
sends. Each filter is timed --repeat times; the best is printed. The Data
page's table reads the first TABLE_ROWS rows ("table s", not in the total).
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
from incidents.store.query import Filters, query_incidents, summarise  # noqa: E402
from incidents.synth import synthetic_incidents  # noqa: E402
from webmap.build import build_map, map_selection  # noqa: E402

# Where the synthetic stores go by default: outside the repository (a million incidents are 1.5 GB).
OUT = Path("/tmp/karabakh-bench")
# Rows the Data page's table shows (ui.data.TABLE_ROWS; repeated here so the bench imports no streamlit).
TABLE_ROWS = 1_000

# The filter changes timed: what a reader does first on the map page.
FILTERS: dict[str, Filters] = {
    "everything": Filters(),
    "autumn 2020 war": Filters(start=dt.date(2020, 9, 27), end=dt.date(2020, 11, 10)),
    "April 2016, Armenia's claims": Filters(start=dt.date(2016, 4, 1), end=dt.date(2016, 4, 30), sides=("Armenia",)),
    "2022, drone strikes": Filters(start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31), types=("drone strike",)),
}


def store_for(n: int, out: Path):  # an Engine
    """The store to time: DATABASE_URL when set, else OUT/synth_N.db, filled once."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{out / f'synth_{n}.db'}"
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


def time_change(engine, filters: Filters) -> tuple[float, float, float, float, int, str, int]:  # engine: an Engine
    """Seconds for the queries, the map build, its rendering and the table's rows; rows; level; HTML bytes."""
    started = time.perf_counter()
    summary = summarise(engine, filters)
    selection = map_selection(engine, filters, summary)
    queried = time.perf_counter()
    fmap = build_map(selection)
    built = time.perf_counter()
    page = fmap.get_root().render()
    rendered = time.perf_counter()
    query_incidents(engine, filters, limit=TABLE_ROWS)
    table = time.perf_counter() - rendered
    level = next((s for s in ("markers", "points", "cells") if f'"strategy":"{s}"' in page), "?")
    return queried - started, built - queried, rendered - built, table, summary.count, level, len(page.encode("utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=OUT, help="where the synthetic SQLite stores are kept")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    print(f"{'store':>9}  {'filter':<30} {'rows':>9} {'level':<8} {'query s':>8} {'build s':>8} {'render s':>8} "
          f"{'total s':>8} {'HTML MB':>8} {'table s':>8}")
    for n in args.sizes:
        engine = store_for(n, args.dir)
        for name, filters in FILTERS.items():
            runs = [time_change(engine, filters) for _ in range(args.repeat)]
            query_s, build_s, render_s, table_s, rows, level, size = min(runs, key=lambda r: r[0] + r[1] + r[2])
            total = query_s + build_s + render_s
            print(f"{n:>9,}  {name:<30} {rows:>9,} {level:<8} {query_s:8.3f} {build_s:8.3f} {render_s:8.3f} "
                  f"{total:8.3f} {size / 1e6:8.2f} {table_s:8.3f}", flush=True)
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
