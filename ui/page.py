"""What every page does first: configure, sign-in control, sidebar, the ONE filtered frame.

Pages call `start_page` and then only render. The frame it returns is the
single source for that page's map, table, charts and downloads, so what a
reader sees and what they download cannot disagree.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ui import data
from ui.access import render_sign_in
from ui.cite import permalink
from ui.escape import md
from ui.layers import default_layer_ids, layer_ids, layer_titles
from ui.params import View, to_params
from ui.sidebar import Options, render_sidebar
from ui.tallies import tally

APP_TITLE = "Karabakh incident map"


@dataclass(frozen=True)
class PageState:
    """One run's inputs: the view from the URL and widgets, its filtered incidents, the reader's mode."""

    view: View
    frame: pd.DataFrame
    editor: bool


def start_page(page: str) -> PageState:
    """Configure the page, draw the shared sidebar, and compute the filtered frame once."""
    st.set_page_config(page_title=f"{page} · {APP_TITLE}", layout="wide")
    facets = data.data_facets()
    options = Options(
        outlets=facets.outlets,
        claimants=facets.claimants,
        min_date=facets.min_date,
        max_date=facets.max_date,
        layers=layer_ids(),
        default_layers=default_layer_ids(),
        layer_titles=layer_titles(),
    )
    view = render_sidebar(options, page)
    if view.q:
        st.sidebar.caption(md(data.place_search(view.q).message))
    editor = render_sign_in(time.monotonic())
    return PageState(view=view, frame=data.incidents(view), editor=editor)


def count_line(frame: pd.DataFrame) -> str:
    """"23 incidents · 4 outlets · 2016-04-02 → 2016-04-07": what the current selection holds."""
    n, outlets = len(frame), len(tally(frame, "outlets", "outlet"))
    line = f"{n} incident{'' if n == 1 else 's'} · {outlets} outlet{'' if outlets == 1 else 's'}"
    days = pd.to_datetime(pd.concat([frame["date"], frame["date_end"]]).dropna(), errors="coerce").dropna()
    if len(days):
        line += f" · {days.min().date()} → {days.max().date()}"
    return line


def link_to(view: View) -> str:
    """An absolute link to this view on this page (relative when the server does not know its URL)."""
    try:
        base = st.context.url or ""
    except Exception:  # outside a browser session (tests): a relative link still works when pasted after the host
        base = ""
    return permalink(base or "/", to_params(view))


def copy_link(view: View) -> None:
    """The "Copy link to this view" control: st.code has a copy button, and shows what will be shared."""
    st.caption("Copy link to this view")
    st.code(link_to(view), language=None, wrap_lines=True)
