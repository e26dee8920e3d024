"""Contested places named both ways: "Stepanakert (Khankendi)", "Martakert (Aghdara)".

The store keeps the place as the report wrote it; readers on either side must
recognise it, so the page shows the gazetteer's display name (canonical name
with the other name beside it) wherever the place has one.
"""
from __future__ import annotations

import pandas as pd

from geo.gazetteer import Gazetteer


def with_display_names(frame: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    """A copy of `frame` whose `place` carries the other name for contested places (by place_id)."""
    if frame.empty:
        return frame
    out = frame.copy()
    out["place"] = [display_place(place, pid, gazetteer) for place, pid in zip(out["place"], out["place_id"], strict=True)]
    return out


def display_place(place: str, place_id: str, gazetteer: Gazetteer) -> str:
    """The gazetteer's display name for a contested place (whichever name the report used), else as stored."""
    if place_id and place_id in gazetteer:
        known = gazetteer.get(place_id)
        if known.other_name:
            return known.display_name
    return place
