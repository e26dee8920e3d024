"""The curated gazetteer supplement (data/gazetteer_supplement.csv): reading and checking it.

The supplement adds what GeoNames lacks (Hadrut, heights, districts, the line
of contact) and corrects what it gets wrong for this conflict (which place
"Nakhchivan" means, the neutral canonical name, the contested other name).
Each row cites where its coordinates come from.
"""
from __future__ import annotations

import csv
from pathlib import Path

COLUMNS = ("id", "name", "kind", "country", "parent", "lat", "lon", "names", "other_name", "population",
           "geometry", "radius_km", "approximate", "source")

KINDS = ("city", "town", "village", "height", "district", "province", "region", "country", "line")


def _check_row(path: Path, line: int, row: dict[str, str]) -> None:
    where = f"{path}:{line}"
    if not row["id"] or ":" not in row["id"]:
        raise ValueError(f"{where}: id {row['id']!r} must look like 'sup:hadrut' or 'gn:586523'")
    if row["kind"] and row["kind"] not in KINDS:
        raise ValueError(f"{where}: kind {row['kind']!r} is not one of {', '.join(KINDS)}")
    if not row["source"]:
        raise ValueError(f"{where}: {row['id']} does not cite where its coordinates come from")
    if not row["id"].startswith("gn:"):
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError as exc:
            raise ValueError(f"{where}: {row['id']} needs numeric lat and lon") from exc
        if not (36.0 <= lat <= 44.0 and 42.0 <= lon <= 52.0):
            raise ValueError(f"{where}: {row['id']} lat/lon {lat}, {lon} lies outside the region (swapped?)")


def read_supplement(path: Path) -> list[dict[str, str]]:
    """The supplement's rows as dicts, checked; a bad row raises ValueError naming file and line."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = set(COLUMNS) - set(reader.fieldnames or ())
            if missing:
                raise ValueError(f"{path}: missing columns {', '.join(sorted(missing))}")
            rows = []
            for line, row in enumerate(reader, start=2):
                row = {k: (v or "").strip() for k, v in row.items() if k}
                _check_row(path, line, row)
                rows.append(row)
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the gazetteer supplement ({exc})") from exc
    ids = [r["id"] for r in rows]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ValueError(f"{path}: duplicate ids {', '.join(sorted(dupes))}")
    return rows
