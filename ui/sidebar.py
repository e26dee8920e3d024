"""The shared sidebar: filters, layer toggles and the base map, kept in step with the URL.

Every page calls `render_sidebar` first. The URL is the state: when it holds
something this session has not seen (a link was opened, or a page was
switched), the widgets are seeded from it; after the widgets are read, the
resulting view is written back to the URL. Only the server writes the URL, so
the first change a reader makes on a freshly opened link is never mistaken for
a new link (and undone). A link reopens exactly its view on any page, and what
is on screen is always a link away.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import streamlit as st

from incidents.model import EVENT_TYPES, SIDES
from ui import mapstate
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
# The side filter matches an incident when any claim about it, asserting or denying, comes from that side
# (the store's side tags): its label says so, so "Armenia" listing an incident Azerbaijan claims and Armenia
# denies is no surprise.
SIDE_LABEL = "Claims or denials by"
SIDE_HELP = ("Incidents about which a party of this side made a claim or a denial. An incident Azerbaijan "
             "claims and Armenia denies is listed under both; its colour on the map is the main claimant's side.")
# What the review filter means, under its radio buttons.
REVIEW_HELP = ("Reviewed: an editor checked the incident against its reports. Machine-read incidents (read "
               "from the article by the machine, not yet checked) are drawn hollow and labelled.")

# Session keys: the widgets', and the parts of the view that are not widgets.
K_DATES, K_OUTLETS, K_CLAIMANTS, K_SIDES, K_TYPES = "f_dates", "f_outlets", "f_claimants", "f_sides", "f_types"
K_DISPUTED, K_MIN_KILLED, K_Q, K_LAYERS, K_BASE = "f_disputed", "f_min_killed", "f_q", "f_layers", "f_base"
K_REVIEW = "f_review"  # reviewed only / all (ui.status.REVIEW_CHOICES)
K_EPISODE = "f_episode"  # the quick-range menu (an action: always back at its placeholder)
K_DATE_SPAN = "_view_date_span"  # the slider's span: the data's, widened to a link's dates outside it
K_SEEN = "_view_params_seen"  # the params the widgets were last seeded from or written to
K_NOTICES = "_view_notices"  # notices about the URL, shown until the view changes
K_PAGE = "_view_page"  # the page that last drew the sidebar
K_FROM_MAP = "_view_from_map"  # layers / base map switched in the map's own control, for the widgets


@dataclass(frozen=True)
class Options:
    """What the sidebar offers: the data's values and span, the map's layers and base maps."""

    outlets: tuple[str, ...]
    claimants: tuple[str, ...]
    min_date: dt.date | None
    max_date: dt.date | None
    layers: tuple[str, ...]
    default_layers: tuple[str, ...]
    layer_titles: dict[str, str]
    bases: tuple[str, ...] = ("outline",)
    base_titles: dict[str, str] | None = None


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
        vocab = Vocabulary(frozenset(options.outlets), frozenset(options.claimants), frozenset(options.layers),
                           frozenset(options.bases))
        view, notices = parse_params(params, vocab)
        st.session_state[K_NOTICES] = notices + _seed_widgets(view, options)
        mapstate.seed(view)
        st.session_state[K_PAGE] = page
    _apply_map_switches(options)
    view = mapstate.with_selection(_read_widgets(options))
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


def switched_on_map(layers: tuple[str, ...] | None, base: str | None) -> None:
    """The reader switched layers or the base map in the map's own control: the widgets follow on the next
    full run (they are drawn before the map, so they cannot change in this one)."""
    st.session_state[K_FROM_MAP] = (layers, base)


def clear_filters(first: dt.date | None, last: dt.date | None) -> None:
    """Callback of "Clear filters": every filter back to "everything" (the dates to the data's span, `first`
    to `last`) and the review filter back to the deployment's REVIEW_POLICY (clearing never shows a reader
    machine-read incidents the site keeps back by default); layers, base map and the map's view stay."""
    state = st.session_state
    if first is not None and last is not None:
        state[K_DATE_SPAN] = (first, last)
        state[K_DATES] = (first, last)
    for key in (K_OUTLETS, K_CLAIMANTS, K_SIDES, K_TYPES):
        state[key] = []
    state[K_DISPUTED], state[K_MIN_KILLED], state[K_Q] = "all", 0, ""
    state[K_REVIEW] = _review_label(None)


def _apply_map_switches(options: Options) -> None:
    layers, base = st.session_state.pop(K_FROM_MAP, (None, None))
    if layers is not None:
        st.session_state[K_LAYERS] = [layer for layer in options.layers if layer in layers]
    if base in options.bases:
        st.session_state[K_BASE] = base


