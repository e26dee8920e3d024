"""What a correction may say: every edit from the command line or the dashboard is checked here first.

A refused correction raises `EditError`, whose message names the field (or
the incident, claim or merge) and the problem in one line, with the offending
value quoted and shortened: the CLI prints it as its one `error:` line, the
dashboard shows it to the editor. Nothing is written before the check passes.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.validation import explain_validity
from sqlalchemy.engine import Connection

from geo.user_layers import CONFLICT_BOUNDS, GEOMETRY_TYPES, REGION_BOUNDS
from incidents.model import DATE_PRECISIONS, EVENT_TYPES, LOCATION_PRECISIONS
from incidents.store.rollup import root_of

# the fields a person may correct
EDITABLE_FIELDS: tuple[str, ...] = (
    "place", "place_id", "geometry", "location_precision", "date", "date_end", "date_precision",
    "event_type", "killed", "injured", "civilian", "summary",
)
# Largest casualty figure a correction may give one incident: the whole 2020 war killed about 7,000 people
# on each side, so a larger number for one incident is a typo (or 10^30, which no database column holds).
MAX_CASUALTIES = 100_000
# Years an incident date may fall in: anything outside is a typo ("0001-01-01", "9999-12-31").
DATE_YEARS: tuple[int, int] = (1900, 2100)
# Longest place name and summary a correction may set: a name and a one-paragraph note, not a document.
MAX_PLACE_CHARS = 200
MAX_SUMMARY_CHARS = 2_000
# Longest geometry text accepted (a detailed district outline is a few hundred kB).
MAX_GEOMETRY_CHARS = 1_000_000
# Longest piece of a refused value repeated in a message.
MAX_SHOWN_CHARS = 60
# Control characters: none in a place name; a summary may hold line breaks and tabs.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_PROSE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CHOICES: dict[str, tuple[str, ...]] = {
    "event_type": EVENT_TYPES, "date_precision": DATE_PRECISIONS, "location_precision": LOCATION_PRECISIONS,
}


class EditError(ValueError):
    """A correction the store refuses; the message is one line a person can act on."""


def quoted(value: Any) -> str:
    """A value as a message quotes it: repr (so a newline cannot forge another line), shortened.

    >>> quoted("a\\nb"), quoted("x" * 100)[-5:]
    ("'a\\\\nb'", "xx...")
    """
    text = repr(value)
    return text if len(text) <= MAX_SHOWN_CHARS else text[:MAX_SHOWN_CHARS] + "..."


def visible_incident(conn: Connection, incident_id: str) -> None:
    """Refuse (EditError) an id that names no stored incident, or a report shown under another incident."""
    root = root_of(conn, incident_id)
    if root is None:
        raise EditError(f"no incident {quoted(incident_id)}")
    if root != incident_id:
        raise EditError(f"incident {quoted(incident_id)} is not visible: it is merged into {quoted(root)}")


def check_count(name: str, value: Any) -> None:
    """Refuse (EditError) a casualty figure that is not a whole number from 0 to MAX_CASUALTIES (None: not stated)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise EditError(f"{name} must be a whole number or none, not {quoted(value)}")
    if value < 0:
        raise EditError(f"{name} must be a count of 0 or more, not {value}")
    if value > MAX_CASUALTIES:
        raise EditError(f"{name} must be at most {MAX_CASUALTIES:,} for one incident, not {quoted(value)}")


