"""What lies under the reference layers: the offline outline, or a tile layer where the deployment may reach one.

The outline (filled countries, borders, the line of contact and town names, all drawn from our own layers)
needs no server and is the default: newsroom networks and every test machine here block tile servers.
A deployment that can reach one lists it (ui.basemap reads the setting); the reader then picks it in the
sidebar, in the map's layer control or with `base=` in the URL (docs/permalinks.md, docs/hosting.md).
Each tile layer names its sources in the map's attribution line, as their licences require.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import folium


@dataclass(frozen=True)
class BaseMap:
    """One base map: its id (the `base` URL value), what a reader sees, and its tiles (None: no tiles)."""

    id: str
    title: str
    tiles: str | None = None
    attribution: str = ""
    max_zoom: int = 18


OUTLINE = "outline"
# Every base map the app knows, in the order the choices are offered.
BASE_MAPS: dict[str, BaseMap] = {
    OUTLINE: BaseMap(OUTLINE, "Outline (offline)"),
    "osm": BaseMap("osm", "OpenStreetMap", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                   '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors', 19),
    "terrain": BaseMap("terrain", "Terrain (OpenTopoMap)", "https://{s}.tile.opentopomap.org/{z}/{x}/{y}.png",
                       'Map data &copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
                       'contributors, SRTM · style &copy; <a href="https://opentopomap.org">OpenTopoMap</a> '
                       '(<a href="https://creativecommons.org/licenses/by-sa/3.0/">CC BY-SA</a>)', 17),
}


def base_map_choices(allowed: Sequence[str]) -> tuple[str, ...]:
    """The base maps a deployment offers: the outline and the tile layers it lists (unknown ids raise,
    naming them), the first listed first: it is the default.

    >>> base_map_choices([]), base_map_choices(["terrain", "osm"])
    (('outline',), ('terrain', 'osm', 'outline'))
    """
    unknown = [b for b in allowed if b not in BASE_MAPS]
    if unknown:
        raise ValueError(f"unknown base map(s) {', '.join(unknown)} (known: {', '.join(BASE_MAPS)})")
    return tuple(dict.fromkeys([*allowed, OUTLINE]))


def add_base_maps(m: folium.Map, choices: Sequence[str]) -> list[tuple[str, folium.map.Layer]]:
    """Add each base map as a layer the layer control switches between; (id, layer) for the engine to register.

    With the outline alone nothing is added: the reference layers are the map.
    """
    if list(choices) == [OUTLINE]:
        return []
    layers = []
    for base_id in choices:
        base = BASE_MAPS[base_id]
        if base.tiles is None:
            layer = folium.FeatureGroup(name=base.title, overlay=False, control=True, show=False)
        else:
            layer = folium.TileLayer(base.tiles, name=base.title, attr=base.attribution, max_zoom=base.max_zoom,
                                     overlay=False, control=True, show=False)
        layer.add_to(m)
        layers.append((base_id, layer))
    return layers
