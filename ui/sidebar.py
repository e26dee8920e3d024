"""The shared sidebar: filters and layer toggles, kept in step with the URL.

Every page calls `render_sidebar` first. The URL is the state: when it holds
something this session has not seen (a link was opened, or a page was
switched), the widgets are seeded from it; after the widgets are read, the
resulting view is written back to the URL. So a link reopens exactly its view
on any page, and what is on screen is always a link away.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import streamlit as st

from incidents.model import EVENT_TYPES, SIDES
from ui.escape import md
from ui.params import View, Vocabulary, parse_params, read_query_params, to_params, write_query_params
from ui.status import REVIEW_CHOICES, deployment_policy

# Quick ranges for the episodes the bundled reports cover: (label, first day, last day).
EPISODES: tuple[tuple[str, dt.date, dt.date], ...] = (
    ("Apr 2016", dt.date(2016, 4, 1), dt.date(2016, 4, 30)),
    ("Sep–Nov 2020", dt.date(2020, 9, 1), dt.date(2020, 11, 30)),
    ("Aug 2022", dt.date(2022, 8, 1), dt.date(2022, 8, 31)),
    ("Sep 2022", dt.date(2022, 9, 1), dt.date(2022, 9, 30)),
    ("Sep 2023", dt.date(2023, 9, 1), dt.date(2023, 9, 30)),
)
NO_EPISODE, ALL_DATES = "Jump to an episode…", "All dates"
# Labels of the disputed filter and the value each stands for.
DISPUTED_CHOICES: dict[str, bool | None] = {"all": None, "disputed only": True, "undisputed only": False}

# Session keys: the widgets', and the parts of the view that are not widgets.
K_DATES, K_OUTLETS, K_CLAIMANTS, K_SIDES, K_TYPES = "f_dates", "f_outlets", "f_claimants", "f_sides", "f_types"
K_DISPUTED, K_MIN_KILLED, K_Q, K_LAYERS = "f_disputed", "f_min_killed", "f_q", "f_layers"
K_REVIEW = "f_review"  # reviewed only / all (ui.status.REVIEW_CHOICES)
K_EPISODE = "f_episode"  # the quick-range menu (an action: always back at its placeholder)
K_SELECTION = "view_selection"  # (incident, lat, lon, zoom) from the URL or a map click
K_SEEN = "_view_params_seen"  # the params the widgets were last seeded from or written to
K_NOTICES = "_view_notices"  # notices about the URL, shown until the view changes
K_PAGE = "_view_page"  # the page that last drew the sidebar


@dataclass(frozen=True)
class Options:
    """What the sidebar offers: the data's values and span, and the map's layers."""

    outlets: tuple[str, ...]
    claimants: tuple[str, ...]
    min_date: dt.date | None
    max_date: dt.date | None
    layers: tuple[str, ...]
    default_layers: tuple[str, ...]
    layer_titles: dict[str, str]


def render_sidebar(options: Options, page: str) -> View:
    """Draw the filters (seeded from the URL when it changed) and return the view they describe.

    `page` names the calling page: switching pages drops the query string and
    the widgets' state, so the last view is re-seeded from the session.
    """
    params = read_query_params()
    if not params and st.session_state.get(K_SEEN):
        params = st.session_state[K_SEEN]
    seeded = params != st.session_state.get(K_SEEN) or st.session_state.get(K_PAGE) != page
    if seeded:
        vocab = Vocabulary(frozenset(options.outlets), frozenset(options.claimants), frozenset(options.layers))
        view, notices = parse_params(params, vocab)
        st.session_state[K_NOTICES] = notices + _seed_widgets(view, options)
        st.session_state[K_PAGE] = page
    view = _read_widgets(options)
    if not seeded and to_params(view) != st.session_state.get(K_SEEN):
        st.session_state[K_NOTICES] = []  # the reader changed the view: old notices no longer apply
    for notice in st.session_state.get(K_NOTICES, []):
        st.warning(md(notice), icon="⚠️")
    publish(view)
    return view


def publish(view: View) -> None:
    """Write the view to the URL and remember it as seen (so it is not re-seeded from it)."""
    params = to_params(view)
    st.session_state[K_SEEN] = params
    write_query_params(params)


def select_incident(view: View, incident: str | None) -> View:
    """The view with another incident selected, published to the URL."""
    selection = (incident, view.lat, view.lon, view.zoom)
    st.session_state[K_SELECTION] = selection
    view = replace(view, incident=incident)
    publish(view)
    return view


def _seed_widgets(view: View, options: Options) -> list[str]:
    """Set every widget's session value from the view; notices for values the data cannot show."""
    notices: list[str] = []
    state = st.session_state
    if options.min_date and options.max_date:
        state[K_DATES] = _slider_range(view.start, view.end, options.min_date, options.max_date, notices)
    state[K_OUTLETS] = list(view.outlets)
    state[K_CLAIMANTS] = list(view.claimants)
    state[K_SIDES] = list(view.sides)
    state[K_TYPES] = list(view.types)
    state[K_DISPUTED] = next(label for label, value in DISPUTED_CHOICES.items() if value == view.disputed)
    state[K_MIN_KILLED] = view.min_killed or 0
    state[K_Q] = view.q
    state[K_LAYERS] = list(options.default_layers if view.layers is None else view.layers)
    state[K_REVIEW] = next(label for label, value in REVIEW_CHOICES.items()
                           if value == (view.review or deployment_policy()))
    state[K_SELECTION] = (view.incident, view.lat, view.lon, view.zoom)
    return notices


