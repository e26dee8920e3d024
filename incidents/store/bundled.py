"""The reviewed incidents shipped in data/bundled/, loaded into an empty store on first run.

The bundle holds citations and our own one-line summaries, never article
text. Geometry comes from the gazetteer once, at review time
(`python -m incidents.store.bundled --refresh-places`), so a fresh machine
shows real incidents without building the gazetteer first.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from incidents.model import DATE_PRECISIONS, EVENT_TYPES, SIDES, STANCES, Article, Claim, Incident
from incidents.store.db import ROOT, writing
from incidents.store.ingest import store_article
from incidents.store.schema import articles, incidents

BUNDLE_PATH = ROOT / "data" / "bundled" / "reviewed.json"


class BundleError(ValueError):
    """A bundle file that cannot be loaded; the message names the file, the record and the problem."""


def _check(path: Path, where: str, condition: bool, problem: str) -> None:
    if not condition:
        raise BundleError(f"{path}: {where}: {problem}")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class BundledArticle(Article):
    """An article known by its citation and text hash only (the text is not ours to ship)."""

    bundled_id: str = ""

    @property
    def id(self) -> str:
        return self.bundled_id


def _incident(path: Path, n: int, record: dict[str, Any]) -> Incident:
    where = f"incident {n} ({record.get('place')}, {record.get('date')})"
    _check(path, where, record.get("event_type") in EVENT_TYPES, f"unknown event_type {record.get('event_type')!r}")
    _check(path, where, record.get("date_precision") in DATE_PRECISIONS, "unknown date_precision")
    _check(path, where, "geometry" in record and "place_id" in record, "no geometry: run --refresh-places")
    claims = []
    for claim in record.get("claims", []):
        _check(path, where, claim.get("side") in SIDES and claim.get("stance", "asserts") in STANCES,
               f"bad side or stance in claim {claim}")
        claims.append(Claim(claimant=claim["claimant"], side=claim["side"], stance=claim.get("stance", "asserts"),
                            killed=claim.get("killed"), injured=claim.get("injured")))
    return Incident(
        article=record["article"], date=_date(record["date"]), date_end=_date(record.get("date_end")),
        date_precision=record["date_precision"], place=record["place_name"], place_id=record["place_id"],
        location_precision=record["location_precision"], geometry=record["geometry"],
        event_type=record["event_type"], claims=claims, killed=record.get("killed"),
        injured=record.get("injured"), civilian=record.get("civilian"), summary=record["summary"],
    )


def read_bundle(path: Path = BUNDLE_PATH) -> list[tuple[Article, list[Incident]]]:
    """The bundled articles with their reviewed incidents; a malformed file raises BundleError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise BundleError(f"{path}: cannot read: {error}") from error
    by_id: dict[str, tuple[Article, list[Incident]]] = {}
    for record in data.get("articles", []):
        art = BundledArticle(source=record["source"], text="", title=record["title"], outlet=record["outlet"],
                             url=record.get("url", ""), published=_date(record.get("published")),
                             published_precision="day" if record.get("published") else "unknown",
                             language=record.get("language", "en"))
        art.bundled_id = record["id"]
        by_id[record["id"]] = (art, [])
    for n, record in enumerate(data.get("incidents", [])):
        _check(path, f"incident {n}", record.get("article") in by_id, f"unknown article {record.get('article')!r}")
        by_id[record["article"]][1].append(_incident(path, n, record))
    return list(by_id.values())


def _holds_only_bundle(conn: Connection) -> bool:
    """Whether the store holds nothing but bundled articles and their incidents (or nothing at all)."""
    own = sa.select(articles.c.id).where(sa.not_(articles.c.bundled)).limit(1)
    synthetic = sa.select(incidents.c.id).where(incidents.c.article_id.is_(None), incidents.c.origin != "split").limit(1)
    return conn.execute(own).first() is None and conn.execute(synthetic).first() is None


def _missing(conn: Connection, wanted: list[str]) -> set[str]:
    return set(wanted) - set(conn.execute(sa.select(articles.c.id).where(articles.c.id.in_(wanted))).scalars())


def load_bundled_if_empty(engine: Engine, path: Path = BUNDLE_PATH, now: dt.datetime | None = None) -> int:
    """Complete the bundle in a store that holds nothing else; returns the articles loaded.

    The whole bundle goes in one write transaction, so a crash or a kill during the first open leaves the
    store empty, and the next open loads it all. A store that some older version left with part of the
    bundle, and nothing else, is completed the same way (articles already there are unchanged). A store
    holding anything besides the bundle (ingested articles, synthetic rows) is never touched.
    """
    with engine.connect() as conn:
        if not _holds_only_bundle(conn):
            return 0
    bundle = read_bundle(path)
    wanted = [art.id for art, _ in bundle]
    with engine.connect() as conn:
        if not _missing(conn, wanted):
            return 0
    with writing(engine) as conn:
        if not _holds_only_bundle(conn) or not _missing(conn, wanted):
            return 0  # another process loaded it (or ingested something) while this one waited
        return sum(store_article(conn, art, found, bundled=True, now=now).status != "unchanged"
                   for art, found in bundle)


def refresh_places(path: Path = BUNDLE_PATH) -> None:
    """Fill place_id, place_name, location_precision and geometry of every bundled incident from the gazetteer."""
    from geo.geocode import geocode

    data = json.loads(path.read_text(encoding="utf-8"))
    for record in data["incidents"]:
        result = geocode(record["place"])
        if result.place is None:
            raise BundleError(f"{path}: place {record['place']!r} not in the gazetteer ({result.reason})")
        record |= {"place_id": result.place.id, "place_name": result.place.display_name,
                   "location_precision": result.place.precision, "geometry": result.place.geometry()}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="Maintain the bundled reviewed incidents.")
    parser.add_argument("--refresh-places", action="store_true", help="re-resolve places through the gazetteer")
    args = parser.parse_args()
    if args.refresh_places:
        refresh_places()


if __name__ == "__main__":
    main()