def _seed_widgets(view: View, options: Options) -> list[str]:
    """Set every widget's session value from the view; notices for values the data cannot show."""
    notices: list[str] = []
    state = st.session_state
    if options.min_date and options.max_date:
        span = (min(options.min_date, view.start or options.min_date), max(options.max_date, view.end or options.max_date))
        state[K_DATE_SPAN] = span
        state[K_DATES] = (view.start or span[0], view.end or span[1])
        if (view.start and view.start > options.max_date) or (view.end and view.end < options.min_date):
            notices.append(f"No incidents from {view.start or '…'} to {view.end or '…'}: the data spans "
                           f"{options.min_date} → {options.max_date}.")
    state[K_OUTLETS] = list(view.outlets)
    state[K_CLAIMANTS] = list(view.claimants)
    state[K_SIDES] = list(view.sides)
    state[K_TYPES] = list(view.types)
    state[K_DISPUTED] = next(label for label, value in DISPUTED_CHOICES.items() if value == view.disputed)
    state[K_MIN_KILLED] = view.min_killed or 0
    state[K_Q] = view.q
    state[K_LAYERS] = list(options.default_layers if view.layers is None else view.layers)
    state[K_REVIEW] = _review_label(view.review)
    state[K_BASE] = view.base or options.bases[0]
    return notices


def _review_label(review: str | None) -> str:
    """The "Incidents shown" choice for a view's `review` (None: the deployment's REVIEW_POLICY)."""
    wanted = review or deployment_policy()
    return next(label for label, value in REVIEW_CHOICES.items() if value == wanted)


def _clamp_range(start: dt.date, end: dt.date, low: dt.date, high: dt.date) -> tuple[dt.date, dt.date]:
    """The range moved inside [low, high] (the slider cannot show days outside its span)."""
    new_start = min(max(start, low), high)
    return new_start, max(min(end, high), new_start)


def _jump(ranges: dict[str, tuple[dt.date, dt.date]], low: dt.date, high: dt.date) -> None:
    """Callback of the quick-range menu: runs before the slider is drawn, so it may set its value;
    the menu then returns to its placeholder (it is an action, not a state kept in the URL)."""
    chosen = st.session_state.get(K_EPISODE)
    if chosen in ranges:
        st.session_state[K_DATES] = _clamp_range(*ranges[chosen], low, high)
    st.session_state[K_EPISODE] = NO_EPISODE


def _date_filter(options: Options) -> tuple[dt.date | None, dt.date | None]:
    """Date slider with quick ranges; (None, None) when the data's whole span is selected.

    The slider spans the data's days, widened to a link's dates outside them: a link asking from
    2016-04-01 keeps that start (its meaning must not widen when older reports arrive)."""
    if options.min_date is None or options.max_date is None:
        return None, None
    low, high = st.session_state.get(K_DATE_SPAN) or (options.min_date, options.max_date)
    if low >= high:
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
    return (None if start == options.min_date == low else start), (None if end == options.max_date == high else end)


def _read_widgets(options: Options) -> View:
    """Draw the filter widgets and read the view from them."""
    sidebar = st.sidebar
    sidebar.header("Filters")
    start, end = _date_filter(options)
    outlets = sidebar.multiselect("Outlets", options.outlets, key=K_OUTLETS)
    claimants = sidebar.multiselect("Claimants", options.claimants, key=K_CLAIMANTS)
    sides = sidebar.multiselect(SIDE_LABEL, SIDES, key=K_SIDES, help=SIDE_HELP)
    types = sidebar.multiselect("Event type", EVENT_TYPES, key=K_TYPES)
    disputed = sidebar.selectbox("Disputed", list(DISPUTED_CHOICES), key=K_DISPUTED)
    min_killed = sidebar.number_input("Minimum killed", min_value=0, max_value=100_000, step=1, key=K_MIN_KILLED)
    q = sidebar.text_input("Place search", key=K_Q, max_chars=200,
                           help="A town, village, district or region, in any spelling: Khankendi, Stepanakert, "
                                "Gəncə, Lachin (the town and the district).")
    review = REVIEW_CHOICES[sidebar.radio("Incidents shown", list(REVIEW_CHOICES), key=K_REVIEW, help=REVIEW_HELP)]
    sidebar.header("Map")
    layers = sidebar.multiselect(
        "Map layers", options.layers, key=K_LAYERS, format_func=lambda i: options.layer_titles.get(i, i)
    )
    base = options.bases[0]
    if len(options.bases) > 1:
        titles = options.base_titles or {}
        base = sidebar.selectbox("Base map", options.bases, key=K_BASE, format_func=lambda b: titles.get(b, b))
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
        review=None if review == deployment_policy() else review,
        layers=None if list(layers) == list(options.default_layers) else tuple(layers),
        base=None if base == options.bases[0] else base,
    )


def filtering_view(view: View) -> View:
    """The view without the map's part (selection and position): what the sidebar alone decides."""
    return replace(view, incident=None, lat=None, lon=None, zoom=None)
