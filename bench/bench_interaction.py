"""What a reader waits for in the browser: click→shown and filter→shown on the real app in headless chromium.

    .venv/bin/python bench/bench_interaction.py [--sizes 1000 100000] [--repeat 5] [--app DIR]

For each size it fills a synthetic store (`python -m incidents synth --count N`, a SQLite file under --dir,
kept between runs; one --dir per checkout), starts `streamlit run dashboard.py` from --app (default: this
checkout; point it at an export of an older commit to measure "before") and drives Debian's chromium with Playwright:

- **click→shown**: a real mouse click on an incident drawn on the map (a symbol, or a circle holding one
  incident) until the page shows that incident's id (the detail panel names it; before issue 11 the
  copy-link box under the map did); clicks on distinct incidents in turn, each timed. A click the page never shows within --timeout is "lost".
- **filter→shown**: "Minimum killed" set to 1, then back to 0, and so on, until the map has drawn the
  new selection (its incident layer reports the count it drew). The first change after opening a plain
  link is reported on its own: a page that swallows it shows "lost".

Times are wall-clock from the Playwright action to the state seen by polling the page each animation
frame, so they include the server's rerun, the websocket and the browser's drawing. The median and the
worst are printed.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from incidents.store.db import engine_from_url  # noqa: E402
from incidents.store.query import Filters, count_incidents  # noqa: E402
from tests.browser.support import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    CLICKABLE_INCIDENTS,
    MAP_FRAME,
    clickable_incidents,
    streamlit_server,
)

# Where the synthetic stores go by default: outside the repository.
OUT = Path("/tmp/karabakh-bench")
# The browser window: a newsroom laptop.
VIEWPORT = {"width": 1440, "height": 1000}
# Incidents this close (pixels) to another are not clicked: the click could land on the neighbour; the
# selected incident's symbol is drawn larger (about 29 px), so incidents near it keep twice the distance.
CLEAR_PX = 22
# How long a reader looks at a freshly opened map before changing a filter (milliseconds).
READING_PAUSE_MS = 2_500
# Above this many incidents the map shows counts per cell (webmap.incident_layer.POINTS_MAX), and only a
# cell holding one incident names it: the clicks then start from a close view over a few villages near
# Tovuz and Gazakh, where the synthetic store (seed 0) has a few dozen such cells in view.
CELLS_ABOVE = 40_000
CLICK_VIEW_LARGE = "?lat=40.7236&lon=46.4394&zoom=12"
# Most zoom steps taken to find enough incidents to click one by one.
MAX_ZOOM_STEPS = 4
# Margins of the map not clicked into: the layer control (top right) and the legend (bottom right).
MARGIN_PX = {"left": 40, "top": 40, "right": 260, "bottom": 60}

# Runs in the page: the map's last drawing (a new object after every draw), in whichever map iframe is current.
DRAWN = f"""() => {{
  const frames = document.querySelectorAll('{MAP_FRAME}');
  const frame = frames[frames.length - 1];
  return frame && frame.contentWindow ? frame.contentWindow.kmIncidentsDrawn || null : null;
}}"""
REMEMBER_DRAWN = f"() => {{ window.__benchDrawn = ({DRAWN})(); }}"
NEW_DRAWING_OF = f"""(count) => {{
  const drawn = ({DRAWN})();
  return !!drawn && drawn !== window.__benchDrawn && drawn.incidents === count;
}}"""
# The page shows an incident once its id is on it: the detail panel names it (before: the copy-link box).
SHOWS_INCIDENT = "(id) => document.body.innerText.includes(id)"


def store_for(n: int, out: Path, app: Path) -> str:
    """The URL of a store holding `n` synthetic incidents (plus the bundled ones), filled once by `app`'s own
    code (an older checkout gets a store of its own schema: give each checkout its own --dir)."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"interaction_{n}.db"
    url = f"sqlite:///{path}"
    if not path.exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "incidents", "synth", "--count", str(n)], cwd=app, check=True,
                       env={**os.environ, "DATABASE_URL": url}, stdout=subprocess.DEVNULL)
        print(f"filled {path} with {n:,} synthetic incidents in {time.perf_counter() - started:.0f} s", flush=True)
    return url


@contextmanager
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} missing (scripts/system-packages installs it)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def wait(page: object, script: str, arg: object, timeout_s: float) -> float | None:
    """Seconds until `script(arg)` holds in the page (polled every frame), or None after `timeout_s`."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    started = time.perf_counter()
    try:
        page.wait_for_function(script, arg=arg, polling="raf", timeout=timeout_s * 1000)
    except PlaywrightTimeout:
        return None
    return time.perf_counter() - started


def map_frame(page: object):
    """The current map iframe's Frame once its incident layer has drawn."""
    page.wait_for_function(f"() => !!({DRAWN})()", polling=100, timeout=120_000)
    return page.locator(MAP_FRAME).last.element_handle().content_frame()


