"""Take the README's screenshots of the running app: the map, a detail panel, the incident list, a phone.

    .venv/bin/python scripts/screenshots.py [--out docs/img] [--database-url URL]

Starts `streamlit run dashboard.py` on a free port against a fresh store (which loads the bundled incidents,
as a new clone does) or the store --database-url names, and drives Debian's chromium with Playwright, as the
browser tests do. The incident shown in detail is the one with the most reports behind it (then the most
claims), so the picture shows what the panel is for. Re-run it after the bundled data changes.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from incidents.store.db import open_store  # noqa: E402
from incidents.store.query import Filters, claims_for, query_incidents  # noqa: E402
from tests.browser.support import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    clickable_incidents,
    map_frame,
    page_point,
    streamlit_server,
)

# A laptop screen, and a phone held upright.
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
# For the detail picture only: the panel shown whole instead of in its scrolling box.
PANEL_WHOLE = (".st-key-km_detail, [data-testid='stLayoutWrapper']:has(> .st-key-km_detail) "
               "{ height: auto !important; max-height: none !important; }")


def showcase(url: str) -> str:
    """The id of the incident with the most reports behind it, then the most claims."""
    engine = open_store({"DATABASE_URL": url})
    frame = query_incidents(engine, Filters())
    claims = claims_for(engine, list(frame["id"])).groupby("incident_id").size()
    frame = frame.assign(claims=frame["id"].map(claims).fillna(0))
    engine.dispose()
    return str(frame.sort_values(["n_reports", "claims", "date"], ascending=False)["id"].iloc[0])


def settle(page: object) -> None:
    """Wait until the app has no run in progress and the map has drawn its layers and incidents (polled)."""
    map_frame(page).wait_for_function("() => { const svg = document.querySelector('.leaflet-overlay-pane svg'); "
                                      "return !!svg && svg.getBoundingClientRect().height > 100; }", polling=100)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", polling=100)


def take(out: Path, url: str, base: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    chosen = showcase(url)
    shots = {name: out / f"{name}.png" for name in ("map", "detail", "list", "phone")}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=DESKTOP)
        page.set_default_timeout(60_000)
        page.goto(base)
        settle(page)
        map_frame(page).locator(".km-legend summary").click()  # the legend open, reference layers and all
        page.screenshot(path=str(shots["map"]))
        page.goto(f"{base}/?incident={chosen}")
        settle(page)
        page.get_by_text("Claims and denials, by side").first.wait_for()
        page.locator(".st-key-km_list").scroll_into_view_if_needed()
        page.locator('[data-testid="stColumn"]').filter(has=page.locator(".st-key-km_list")).last.screenshot(
            path=str(shots["list"]))
        page.add_style_tag(content=PANEL_WHOLE)
        page.locator(".st-key-km_detail").screenshot(path=str(shots["detail"]))
        phone = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
        phone.set_default_timeout(60_000)
        phone.goto(base)
        settle(phone)
        phone.locator('iframe[title="streamlit_folium.st_folium"]').last.scroll_into_view_if_needed()
        target = clickable_incidents(map_frame(phone))[0]
        phone.touchscreen.tap(*page_point(phone, target["x"], target["y"]))
        phone.wait_for_url(f"**incident={target['id']}**")
        phone.locator(".st-key-km_detail h3").first.wait_for()
        settle(phone)
        phone.screenshot(path=str(shots["phone"]))
        browser.close()
    return list(shots.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img", help="where the PNG files go")
    parser.add_argument("--database-url", help="the store to show (default: a fresh one with the bundled data)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} missing (scripts/system-packages installs it)")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'screenshots.db'}"
        open_store({"DATABASE_URL": url}).dispose()  # a fresh store loads the bundled incidents now
        env = {**os.environ, "DATABASE_URL": url}
        env.pop("INCIDENTS_EDITOR_SECRET", None)
        with streamlit_server("dashboard.py", ROOT, env, Path(tmp) / "streamlit.log") as base:
            for path in take(args.out, url, base):
                print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
