"""The map's two parts: the static one never changes with the data or the reader, so the dashboard's map keeps
its identity; the changing one carries the incidents, selection, layers, base map and legend."""
from __future__ import annotations

import doctest
import json

import pytest
import streamlit_folium

import webmap.basemaps
import webmap.build
import webmap.selection
from incidents.synth import synthetic_frame
from tests.webmap.frames import frame, row
from webmap.basemaps import BASE_MAPS, base_map_choices
from webmap.build import MapFocus, MapMove, MapState, base_map, draw_incidents, map_payload
from webmap.legend import legend_html


def widget_key(m) -> str:
    """What streamlit-folium keys the map's widget on (its script, ids normalised)."""
    m.get_root().render()
    return streamlit_folium.generate_js_hash(streamlit_folium._get_map_string(m), "incident_map", False)


def test_the_static_part_is_the_same_whatever_the_data_and_the_reader() -> None:
    assert widget_key(base_map(assets="served")) == widget_key(base_map(assets="served"))
    assert widget_key(base_map(assets="served")) != widget_key(base_map(bases=("osm", "outline"), assets="served"))


@pytest.mark.parametrize("state", [
    MapState(),
    MapState(selected="x2", layers=("countries",), base="outline", move=MapMove(3, 40.0, 46.0, 9),
             focus=MapFocus(4, 40.1, 46.2)),
])
def test_the_changing_part_carries_the_state(state: MapState) -> None:
    payload = map_payload(draw_incidents(frame(row(id="x1"), row(id="x2", lat=40.5))), state)
    assert payload["selected"] == (state.selected or "")
    shown = payload["state"]["layers"]
    assert shown == (list(state.layers) if state.layers is not None else shown) and "countries" in shown
    assert payload["state"]["move"] == (None if state.move is None else {"token": 3, "lat": 40.0, "lon": 46.0,
                                                                         "zoom": 9, "bounds": None})
    assert "Legend" in payload["state"]["legend"]
    json.dumps(payload)  # the browser gets it as JSON


def test_an_unknown_layer_is_named() -> None:
    with pytest.raises(KeyError, match="no-such-layer"):
        map_payload(draw_incidents(frame(row())), MapState(layers=("no-such-layer",)))


def test_the_drawing_is_made_once_for_any_selection() -> None:
    drawn = draw_incidents(synthetic_frame(300, seed=3))
    first, second = (map_payload(drawn, MapState(selected=s)) for s in ("syn-3-0000001", "syn-3-0000002"))
    assert first["points"] is second["points"], "selecting another incident reuses the drawing"


def test_tile_base_maps_are_offered_with_their_attribution() -> None:
    html = base_map(bases=("terrain", "osm", "outline"), assets="served").get_root().render()
    assert "tile.opentopomap.org" in html and "OpenTopoMap" in html and "OpenStreetMap" in html
    assert html.count(".km.registerBase(") == 3
    offline = base_map(assets="served").get_root().render()
    assert "tile." not in offline and ".km.registerBase(" not in offline, "the default needs no tile server"


def test_base_map_choices() -> None:
    assert base_map_choices([]) == ("outline",)
    assert base_map_choices(["osm"]) == ("osm", "outline")
    assert base_map_choices(["outline", "terrain"]) == ("outline", "terrain")
    with pytest.raises(ValueError, match="satellite"):
        base_map_choices(["satellite"])
    assert set(BASE_MAPS) == {"outline", "osm", "terrain"}


def test_reference_layers_in_the_legend_name_their_sources() -> None:
    from geo.layers import list_layers
    from webmap.reference_layers import LAYER_STYLES

    layers = [layer for layer in list_layers() if layer.id in ("countries", "line-of-contact-1994-2020")]
    html = legend_html(["Armenia"], ["shelling"], "markers", layers=layers, layer_styles=LAYER_STYLES)
    assert "Reference layers" in html and "Natural Earth" in html and "1994–2020" in html
    assert legend_html(["Armenia"], ["shelling"], "markers").count("Reference layers") == 0


def test_doc_examples_run() -> None:
    for module in (webmap.basemaps, webmap.build, webmap.selection):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__
