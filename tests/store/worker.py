"""A child process for the concurrency tests: ingests or reads a store, reporting on stdout.

    python -m tests.store.worker ingest URL N [HANG_AT]   ingest N articles; with HANG_AT, stop inside that
                                                          article's transaction and wait for stdin to close
    python -m tests.store.worker read URL N               run N queries, print "errors=<count>"
    python -m tests.store.worker first-open URL N         open an empty store, SIGKILL itself while loading
                                                          bundled article N (after N articles are stored)
    python -m tests.store.worker review URL               save and accept article 0's first incident, stopping
                                                          inside the transaction until stdin closes
"""
from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import traceback

from incidents.model import Claim
from incidents.store import ingest as ingest_module
from incidents.store.db import engine_from_url
from incidents.store.ingest import ingest_article
from tests.store.common import PLACES, article, incident

# how many incidents each numbered test article reports (the kill test checks all or none)
PER_ARTICLE = 3


def numbered(n: int):
    """Article n: three clashes on consecutive days, far apart so none merge."""
    art = article(f"batch-{n:04d}.txt", f"Test bulletin number {n} lists three clashes.", f"Outlet {n % 3}",
                  dt.date(2021, 1, 1) + dt.timedelta(days=n))
    names = ["Ganja", "Hadrut", "Tartar"]
    found = [incident(art, place=names[k], date=dt.date(2021, 1, 1) + dt.timedelta(days=4 * n + k),
                      event_type="armed clash", claims=[Claim(f"Claimant {k}", "unknown")])
             for k in range(PER_ARTICLE)]
    assert all(name in PLACES for name in names)
    return art, found


def run_ingest(url: str, count: int, hang_at: int | None) -> None:
    engine = engine_from_url(url)
    real_settle = ingest_module._settle

    def hanging_settle(conn, report_ids, now, result):  # type: ignore[no-untyped-def]
        touched = real_settle(conn, report_ids, now, result)
        print("inside", flush=True)
        sys.stdin.read()  # the parent kills us here, mid-transaction
        return touched

    for n in range(count):
        if n == hang_at:
            ingest_module._settle = hanging_settle
        ingest_article(engine, *numbered(n))
        print(f"done {n}", flush=True)


def run_read(url: str, count: int) -> None:
    from incidents.store.query import Filters, day_side_counts, query_incidents  # pandas: only the reader needs it

    engine = engine_from_url(url)
    errors = 0
    for _ in range(count):
        try:
            query_incidents(engine, Filters(outlets=("Outlet 1",)))
            day_side_counts(engine, Filters())
        except Exception:  # counted and shown, that is the test
            errors += 1
            traceback.print_exc()
    print(f"errors={errors}", flush=True)


def run_review(url: str) -> None:
    from incidents.store import review as review_module
    from incidents.store.query import Filters, query_incidents

    engine = engine_from_url(url)
    first = query_incidents(engine, Filters()).id.iloc[0]
    real_log = review_module.log_review

    def hanging_log(*args, **kwargs):  # type: ignore[no-untyped-def]
        real_log(*args, **kwargs)
        print("inside", flush=True)
        sys.stdin.read()  # the parent kills us here: corrections, claims and verdict written, not committed

    review_module.log_review = hanging_log
    review_module.accept(engine, first, by="Worker", correction=review_module.Correction(
        fields={"killed": 7}, denials=(("Worker's source", "unknown"),)))


def run_first_open(url: str, kill_at: int) -> None:
    """Open an empty store as every entry point does, and die (SIGKILL) while the bundle is being loaded."""
    from incidents.store import bundled
    from incidents.store.db import open_store

    real_store = bundled.store_article
    stored = []

    def dying_store(conn, *args, **kwargs):  # type: ignore[no-untyped-def]
        if len(stored) == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        result = real_store(conn, *args, **kwargs)
        print(f"stored {len(stored)}", flush=True)
        stored.append(result)
        return result

    bundled.store_article = dying_store
    open_store({"DATABASE_URL": url})


if __name__ == "__main__":
    mode, url = sys.argv[1], sys.argv[2]
    if mode == "review":
        run_review(url)
        sys.exit()
    count = int(sys.argv[3])
    if mode == "ingest":
        run_ingest(url, count, int(sys.argv[4]) if len(sys.argv) > 4 else None)
    elif mode == "first-open":
        run_first_open(url, count)
    else:
        run_read(url, count)
