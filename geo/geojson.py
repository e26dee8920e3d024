"""GeoJSON geometry dicts: the one place where (lat, lon) becomes [lon, lat].

Everything outside this module speaks (lat, lon) like a reader does; GeoJSON
and shapely speak (x=lon, y=lat). Swapping in one place keeps the swap from
happening twice or never.

>>> point(40.68, 46.36)
{'type': 'Point', 'coordinates': [46.36, 40.68]}
>>> representative_point(point(40.68, 46.36))
(40.68, 46.36)
"""
from __future__ import annotations

import math
from typing import Any

Geometry = dict[str, Any]

# Mean Earth radius in km: distances here only need to be right to ~0.5 %.
EARTH_RADIUS_KM = 6371.0088

# Vertices of a circle drawn as a polygon: smooth at map zoom, few bytes.
CIRCLE_VERTICES = 48


def point(lat: float, lon: float) -> Geometry:
    """A GeoJSON Point from a latitude and longitude."""
    return {"type": "Point", "coordinates": [lon, lat]}


def line(latlons: list[tuple[float, float]]) -> Geometry:
    """A GeoJSON LineString from (lat, lon) pairs."""
    return {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in latlons]}


def circle(lat: float, lon: float, radius_km: float, vertices: int = CIRCLE_VERTICES) -> Geometry:
    """A Polygon approximating a circle of `radius_km` around (lat, lon)."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    dlon = dlat / math.cos(math.radians(lat))
    ring = [[round(lon + dlon * math.cos(a), 5), round(lat + dlat * math.sin(a), 5)]
            for a in (2 * math.pi * i / vertices for i in range(vertices))]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def _shape(geometry: Geometry) -> Any:
    from shapely.geometry import shape

    return shape(geometry)


def representative_point(geometry: Geometry) -> tuple[float, float]:
    """(lat, lon) standing for a geometry: the point itself, a line's middle, a polygon's centroid if inside it.

    A line's middle is the point halfway along it; a polygon's centroid is
    used when it falls inside (as the gold tolerances assume), otherwise a
    point guaranteed to be inside.
    """
    if geometry["type"] == "Point":
        lon, lat = geometry["coordinates"][:2]
        return (lat, lon)
    geom = _shape(geometry)
    if geom.geom_type in ("LineString", "MultiLineString"):
        if geom.geom_type == "MultiLineString":
            geom = max(geom.geoms, key=lambda g: g.length)
        mid = geom.interpolate(0.5, normalized=True)
        return (mid.y, mid.x)
    centroid = geom.centroid
    pt = centroid if geom.contains(centroid) else geom.representative_point()
    return (pt.y, pt.x)


def bounds(geometry: Geometry) -> tuple[float, float, float, float]:
    """(south, west, north, east) of a geometry: the order folium's fit_bounds pairs need."""
    if geometry["type"] == "Point":
        lon, lat = geometry["coordinates"][:2]
        return (lat, lon, lat, lon)
    west, south, east, north = _shape(geometry).bounds
    return (south, west, north, east)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
