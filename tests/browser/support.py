"""What every real-browser test needs: Debian's chromium, a free port, a streamlit
server that is polled until it answers (never slept on).

Without chromium these tests skip, or fail under CI (tests.prerequisites.require).
"""
from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from tests.prerequisites import require

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
# As root in a closed network: no sandbox, and no background calls home that the network refuses.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# How long a server may take to answer its health check (first start imports pandas, folium...).
STARTUP_TIMEOUT_S = 90
# How long one poll waits on the server process before asking again (a wait on the process, not a sleep).
POLL_INTERVAL_S = 0.25


def launch_chromium() -> Iterator[object]:
    """A headless chromium driven by Playwright, for a module-scoped fixture to yield from."""
    require(CHROMIUM.exists(), f"{CHROMIUM} missing (scripts/system-packages installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return answer.read().strip() == b"ok"
    except OSError:
        return False


@contextlib.contextmanager
def streamlit_server(script: str, cwd: Path, env: Mapping[str, str], log: Path) -> Iterator[str]:
    """Run `streamlit run SCRIPT` in CWD on a free port; yield its base URL once /_stcore/health answers.

    Fails with the server's log if it exits or never answers; always stops it.
    """
    port = free_port()
    command = [str(Path(sys.executable).parent / "streamlit"), "run", script, "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=dict(env), stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _answers(f"{base}/_stcore/health"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start ({script}):\n{log.read_text(errors='replace')}")
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=POLL_INTERVAL_S)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


# Runs in the map's iframe with [skip, clearPx, margin]: each incident drawn as one symbol or circle that a click
# at its centre would hit ({id, x, y} in the iframe), leaving out the ids in `skip`, those closer than `clearPx`
# to another (twice that near the selected one, drawn larger) and those within `margin` of the map's edges.
# Shapes and circles of several incidents are left out.
CLICKABLE_INCIDENTS = """([skip, clear, margin]) => {
  const map = window.map;
  if (!map) { return []; }
  const size = map.getSize(), found = [];
  map.eachLayer(layer => {
    const p = layer.feature && layer.feature.properties;
    if (!p || p.kind !== "incident" || !p.id || (p.n && p.n > 1) || !layer.getLatLng) { return; }
    const pt = map.latLngToContainerPoint(layer.getLatLng());
    if (pt.x < margin.left || pt.y < margin.top || pt.x > size.x - margin.right || pt.y > size.y - margin.bottom) { return; }
    // what a click there would hit: this symbol (or the canvas of circles), not something drawn over it
    const hit = document.elementFromPoint(pt.x, pt.y);
    if (!hit || (layer._icon ? !layer._icon.contains(hit) : hit.tagName !== "CANVAS")) { return; }
    found.push({id: p.id, x: pt.x, y: pt.y});
  });
  const chosen = found.find(a => window.kmIncidentsDrawn && a.id === window.kmIncidentsDrawn.selected);
  return found.filter(a => !skip.includes(a.id) &&
    found.every(b => b === a || Math.hypot(a.x - b.x, a.y - b.y) > (b === chosen ? 2 * clear : clear)));
}"""
NO_MARGIN = {"left": 0, "top": 0, "right": 0, "bottom": 0}


def clickable_incidents(frame: object, skip: list[str] | tuple[str, ...] = (), clear_px: float = 0,
                        margin: dict[str, float] = NO_MARGIN) -> list[dict]:
    """The incidents a click in the map iframe `frame` can pick one by one (CLICKABLE_INCIDENTS)."""
    return frame.evaluate(CLICKABLE_INCIDENTS, [list(skip), clear_px, margin])


# Runs in the page: whether the newest map iframe has drawn its incident layer.
MAP_DRAWN = f"""() => {{
  const frames = document.querySelectorAll('{MAP_FRAME}'), frame = frames[frames.length - 1];
  return !!(frame && frame.contentWindow && frame.contentWindow.map && frame.contentWindow.kmIncidentsDrawn);
}}"""


def map_frame(page: object, timeout_ms: float = 60_000) -> object:
    """The newest map iframe's Frame, once its incident layer has drawn (polled)."""
    for _ in range(3):  # a rerun may replace the iframe between the poll and the lookup
        page.wait_for_function(MAP_DRAWN, polling=100, timeout=timeout_ms)
        frame = page.locator(MAP_FRAME).last.element_handle().content_frame()
        if frame is not None:
            return frame
    raise AssertionError("the map iframe kept being replaced")


def page_point(page: object, x: float, y: float) -> tuple[float, float]:
    """A point of the map iframe in page coordinates (what page.mouse and page.touchscreen take)."""
    box = page.locator(MAP_FRAME).last.bounding_box()
    return box["x"] + x, box["y"] + y


def map_point_of(page: object, lat: float, lon: float) -> tuple[float, float]:
    """Where a place is on the map, in page coordinates."""
    point = map_frame(page).evaluate("([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]); "
                                     "return [p.x, p.y]; }", [lat, lon])
    return page_point(page, *point)
