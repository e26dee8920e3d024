"""The URL interface: query parameters <-> the view (filters, layers, selection, map view).

Every view a journalist finds must be a link that reopens it, so the view lives
in the query string under the stable names documented in docs/permalinks.md.
This module is the ONE place those parameters are parsed and validated. Values
are only ever compared, split and converted to int/float/date: never unpickled
or evaluated. Anything unknown or malformed is dropped with a notice for the
reader, never an exception.

`parse_params` and `to_params` are pure (no streamlit); `read_query_params`
and `write_query_params` are the thin streamlit boundary.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import streamlit as st

from incidents.model import EVENT_TYPES, SIDES
from incidents.store.status import POLICIES

# Parameter names that are part of the product's URL interface (docs/permalinks.md).
PARAM_NAMES: tuple[str, ...] = (
    "start", "end", "outlet", "claimant", "side", "type", "disputed", "min_killed",
    "q", "review", "layers", "base", "incident", "lat", "lon", "zoom",
)
# Parameters Streamlit itself reads (embedding); we neither warn about nor touch them.
STREAMLIT_PARAMS: frozenset[str] = frozenset({"embed", "embed_options"})
# Longest value we accept for any one text parameter: names and searches are short,
# and a huge value is either a mistake or an attempt to make every rerun slow.
MAX_VALUE_CHARS = 200
# Most values we accept for one repeatable parameter (there are ~10 outlets and 6 sides).
MAX_VALUES = 50
# Dates outside this span cannot be in the data; rejecting them early keeps year-9999 links harmless.
MIN_YEAR, MAX_YEAR = 1990, 2100
# Leaflet zoom levels that make sense for the region (1 = world, 18 = a street).
MIN_ZOOM, MAX_ZOOM = 1, 18
# Ceiling for the minimum-killed filter: higher than any single incident toll.
MAX_KILLED = 100_000
# Incident ids are short hashes; anything else is not one of ours.
INCIDENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,80}$")
# Control characters would be invisible in the search box and in notices.
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


# The View fields that are also the store's Filters fields (ui.data.filters_for copies them across).
FILTER_FIELDS: tuple[str, ...] = ("start", "end", "outlets", "claimants", "sides", "types", "disputed", "min_killed")


@dataclass(frozen=True)
class View:
    """Everything the URL can hold. Empty tuples / None mean "no restriction" or "default".

    `layers` is None when the URL did not choose layers (the app then shows its
    default set), and a tuple (possibly empty) when it did; `base` is None for the
    deployment's default base map.
    """

    start: dt.date | None = None
    end: dt.date | None = None
    outlets: tuple[str, ...] = ()
    claimants: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    disputed: bool | None = None
    min_killed: int | None = None
    q: str = ""
    review: str | None = None  # "reviewed" or "all"; None: the deployment's REVIEW_POLICY
    layers: tuple[str, ...] | None = None
    base: str | None = None
    incident: str | None = None
    lat: float | None = None
    lon: float | None = None
    zoom: int | None = None


@dataclass(frozen=True)
class Vocabulary:
    """The values the data actually holds, against which names in a URL are checked.

    Empty sets mean "not known yet": any well-formed name is then accepted.
    """

    outlets: frozenset[str] = field(default_factory=frozenset)
    claimants: frozenset[str] = field(default_factory=frozenset)
    layers: frozenset[str] = field(default_factory=frozenset)
    bases: frozenset[str] = field(default_factory=frozenset)


def parse_params(params: Mapping[str, list[str]], vocab: Vocabulary = Vocabulary()) -> tuple[View, list[str]]:
    """The view a query string describes, and a notice for each value that was ignored.

    >>> view, notices = parse_params({"side": ["Armenia"], "zoom": ["x"]})
    >>> view.sides, notices
    (('Armenia',), ["Ignored zoom='x': not a whole number from 1 to 18."])
    """
    notices: list[str] = []
    for name in params:
        if name not in PARAM_NAMES and name not in STREAMLIT_PARAMS:
            notices.append(f"Ignored unknown parameter {_show(name)}.")
    start = _one(params, "start", _parse_date, "not a date like 2020-10-12", notices)
    end = _one(params, "end", _parse_date, "not a date like 2020-10-12", notices)
    if start and end and start > end:
        notices.append(f"Ignored start={start} and end={end}: the start is after the end.")
        start = end = None
    view = View(
        start=start,
        end=end,
        outlets=_names(params, "outlet", vocab.outlets, notices),
        claimants=_names(params, "claimant", vocab.claimants, notices),
        sides=_names(params, "side", frozenset(SIDES), notices),
        types=_names(params, "type", frozenset(EVENT_TYPES), notices),
        disputed=_one(params, "disputed", _parse_bool, "not true or false", notices),
        min_killed=_one(params, "min_killed", _parse_killed, f"not a whole number from 0 to {MAX_KILLED}", notices),
        q=_one(params, "q", _parse_text, f"longer than {MAX_VALUE_CHARS} characters", notices) or "",
        review=_one(params, "review", _parse_review, f"not one of {', '.join(POLICIES)}", notices),
        layers=_layers(params, vocab.layers, notices),
        base=_one(params, "base", _parser_choice(vocab.bases), _base_problem(vocab.bases), notices),
        incident=_one(params, "incident", _parse_incident, "not an incident id", notices),
        lat=_one(params, "lat", _parser_float(-90, 90), "not a latitude from -90 to 90", notices),
        lon=_one(params, "lon", _parser_float(-180, 180), "not a longitude from -180 to 180", notices),
        zoom=_one(params, "zoom", _parse_zoom, f"not a whole number from {MIN_ZOOM} to {MAX_ZOOM}", notices),
    )
    if (view.lat is None) != (view.lon is None):
        notices.append("Ignored the map centre: lat and lon must be given together.")
        view = replace(view, lat=None, lon=None)
    return view, notices


def to_params(view: View) -> dict[str, list[str]]:
    """The query string for a view: only what differs from the default, in PARAM_NAMES order.

    parse_params(to_params(v)) == v for every valid view, so links round-trip.
    """
    out: dict[str, list[str]] = {
        "start": [view.start.isoformat()] if view.start else [],
        "end": [view.end.isoformat()] if view.end else [],
        "outlet": list(view.outlets),
        "claimant": list(view.claimants),
        "side": list(view.sides),
        "type": list(view.types),
        "disputed": [] if view.disputed is None else [str(view.disputed).lower()],
        "min_killed": [] if view.min_killed is None else [str(view.min_killed)],
        "q": [view.q] if view.q else [],
        "review": [view.review] if view.review else [],
        "layers": [] if view.layers is None else [",".join(view.layers) or "none"],
        "base": [view.base] if view.base else [],
        "incident": [view.incident] if view.incident else [],
        "lat": [] if view.lat is None else [_coord(view.lat)],
        "lon": [] if view.lon is None else [_coord(view.lon)],
        "zoom": [] if view.zoom is None else [str(view.zoom)],
    }
    return {name: values for name, values in out.items() if values}


def read_query_params() -> dict[str, list[str]]:
    """The current URL's parameters, every value of repeated ones, without Streamlit's own (embed...)."""
    return {name: st.query_params.get_all(name) for name in st.query_params if name not in STREAMLIT_PARAMS}


def write_query_params(params: Mapping[str, list[str]]) -> None:
    """Make the URL show exactly `params` (only when it changed, to avoid needless history entries)."""
    if read_query_params() == dict(params):
        return
    st.query_params.from_dict({name: values if len(values) > 1 else values[0] for name, values in params.items()})


def _one(params, name, parse, problem, notices):
    """The single value of `name` parsed, or None (with a notice) when it is malformed."""
    values = params.get(name) or []
    if not values:
        return None
    if len(values) > 1:
        notices.append(f"Used only the last of {len(values)} values for {name}.")
    raw = values[-1]
    parsed = parse(raw) if len(raw) <= MAX_VALUE_CHARS else None
    if parsed is None:
        notices.append(f"Ignored {name}={_show(raw)}: {problem}.")
    return parsed


def _split(values: Iterable[str], known: frozenset[str]) -> list[str]:
    """Values of a repeatable parameter: each repeated value, comma-separated lists split.

    A value that is itself a known name is kept whole, so an outlet whose name
    holds a comma still works.
    """
    out: list[str] = []
    for value in values:
        parts = [value] if value in known else value.split(",")
        out.extend(part.strip() for part in parts if part.strip())
    return out


def _names(params, name: str, known: frozenset[str], notices: list[str]) -> tuple[str, ...]:
    """Validated, de-duplicated names for a repeatable parameter, in the order given."""
    values = _split(params.get(name) or [], known)
    kept: list[str] = []
    for value in values[:MAX_VALUES]:
        if len(value) > MAX_VALUE_CHARS or CONTROL_CHARS.search(value):
            notices.append(f"Ignored {name}={_show(value)}: not a valid name.")
        elif known and value not in known:
            notices.append(f"Ignored {name}={_show(value)}: no such {name} in the data.")
        elif value not in kept:
            kept.append(value)
    if len(values) > MAX_VALUES:
        notices.append(f"Ignored all but the first {MAX_VALUES} values for {name}.")
    return tuple(kept)


def _layers(params, known: frozenset[str], notices: list[str]) -> tuple[str, ...] | None:
    """The layers chosen by the URL; "none" means all layers off, absence means the default. A value
    naming no known layer leaves the default (a mistyped link must not blank the map)."""
    values = params.get("layers")
    if not values:
        return None
    if [v.strip().lower() for v in values] == ["none"]:
        return ()
    return _names(params, "layers", known, notices) or None


def _parser_choice(known: frozenset[str]):
    """A parser for one of `known` (any simple name when nothing is known yet)."""

    def parse(raw: str) -> str | None:
        text = raw.strip()
        if known:
            return text if text in known else None
        return text if INCIDENT_ID.match(text) else None

    return parse


def _base_problem(known: frozenset[str]) -> str:
    return f"not a base map this site offers ({', '.join(sorted(known))})" if known else "not a base map id"


def _parse_date(raw: str) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(raw.strip())
    except ValueError:
        return None
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None


def _parse_bool(raw: str) -> bool | None:
    word = raw.strip().lower()
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None


def _parse_int(raw: str, low: int, high: int) -> int | None:
    text = raw.strip()
    if not re.fullmatch(r"[+-]?\d{1,9}", text):
        return None
    number = int(text)
    return number if low <= number <= high else None


def _parse_killed(raw: str) -> int | None:
    return _parse_int(raw, 0, MAX_KILLED)


def _parse_zoom(raw: str) -> int | None:
    return _parse_int(raw, MIN_ZOOM, MAX_ZOOM)


def _parser_float(low: float, high: float):
    """A parser for a finite float within [low, high] ("nan" and "inf" are rejected)."""

    def parse(raw: str) -> float | None:
        if not re.fullmatch(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*", raw):
            return None
        number = float(raw)
        return number if math.isfinite(number) and low <= number <= high else None

    return parse


def _parse_text(raw: str) -> str | None:
    text = CONTROL_CHARS.sub(" ", raw).strip()
    return text


def _parse_review(raw: str) -> str | None:
    word = raw.strip().lower()
    return word if word in POLICIES else None


def _parse_incident(raw: str) -> str | None:
    text = raw.strip()
    return text if INCIDENT_ID.match(text) else None


def _coord(value: float) -> str:
    """A coordinate with 4 decimals (about 10 m): enough for a map view, short in a link."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _show(value: str) -> str:
    """A value quoted for a notice: shortened, so a long hostile value cannot flood the page."""
    shown = value if len(value) <= 40 else value[:40] + "…"
    return repr(shown)
