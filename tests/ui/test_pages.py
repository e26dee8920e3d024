"""Every page: URL restores the view, widgets change it (and the URL), bad links only warn."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.ui.conftest import run_page, shown_places
from tests.ui.fixture_store import ALL_PLACES, HOSTILE_OUTLET

# Markup that would render: an unescaped "<" (HTML), an image, or a link to anything but http(s).
UNESCAPED_MARKUP = re.compile(r"(?<!\\)<|(?<!\\)!\[|(?<!\\)\]\((?!https?://)")
PAGES = ["dashboard.py", "pages/1_Timeline.py", "pages/2_Sources.py", "pages/3_Data.py", "pages/4_About.py"]
MALFORMED = {
    "start": "not-a-date", "end": "9999-12-31", "side": "Mars", "type": "<script>", "zoom": "1e9",
    "lat": "nan", "lon": "x", "min_killed": "__import__('os').system('true')", "incident": "../../etc",
    "editor": "1", "layers": "satellite",
}


@pytest.mark.parametrize("page", PAGES)
def test_malformed_params_warn_and_never_crash(store_url, page):
    app = run_page(page, MALFORMED)
    assert not app.exception
    warnings = " ".join(w.value for w in app.warning).replace("\\", "")  # shown escaped
    for name in ("start", "side", "zoom", "min_killed", "incident", "editor", "layers"):
        assert name in warnings, name


@pytest.mark.parametrize("page", PAGES)
def test_a_link_restores_the_filters_on_every_page(store_url, page):
    params = {"start": "2016-04-02", "end": "2016-04-30", "side": "Armenia", "type": "armed clash,shelling",
              "outlet": "Outlet One", "disputed": "true", "q": "Aghdara"}
    app = run_page(page, params)
    assert not app.exception
    sidebar = app.sidebar
    assert sidebar.slider(key="f_dates").value == (dt.date(2016, 4, 2), dt.date(2016, 4, 30))
    assert sidebar.multiselect(key="f_sides").value == ["Armenia"]
    assert sidebar.multiselect(key="f_types").value == ["armed clash", "shelling"]
    assert sidebar.multiselect(key="f_outlets").value == ["Outlet One"]
    assert sidebar.selectbox(key="f_disputed").value == "disputed only"
    assert sidebar.text_input(key="f_q").value == "Aghdara"
    assert not app.warning


@pytest.mark.parametrize(
    ("params", "places", "warned"),
    [
        ({"start": "2016-01-01", "end": "2016-04-02"}, {"Tartar"}, False),  # from before the data: kept
        ({"start": "2016-04-03"}, {"Martakert (Aghdara)", "Ganja", "Stepanakert (Khankendi)", "Lachin district",
                                   "Hadrut"}, False),
        ({"start": "2010-01-01", "end": "2010-12-31"}, set(), True),  # no day in the data: kept, and said so
    ],
)
def test_dates_outside_the_data_are_kept(store_url, params, places, warned):
    """A link's dates stay as given, even outside the data: its meaning must not widen when reports arrive."""
    app = run_page("pages/3_Data.py", params)
    assert shown_places(app) == places
    assert app.query_params["start"] == params["start"]
    assert any("data spans" in w.value for w in app.warning) is warned
    if not places:
        assert any("No incidents match" in w.value for w in app.warning)


def test_widgets_change_the_set_and_the_url(store_url):
    app = run_page("pages/3_Data.py")
    assert shown_places(app) == ALL_PLACES
    app.sidebar.multiselect(key="f_sides").set_value(["Russia"]).run()
    assert shown_places(app) == {"Lachin district"}
    assert app.query_params["side"] == "Russia"
    app.sidebar.multiselect(key="f_sides").set_value([]).run()
    app.sidebar.number_input(key="f_min_killed").set_value(5).run()
    assert shown_places(app) == {"Ganja"}
    assert app.query_params["min_killed"] == "5"
    app.sidebar.number_input(key="f_min_killed").set_value(0).run()
    app.sidebar.slider(key="f_dates").set_value((dt.date(2022, 1, 1), dt.date(2022, 8, 3))).run()
    assert shown_places(app) == {"Lachin district"}
    app.sidebar.selectbox(key="f_disputed").set_value("undisputed only").run()
    assert shown_places(app) == {"Lachin district"}


