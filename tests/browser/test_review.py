"""The review workflow in headless Chromium, keyboard shortcuts included.

Two servers share one temporary store: an editor's (REVIEW_POLICY unset: machine-read incidents shown
hollow) and a public one under REVIEW_POLICY=reviewed. A named editor signs in, pastes our own bulletin,
accepts one incident with the A key, corrects and accepts another, rejects a third with a typed reason
(the X key), adds a missed one from a sentence and moves on with N; the public server then draws exactly the reviewed
incidents, and the corrected one's panel names the editor.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest

from incidents.editors import hash_secret
from incidents.store.db import engine_from_url
from incidents.store.query import Filters, query_incidents
from incidents.store.status import STATUSES
from tests.browser import support
from tests.browser.conftest import UI_TIMEOUT_MS, new_page
from tests.browser.test_dashboard import INCIDENT_SELECTOR
from tests.ui.test_review_page import ARTICLE, EDITOR, SECRET

pytestmark = pytest.mark.browser

# Typing a correction is tried this many times, waiting this long each time for the page to offer to save it:
# a rerun still drawing the incident when the value was typed draws the field again with the stored value.
CORRECTION_TRIES = 3
CORRECTION_WAIT_MS = 15_000


@pytest.fixture(scope="module")
def servers(tmp_path_factory) -> Iterator[tuple[str, str, str]]:
    """(editor server URL, public REVIEW_POLICY=reviewed server URL, store URL)."""
    support.require(support.CHROMIUM.exists(), f"{support.CHROMIUM} missing (scripts/system-packages installs it)")
    tmp = tmp_path_factory.mktemp("review")
    store = f"sqlite:///{tmp / 'review.db'}"
    env = {**os.environ, "DATABASE_URL": store, "INCIDENTS_EDITORS": f"{EDITOR}={hash_secret(SECRET)}",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(support.ROOT), os.environ.get("PYTHONPATH")]))}
    for name in ("INCIDENTS_EDITOR_SECRET", "REVIEW_POLICY"):
        env.pop(name, None)
    with support.streamlit_server("dashboard.py", support.ROOT, env, tmp / "editor.log") as editor, \
            support.streamlit_server("dashboard.py", support.ROOT, {**env, "REVIEW_POLICY": "reviewed"}, tmp / "public.log") as public:
        yield editor, public, store


@pytest.fixture
def page(browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=UI_TIMEOUT_MS)
    page = new_page(browser, viewport={"width": 1500, "height": 1100})
    yield page
    page.context.close()


def _review_link(page):
    return page.locator('[data-testid="stSidebarNav"] a[href$="/Review"]')


def _sign_in(page, base: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base}/Data")
    expect(_review_link(page)).to_be_hidden()  # a public session is not offered the review page
    page.get_by_text("Editor sign-in").click()
    page.get_by_label("Your name").fill(EDITOR)
    page.get_by_label("Secret").fill(SECRET)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as editor: {EDITOR}")).to_be_visible()
    expect(_review_link(page)).to_be_visible()


def _select(page, container, label: str, value: str) -> None:
    container.get_by_role("combobox", name=label, exact=True).click()
    page.keyboard.type(value)
    page.keyboard.press("Enter")


def _correct(page, label: str, value: str):
    """Type a correction into the first field named `label` until the page offers to save it; returns the
    "Save and accept" button (its click fails as usual when the page never offers it)."""
    from playwright.sync_api import expect

    save = page.get_by_role("button", name=re.compile(r"^Save and accept"))
    for _ in range(CORRECTION_TRIES):
        field = page.get_by_label(label).first
        field.fill(value)
        field.press("Tab")
        try:
            expect(save).to_be_visible(timeout=CORRECTION_WAIT_MS)
            break
        except AssertionError:
            continue
    return save


def test_review_in_the_browser(servers, page):
    from playwright.sync_api import expect

    editor, public, store = servers
    support.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _sign_in(page, editor)
    page.get_by_role("tab", name="Paste text").click()
    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_role("button", name="Ingest text").click()
    expect(page.get_by_text("new: ", exact=False).first).to_be_visible()

    page.locator('[data-testid="stSidebarNav"] a').first.click()  # the map, in the same (signed-in) session
    expect(page.frame_locator(support.MAP_FRAME).locator(".km-machine").first).to_be_visible()  # machine-read: hollow

    _review_link(page).click()
    accept = page.get_by_role("button", name=re.compile(r"^Accept"))  # its name ends with the shortcut, A
    expect(accept).to_be_visible()
    page.screenshot(path=str(support.ARTIFACTS / "review-queue.png"), full_page=True)
    first = page.url.split("incident=")[1]
    page.keyboard.press("a")  # the shortcut, not a click
    expect(page.get_by_text("Accepted:", exact=False)).to_be_visible()
    page.wait_for_url(lambda url: first not in url)  # the next incident's id reaches the URL later in the run
    second = page.url.split("incident=")[1]
    _correct(page, "Killed (-1: not stated)", "7").click()
    expect(page.get_by_text("Accepted:", exact=False)).to_be_visible()

    page.wait_for_url(lambda url: second not in url)
    third = page.url.split("incident=")[1]
    reason = page.get_by_label("…or in your own words")
    reason.fill("misread: the fixture reports no such event")
    reason.press("Tab")  # out of the text box: keys are shortcuts again
    page.keyboard.press("x")
    expect(page.get_by_text("Rejected: misread", exact=False)).to_be_visible()

    page.get_by_text("Add an incident the machine missed").click()
    form = page.locator('[data-testid="stForm"]').filter(has_text="Add this incident")
    form.get_by_role("combobox", name="Sentence(s) that tell it").click()
    page.keyboard.type("Sarıbaba")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    form.get_by_label("Place (any spelling)").fill("Saribaba")
    form.get_by_label("Date", exact=True).click()
    page.keyboard.type("20201015")
    _select(page, form, "Type", "shelling")
    form.get_by_label("Claimant (who says so)").fill("Officials in Baku")
    _select(page, form, "Claimant's side", "Azerbaijan")
    form.get_by_role("button", name="Add this incident (reviewed)").click()
    expect(page.get_by_text("Added the missed incident")).to_be_visible()
    page.screenshot(path=str(support.ARTIFACTS / "review-after.png"), full_page=True)
    shown = page.url.split("incident=")[1]
    page.keyboard.press("n")  # next, without a verdict
    page.wait_for_url(lambda url: shown not in url)

    engine = engine_from_url(store)
    every = query_incidents(engine, Filters(statuses=STATUSES)).set_index("id")
    assert (every.loc[first, "review_status"], every.loc[second, "review_status"], every.loc[second, "killed"],
            every.loc[third, "review_status"]) == ("reviewed", "reviewed", 7, "rejected")
    reviewed = query_incidents(engine, Filters(statuses=("reviewed",)))
    engine.dispose()

    page.goto(public)
    expect(page.get_by_text(f"{len(reviewed)} incidents ·", exact=False)).to_be_visible()
    expect(page.frame_locator(support.MAP_FRAME).locator(INCIDENT_SELECTOR).first).to_be_visible()
    expect(page.frame_locator(support.MAP_FRAME).locator(".km-machine")).to_have_count(0)  # nothing machine-read drawn
    page.goto(f"{public}/?incident={second}")
    expect(page.get_by_text(f"Checked against its sources by {EDITOR}", exact=False)).to_be_visible()
    page.screenshot(path=str(support.ARTIFACTS / "review-public.png"), full_page=True)
    assert page.dialogs == []
