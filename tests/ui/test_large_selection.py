"""Selections too big to read row by row: the map draws database counts, the table its first rows, the
downloads wait to be asked for. The thresholds are lowered here so the six fixture incidents count as many."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from incidents.store.query import SelectionSummary
from tests.ui.conftest import run_page
from ui.page import count_line, table_note
from webmap.aggregate import AggregatedIncidents


@pytest.fixture
def drawn(monkeypatch) -> list:
    """What the map page hands webmap's drawing, recorded (and not cached: every run draws)."""
    import ui.data

    seen: list = []
    real = ui.data.draw_incidents

    def recording(selection, **kwargs):
        seen.append(selection)
        return real(selection, **kwargs)

    monkeypatch.setattr(ui.data, "draw_incidents", recording)
    ui.data._drawn.clear()
    return seen


@pytest.mark.parametrize(("points_max", "kind"), [(2, AggregatedIncidents), (40_000, pd.DataFrame)])
def test_the_map_reads_counts_above_points_max(store_url, monkeypatch, drawn, points_max, kind):
    import webmap.build

    monkeypatch.setattr(webmap.build, "POINTS_MAX", points_max)
    app = run_page("dashboard.py", {"zoom": "9"} if points_max == 2 else {})
    assert not app.exception
    assert "6 incidents · 4 outlets · 2016-04-02 → 2022-08-03" in [m.value.strip("*") for m in app.markdown]
    assert isinstance(drawn[-1], kind)
    if kind is AggregatedIncidents:
        assert drawn[-1].count == 6 and drawn[-1].zoom == 12  # counted three zooms finer than the map's


def test_the_table_shows_its_first_rows_and_says_so(store_url, monkeypatch):
    import ui.data

    monkeypatch.setattr(ui.data, "TABLE_ROWS", 2)
    app = run_page("pages/3_Data.py")
    assert not app.exception
    assert len(app.dataframe[0].value) == 2
    assert any("Showing 2 of 6 incidents" in i.value for i in app.info)
    app = app.button(key="prepare_downloads").click().run()
    assert [b.proto.label for b in app.get("download_button")][:4] == ["CSV", "GeoJSON", "GeoPackage", "KML"]


def test_prepared_files_are_forgotten_when_the_filters_change(store_url):
    app = run_page("pages/3_Data.py")
    app = app.button(key="prepare_downloads").click().run()
    assert len(app.get("download_button")) == 5
    app.query_params["side"] = "Russia"
    app = app.run()
    assert len(app.get("download_button")) == 1  # the snapshot only, until asked again


SUMMARY = SelectionSummary(count=734_112, synthetic=0, outlets=("A", "B"), sides=(), types=(),
                           first=dt.date(2016, 1, 1), last=dt.date(2023, 12, 31))


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        (SUMMARY, "734,112 incidents · 2 outlets · 2016-01-01 → 2023-12-31"),
        (SelectionSummary(1, 0, ("A",), (), (), None, None), "1 incident · 1 outlet"),
        (SelectionSummary(0, 0, (), (), (), None, None), "0 incidents · 0 outlets"),
    ],
)
def test_count_line_of_a_database_summary(summary, expected):
    assert count_line(summary) == expected


@pytest.mark.parametrize(
    ("shown", "total", "expected"),
    [
        (6, 6, None),
        (0, 0, None),
        (1_000, 734_112, "Showing 1,000 of 734,112 incidents"),
    ],
)
def test_table_note(shown, total, expected):
    note = table_note(shown, total)
    assert note == expected if expected is None else note.startswith(expected)