@pytest.mark.parametrize(
    ("episode", "places"),
    [("Apr 2016", {"Tartar", "Martakert (Aghdara)"}), ("Sep–Nov 2020", {"Ganja", "Stepanakert (Khankendi)", "Hadrut"})],
)
def test_quick_ranges_set_the_dates(store_url, episode, places):
    app = run_page("pages/3_Data.py")
    assert "Sep 2023" not in app.sidebar.selectbox(key="f_episode").options  # no data then: not offered
    app.sidebar.selectbox(key="f_episode").set_value(episode).run()
    assert shown_places(app) == places
    assert app.sidebar.selectbox(key="f_episode").value == "Jump to an episode…"
    app.sidebar.selectbox(key="f_episode").set_value("All dates").run()
    assert shown_places(app) == ALL_PLACES


def test_place_search_takes_any_spelling(store_url):
    app = run_page("pages/3_Data.py", {"q": "Gəncə"})
    assert shown_places(app) == {"Ganja"}
    app = run_page("pages/3_Data.py", {"q": "Nowhereville"})
    assert shown_places(app) == set()


def test_timeline_counts_follow_the_filters(store_url):
    app = run_page("pages/1_Timeline.py", {"start": "2020-10-01", "end": "2020-10-31"})
    assert not app.exception
    assert app.caption[0].value.startswith("3 incidents · 2 outlets · 2020-10-11 → 2020-10-20")
    assert app.get("vega_lite_chart"), app.info


def test_sources_counts_and_escaped_titles(store_url):
    app = run_page("pages/2_Sources.py")
    assert not app.exception
    outlets = app.dataframe[0].value
    assert dict(zip(outlets["outlet"], outlets["incidents"], strict=True))["Outlet One"] == 2
    labels = [e.label for e in app.expander]
    assert not any("<script>" in label for label in labels)
    assert any("\\<script\\>" in label for label in labels)
    assert HOSTILE_OUTLET in set(outlets["outlet"])  # a table cell is text, never HTML


def test_about_lists_layer_provenance(store_url):
    app = run_page("pages/4_About.py")
    assert not app.exception
    layers = app.dataframe[0].value
    assert "line-of-contact-1994-2020" in set(layers["id"])
    assert layers["licence"].str.len().min() > 0


def test_hostile_text_is_never_raw_markup(store_url):
    _assert_inert(run_page("pages/2_Sources.py"))


def _assert_inert(app) -> None:
    """No element renders an article's markup: tags, images and javascript: links appear only escaped."""
    texts = [e.value for e in [*app.markdown, *app.caption, *app.warning, *app.info, *app.subheader]]
    texts += [e.label for e in app.expander]
    for text in texts:
        assert not UNESCAPED_MARKUP.search(text), text
    assert any("javascript" in t for t in texts), "the hostile article should be on the page, escaped"


def test_switching_pages_keeps_the_view(store_url):
    app = run_page("dashboard.py", {"side": "Azerbaijan"})
    app.sidebar.multiselect(key="f_types").set_value(["missile strike"]).run()
    app.query_params.clear()  # a page switch drops the query string
    app.switch_page("pages/3_Data.py").run()
    assert not app.exception
    assert app.sidebar.multiselect(key="f_sides").value == ["Azerbaijan"]
    assert app.sidebar.multiselect(key="f_types").value == ["missile strike"]
    assert shown_places(app) == {"Ganja"}


@pytest.mark.parametrize(
    ("params", "shown", "written"),
    [
        ({}, None, None),
        ({"layers": "countries,line-of-contact-1994-2020"}, ["countries", "line-of-contact-1994-2020"],
         "countries,line-of-contact-1994-2020"),
        ({"layers": "none"}, [], "none"),
    ],
)
def test_layer_toggles_live_in_the_url(store_url, params, shown, written):
    app = run_page("dashboard.py", params)
    assert not app.exception
    layers = app.sidebar.multiselect(key="f_layers")
    if shown is None:
        assert len(layers.value) == len(layers.options)  # the default: every layer
        assert "layers" not in app.query_params
    else:
        assert layers.value == shown
        assert app.query_params["layers"] == written