def zoom_to_clickable(page: object, needed: int) -> None:
    """Zoom the map in (about its centre) until `needed` incidents can be clicked one by one: at a hundred
    thousand incidents the default view shows counts per cell, and only cells holding one incident name it."""
    for _ in range(MAX_ZOOM_STEPS):
        frame = map_frame(page)
        if len(clickable_incidents(frame, (), CLEAR_PX, MARGIN_PX)) >= needed:
            return
        frame.evaluate("() => { window.map.setZoom(window.map.getZoom() + 1, {animate: false}); }")
        with contextlib.suppress(Exception):  # polled: the candidates appear once the finer cells are drawn
            frame.wait_for_function(f"args => ({CLICKABLE_INCIDENTS})(args).length >= {needed}",
                                    arg=[[], CLEAR_PX, MARGIN_PX], polling=100, timeout=5_000)


def click_incidents(page: object, repeat: int, timeout_s: float) -> list[float | None]:
    """Click `repeat` distinct incidents in turn; each click's seconds until the page shows it (None: lost)."""
    times: list[float | None] = []
    clicked: list[str] = []
    zoom_to_clickable(page, repeat)
    for _ in range(repeat):
        frame = map_frame(page)
        candidates = clickable_incidents(frame, clicked, CLEAR_PX, MARGIN_PX)
        if not candidates:
            print("  no clickable incident in view", flush=True)
            break
        target = candidates[len(clicked) * 7 % len(candidates)]
        clicked.append(target["id"])
        box = page.locator(MAP_FRAME).last.bounding_box()
        started = time.perf_counter()
        page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
        shown = wait(page, SHOWS_INCIDENT, target["id"], timeout_s)
        times.append(None if shown is None else time.perf_counter() - started)
        if shown is None:
            print(f"  lost: clicked {target['id']}, the map's last click {last_click(page)}", flush=True)
    return times


def set_min_killed(page: object, value: int) -> None:
    field = page.get_by_label("Minimum killed")
    field.fill(str(value))
    field.press("Enter")


def change_filters(page: object, counts: dict[int, int], repeat: int, timeout_s: float) -> list[float | None]:
    """Toggle "Minimum killed" between 1 and 0 `repeat` times; seconds until the map drew each new selection."""
    times: list[float | None] = []
    for i in range(repeat):
        value = 1 if i % 2 == 0 else 0
        map_frame(page)
        page.evaluate(REMEMBER_DRAWN)
        started = time.perf_counter()
        set_min_killed(page, value)
        shown = wait(page, NEW_DRAWING_OF, counts[value], timeout_s)
        times.append(None if shown is None else time.perf_counter() - started)
        if shown is None:  # put the page back in a known state before the next change
            page.reload()
    return times


def last_click(page: object) -> object:
    """What the current map says it was clicked last (None before issue 11's engine, or when it was replaced)."""
    try:
        return map_frame(page).evaluate("window.kmLastClick || null")
    except Exception as error:  # the map was being replaced: say so rather than stop the bench
        return f"unknown ({type(error).__name__})"


def summary(times: list[float | None]) -> str:
    done = [t for t in times if t is not None]
    lost = len(times) - len(done)
    if not done:
        return f"all {len(times)} lost"
    text = f"median {statistics.median(done):.2f} s, worst {max(done):.2f} s"
    return text + (f", {lost} of {len(times)} lost" if lost else "")


def measure(n: int, args: argparse.Namespace) -> dict[str, str]:
    url = store_for(n, args.dir, args.app)
    engine = engine_from_url(url)
    counts = {0: count_incidents(engine, Filters()), 1: count_incidents(engine, Filters(min_killed=1))}
    engine.dispose()
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(args.app)}
    env.pop("INCIDENTS_EDITOR_SECRET", None)
    log = args.dir / f"streamlit_{n}.log"
    with streamlit_server("dashboard.py", args.app, env, log) as base, browser() as chromium:
        page = chromium.new_page(viewport=VIEWPORT)
        page.set_default_timeout(120_000)
        page.goto(base)
        map_frame(page)
        page.wait_for_timeout(READING_PAUSE_MS)  # a reader looks at the map before choosing
        page.evaluate(REMEMBER_DRAWN)
        started = time.perf_counter()
        set_min_killed(page, 1)
        first = wait(page, NEW_DRAWING_OF, counts[1], args.timeout)
        first_text = "lost" if first is None else f"{time.perf_counter() - started:.2f} s"
        page.goto(base)
        filters = change_filters(page, counts, args.repeat, args.timeout)
        page.goto(base + (CLICK_VIEW_LARGE if n > CELLS_ABOVE else ""))
        clicks = click_incidents(page, args.repeat, args.timeout)
        page.close()
    return {"first filter change on a plain link": first_text, "filter→shown": summary(filters),
            "click→shown": summary(clicks)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--repeat", type=int, default=6, help="clicks and filter changes timed per size")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds after which an action counts as lost")
    parser.add_argument("--app", type=Path, default=ROOT, help="the checkout whose dashboard.py is run")
    parser.add_argument("--dir", type=Path, default=OUT, help="where the synthetic stores and logs go")
    args = parser.parse_args(argv)
    args.app = args.app.resolve()
    print(f"app: {args.app}")
    for n in args.sizes:
        print(f"{n:,} synthetic incidents", flush=True)
        for name, value in measure(n, args).items():
            print(f"  {name:<40} {value}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
