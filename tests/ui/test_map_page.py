"""The map page as a reader meets it: what it is and covers, an empty selection, place search, the incident
list, the detail panel of a merged incident, and layer links that cannot blank the map."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from incidents.model import Article, Claim
from tests.store.common import article, incident
from tests.ui.conftest import run_page, shown_places
from tests.ui.fixture_store import ALL_PLACES

PAGE = "dashboard.py"


def markdown(app) -> str:
    return "\n".join(m.value for m in app.markdown)


def test_the_page_says_what_it_is_and_what_it_covers(store_url):
    app = run_page(PAGE)
    assert not app.exception
    assert app.title[0].value == "Karabakh incident map"
    assert "who claims it and who denies it" in markdown(app)
    captions = [c.value for c in app.caption]
    assert "Covers 2016-04-02 → 2022-08-03 · 4 outlets · 4 articles · 6 incidents" in captions


def test_no_match_says_so_and_clears(store_url):
    app = run_page(PAGE, {"min_killed": "5000", "side": "Russia", "layers": "countries", "review": "reviewed"})
    assert not app.exception
    assert any("No incidents match" in w.value for w in app.warning)
    app.button(key="clear_filters").click().run()
    assert not app.exception
    assert "6 incidents · 4 outlets · 2016-04-02 → 2022-08-03" in [m.value.strip("*") for m in app.markdown]
    assert "min_killed" not in app.query_params and "side" not in app.query_params
    assert "review" not in app.query_params, "the review filter goes back to the deployment's REVIEW_POLICY"
    assert app.query_params["layers"] == "countries", "clearing the filters keeps the layers"


@pytest.mark.parametrize(("q", "places"), [
    ("Lachin", {"Lachin district"}),  # the town is searched, and the district of the same name
    ("Laçın", {"Lachin district"}),
    ("Lachin District", {"Lachin district"}),
    ("Stepanakert", {"Stepanakert (Khankendi)"}),
])
def test_place_search_finds_towns_and_districts_alike(store_url, q, places):
    app = run_page("pages/3_Data.py", {"q": q})
    assert shown_places(app) == places
    assert any("Place:" in c.value.replace("\\", "") for c in app.sidebar.caption)


def test_a_search_moves_the_map_to_what_it_found(store_url):
    from ui.mapstate import K_MOVE

    app = run_page(PAGE, {"q": "Lachin"})
    move = app.session_state[K_MOVE]
    (south, west), (north, east) = move.bounds
    assert south < 39.64 < north and west < 46.55 < east  # the fixture's Lachin district incident is inside


def test_a_link_with_unknown_layers_keeps_the_default_ones(store_url):
    app = run_page(PAGE, {"layers": "foo"})
    assert not app.exception
    layers = app.sidebar.multiselect(key="f_layers")
    assert len(layers.value) == len(layers.options) > 0
    assert any("layers" in w.value for w in app.warning)
    app = run_page(PAGE, {"layers": "foo,countries"})
    assert app.sidebar.multiselect(key="f_layers").value == ["countries"]


def list_rows(app) -> list:
    return [b for b in app.button if (b.key or "").startswith(("list_row_", "list_selected_"))]


def row_labels(app) -> list[str]:
    """The rows as a reader reads them (labels are escaped Markdown)."""
    return [b.label.replace("\\", "") for b in list_rows(app)]


def test_the_list_is_newest_first_and_follows_the_filters(store_url):
    app = run_page(PAGE)
    labels = row_labels(app)
    assert len(labels) == 6
    assert [label[:10] for label in labels] == sorted((label[:10] for label in labels), reverse=True)
    assert labels[0].startswith("2022-08-03 · Lachin district · drone strike · Russian Defence Ministry")
    app = run_page(PAGE, {"side": "Azerbaijan"})
    assert len(list_rows(app)) == 3


def test_the_list_pages_and_a_row_selects(store_url, monkeypatch):
    import ui.data

    monkeypatch.setattr(ui.data, "FEED_PAGE_ROWS", 2)
    app = run_page(PAGE)
    assert len(list_rows(app)) == 2
    assert any("Page 1 of 3" in c.value for c in app.caption)
    app.button(key="list_older").click().run()
    assert any("Page 2 of 3" in c.value for c in app.caption)
    row = list_rows(app)[0]
    incident_id = row.key.removeprefix("list_row_")
    row.click().run()
    assert not app.exception
    assert app.query_params["incident"] == incident_id
    assert [b.key for b in list_rows(app)][0] == f"list_selected_{incident_id}", "the selected row is highlighted"
    assert "Claims and denials, by side" in markdown(app)


def test_a_link_to_an_incident_pages_the_list_to_it(store_url, monkeypatch):
    import ui.data

    monkeypatch.setattr(ui.data, "FEED_PAGE_ROWS", 2)
    oldest = run_page(PAGE, {"start": "2016-04-02", "end": "2016-04-02"})
    tartar = list_rows(oldest)[0].key.removeprefix("list_row_")
    app = run_page(PAGE, {"incident": tartar})
    assert any("Page 3 of 3" in c.value for c in app.caption)
    assert f"list_selected_{tartar}" in [b.key for b in list_rows(app)]


@pytest.fixture
def merged_store(tmp_path, monkeypatch) -> str:
    """Two outlets reporting one shelling of Ganja (merged into one incident); the second quotes no party."""
    from incidents.store.db import engine_from_url
    from incidents.store.ingest import ingest_article

    url = f"sqlite:///{tmp_path / 'merged.db'}"
    engine = engine_from_url(url)
    wire = article("wire.txt", "A wire note of our own about Ganja under fire.", "Test Wire",
                   url="https://wire.example/ganja")
    daily: Article = article("daily.txt", "A daily's note of our own about Ganja under fire.", "Test Daily")
    ingest_article(engine, wire, [incident(wire, claims=[
        Claim("Azerbaijan Defence Ministry", "Azerbaijan", quote="our words on Ganja", killed=9),
        Claim("Armenian Defence Ministry", "Armenia", stance="denies", quote="our words of denial")],
        summary="Ganja shelled at night, as our fixture puts it.")])
    ingest_article(engine, daily, [incident(daily, claims=[])])
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("INCIDENTS_EDITOR_SECRET", raising=False)
    return url


def test_a_merged_incident_shows_every_report(merged_store):
    rows = run_page("pages/3_Data.py").dataframe[0].value
    assert len(rows) == 1 and rows["n_reports"].iloc[0] == 2, "the fixture's two reports are one incident"
    app = run_page(PAGE, {"incident": rows["id"].iloc[0]})
    assert not app.exception
    text = markdown(app).replace("\\", "")  # as a reader reads it: the escapes do not show
    assert "Ganja shelled at night, as our fixture puts it." in text  # the summary
    assert "Reports (2)" in text
    assert "[Test Wire: report](https://wire.example/ganja)" in text
    assert "**Test Daily**, 2020-10-11" in text and "no link to the original recorded" in text
    assert "*Azerbaijan*: **Azerbaijan Defence Ministry** asserts — claims 9 killed" in text
    assert "*Armenia*: **Armenian Defence Ministry** **denies**" in text
    assert "our words on Ganja" in text and "our words of denial" in text
    assert "known to the day" in text and "a town, village or height" in text
    badges = " ".join(c.value for c in app.caption)
    assert ":blue-badge[2 reports merged]" in badges and ":orange-badge[disputed]" in badges


def test_the_navigation_names_the_map_page_map():
    from ui.access import EDITOR_PAGES
    from ui.navigation import PAGES, START_PAGE, page_name, page_title

    titles = [page_title(path) for path in sorted(PAGES.glob("*.py"))]
    assert titles == ["Map", "Timeline", "Sources", "Data", "About", "Review"]
    assert (PAGES / START_PAGE).exists() and page_title(PAGES / START_PAGE) == "Map"
    assert page_title(Path("pages/5_Review_queue.py")) == "Review queue"
    # the review page's link is the one hidden from public sessions (its path ends in /Review)
    assert page_name(PAGES / "5_Review.py") in EDITOR_PAGES


MACHINE_BADGE = ":violet-badge[machine-read, not yet checked]"


def test_machine_read_incidents_carry_the_badge_until_an_editor_checks_them(store_url):
    from incidents.store.db import engine_from_url
    from incidents.store.query import Filters, query_incidents
    from incidents.store.review import accept

    engine = engine_from_url(store_url)
    ids = dict(zip(*(query_incidents(engine, Filters())[c] for c in ("place", "id")), strict=True))
    accept(engine, ids["Hadrut"], by="Alice")
    engine.dispose()

    app = run_page(PAGE, {"incident": ids["Hadrut"]})
    assert not app.exception
    assert not any(MACHINE_BADGE in c.value.replace("\\", "") for c in app.caption)
    assert "**Review:** Checked against its sources by Alice" in markdown(app).replace("\\", "")
    labels = row_labels(app)
    assert len(labels) == 6
    assert [("machine-read" in label) for label in labels].count(False) == 1  # the list badges the other five
    assert next(label for label in labels if "Hadrut" in label).find("machine-read") == -1

    app = run_page(PAGE, {"incident": ids["Tartar"]})
    assert any(MACHINE_BADGE in c.value.replace("\\", "") for c in app.caption)
    assert "**Review:** Machine-read, not yet checked" in markdown(app).replace("\\", "")

    app = run_page(PAGE, {"review": "reviewed"})
    assert app.sidebar.radio(key="f_review").value == "Reviewed only"
    assert [label.split(" · ")[1] for label in row_labels(app)] == ["Hadrut"]
    app.sidebar.radio(key="f_review").set_value("All (machine-read too)").run()
    assert "review" not in app.query_params, "the deployment's policy (all, unset) needs no parameter"
    assert len(row_labels(app)) == 6


def test_timeline_legend_names_the_claimant_side(store_url):
    app = run_page("pages/1_Timeline.py")
    spec = app.get("vega_lite_chart")[0].proto.spec
    assert "Claimed by (main claimant's side)" in spec and "Reported by" not in spec


def test_sources_link_the_originals(store_url):
    app = run_page("pages/2_Sources.py")
    text = markdown(app)
    assert "[Read the original at Outlet One](https://one.example/report)" in text
    assert "](javascript" not in text and "no link to the original recorded" in text  # the hostile article's


def test_dates_before_the_data_stay_in_the_link(store_url):
    app = run_page(PAGE, {"start": "2016-04-01"})
    assert app.query_params["start"] == "2016-04-01"
    assert app.sidebar.slider(key="f_dates").value[0] == dt.date(2016, 4, 1)
    assert {label[:10] for label in row_labels(app)} >= {"2016-04-02"}
    assert shown_places(run_page("pages/3_Data.py", {"start": "2016-04-01"})) == ALL_PLACES



def test_a_link_to_one_incident_brings_it_into_view(store_url):
    from ui.mapstate import K_FOCUS

    rows = run_page("pages/3_Data.py").dataframe[0].value
    hadrut = rows.loc[rows["place"] == "Hadrut", "id"].iloc[0]
    app = run_page(PAGE, {"incident": hadrut})
    focus = app.session_state[K_FOCUS]
    assert (round(focus.lat, 2), round(focus.lon, 2)) == (39.52, 47.03)
    app = run_page(PAGE, {"incident": hadrut, "lat": "40.5", "lon": "45.5", "zoom": "9"})
    assert K_FOCUS not in app.session_state, "a link with its own view keeps that view"
