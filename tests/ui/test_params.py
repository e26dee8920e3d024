"""The URL interface: parsing is total (never raises), validates, and round-trips."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ui.params import View, Vocabulary, parse_params, to_params

VOCAB = Vocabulary(
    outlets=frozenset({"Eurasianet", "RFE/RL", "Outlet, with comma"}),
    claimants=frozenset({"Azerbaijani Defence Ministry", "Armenian Defence Ministry"}),
    layers=frozenset({"countries", "line_of_contact"}),
)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, View()),
        ({"start": ["2016-04-02"], "end": ["2016-04-07"]}, View(start=dt.date(2016, 4, 2), end=dt.date(2016, 4, 7))),
        ({"side": ["Armenia", "Azerbaijan"]}, View(sides=("Armenia", "Azerbaijan"))),
        ({"side": ["Armenia,Azerbaijan"]}, View(sides=("Armenia", "Azerbaijan"))),
        ({"type": ["shelling,drone strike"]}, View(types=("shelling", "drone strike"))),
        ({"outlet": ["Outlet, with comma"]}, View(outlets=("Outlet, with comma",))),
        ({"outlet": ["Eurasianet,RFE/RL"]}, View(outlets=("Eurasianet", "RFE/RL"))),
        ({"disputed": ["true"]}, View(disputed=True)),
        ({"disputed": ["0"]}, View(disputed=False)),
        ({"min_killed": ["3"]}, View(min_killed=3)),
        ({"q": ["  Khankendi "]}, View(q="Khankendi")),
        ({"review": ["reviewed"]}, View(review="reviewed")),
        ({"review": [" All "]}, View(review="all")),
        ({"layers": ["none"]}, View(layers=())),
        ({"layers": ["countries,line_of_contact"]}, View(layers=("countries", "line_of_contact"))),
        ({"incident": ["a1b2c3d4e5f60718"]}, View(incident="a1b2c3d4e5f60718")),
        ({"lat": ["39.8"], "lon": ["46.75"], "zoom": ["9"]}, View(lat=39.8, lon=46.75, zoom=9)),
        ({"embed": ["true"]}, View()),
    ],
)
def test_valid_params_give_the_view(params, expected):
    view, notices = parse_params(params, VOCAB)
    assert view == expected
    assert notices == []


@pytest.mark.parametrize(
    ("params", "mentions"),
    [
        ({"start": ["yesterday"]}, "start"),
        ({"start": ["9999-01-01"]}, "start"),
        ({"start": ["2020-10-12"], "end": ["2016-04-02"]}, "start is after the end"),
        ({"side": ["Mars"]}, "side='Mars'"),
        ({"type": ["picnic"]}, "type='picnic'"),
        ({"outlet": ["Unknown Gazette"]}, "no such outlet"),
        ({"claimant": ["x\x00y"]}, "not a valid name"),
        ({"disputed": ["maybe"]}, "disputed"),
        ({"min_killed": ["-1"]}, "min_killed"),
        ({"min_killed": ["__import__('os')"]}, "min_killed"),
        ({"lat": ["nan"], "lon": ["46"]}, "lat"),
        ({"lat": ["39"]}, "together"),
        ({"lon": ["200"], "lat": ["39"]}, "lon"),
        ({"zoom": ["99"]}, "zoom"),
        ({"review": ["rejected"]}, "review='rejected'"),
        ({"incident": ["<script>alert(1)</script>"]}, "incident"),
        ({"layers": ["satellite"]}, "no such layers"),
        ({"editor": ["1"]}, "unknown parameter 'editor'"),
        ({"q": ["x" * 500]}, "q="),
        ({"zoom": ["3", "4"]}, "last of 2"),
    ],
)
def test_malformed_params_are_dropped_with_a_notice(params, mentions):
    view, notices = parse_params(params, VOCAB)
    assert any(mentions in n for n in notices), notices
    for notice in notices:
        assert len(notice) < 200, "a hostile value must not flood the page"


def test_only_the_malformed_value_is_dropped():
    view, notices = parse_params({"side": ["Armenia,Mars"], "zoom": ["x"], "min_killed": ["2"]}, VOCAB)
    assert view == View(sides=("Armenia",), min_killed=2)
    assert len(notices) == 2


views = st.builds(
    View,
    start=st.none() | st.dates(dt.date(1995, 1, 1), dt.date(2019, 12, 31)),
    end=st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
    outlets=st.lists(st.sampled_from(sorted(VOCAB.outlets)), unique=True).map(tuple),
    sides=st.lists(st.sampled_from(["Armenia", "Azerbaijan", "Russia"]), unique=True).map(tuple),
    types=st.lists(st.sampled_from(["shelling", "drone strike"]), unique=True).map(tuple),
    disputed=st.none() | st.booleans(),
    min_killed=st.none() | st.integers(0, 1000),
    q=st.text("abcKhnd ", max_size=20).map(str.strip),
    review=st.sampled_from([None, "reviewed", "all"]),
    layers=st.none() | st.lists(st.sampled_from(sorted(VOCAB.layers)), unique=True, min_size=1).map(tuple),
    incident=st.none() | st.text("abcdef0123456789", min_size=1, max_size=16),
    zoom=st.none() | st.integers(1, 18),
)


@given(views)
def test_links_round_trip(view):
    assert parse_params(to_params(view), VOCAB) == (view, [])


@given(st.dictionaries(st.sampled_from(["start", "end", "side", "lat", "lon", "zoom", "q", "review", "layers", "x"]),
                       st.lists(st.text(max_size=30), max_size=3)))
def test_any_query_string_parses_without_raising(params):
    view, notices = parse_params(params, VOCAB)
    assert isinstance(view, View)


def test_layers_naming_no_known_layer_keep_the_default():
    view, notices = parse_params({"layers": ["foo"]}, VOCAB)
    assert view.layers is None and any("foo" in n for n in notices)
    view, notices = parse_params({"layers": ["foo,countries"]}, VOCAB)
    assert view.layers == ("countries",) and len(notices) == 1


@pytest.mark.parametrize(("value", "base", "noticed"), [
    ("terrain", "terrain", False),
    ("outline", "outline", False),
    ("satellite", None, True),
    ("<script>", None, True),
])
def test_base_map_is_one_the_site_offers(value, base, noticed):
    vocab = Vocabulary(bases=frozenset({"outline", "terrain"}))
    view, notices = parse_params({"base": [value]}, vocab)
    assert view.base == base and bool(notices) is noticed
    if base:
        assert parse_params(to_params(view), vocab) == (view, [])
