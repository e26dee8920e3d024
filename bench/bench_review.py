"""How long the review page keeps an editor waiting: 40 incidents of the shared reports reviewed in Chromium.

    .venv/bin/python bench/bench_review.py [--count 40] [--shared ../shared]

Ingests the shared reports (../shared/corpus/reports/articles and corpus/articles) into a scratch store,
starts the dashboard with a named editor, signs in and works through the queue as an editor would:
of every ten incidents six accepted with the A key, two corrected (a casualty figure, a type) and saved
and accepted, one rejected with a typed reason, one skipped with N. Prints the wait after each kind of
action (until the next incident, its article and its buttons are on screen), and what is left of a
ten-minute budget for reading once the page's own time is counted.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EDITOR, SECRET = "Bench", "bench-editor-secret-1"
# The goal: 40 incidents in ten minutes.
BUDGET_S, GOAL_COUNT = 600.0, 40
# What an editor does with each incident, by its position in the queue (cycled).
PLAN = ("accept",) * 6 + ("correct", "correct", "reject", "next")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
            return answer.read().strip() == b"ok"
    except OSError:
        return False


def _store(folder: Path, shared: Path) -> tuple[str, int]:
    from incidents.store.db import open_store
    from incidents.store.queue import review_counts
    from incidents.store_cli import ingest_paths

    url = f"sqlite:///{folder / 'bench.db'}"
    engine = open_store({"DATABASE_URL": url})
    summary = ingest_paths(engine, [shared / "corpus" / "reports" / "articles", shared / "corpus" / "articles"])
    print(summary.text())
    waiting = review_counts(engine)["machine"]
    engine.dispose()
    return url, waiting


def _wait_for_item(page, previous: str | None) -> float:
    """Seconds until a new incident (URL changed) shows its article and its Accept button."""
    from playwright.sync_api import expect

    started = time.perf_counter()
    if previous is not None:
        page.wait_for_url(lambda url: f"incident={previous}" not in url)
    # the run is over when Streamlit's running indicator is gone and one Accept button is left
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
    expect(page.get_by_role("button", name=re.compile(r"^(Accept|Save and accept)"))).to_have_count(1)
    expect(page.get_by_text(" left to review", exact=False)).to_be_visible()
    return time.perf_counter() - started


def _act(page, action: str, n: int) -> None:
    if action == "accept":
        page.keyboard.press("a")
    elif action == "next":
        page.keyboard.press("n")
    elif action == "reject":
        box = page.get_by_label("…or in your own words")
        box.fill("bench: not an incident")
        box.press("Enter")
    else:
        field = page.get_by_label("Killed (-1: not stated)").first
        field.fill(str(n % 5))
        field.press("Tab")
        page.get_by_role("button", name=re.compile(r"^Save and accept")).click()


def run(count: int, shared: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    from incidents.editors import hash_secret

    with tempfile.TemporaryDirectory() as folder:
        url, waiting = _store(Path(folder), shared)
        print(f"{waiting} incidents wait for review")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "DATABASE_URL": url, "INCIDENTS_EDITORS": f"{EDITOR}={hash_secret(SECRET)}",
               "PYTHONPATH": str(ROOT)}
        log = open(Path(folder) / "server.log", "wb")  # noqa: SIM115  (closed with the server)
        server = subprocess.Popen([str(Path(sys.executable).parent / "streamlit"), "run", "dashboard.py",
                                   "--server.headless", "true", "--server.port", str(port),
                                   "--server.address", "127.0.0.1"], cwd=ROOT, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
        try:
            while not _healthy(base):
                if server.poll() is not None:
                    raise SystemExit("the dashboard did not start")
                with contextlib.suppress(subprocess.TimeoutExpired):
                    server.wait(timeout=0.25)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                     args=["--headless", "--no-sandbox", "--disable-gpu"])
                page = browser.new_page(viewport={"width": 1500, "height": 1000})
                page.set_default_timeout(60_000)
                expect.set_options(timeout=60_000)
                page.goto(f"{base}/Data")
                page.get_by_text("Editor sign-in").click()
                page.get_by_label("Your name").fill(EDITOR)
                page.get_by_label("Secret").fill(SECRET)
                page.get_by_role("button", name="Sign in").click()
                page.locator('[data-testid="stSidebarNav"] a[href$="/Review"]').click()
                first = _wait_for_item(page, None)
                waits: dict[str, list[float]] = {}
                started = time.perf_counter()
                for n in range(min(count, waiting)):
                    action = PLAN[n % len(PLAN)]
                    current = page.url.split("incident=")[-1]
                    t0 = time.perf_counter()
                    _act(page, action, n)
                    _wait_for_item(page, current)
                    waits.setdefault(action, []).append(time.perf_counter() - t0)
                total = time.perf_counter() - started
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
    done = sum(len(v) for v in waits.values())
    print(f"first incident on screen after sign-in: {first:.1f} s")
    for action, times in waits.items():
        times.sort()
        print(f"{action:8s} n={len(times):2d}  median {statistics.median(times):.2f} s  "
              f"p90 {times[int(0.9 * (len(times) - 1))]:.2f} s  max {times[-1]:.2f} s")
    print(f"{done} incidents in {total:.0f} s of page time ({total / done:.1f} s each, typing included)")
    reading = (BUDGET_S - total * GOAL_COUNT / done) / GOAL_COUNT
    print(f"of a {BUDGET_S / 60:.0f}-minute budget for {GOAL_COUNT} incidents, {reading:.1f} s each remain for reading")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=GOAL_COUNT)
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("SHARED_DIR", ROOT.parent / "shared")))
    args = parser.parse_args()
    run(args.count, args.shared)


if __name__ == "__main__":
    main()
