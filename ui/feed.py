"""The incident list beside the map: the filtered incidents newest first, a page at a time, linked to the map.

Each row reads date · place · type · claimant · sources. Picking a row selects the incident (the map
highlights it and pans to it if it is out of view); picking an incident on the map pages the list to it
and highlights its row, scrolled into view. The list reads the same filters as the map, a page at a time,
so it costs the same at six incidents and at a million.
"""
from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from ui import data, mapstate
from ui.badges import badge_text
from ui.escape import md
from ui.params import View

K_PAGE = "_list_page"  # (the filtering view, page number): a new selection of incidents starts at page 0
# Height of the list's scrolling box in pixels: about five rows, under the details beside the map.
LIST_HEIGHT_PX = 210
# Key prefixes of the rows' buttons: the selected row's differs, so the page can find and scroll to it.
ROW_KEY, SELECTED_ROW_KEY = "list_row_", "list_selected_"


def _day(value: object) -> str:
    return "undated" if value is None or value != value else str(value)[:10]


def row_label(row: Mapping[str, Any]) -> str:
    """One incident as a list row: "2020-10-11 · Ganja · missile strike · Azerbaijani Prosecutor · 2 sources"."""
    reports = int(row.get("n_reports") or 1)
    outlets = str(row.get("outlets") or "").strip()
    sources = f"{reports} sources" if reports > 1 else (outlets or "1 source")
    parts = [_day(row.get("date")), row.get("place") or "unknown place", row.get("event_type") or "incident",
             row.get("claimant") or "no claimant named", sources]
    extra = badge_text(row)
    return " · ".join(md(part) for part in parts) + (f" · *{md(extra)}*" if extra else "")


def _page(filtering: View, selected: str | None, pages: int) -> int:
    """The page to show: the selected incident's when the map just picked it, else where the reader was."""
    kept = st.session_state.get(K_PAGE)
    page = kept[1] if kept and kept[0] == filtering else 0
    follow = st.session_state.pop(mapstate.K_FOLLOW, None)
    if follow and follow == selected:
        position = data.feed_position(filtering, follow)
        if position is not None:
            page = position // data.FEED_PAGE_ROWS
    page = min(max(page, 0), max(pages - 1, 0))
    st.session_state[K_PAGE] = (filtering, page)
    return page


def _turn(filtering: View, page: int) -> None:
    st.session_state[K_PAGE] = (filtering, page)


def _pick(incident: str, lat: float | None, lon: float | None) -> None:
    """Callback of a row: select it, and have the map bring it into view (when it has a place)."""
    mapstate.select(incident, bring_into_view=None if lat is None or lon is None else (lat, lon))


def render_list(filtering: View, selected: str | None, total: int) -> None:
    """The list of the `total` incidents `filtering` selects, newest first, `selected` highlighted."""
    pages = max(math.ceil(total / data.FEED_PAGE_ROWS), 1)
    page = _page(filtering, selected, pages)
    rows = data.feed_page(filtering, page)
    first = page * data.FEED_PAGE_ROWS
    st.markdown(f"**Incidents, newest first** · {first + 1 if total else 0:,}–{first + len(rows):,} of {total:,}")
    with st.container(height=LIST_HEIGHT_PX, key="km_list"):
        if rows.empty:
            st.caption("No incident on this page.")
        for row in rows.to_dict("records"):
            _row(row, row["id"] == selected)
    newer, where, older = st.columns([1, 2, 1], vertical_alignment="center")
    newer.button("← Newer", key="list_newer", disabled=page == 0, on_click=_turn, args=(filtering, page - 1),
                 width="stretch")
    where.caption(f"Page {page + 1:,} of {pages:,}")
    older.button("Older →", key="list_older", disabled=page >= pages - 1, on_click=_turn,
                 args=(filtering, page + 1), width="stretch")
    if selected and selected in set(rows["id"]):
        _scroll_to_selected(selected)


def _row(row: Mapping[str, Any], selected: bool) -> None:
    lat, lon = (None if pd.isna(row.get(k)) else float(row[k]) for k in ("lat", "lon"))
    st.button(row_label(row), key=f"{SELECTED_ROW_KEY if selected else ROW_KEY}{row['id']}",
              type="primary" if selected else "tertiary", width="stretch", on_click=_pick, args=(row["id"], lat, lon))


def _scroll_to_selected(incident: str) -> None:
    """Scroll the list's box (not the page) so the selected row shows; re-run whenever the selection changes."""
    st.html(f"""<script>
(() => {{ /* {json.dumps(incident)} */
  const row = document.querySelector('[class*="st-key-{SELECTED_ROW_KEY}"]');
  const list = row && row.closest('.st-key-km_list');
  let box = row && row.parentElement;
  while (box && box !== list && !(box.scrollHeight > box.clientHeight + 1)) box = box.parentElement;
  if (!row || !box) return;
  const top = row.getBoundingClientRect().top - box.getBoundingClientRect().top;
  if (top < 0 || top > box.clientHeight - row.offsetHeight) box.scrollTop += top - box.clientHeight / 3;
}})();
</script>""", unsafe_allow_javascript=True)
