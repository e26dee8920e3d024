"""`python -m incidents extract` and `python -m incidents evaluate`.

extract: files, folders or URLs in, incidents out on stdout as GeoJSON, JSON
lines or CSV. Every input is tried (incidents.batch): each failure is one
line on stderr, a summary line counts them, and the exit code is 1 when any
input failed, 0 when all were read (even with no incident in them).
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from incidents.batch import EXIT_FAILED, EXIT_OK, add_input_arguments, budget_from_args, known_from_args, run_batch
from incidents.extract import DEFAULT_BUDGET_S, extract_incidents
from incidents.model import Article, Incident
from incidents.read import NOTHING_KNOWN, Metadata
from incidents.sanitise import spreadsheet_cell

FORMATS: tuple[str, ...] = ("geojson", "jsonl", "csv")
# Columns of the CSV output: the flat properties; nested claims and evidence go in as JSON text.
CSV_COLUMNS: tuple[str, ...] = (
    "article", "title", "outlet", "url", "published", "date", "date_end", "date_precision", "place", "place_id",
    "location_precision", "event_type", "claimant", "claimant_side", "disputed", "killed", "injured", "civilian",
    "lon", "lat", "claims", "evidence", "summary",
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `extract` and `evaluate` sub-commands."""
    ext = subparsers.add_parser("extract", help="extract incidents from article files, folders or URLs")
    add_input_arguments(ext)
    ext.add_argument("--format", choices=FORMATS, default="geojson", help="output format (default geojson)")
    ext.add_argument("--include-background", action="store_true",
                     help="also output background items (history, truces) flagged background=true")
    ext.set_defaults(func=run_extract)

    from incidents.evaluate import register as register_evaluate

    register_evaluate(subparsers)


def run_extract(args: argparse.Namespace) -> int:
    """Entry point of `extract`: reads, extracts, writes; returns the exit code."""
    known = known_from_args(args)
    incidents, read_ok, failed = extract_paths(args.paths, sys.stderr, include_background=args.include_background,
                                               known=known, budget_s=budget_from_args(args, os.environ))
    write(incidents, args.format, sys.stdout)
    print(f"extract: {read_ok} article(s) read, {failed} failed; {len(incidents)} incident(s)", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def extract_paths(paths: Sequence[str], errors: TextIO, include_background: bool = False,
                  known: Metadata = NOTHING_KNOWN, budget_s: float | None = DEFAULT_BUDGET_S,
                  ) -> tuple[list[Incident], int, int]:
    """Incidents of every readable article under `paths`; (incidents, articles read, inputs failed)."""
    incidents: list[Incident] = []

    def extract(article: Article) -> None:
        found = extract_incidents(article, budget_s)
        incidents.extend(i for i in found if include_background or not i.background)

    result = run_batch(paths, extract, known=known, errors=errors, label="extract")
    return incidents, result.handled, len(result.failures)


def feature_collection(incidents: Iterable[Incident]) -> dict[str, Any]:
    """The incidents as one GeoJSON FeatureCollection."""
    return {"type": "FeatureCollection", "features": [i.feature() for i in incidents]}


def write(incidents: list[Incident], fmt: str, out: TextIO) -> None:
    """Render incidents in the chosen format to `out`."""
    if fmt == "geojson":
        json.dump(feature_collection(incidents), out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "jsonl":
        for incident in incidents:
            out.write(json.dumps(incident.feature(), ensure_ascii=False) + "\n")
    else:
        out.write(to_csv(incidents))


def to_csv(incidents: Iterable[Incident]) -> str:
    """One row per incident; the representative point as lon/lat, nested lists as JSON text; no cell a
    spreadsheet would run."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for incident in incidents:
        row = incident.properties()
        lon, lat = _anchor(incident.geometry)
        row.update(lon=lon, lat=lat, claims=json.dumps(row["claims"], ensure_ascii=False),
                   evidence=json.dumps(row["evidence"], ensure_ascii=False))
        writer.writerow({key: spreadsheet_cell(value) for key, value in row.items()})
    return buffer.getvalue()


def _anchor(geometry: dict[str, Any]) -> tuple[float | None, float | None]:
    """A point for a table row: the point itself, else the centroid of the shape."""
    if not geometry:
        return None, None
    if geometry.get("type") == "Point":
        lon, lat = geometry["coordinates"][:2]
        return lon, lat
    from shapely.geometry import shape

    centre = shape(geometry).representative_point() if geometry["type"].endswith("Polygon") else \
        shape(geometry).interpolate(0.5, normalized=True)
    return round(centre.x, 5), round(centre.y, 5)

