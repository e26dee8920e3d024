"""What a reader can download (the selection as data files, the view as an HTML snapshot), and the file names."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from incidents.snapshot import SnapshotView, render_snapshot
from incidents.store.query import Filters
from ui.params import View

# (format, button label, MIME type), in the order the buttons appear.
DOWNLOADS: tuple[tuple[str, str, str], ...] = (
    ("csv", "CSV", "text/csv"),
    ("geojson", "GeoJSON", "application/geo+json"),
    ("gpkg", "GeoPackage", "application/geopackage+sqlite3"),
    ("kml", "KML", "application/vnd.google-earth.kml+xml"),
)
# The table's columns: what a reader scans; geometry and internal flags stay in the downloads.
TABLE_COLUMNS: tuple[str, ...] = (
    "date", "date_end", "date_precision", "place", "location_precision", "event_type", "killed", "injured",
    "disputed", "claimant", "side", "claimants", "outlets", "n_reports", "review", "id",
)


def file_name(view: View, fmt: str) -> str:
    """incidents_2016-04-01_2016-04-30.csv: the date range in the name, so saved files are told apart.

    >>> file_name(View(), "kml")
    'incidents_all.kml'
    """
    span = "_".join(d.isoformat() for d in (view.start, view.end) if d) or "all"
    return f"incidents_{span}.{fmt}"


# A frame, or what reads it when called (the pages pass loaders, so no row is read before the click).
Frame = pd.DataFrame | Callable[[], pd.DataFrame]


def snapshot_view(view: View, layers: Sequence[str]) -> SnapshotView:
    """What is on screen besides the filters, for the snapshot: the map's centre and zoom, the layers shown,
    the selected incident."""
    center = (view.lat, view.lon) if view.lat is not None and view.lon is not None else None
    return SnapshotView(center=center, zoom=view.zoom, layers=tuple(layers), selected=view.incident)


def snapshot_maker(frame: Frame, claims: Frame, filters: Filters, layers: Sequence[str],
                   view: View | None = None) -> Callable[[], bytes]:
    """What "Download this view as HTML" calls when clicked: the self-contained snapshot of this frame, at the
    position, with the layers and the selected incident of `view`.

    Deferred (st.download_button accepts a callable) because it inlines Leaflet and every layer: a few
    hundred kB nobody should pay for on each rerun; for the same reason `frame` and `claims` may be
    loaders, called only then. The clock is read at click time, for the header.
    """

    def make() -> bytes:
        generated = dt.datetime.now(dt.UTC)
        rows = frame() if callable(frame) else frame
        cited = claims() if callable(claims) else claims
        return render_snapshot(rows, cited, filters, generated=generated,
                               view=snapshot_view(view or View(), layers)).encode("utf-8")

    return make


def snapshot_button(frame: Frame, claims: Frame, filters: Filters, layers: Sequence[str],
                    view: View) -> None:
    """The "Download this view as HTML" button (a file that opens offline and can be embedded)."""
    st.download_button(
        "Download this view as HTML", data=snapshot_maker(frame, claims, filters, layers, view),
        file_name=file_name(view, "html"), mime="text/html", key="download_snapshot", on_click="ignore",
        help="One self-contained file of what is on screen: the incidents, their claims, the layers, the legend, "
             "the map's position and the selected incident; no server needed.",
    )
