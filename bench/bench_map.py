"""Map payload and draw time, ours beside plain folium Markers with popups (issue 7 (a) and (b)).

    .venv/bin/python bench/bench_map.py [--sizes 1000 10000 100000] [--timeout 60]

For each size it builds the map of that many synthetic incidents both ways,
saves each as one self-contained HTML file (assets inlined: the machine is
offline) under bench/out/, loads it in headless chromium (/usr/bin/chromium)
from file:// and polls for a flag the page sets once the incident layer is
drawn. It prints the HTML bytes (also the dashboard's size, where Leaflet is
served by the app instead of inlined), the Python build time, and the time
from navigation to the flag. A plain map that does not finish within
--timeout seconds is reported as such.
"""
from __future__ import annotations

import argparse
import html
import multiprocessing
import sys
import time
from pathlib import Path

import folium
from branca.element import Element

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from incidents.synth import synthetic_frame  # noqa: E402
from webmap.assets import localise  # noqa: E402
from webmap.build import build_map  # noqa: E402

OUT = ROOT / "bench" / "out"
CHROMIUM = "/usr/bin/chromium"
# Set once the plain map's script has run and the browser has painted once after it.
PLAIN_DRAWN_JS = """requestAnimationFrame(function () { window.kmIncidentsDrawn = {strategy: "plain",
  symbols: document.querySelectorAll(".leaflet-marker-icon").length, ms: performance.now()}; });"""


def plain_map(frame) -> folium.Map:  # frame: a DataFrame
    """The usual streamlit-folium approach: one folium Marker with a popup per incident."""
    m = folium.Map(location=[39.95, 46.25], zoom_start=8, tiles=None)
    for row in frame.itertuples(index=False):
        popup = f"{row.date} · {html.escape(str(row.place))} · {html.escape(str(row.event_type))}"
        folium.Marker([row.lat, row.lon], popup=popup, tooltip=html.escape(str(row.place))).add_to(m)
    m.get_root().script.add_child(Element(PLAIN_DRAWN_JS))
    return m


def _write_plain(n: int, path: str) -> None:
    page = localise(plain_map(synthetic_frame(n, seed=1)), "inline").get_root().render()
    Path(path).write_text(page, encoding="utf-8")


def build_plain(n: int, path: Path, budget_s: float) -> float | None:
    """Build the plain map in a child process; its seconds, or None when it took longer than budget_s."""
    started = time.perf_counter()
    child = multiprocessing.Process(target=_write_plain, args=(n, str(path)))
    child.start()
    child.join(budget_s)
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    return time.perf_counter() - started if child.exitcode == 0 else None


def draw_time(page, path: Path, timeout_s: float) -> tuple[float | None, dict | None]:
    """Seconds from navigation to the drawn flag (None: not within timeout_s), and the flag itself."""
    page.set_default_navigation_timeout(timeout_s * 1000)
    started = time.perf_counter()
    try:
        page.goto(path.as_uri(), wait_until="commit")
        page.wait_for_function("window.kmIncidentsDrawn", timeout=timeout_s * 1000, polling=50)
    except Exception:  # a timeout or a crashed tab: reported as "did not finish"
        return None, None
    return time.perf_counter() - started, page.evaluate("window.kmIncidentsDrawn")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 40_000, 100_000])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for a map to draw")
    parser.add_argument("--build-budget", type=float, default=120.0,
                        help="seconds the plain map may take to build before it is reported as not finished")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for n in args.sizes:
            frame = synthetic_frame(n, seed=1)
            served = len(build_map(frame).get_root().render().encode("utf-8"))
            for name in ("ours", "plain Markers"):
                path = OUT / f"map_{name.split()[0]}_{n}.html"
                if name == "ours":
                    started = time.perf_counter()
                    path.write_text(build_map(frame, assets="inline").get_root().render(), encoding="utf-8")
                    build_s: float | None = time.perf_counter() - started
                else:
                    build_s = build_plain(n, path, args.build_budget)
                if build_s is None:
                    rows.append((n, name, "-", None, None, None, None))
                    print_row(rows[-1], args)
                    continue
                tab = browser.new_page(viewport={"width": 1200, "height": 800})
                seconds, flag = draw_time(tab, path, args.timeout)
                tab.close()
                rows.append((n, name, (flag or {}).get("strategy", "-"), path.stat().st_size,
                             served if name == "ours" else None, build_s, seconds))
                print_row(rows[-1], args)
        browser.close()
    return 0


def print_row(row: tuple, args: argparse.Namespace) -> None:
    n, name, strategy, size, served, build_s, seconds = row
    if not hasattr(print_row, "header"):
        print(f"{'incidents':>9}  {'map':<13} {'level':<8} {'HTML (inline)':>13} {'HTML (served)':>13} "
              f"{'build s':>8} {'drawn s':>9}")
        print_row.header = True  # type: ignore[attr-defined]
    if build_s is None:
        print(f"{n:>9,}  {name:<13} did not finish building within {args.build_budget:.0f} s", flush=True)
        return
    drawn = f"{seconds:9.2f}" if seconds is not None else f"{'>' + str(int(args.timeout)) + ' (no)':>9}"
    served_text = f"{served / 1e6:11.2f}MB" if served else f"{'-':>13}"
    print(f"{n:>9,}  {name:<13} {strategy:<8} {size / 1e6:11.2f}MB {served_text} {build_s:8.2f} {drawn}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