def _day(name: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise EditError(f"{name} must be a day (YYYY-MM-DD) or none, not {quoted(value)}")
    if not DATE_YEARS[0] <= value.year <= DATE_YEARS[1]:
        raise EditError(f"{name} must be between {DATE_YEARS[0]} and {DATE_YEARS[1]}, not {value.isoformat()}")


def _text(name: str, value: Any, limit: int, control: re.Pattern[str]) -> None:
    if not isinstance(value, str):
        raise EditError(f"{name} must be text, not {quoted(value)}")
    if len(value) > limit:
        raise EditError(f"{name} is too long ({len(value):,} characters; at most {limit:,})")
    found = control.search(value)
    if found:
        raise EditError(f"{name} holds a control character (U+{ord(found.group()):04X})")


def check_name(name: str, value: Any, limit: int) -> None:
    """Refuse (EditError) a name (a place, a claimant) that is not text, longer than `limit` or holds a control
    character."""
    _text(name, value, limit, _CONTROL)


def parse_geometry(value: Any) -> dict[str, Any]:
    """A geometry correction as a valid GeoJSON geometry dict inside the region, or EditError saying why."""
    if isinstance(value, str):
        if len(value) > MAX_GEOMETRY_CHARS:
            raise EditError(f"geometry is too long ({len(value):,} characters; at most {MAX_GEOMETRY_CHARS:,})")
        try:
            value = json.loads(value)
        except json.JSONDecodeError as error:
            raise EditError(f"geometry is not JSON: {error}") from None
        except RecursionError:
            raise EditError("geometry is nested too deeply to be a GeoJSON geometry") from None
    if not isinstance(value, dict) or value.get("type") not in GEOMETRY_TYPES:
        kind = f"type {quoted(value.get('type'))}" if isinstance(value, dict) else f"a {type(value).__name__}"
        raise EditError(f"geometry must be a GeoJSON geometry object ({', '.join(GEOMETRY_TYPES)}), not {kind}")
    try:
        geom = shape(value)
    except (ValueError, TypeError, IndexError, KeyError, shapely.errors.ShapelyError) as error:
        raise EditError(f"invalid geometry: {str(error).strip() or type(error).__name__}") from None
    if geom.is_empty:
        raise EditError("geometry is empty")
    if not all(math.isfinite(b) for b in geom.bounds):
        raise EditError("geometry holds a coordinate that is not a finite number")
    if not geom.is_valid:
        raise EditError(f"invalid geometry: {explain_validity(geom)}")
    _inside_region(geom.bounds)
    return value


def _inside_region(bounds: tuple[float, float, float, float]) -> None:
    def within(b: tuple[float, ...], box: tuple[float, ...]) -> bool:
        return box[0] <= b[0] and box[1] <= b[1] and b[2] <= box[2] and b[3] <= box[3]

    lon_min, lat_min, lon_max, lat_max = bounds
    if not within(bounds, CONFLICT_BOUNDS) and within((lat_min, lon_min, lat_max, lon_max), CONFLICT_BOUNDS):
        raise EditError("geometry: latitude and longitude appear swapped (GeoJSON is [longitude, latitude], "
                        "e.g. [46.75, 39.82] for Stepanakert)")
    if not within(bounds, REGION_BOUNDS):
        raise EditError(f"geometry is outside the region (longitude {REGION_BOUNDS[0]:g}..{REGION_BOUNDS[2]:g}, "
                        f"latitude {REGION_BOUNDS[1]:g}..{REGION_BOUNDS[3]:g}): it spans longitude "
                        f"{lon_min:g}..{lon_max:g}, latitude {lat_min:g}..{lat_max:g}")


def gazetteer_has(place_id: str) -> bool:
    """Whether the gazetteer knows this place id (the default check of place_id corrections)."""
    from geo.gazetteer import load_gazetteer

    return place_id in load_gazetteer()


def checked_changes(current: Mapping[str, Any], changes: Mapping[str, Any],
                    known_place: Callable[[str], bool] = gazetteer_has) -> dict[str, Any]:
    """`changes` to the incident row `current`, checked; geometry text comes back as a dict.

    Raises EditError for an unknown field or type, a figure below 0 or above MAX_CASUALTIES, a day outside
    DATE_YEARS or an end before the start, a geometry that is not valid GeoJSON inside the region, a place
    id the gazetteer does not know, or text that is too long or holds control characters.
    """
    checked = dict(changes)
    for name, value in changes.items():
        if name not in EDITABLE_FIELDS:
            raise EditError(f"cannot edit {quoted(name)}; editable: {', '.join(EDITABLE_FIELDS)}")
        if name in _CHOICES and value not in _CHOICES[name]:
            raise EditError(f"{name} must be one of {', '.join(_CHOICES[name])}; not {quoted(value)}")
        if name in ("killed", "injured"):
            check_count(name, value)
        elif name in ("date", "date_end"):
            _day(name, value)
        elif name == "civilian" and value is not None and not isinstance(value, bool):
            raise EditError(f"civilian must be yes, no or none, not {quoted(value)}")
        elif name == "place":
            check_name(name, value, MAX_PLACE_CHARS)
        elif name == "summary":
            _text(name, value, MAX_SUMMARY_CHARS, _CONTROL_IN_PROSE)
        elif name == "place_id":
            check_name(name, value, MAX_PLACE_CHARS)
            if value and not known_place(value):
                raise EditError(f"unknown place_id {quoted(value)} (not in the gazetteer)")
        elif name == "geometry":
            checked[name] = parse_geometry(value)
    date = checked.get("date", current.get("date"))
    date_end = checked.get("date_end", current.get("date_end"))
    if date_end is not None and date is None:
        raise EditError("date_end needs a date")
    if date_end is not None and date_end < date:
        raise EditError(f"date_end {date_end.isoformat()} is before date {date.isoformat()}")
    return checked
