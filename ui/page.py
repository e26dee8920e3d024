"""What every page does first: configure, sign-in control, sidebar, the ONE filtered frame.

Pages call `start_page` and then only render. The Filters it stands for are
the single source for that page's map, table, charts and downloads, so what a
reader sees and what they download cannot disagree. The rows themselves are
read only when a page asks for them (`PageState.frame`): at a million
incidents the map and the table read database counts and a first page instead.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from incidents.store.query import SelectionSummary
from ui import data
from ui.access import render_sign_in
from ui.cite import permalink
from ui.escape import md
from ui.layers import base_map_titles, base_maps, default_layer_ids, layer_ids, layer_titles
from ui.params import View, to_params
from ui.sidebar import Options, clear_filters, render_sidebar
from ui.style import apply_style
from ui.tallies import tally

APP_TITLE = "Karabakh incident map"
# The one line under the title: what the map is, for a reader who arrives from a link.
DESCRIPTION = ("Incidents of the Armenia–Azerbaijan conflict over Nagorno-Karabakh as news reports tell them: "
               "where and when, what happened, who claims it and who denies it, and the reports behind each.")


@dataclass(frozen=True)
class PageState:
    """One run's inputs: the view from the URL and widgets, and the reader's mode; the selection it filters
    is read (once, cached) when a page asks for it."""

    view: View
    editor: bool
    bases: tuple[str, ...] = ("outline",)  # the base maps this site offers, its default first

    @property
    def frame(self) -> pd.DataFrame:
        """Every filtered incident as rows (seconds at a million: the map and table pages avoid it)."""
        return data.incidents(self.view)

    @property
    def summary(self) -> SelectionSummary:
        """The selection counted in the database: size, outlets, days."""
        return data.summary(self.view)


def start_page(page: str) -> PageState:
    """Configure the page, draw the shared sidebar, and read the view the page filters by."""
    st.set_page_config(page_title=f"{page} · {APP_TITLE}", layout="wide")
    apply_style()
    facets = data.data_facets()
    bases = base_maps()
    options = Options(
        outlets=facets.outlets,
        claimants=facets.claimants,
        min_date=facets.min_date,
        max_date=facets.max_date,
        layers=layer_ids(),
        default_layers=default_layer_ids(),
        layer_titles=layer_titles(),
        bases=bases,
        base_titles=base_map_titles(),
    )
    view = render_sidebar(options, page)
    if view.q:
        st.sidebar.caption(md(data.place_search(view.q).message))
    editor = render_sign_in(time.monotonic())
    return PageState(view=view, editor=editor, bases=bases)


def coverage_line(coverage: data.Coverage) -> str:
    """What the store covers, from the data: "Covers 2016-04-02 → 2022-08-03 · 5 outlets · 5 articles · 15 incidents"."""
    if not coverage.incidents:
        return "No incidents stored yet."
    span = f"{coverage.first} → {coverage.last}" if coverage.first and coverage.last else "undated reports"
    plural = {n: "" if n == 1 else "s" for n in (coverage.outlets, coverage.articles, coverage.incidents)}
    line = (f"Covers {span} · {coverage.outlets:,} outlet{plural[coverage.outlets]} · "
            f"{coverage.articles:,} article{plural[coverage.articles]} · "
            f"{coverage.incidents:,} incident{plural[coverage.incidents]}")
    if coverage.synthetic:
        line += f" ({coverage.synthetic:,} of them SYNTHETIC, generated for load tests)"
    return line


def render_intro(title: str = APP_TITLE) -> None:
    """The page title, the line saying what the map is, and what the data covers."""
    st.title(title)
    st.markdown(DESCRIPTION)
    st.caption(coverage_line(data.coverage()))


def render_no_results() -> None:
    """Say that the filters select nothing, and offer to clear them."""
    facets = data.data_facets()
    st.warning("**No incidents match these filters.** Widen the dates, remove a filter or a place search, "
               "or clear them all.", icon="🔍")
    st.button("Clear filters", key="clear_filters", type="primary", on_click=clear_filters,
              args=(facets.min_date, facets.max_date))


def frame_summary(frame: pd.DataFrame) -> SelectionSummary:
    """The SelectionSummary of rows already read (the store makes it in SQL: incidents.store.query.summarise)."""
    outlets = tally(frame, "outlets", "outlet")["outlet"]
    days = pd.to_datetime(pd.concat([frame["date"], frame["date_end"]]).dropna(), errors="coerce").dropna()
    return SelectionSummary(
        count=len(frame), synthetic=int(frame["synthetic"].sum()) if "synthetic" in frame else 0,
        outlets=tuple(sorted(outlets)), sides=(), types=(),
        first=days.min().date() if len(days) else None, last=days.max().date() if len(days) else None,
    )


def count_line(selection: pd.DataFrame | SelectionSummary) -> str:
    """"23 incidents · 4 outlets · 2016-04-02 → 2016-04-07": what the current selection holds."""
    found = frame_summary(selection) if isinstance(selection, pd.DataFrame) else selection
    n, outlets = found.count, len(found.outlets)
    line = f"{n:,} incident{'' if n == 1 else 's'} · {outlets:,} outlet{'' if outlets == 1 else 's'}"
    if found.first is not None and found.last is not None:
        line += f" · {found.first} → {found.last}"
    return line


def table_note(shown: int, total: int) -> str | None:
    """What the table says when it shows only the first rows of a bigger selection; None when it shows all.

    >>> table_note(1_000, 734_112)
    'Showing 1,000 of 734,112 incidents (the oldest first): narrow the filters, or download the selection.'
    """
    if shown >= total:
        return None
    return (f"Showing {shown:,} of {total:,} incidents (the oldest first): narrow the filters, "
            "or download the selection.")


def link_to(view: View) -> str:
    """An absolute link to this view on this page (relative when the server does not know its URL)."""
    try:
        base = st.context.url or ""
    except Exception:  # outside a browser session (tests): a relative link still works when pasted after the host
        base = ""
    return permalink(base or "/", to_params(view))


# The key of the "Copy link to this view" box (class st-key-km_copy_link): tests and tools find it by it.
COPY_LINK_KEY = "km_copy_link"


def copy_link(view: View) -> None:
    """The "Copy link to this view" control: st.code has a copy button, and shows what will be shared."""
    with st.container(key=COPY_LINK_KEY):
        st.caption("Copy link to this view: the filters, the layers, the map's position and the selected incident")
        st.code(link_to(view), language=None, wrap_lines=True)
