"""Exports of a filtered selection: CSV, GeoJSON, GeoPackage, KML.

Every format is a rendering of the same two frames, `query_incidents` and
`claims_for` with the same Filters, so a download holds exactly what the
screen shows; each keeps the date and location precision and the claims.
"""
from __future__ import annotations

import io
import json
import math
import tempfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import geopandas as gpd
import pandas as pd
from shapely.geometry import shape
from sqlalchemy.engine import Engine

from incidents.sanitise import spreadsheet_cell, xml_text
from incidents.store.query import INCIDENT_COLUMNS, Filters, claims_for, query_incidents

FORMATS: tuple[str, ...] = ("csv", "geojson", "gpkg", "kml")

# the claim fields an export carries (the quote stays: it is the evidence a reader checks)
CLAIM_EXPORT_FIELDS: tuple[str, ...] = (
    "claimant", "side", "stance", "killed", "injured", "wrong", "quote",
    "outlet", "article_title", "article_url", "published",
)

# the layer name inside GeoPackage and KML files
LAYER_NAME = "incidents"


def _plain(value: Any) -> Any:
    """A JSON-ready scalar: dates as ISO text, pandas' missing values as None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def claims_by_incident(claim_frame: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """Claims grouped per incident id, each as a dict of CLAIM_EXPORT_FIELDS."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in claim_frame.to_dict("records"):
        claim = {name: _plain(record[name]) for name in CLAIM_EXPORT_FIELDS}
        grouped.setdefault(record["incident_id"], []).append(claim)
    return grouped


def records(incident_frame: pd.DataFrame, claim_frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Incidents as plain dicts with a `claims` list (geometry stays GeoJSON text)."""
    grouped = claims_by_incident(claim_frame)
    out = []
    for row in incident_frame.to_dict("records"):
        record = {key: _plain(value) for key, value in row.items()}
        record["claims"] = grouped.get(row["id"], [])
        out.append(record)
    return out


def to_csv(items: list[dict[str, Any]]) -> bytes:
    """One line per incident; claims as a JSON list in one column; no cell a spreadsheet would run."""
    rows = [{**r, "claims": json.dumps(r["claims"], ensure_ascii=False)} for r in items]
    frame = pd.DataFrame(rows, columns=[*INCIDENT_COLUMNS, "claims"])
    for column in ("killed", "injured"):  # counts stay integers when some are unknown
        frame[column] = frame[column].astype("Int64")
    for column in frame.columns:  # text cells only: numbers stay numbers
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(spreadsheet_cell)
    return frame.to_csv(index=False).encode("utf-8")


def to_geojson(items: list[dict[str, Any]]) -> bytes:
    """A FeatureCollection, one Feature per incident, claims as a list property."""
    features = [
        {"type": "Feature", "id": r["id"], "geometry": json.loads(r["geometry"]),
         "properties": {k: v for k, v in r.items() if k != "geometry"}}
        for r in items
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode("utf-8")


def to_gpkg(items: list[dict[str, Any]]) -> bytes:
    """A GeoPackage with one layer; claims as JSON text, dates as ISO text (precision columns alongside)."""
    rows = [{**{k: v for k, v in r.items() if k != "geometry"}, "claims": json.dumps(r["claims"], ensure_ascii=False)}
            for r in items]
    geometries = [shape(json.loads(r["geometry"])) for r in items]
    columns = [c for c in INCIDENT_COLUMNS if c != "geometry"] + ["claims"]
    frame = gpd.GeoDataFrame(pd.DataFrame(rows, columns=columns), geometry=geometries, crs="EPSG:4326")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.gpkg"
        frame.to_file(path, layer=LAYER_NAME, driver="GPKG", engine="pyogrio", geometry_type="Unknown")
        return path.read_bytes()


def _kml_coordinates(positions: list[list[float]]) -> str:
    return " ".join(f"{p[0]},{p[1]}" for p in positions)


def kml_geometry(geometry: dict[str, Any]) -> str:
    """KML for a GeoJSON geometry (lon,lat order, as KML wants)."""
    kind, coords = geometry["type"], geometry.get("coordinates")
    if kind == "Point":
        return f"<Point><coordinates>{coords[0]},{coords[1]}</coordinates></Point>"
    if kind == "LineString":
        return f"<LineString><coordinates>{_kml_coordinates(coords)}</coordinates></LineString>"
    if kind == "Polygon":
        outer = f"<outerBoundaryIs><LinearRing><coordinates>{_kml_coordinates(coords[0])}</coordinates></LinearRing></outerBoundaryIs>"
        inner = "".join(
            f"<innerBoundaryIs><LinearRing><coordinates>{_kml_coordinates(ring)}</coordinates></LinearRing></innerBoundaryIs>"
            for ring in coords[1:]
        )
        return f"<Polygon>{outer}{inner}</Polygon>"
    if kind.startswith("Multi"):
        part = kind[len("Multi"):]
        return "<MultiGeometry>" + "".join(kml_geometry({"type": part, "coordinates": c}) for c in coords) + "</MultiGeometry>"
    if kind == "GeometryCollection":
        return "<MultiGeometry>" + "".join(kml_geometry(g) for g in geometry["geometries"]) + "</MultiGeometry>"
    raise ValueError(f"cannot write geometry type {kind!r} as KML")


def _xml(value: object) -> str:
    """Text for an XML element or attribute: escaped (a CR as a reference, which parsers keep), without the
    characters XML cannot hold."""
    return escape(xml_text("" if value is None else str(value)), {'"': "&quot;", "\r": "&#13;"})


def _kml_placemark(r: dict[str, Any]) -> str:
    data = "".join(
        f'<Data name="{_xml(k)}"><value>{_xml(v)}</value></Data>'
        for k, v in r.items() if k not in ("geometry", "claims")
    )
    data += f'<Data name="claims"><value>{_xml(json.dumps(r["claims"], ensure_ascii=False))}</value></Data>'
    name = _xml(f"{r['date'] or 'undated'} {r['event_type']} at {r['place']}")
    description = _xml(r.get("summary") or "")
    return (f'<Placemark id="{_xml(r["id"])}"><name>{name}</name><description>{description}</description>'
            f"<ExtendedData>{data}</ExtendedData>{kml_geometry(json.loads(r['geometry']))}</Placemark>")


def to_kml(items: list[dict[str, Any]]) -> bytes:
    """A KML document for Google Earth: one Placemark per incident, every field as ExtendedData."""
    buffer = io.StringIO()
    buffer.write('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>')
    buffer.write(f"<name>{LAYER_NAME}</name>")
    for r in items:
        buffer.write(_kml_placemark(r))
    buffer.write("</Document></kml>\n")
    return buffer.getvalue().encode("utf-8")


WRITERS = {"csv": to_csv, "geojson": to_geojson, "gpkg": to_gpkg, "kml": to_kml}


def export_selection(engine: Engine, filters: Filters, fmt: str) -> bytes:
    """The incidents `query_incidents(engine, filters)` returns, with their claims, as a file in `fmt`."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    incident_frame = query_incidents(engine, filters)
    claim_frame = claims_for(engine, incident_frame["id"].tolist())
    return WRITERS[fmt](records(incident_frame, claim_frame))
