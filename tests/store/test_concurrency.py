"""Crash safety and concurrent use, with real child processes, on SQLite and PostgreSQL."""
from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time

from incidents.store.db import ROOT, engine_from_url
from incidents.store.ingest import ingest_article, store_counts
from incidents.store.query import Filters, query_incidents
from tests.store.worker import PER_ARTICLE


def _worker(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.store.worker", *args], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


# how long a child may stay silent before the test gives up on it (s)
CHILD_SILENCE_LIMIT = 120


def _wait_for_line(proc: subprocess.Popen[str], wanted: str) -> list[str]:
    """The child's lines up to `wanted`, waiting on its pipe (never sleeping), within a deadline.

    Reads the raw pipe: a buffered readline could hold a line the selector no longer reports.
    """
    fd = proc.stdout.fileno()
    selector = selectors.DefaultSelector()
    selector.register(fd, selectors.EVENT_READ)
    deadline = time.monotonic() + CHILD_SILENCE_LIMIT
    pending, lines = b"", []
    while wanted not in lines:
        if b"\n" not in pending:
            assert selector.select(timeout=max(0.0, deadline - time.monotonic())), f"child silent after {lines}"
            chunk = os.read(fd, 4096)
            assert chunk, f"child ended before {wanted!r}: {proc.stderr.read()}"
            pending += chunk
            continue
        line, pending = pending.split(b"\n", 1)
        lines.append(line.decode().strip())
    return lines


def test_sigkill_mid_ingest_leaves_no_partial_article(store_url):
    engine_from_url(store_url).dispose()  # tables exist before the child starts
    child = _worker("ingest", store_url, "5", "3")
    try:
        lines = _wait_for_line(child, "inside")
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert lines[:3] == ["done 0", "done 1", "done 2"]
    engine = engine_from_url(store_url)
    counts = store_counts(engine)
    assert (counts["articles"], counts["incidents"], counts["claims"]) == (3, 3 * PER_ARTICLE, 3 * PER_ARTICLE)
    assert len(query_incidents(engine, Filters())) == 3 * PER_ARTICLE
    engine.dispose()


def test_reader_sees_no_error_during_ingest(store_url):
    engine_from_url(store_url).dispose()
    writer = _worker("ingest", store_url, "20")
    reader = _worker("read", store_url, "30")
    reader_out, reader_err = reader.communicate(timeout=120)
    writer_out, writer_err = writer.communicate(timeout=120)
    assert writer.returncode == 0, writer_err
    assert reader.returncode == 0 and "errors=0" in reader_out, reader_err
    assert writer_out.strip().endswith("done 19")


def test_sigkill_mid_review_leaves_no_half_applied_review(store_url):
    """A review saves corrections, claims and its verdict in one transaction: a kill keeps none of them."""
    from incidents.store.query import incident_detail
    from tests.store.worker import numbered

    engine = engine_from_url(store_url)
    ingest_article(engine, *numbered(0))
    before = (store_counts(engine), query_incidents(engine, Filters()).to_dict("records"))
    child = _worker("review", store_url)
    try:
        _wait_for_line(child, "inside")
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert (store_counts(engine), query_incidents(engine, Filters()).to_dict("records")) == before
    first = before[1][0]["id"]
    assert incident_detail(engine, first)["history"] == []
    engine.dispose()
