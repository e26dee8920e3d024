"""The real dashboard in headless Chromium: markers drawn, a link narrows them, a click opens the claims.

Starts `streamlit run dashboard.py` on a free port against a temporary store
(the AppTest fixture's six incidents, one of them hostile), polls until it
answers, and drives Debian's /usr/bin/chromium with Playwright. Screenshots go
to tests/artifacts/ (ignored by git). A dialog opening at any point means
injected script ran: the test records and fails on any.
"""
from __future__ import annotations

import pytest

from tests.browser.conftest import UI_TIMEOUT_MS
from tests.browser.support import ARTIFACTS, MAP_FRAME

pytestmark = pytest.mark.browser

# An incident on the map (webmap/incident_layer.js): a symbol for a point, a dashed shape for an area or a line.
INCIDENT_SELECTOR = ".km-symbol, path.km-area, path.km-line"


@pytest.fixture
def server(dashboard) -> str:
    return dashboard


def incidents_on_map(page, url: str, expected: int) -> int:
    """Open `url`, wait until the map has drawn `expected` incidents (polling), and return the count."""
    from playwright.sync_api import expect

    page.goto(url)
    markers = page.frame_locator(MAP_FRAME).locator(INCIDENT_SELECTOR)
    expect(markers).to_have_count(expected, timeout=UI_TIMEOUT_MS)
    return markers.count()


def test_map_draws_filters_and_opens_details(server, page):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    everything = incidents_on_map(page, server, 6)
    page.screenshot(path=str(ARTIFACTS / "dashboard-all.png"), full_page=True)
    narrower = incidents_on_map(page, f"{server}/?start=2016-04-02&end=2016-04-30", 2)
    page.screenshot(path=str(ARTIFACTS / "dashboard-april-2016.png"), full_page=True)
    assert 0 < narrower < everything

    frame = page.frame_locator(MAP_FRAME)
    frame.locator(INCIDENT_SELECTOR).first.click(force=True)
    expect(page.get_by_text("Claims and denials, by side")).to_be_visible(timeout=UI_TIMEOUT_MS)
    expect(page.get_by_text("Azerbaijani Defence Ministry").first).to_be_visible(timeout=UI_TIMEOUT_MS)
    page.wait_for_url("**incident=**")
    page.screenshot(path=str(ARTIFACTS / "dashboard-detail.png"), full_page=True)
    assert page.dialogs == []


def test_the_map_view_lives_in_the_url(server, page):
    """Panning writes lat/lon/zoom to the address bar without a rerun; that link reopens the view."""
    incidents_on_map(page, f"{server}/?side=Azerbaijan", 3)
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.move(box["x"] + 100, box["y"] + 100)
    page.mouse.down()
    page.mouse.move(box["x"] + 250, box["y"] + 160, steps=5)
    page.mouse.up()
    page.wait_for_function("() => new URLSearchParams(location.search).has('lat')")
    link = page.url
    assert "side=Azerbaijan" in link and "zoom=" in link
    incidents_on_map(page, link, 3)
    shared = page.locator("code").filter(has_text="lat=").first
    shared.wait_for()
    assert "lon=" in shared.inner_text() and "side=Azerbaijan" in shared.inner_text()
    assert page.dialogs == []


def test_hostile_article_runs_nothing(server, page):
    from playwright.sync_api import expect

    page.goto(f"{server}/?start=2020-10-20&end=2020-10-20")
    expect(page.frame_locator(MAP_FRAME).locator(INCIDENT_SELECTOR).first).to_be_visible(timeout=UI_TIMEOUT_MS)
    page.frame_locator(MAP_FRAME).locator(INCIDENT_SELECTOR).first.click(force=True)
    expect(page.get_by_text("Claims and denials, by side")).to_be_visible(timeout=UI_TIMEOUT_MS)
    expect(page.get_by_text("<script>alert('quote')</script>", exact=False).first).to_be_visible(timeout=UI_TIMEOUT_MS)
    page.goto(f"{server}/Sources")
    # visible text only: the outlet tally's table also holds these names, in cells the grid keeps hidden
    hostile = page.get_by_text("<img src=x onerror=alert(1)>", exact=False).filter(visible=True).first
    hostile.click()  # the expander of the hostile article: its title and outlet shown as text
    expect(page.get_by_text("Outlet Three", exact=False).filter(visible=True).first).to_be_visible(
        timeout=UI_TIMEOUT_MS)
    page.screenshot(path=str(ARTIFACTS / "sources-hostile.png"), full_page=True)
    assert page.dialogs == []
