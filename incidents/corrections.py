"""What an editor's typed corrections mean for an incident: a place in any spelling becomes its gazetteer id,
geometry and precision. Shared by the command line and the dashboard's forms, so both place a corrected
incident the same way, as precisely as the gazetteer knows the place.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from geo.geocode import GeocodeResult, geocode


class PlaceNotFound(ValueError):
    """A typed place the gazetteer does not know (or cannot tell apart); the message says which and why."""


def place_fields(name: str, locate: Callable[[str], GeocodeResult] = geocode) -> dict[str, Any]:
    """The incident fields of a place typed in any spelling: place, place_id, geometry, location_precision.

    >>> place_fields("Gəncə")["place"]
    'Ganja'
    """
    found = locate(name.strip())
    if found.place is None:
        raise PlaceNotFound(f"place {name!r} not found ({found.reason})")
    return {"place": found.place.display_name, "place_id": found.place.id, "geometry": found.place.geometry(),
            "location_precision": found.place.precision}
