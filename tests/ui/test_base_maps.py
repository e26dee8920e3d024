"""Base maps: the offline outline by default, tile layers where the deployment says it can reach them."""
from __future__ import annotations

import pytest

from tests.ui.conftest import run_page
from ui.layers import BASE_MAPS_SETTING, configured_base_maps


@pytest.mark.parametrize(("secrets", "environ", "expected"), [
    ({}, {}, ("outline",)),
    ({}, {BASE_MAPS_SETTING: "osm"}, ("osm", "outline")),
    ({BASE_MAPS_SETTING: "terrain, osm"}, {BASE_MAPS_SETTING: "osm"}, ("terrain", "osm", "outline")),
    ({}, {BASE_MAPS_SETTING: " "}, ("outline",)),
])
def test_the_setting_lists_the_base_maps(secrets, environ, expected):
    assert configured_base_maps(secrets, environ) == expected


def test_an_unknown_base_map_is_named():
    with pytest.raises(ValueError, match="googlemaps"):
        configured_base_maps({}, {BASE_MAPS_SETTING: "osm,googlemaps"})


def test_without_the_setting_there_is_no_choice(store_url):
    app = run_page("dashboard.py", {"base": "osm"})
    assert not app.exception
    assert not [s for s in app.sidebar.selectbox if s.key == "f_base"]
    assert any("base" in w.value for w in app.warning)


def test_a_deployment_offering_tiles_lets_the_link_choose(store_url, monkeypatch):
    monkeypatch.setenv(BASE_MAPS_SETTING, "osm,terrain")
    app = run_page("dashboard.py")
    base = app.sidebar.selectbox(key="f_base")
    assert base.value == "osm" and base.options == ["OpenStreetMap", "Terrain (OpenTopoMap)", "Outline (offline)"]
    assert "base" not in app.query_params
    app = run_page("dashboard.py", {"base": "terrain"})
    assert app.sidebar.selectbox(key="f_base").value == "terrain" and not app.warning
    app.sidebar.selectbox(key="f_base").set_value("outline").run()
    assert app.query_params["base"] == "outline"


def test_a_wrong_setting_is_named_and_the_outline_shown(store_url, monkeypatch):
    monkeypatch.setenv(BASE_MAPS_SETTING, "googlemaps")
    app = run_page("dashboard.py")
    assert not app.exception
    assert any("googlemaps" in e.value for e in app.sidebar.error)
    assert not [s for s in app.sidebar.selectbox if s.key == "f_base"]