def _clamp_range(start: dt.date | None, end: dt.date | None, low: dt.date, high: dt.date) -> tuple[dt.date, dt.date]:
    """The range moved inside [low, high] (the slider cannot show days outside the data)."""
    new_start = min(max(start or low, low), high)
    return new_start, max(min(end or high, high), new_start)


def _slider_range(
    start: dt.date | None, end: dt.date | None, low: dt.date, high: dt.date, notices: list[str]
) -> tuple[dt.date, dt.date]:
    """The slider's range for a link's dates. Days outside the data change nothing and are trimmed
    silently; a range with no day in the data cannot be shown, so it is dropped with a notice."""
    if (start and start > high) or (end and end < low):
        notices.append(f"Ignored the dates {start or '…'} → {end or '…'}: the data spans {low} → {high}.")
        return low, high
    return _clamp_range(start, end, low, high)


def _jump(ranges: dict[str, tuple[dt.date, dt.date]], low: dt.date, high: dt.date) -> None:
    """Callback of the quick-range menu: runs before the slider is drawn, so it may set its value;
    the menu then returns to its placeholder (it is an action, not a state kept in the URL)."""
    chosen = st.session_state.get(K_EPISODE)
    if chosen in ranges:
        st.session_state[K_DATES] = _clamp_range(*ranges[chosen], low, high)
    st.session_state[K_EPISODE] = NO_EPISODE


def _date_filter(options: Options) -> tuple[dt.date | None, dt.date | None]:
    """Date slider with quick ranges; (None, None) when the whole span is selected."""
    low, high = options.min_date, options.max_date
    if low is None or high is None or low >= high:
        return None, None
    sidebar = st.sidebar
    episodes = {label: (first, last) for label, first, last in EPISODES if first <= high and last >= low}
    if episodes:
        choices = [NO_EPISODE, *episodes, ALL_DATES]
        ranges = {**episodes, ALL_DATES: (low, high)}
        sidebar.selectbox("Quick range", choices, key=K_EPISODE, on_change=_jump, args=(ranges, low, high))
    if K_DATES not in st.session_state:
        st.session_state[K_DATES] = (low, high)
    start, end = sidebar.slider("Dates", min_value=low, max_value=high, key=K_DATES, format="YYYY-MM-DD")
    return (None if start == low else start), (None if end == high else end)


def _read_widgets(options: Options) -> View:
    """Draw the filter widgets and read the view from them (and from the non-widget selection)."""
    sidebar = st.sidebar
    sidebar.header("Filters")
    start, end = _date_filter(options)
    outlets = sidebar.multiselect("Outlets", options.outlets, key=K_OUTLETS)
    claimants = sidebar.multiselect("Claimants", options.claimants, key=K_CLAIMANTS)
    sides = sidebar.multiselect("Claimant side", SIDES, key=K_SIDES)
    types = sidebar.multiselect("Event type", EVENT_TYPES, key=K_TYPES)
    disputed = sidebar.selectbox("Disputed", list(DISPUTED_CHOICES), key=K_DISPUTED)
    min_killed = sidebar.number_input("Minimum killed", min_value=0, max_value=100_000, step=1, key=K_MIN_KILLED)
    q = sidebar.text_input("Place search", key=K_Q, help="Any spelling: Khankendi, Stepanakert, Gəncə…", max_chars=200)
    layers = sidebar.multiselect(
        "Map layers", options.layers, key=K_LAYERS, format_func=lambda i: options.layer_titles.get(i, i)
    )
    review = REVIEW_CHOICES[sidebar.radio("Incidents shown", list(REVIEW_CHOICES), key=K_REVIEW,
                                          help="Machine-read incidents are drawn hollow until an editor checks them.")]
    incident, lat, lon, zoom = st.session_state.get(K_SELECTION, (None, None, None, None))
    return View(
        start=start,
        end=end,
        outlets=tuple(outlets),
        claimants=tuple(claimants),
        sides=tuple(sides),
        types=tuple(types),
        disputed=DISPUTED_CHOICES[disputed],
        min_killed=int(min_killed) or None,
        q=q.strip(),
        layers=None if list(layers) == list(options.default_layers) else tuple(layers),
        incident=incident,
        lat=lat,
        lon=lon,
        zoom=zoom,
        review=None if review == deployment_policy() else review,
    )
