"""Machine-read incidents are drawn hollow, with a legend entry, at the levels that draw single incidents."""
from __future__ import annotations

import json

from tests.webmap.frames import AREA, frame, row
from webmap.build import MapState, build_map, draw_incidents, map_payload
from webmap.incident_layer import hollow_count, incident_payload
from webmap.legend import legend_html
from webmap.style import MACHINE_FILL, symbol_svg


def test_points_and_shapes_carry_the_machine_flag():
    rows = frame(row(id="a", review_status="machine"), row(id="b", review_status="reviewed"),
                 row(id="c", location_precision="area", geometry=json.dumps(AREA),
                     review_status="machine"))
    payload = incident_payload(rows, "markers")
    assert dict(zip(payload["points"]["id"], payload["points"]["m"], strict=True)) == {"a": 1, "b": 0}
    assert [a["m"] for a in payload["areas"]] == [1]


def test_reviewed_frames_send_no_flag():
    assert "m" not in incident_payload(frame(row(review_status="reviewed")), "markers")["points"]


def test_hollow_symbol_and_legend_entry():
    assert f'fill="{MACHINE_FILL}"' in symbol_svg("Armenia", "shelling", machine=True)
    assert "machine-read, not yet checked" in legend_html(["Armenia"], ["shelling"], "markers", machine=1)
    assert "machine-read" not in legend_html(["Armenia"], ["shelling"], "markers")


def test_the_map_legend_lists_hollow_symbols_only_when_some_are_drawn():
    machine = build_map(frame(row(review_status="machine")), layers=[]).get_root().render()
    reviewed = build_map(frame(row(review_status="reviewed")), layers=[]).get_root().render()
    assert "hollow: machine-read" in machine and "hollow: machine-read" not in reviewed


def test_the_dashboards_legend_counts_what_is_drawn_hollow():
    rows = frame(row(id="a", review_status="machine"), row(id="b", review_status="reviewed"),
                 row(id="c", location_precision="area", geometry=json.dumps(AREA), review_status="machine"))
    drawn = draw_incidents(rows)
    assert drawn.machine == hollow_count(drawn.payload) == 2
    assert "hollow: machine-read" in map_payload(drawn, MapState(layers=()))["state"]["legend"]
    reviewed = draw_incidents(frame(row(review_status="reviewed")))
    assert reviewed.machine == 0 and "hollow" not in map_payload(reviewed, MapState(layers=()))["state"]["legend"]
