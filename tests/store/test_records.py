"""Pure helpers of the store, as parameter tables."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from incidents.store.db import normalise_url
from incidents.store.merge import match_reason, types_compatible
from incidents.store.records import date_gap_days, date_span, haversine_km, representative_point, stable_hash
from incidents.store.rollup import rolled_up
from tests.store.common import AREA, GANJA, LINE

D = dt.date


@pytest.mark.parametrize(("geometry", "expected"), [
    (GANJA, (40.6828, 46.3606)),
    ({"type": "LineString", "coordinates": [[46.0, 40.0], [46.0, 41.0]]}, (40.5, 46.0)),
    (AREA, (39.85, 46.75)),
    ({"type": "MultiPoint", "coordinates": [[46.0, 40.0], [47.0, 40.0]]}, (40.0, 46.5)),
])
def test_representative_point(geometry, expected):
    assert representative_point(geometry) == pytest.approx(expected, abs=1e-4)


def test_representative_point_of_a_line_lies_on_it():
    from shapely.geometry import Point, shape

    lat, lon = representative_point(LINE)
    assert shape(LINE).distance(Point(lon, lat)) < 1e-6


@pytest.mark.parametrize(("a", "b", "gap"), [
    ((D(2020, 1, 1), D(2020, 1, 1)), (D(2020, 1, 1), D(2020, 1, 1)), 0),
    ((D(2020, 1, 1), D(2020, 1, 5)), (D(2020, 1, 3), D(2020, 1, 3)), 0),
    ((D(2020, 1, 1), D(2020, 1, 2)), (D(2020, 1, 3), D(2020, 1, 3)), 1),
    ((D(2020, 1, 9), D(2020, 1, 9)), (D(2020, 1, 3), D(2020, 1, 4)), 5),
])
def test_date_gap_days(a, b, gap):
    assert date_gap_days(a, b) == gap == date_gap_days(b, a)


@pytest.mark.parametrize(("date", "end", "expected"), [
    (D(2020, 1, 1), None, (D(2020, 1, 1), 0)),
    (D(2020, 1, 1), D(2020, 1, 31), (D(2020, 1, 31), 30)),
    (None, None, (None, 0)),
])
def test_date_span(date, end, expected):
    assert date_span(date, end) == expected


def test_date_span_backwards_is_an_error():
    with pytest.raises(ValueError, match="before date"):
        date_span(D(2020, 1, 2), D(2020, 1, 1))


@pytest.mark.parametrize(("a", "b", "km"), [
    ((40.0, 46.0), (40.0, 46.0), 0.0),
    ((40.6828, 46.3606), (39.8177, 46.7528), 102.2),  # Ganja to Stepanakert
])
def test_haversine(a, b, km):
    assert haversine_km(*a, *b) == pytest.approx(km, abs=0.5)


@pytest.mark.parametrize(("a", "b", "ok"), [
    ("shelling", "shelling", True), ("shelling", "drone strike", True), ("armed clash", "ceasefire violation", True),
    ("casualty report", "shelling", True), ("threat", "shelling", False), ("ceasefire", "ceasefire violation", False),
    ("armed clash", "shelling", False),
])
def test_types_compatible(a, b, ok):
    assert types_compatible(a, b) == ok == types_compatible(b, a)


def _row(date, lat=40.68, lon=46.36, place_id="p", event_type="shelling", last=None):
    return SimpleNamespace(date=date, date_last=last or date, lat=lat, lon=lon, place_id=place_id, event_type=event_type)


@pytest.mark.parametrize(("a", "b", "expected"), [
    (_row(D(2020, 1, 1)), _row(D(2020, 1, 2)), (0.0, 1, "shelling", True)),
    (_row(D(2020, 1, 1)), _row(D(2020, 1, 1), lat=40.70, place_id="q"), (2.224, 0, "shelling", False)),
    (_row(D(2020, 1, 1)), _row(D(2020, 1, 1), lat=40.80, place_id="q"), None),  # 13 km
    (_row(D(2020, 1, 1)), _row(D(2020, 1, 3)), None),
    (_row(D(2020, 1, 1), last=D(2020, 1, 5)), _row(D(2020, 1, 6), place_id="p"), (0.0, 1, "shelling", True)),
    (_row(D(2020, 1, 1)), _row(D(2020, 1, 1), event_type="threat"), None),
    (_row(None), _row(D(2020, 1, 1)), None),
])
def test_match_reason(a, b, expected):
    reason = match_reason(a, b)
    got = None if reason is None else (round(reason.distance_km, 3), reason.date_gap_days, reason.types, reason.same_place)
    assert got == expected


def _claim(origin, position, claimant, side, stance="asserts"):
    return SimpleNamespace(origin_id=origin, position=position, claimant=claimant, side=side, stance=stance)


@pytest.mark.parametrize(("claims", "expected"), [
    ([], {"claimant": "", "claimants": "", "disputed": False}),
    ([_claim("other", 0, "B", "Armenia"), _claim("own", 1, "A", "Azerbaijan")],
     {"claimant": "A", "claimants": "A; B", "disputed": False}),
    ([_claim("own", 0, "A", "Azerbaijan", "denies"), _claim("other", 0, "B", "Armenia")],
     {"claimant": "B", "claimants": "A; B", "disputed": True}),
])
def test_rolled_up(claims, expected):
    values = rolled_up("own", claims, ["X", "Y", "X"], 2)
    assert {k: values[k] for k in expected} == expected
    assert (values["outlets"], values["merged"]) == ("X; Y", True)


@pytest.mark.parametrize(("url", "expected"), [
    ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:///x.db", "sqlite:///x.db"),
])
def test_normalise_url(url, expected):
    assert normalise_url(url) == expected


def test_default_url_is_the_data_file():
    assert normalise_url(None).endswith("data/incidents.db")


def test_unsupported_database_is_refused():
    from incidents.store.db import engine_from_url

    with pytest.raises(ValueError, match="unsupported database 'mysql'"):
        engine_from_url("mysql://u@h/db")


def test_stable_hash_depends_on_every_part():
    assert stable_hash("a", D(2020, 1, 1)) == stable_hash("a", D(2020, 1, 1)) != stable_hash("a", D(2020, 1, 2))
