"""The map inside streamlit-folium, in headless Chromium: every level draws from the app's own assets and
a click on an incident comes back to Python as its id (the engine's report, webmap.selection.map_event).

A throwaway app (in a temporary folder whose static/ points at ours) shows build_map of N synthetic
incidents and prints clicked_incident_id of what st_folium returns. The test polls; it never sleeps.
"""
from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.browser.support import CHROMIUM, MAP_FRAME, ROOT, launch_chromium, require, streamlit_server

pytestmark = pytest.mark.browser

# How long the page may take to draw or react (seconds).
UI_TIMEOUT_S = 45

APP = '''
import sys
sys.path.insert(0, {root!r})
import streamlit as st
from streamlit_folium import st_folium
from incidents.synth import synthetic_frame
from webmap.build import build_map
from webmap.selection import map_event

n, zoom = int(st.query_params.get("n", "300")), int(st.query_params.get("zoom", "8"))
returned = st_folium(build_map(synthetic_frame(n, 3), zoom=zoom), key="map", height=600, width=900,
                     returned_objects=[])
event = map_event(returned)
st.write("CLICKED:", event.incident if event else None)
'''

# Click the first incident symbol fully inside the map (events dispatched as a mouse would send them).
CLICK_VISIBLE_SYMBOL = """() => {
  const box = document.getElementById('map_div').getBoundingClientRect();
  for (const el of document.querySelectorAll('.km-symbol')) {
    const r = el.getBoundingClientRect();
    if (r.left > box.left && r.right < box.right && r.top > box.top && r.bottom < box.bottom) {
      for (const type of ['mouseover', 'mousedown', 'mouseup', 'click']) {
        el.dispatchEvent(new MouseEvent(type, {bubbles: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2}));
      }
      return true;
    }
  }
  return false;
}"""


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[str]:
    require(CHROMIUM.exists(), f"{CHROMIUM} missing (scripts/system-packages installs it)")
    require((ROOT / "static" / "vendor" / "leaflet" / "leaflet.js").exists(),
            "static/vendor/ not installed (bash scripts/setup runs python -m webmap.assets install)")
    folder = tmp_path_factory.mktemp("mapapp")
    (folder / "app.py").write_text(APP.format(root=str(ROOT)), encoding="utf-8")
    (folder / "static").symlink_to(ROOT / "static")
    (folder / ".streamlit").mkdir()
    (folder / ".streamlit" / "config.toml").write_text((ROOT / ".streamlit" / "config.toml").read_text())
    with streamlit_server("app.py", folder, os.environ, folder / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    yield from launch_chromium()


def _map_frame(page):
    """The st_folium iframe once its incident layer has drawn (polled)."""
    frame = page.wait_for_selector(MAP_FRAME, timeout=UI_TIMEOUT_S * 1000).content_frame()
    frame.wait_for_function("window.kmIncidentsDrawn", timeout=UI_TIMEOUT_S * 1000, polling=100)
    return frame


@pytest.mark.parametrize(("n", "zoom", "level", "drawn"), [
    (300, 8, "markers", ".km-symbol"),
    (3_000, 8, "points", ".km-cluster"),
    (3_000, 6, "cells", "canvas"),  # the overview zoom aggregates anything above MARKERS_MAX
])
def test_level_draws_from_the_app_alone(app, browser, n: int, zoom: int, level: str, drawn: str) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "about:"))
            else None)
    page.goto(f"{app}/?n={n}&zoom={zoom}")
    frame = _map_frame(page)
    assert frame.evaluate("window.kmIncidentsDrawn.strategy") == level
    assert frame.evaluate(f"document.querySelectorAll({drawn!r}).length") > 0
    assert outside == [], f"loaded from outside the app: {outside[:3]}"
    page.close()


def test_click_on_an_incident_reaches_python_as_its_id(app, browser) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{app}/?n=300")
    frame = _map_frame(page)
    frame.wait_for_function(CLICK_VISIBLE_SYMBOL, timeout=UI_TIMEOUT_S * 1000, polling=200)
    page.get_by_text("CLICKED: syn-3-").wait_for(timeout=UI_TIMEOUT_S * 1000)
    page.close()
