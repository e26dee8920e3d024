"""Counts of incidents per outlet and per claimant, from the filtered frame.

The frame holds each incident's outlets and claimants as "; "-joined text (the
store's rollup), so one incident reported by two outlets counts for both.
"""
from __future__ import annotations

import pandas as pd

from incidents.store.rollup import JOIN


def tally(frame: pd.DataFrame, column: str, label: str) -> pd.DataFrame:
    """Incidents per value of a joined column, most first: columns [label, "incidents"]."""
    values = frame.get(column, pd.Series(dtype=str)).dropna().astype(str)
    exploded = values.str.split(JOIN.strip()).explode().str.strip()
    exploded = exploded[exploded != ""]
    counts = exploded.value_counts().rename_axis(label).reset_index(name="incidents")
    return counts.sort_values(["incidents", label], ascending=[False, True], ignore_index=True)
