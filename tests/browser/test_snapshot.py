"""The static snapshot in headless Chromium with the network off: markers drawn, claims shown, nothing runs.

The snapshot is made from a store holding hostile articles (tests/hostile/stores.py),
written to a temporary folder and opened from file://. The browser context is
offline and every request that is not for that file is aborted and recorded:
the page must not even try. Every incident's popup is opened, so each hostile
string is put into the DOM; a dialog, a page error or window.__pwned being set
means injected script ran.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from incidents.snapshot import snapshot_html
from incidents.store.query import Filters, query_incidents
from tests.browser.support import ARTIFACTS
from tests.hostile.stores import NOW, PWNED_FLAG, build_hostile_store

pytestmark = pytest.mark.browser

# How long Playwright waits for the map to draw (a few hundred kB of inline script).
UI_TIMEOUT_MS = 15_000


@dataclass
class Visit:
    """What one page did: requests it attempted, dialogs it opened, errors it threw."""

    page: object
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def snapshot_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The hostile store's snapshot on disk, and how many incidents it holds."""
    folder = tmp_path_factory.mktemp("snapshot")
    engine = build_hostile_store(folder / "store.db")
    count = len(query_incidents(engine, Filters()))
    path = folder / "map.html"
    path.write_text(snapshot_html(engine, Filters(), generated=NOW), encoding="utf-8")
    engine.dispose()
    return path, count


@pytest.fixture
def visit(browser: object) -> Iterator[Visit]:
    """A fresh offline context whose every non-file request is recorded and aborted."""
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    context.set_offline(True)
    page = context.new_page()
    seen = Visit(page)

    def guard(route: object) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            seen.requests.append(url)
            route.abort()

    context.route("**/*", guard)
    page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.set_default_timeout(UI_TIMEOUT_MS)
    yield seen
    context.close()


def open_map(visit: Visit, url: str) -> object:
    page = visit.page
    page.goto(url)
    page.wait_for_function("window.kmIncidentsDrawn !== undefined")
    return page


def assert_nothing_ran(visit: Visit) -> None:
    assert visit.dialogs == [], f"a dialog opened: injected script ran ({visit.dialogs})"
    assert visit.page.evaluate(f"window.{PWNED_FLAG}") is None, "an injected payload ran"
    assert visit.requests == [], f"the snapshot tried the network: {visit.requests[:5]}"
    assert visit.errors == [], f"script errors: {visit.errors[:3]}"


def test_snapshot_opens_offline_and_shows_the_markers(snapshot_file: tuple[Path, int], visit: Visit) -> None:
    path, count = snapshot_file
    page = open_map(visit, path.as_uri())
    drawn = page.evaluate("window.kmIncidentsDrawn")
    assert drawn["incidents"] == count >= 3
    assert page.locator(".km-symbol").count() >= 2, "point incidents are drawn as symbols"
    assert "static snapshot" in page.locator(".km-snap-head").inner_text()
    assert "generated 2026-01-02 03:04 UTC" in page.locator(".km-snap-head").inner_text()
    assert "Source: Karabakh incident map" in page.locator(".km-snap-cite").inner_text()
    assert page.locator(".leaflet-control-layers").count() == 1, "reference layers can be switched"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "snapshot.png"))
    assert_nothing_ran(visit)


def test_every_popup_shows_hostile_text_as_text(snapshot_file: tuple[Path, int], visit: Visit) -> None:
    path, _ = snapshot_file
    page = open_map(visit, path.as_uri())
    ids = page.evaluate("Object.keys(window.kmSnapshotDetails || {})") or []
    shown = []
    for incident_id in ids:
        assert page.evaluate("id => window.kmShowIncident(id)", incident_id)
        popup = page.locator(".leaflet-popup-content .km-detail")
        popup.wait_for()
        shown.append(popup.inner_text())
    text = "\n".join(shown)
    assert "<script>window.__pwned=1;alert(1)</script>" in text, "the payload is shown as literal text"
    assert "[click](javascript:alert(1)) **bold**" in text, "Markdown is not interpreted"
    assert page.locator(".leaflet-popup-content a[href^='javascript']").count() == 0
    assert_nothing_ran(visit)


def test_clicking_a_marker_opens_its_claims(snapshot_file: tuple[Path, int], visit: Visit) -> None:
    path, _ = snapshot_file
    page = open_map(visit, path.as_uri())
    symbols = page.locator(".km-symbol")
    for i in range(symbols.count()):
        symbols.nth(i).dispatch_event("click")
        page.locator(".leaflet-popup-content .km-detail").wait_for()
    assert page.locator(".leaflet-popup-content li").count() >= 1
    assert_nothing_ran(visit)


def test_hash_link_opens_one_incident(snapshot_file: tuple[Path, int], visit: Visit) -> None:
    path, _ = snapshot_file
    page = open_map(visit, path.as_uri())
    first = page.evaluate("Object.keys(window.kmSnapshotDetails)[0]")
    page.goto(path.as_uri() + f"#incident={first}")
    page.reload()
    page.wait_for_function("window.kmIncidentsDrawn !== undefined")
    page.locator(".leaflet-popup-content .km-detail").wait_for()
    assert_nothing_ran(visit)


def test_snapshot_can_be_embedded_in_an_iframe(snapshot_file: tuple[Path, int], visit: Visit, tmp_path: Path) -> None:
    path, count = snapshot_file
    host = tmp_path / "story.html"
    host.write_text(f'<!doctype html><title>A story</title><p>Our map:</p><iframe src="{path.as_uri()}" '
                    'width="900" height="600" sandbox="allow-scripts allow-popups"></iframe>', encoding="utf-8")
    page = visit.page
    page.goto(host.as_uri())
    frame = page.frame_locator("iframe")
    frame.locator(".km-symbol").first.wait_for()
    assert frame.locator(".km-snap-head").count() == 1
    assert visit.dialogs == [] and visit.requests == []
