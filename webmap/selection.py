"""Which incident the reader clicked, from what streamlit-folium returns.

The incident layer (incident_layer.js) makes every click on an incident, at
every rendering level, report the incident twice: as the clicked GeoJSON
feature (`last_active_drawing`, properties.id) and as a hidden
"[incident:ID]" at the end of the tooltip (`last_object_clicked_tooltip`;
also looked for in `last_object_clicked_popup`). The dashboard may ask for any
of these in `returned_objects`; this module reads whichever came back.
"""
from __future__ import annotations

import html
import re
from typing import Any

# The marker incident_layer.js puts in every incident's tooltip (ids are hashes or slugs; no spaces or brackets).
ID_TOKEN = re.compile(r"\[incident:([^\]\s]{1,200})\]")


def _from_feature(feature: Any) -> str | None:
    if not isinstance(feature, dict):
        return None
    props = feature.get("properties")
    if not isinstance(props, dict) or props.get("kind", "incident") != "incident":
        return None
    value = props.get("id")
    return html.unescape(value) if isinstance(value, str) and value else None


def _from_text(text: Any) -> str | None:
    if not isinstance(text, str):
        return None
    found = ID_TOKEN.findall(text)
    return html.unescape(found[-1]) if found else None


def clicked_incident_id(returned: dict[str, Any] | None) -> str | None:
    """The id of the incident last clicked, or None (no click yet, a click on a layer or a cell).

    The clicked feature wins when it was returned: it is what this click hit.
    Otherwise the tooltip, then the popup.

    >>> clicked_incident_id({"last_object_clicked_tooltip": "2016-04-02 · Talish [incident:ab12]"})
    'ab12'
    """
    if not isinstance(returned, dict):
        return None
    if "last_active_drawing" in returned and returned["last_active_drawing"] is not None:
        return _from_feature(returned["last_active_drawing"])
    return _from_text(returned.get("last_object_clicked_tooltip")) or _from_text(returned.get("last_object_clicked_popup"))
