"""Pure conversions between the pipeline's records and the store's rows.

Ids are hashes of the canonical record (as in sqlite-utils), so that storing
the same report twice writes the same keys and changes nothing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from typing import Any

from shapely.geometry import shape

from incidents.model import Article, Claim, Incident
from incidents.store.identity import source_key

# mean Earth radius in km, for great-circle distances between incidents
EARTH_RADIUS_KM = 6371.0088


def stable_hash(*parts: Any) -> str:
    """16 hex digits identifying the JSON form of `parts`.

    >>> stable_hash("a", 1) == stable_hash("a", 1) != stable_hash("a", 2)
    True
    """
    canonical = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def report_id(article: Article, incident: Incident) -> str:
    """The id of one incident as one article reports it.

    Keyed on the article's version key (incidents.store.identity) rather than
    its text hash, so a corrected version of an article keeps the ids (and the
    edits made to them) of the incidents it still reports.
    """
    main = incident.main_claim
    return stable_hash(
        "report",
        source_key(article),
        incident.date,
        incident.date_end,
        incident.place_id or incident.place,
        incident.event_type,
        main.claimant if main else "",
    )


def claim_id(origin_id: str, claim: Claim, occurrence: int) -> str:
    """The id of a claim: its report, who says what, and how many identical claims came before it."""
    return stable_hash("claim", origin_id, claim.claimant, claim.side, claim.stance, claim.killed, claim.injured, occurrence)


def representative_point(geometry: dict[str, Any]) -> tuple[float, float]:
    """(lat, lon) that stands for a geometry: a point itself, a line's middle, a polygon's centroid.

    >>> representative_point({"type": "LineString", "coordinates": [[46.0, 40.0], [48.0, 40.0]]})
    (40.0, 47.0)
    """
    geom = shape(geometry)
    if geom.is_empty:
        raise ValueError("empty geometry")
    if geom.geom_type in ("LineString", "MultiLineString"):
        point = geom.interpolate(0.5, normalized=True)
    elif geom.geom_type in ("Polygon", "MultiPolygon"):
        point = geom.centroid if geom.centroid.within(geom) else geom.representative_point()
    else:
        point = geom.centroid
    return (round(point.y, 6), round(point.x, 6))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km.

    >>> round(haversine_km(40.0, 46.0, 40.0, 47.0), 1)
    85.2
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def date_span(date: dt.date | None, date_end: dt.date | None) -> tuple[dt.date | None, int]:
    """(last day, length in days) of an incident; a span given backwards is an error."""
    if date is None:
        return None, 0
    last = date_end or date
    if last < date:
        raise ValueError(f"date_end {last} before date {date}")
    return last, (last - date).days


def date_gap_days(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> int:
    """Days between two inclusive date spans; 0 when they overlap.

    >>> date_gap_days((dt.date(2020, 1, 1), dt.date(2020, 1, 2)), (dt.date(2020, 1, 4), dt.date(2020, 1, 4)))
    2
    """
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def article_row(article: Article, now: dt.datetime, *, bundled: bool = False) -> dict[str, Any]:
    """The articles-table row of an article (the bundled ones keep no text)."""
    return {
        "id": article.id,
        "source_key": source_key(article),
        "source": article.source,
        "title": article.title,
        "outlet": article.outlet or None,
        "url": article.url,
        "published": article.published,
        "published_precision": article.published_precision,
        "language": article.language,
        "ingested_at": now,
        "text": "" if bundled else article.text,
        "bundled": bundled,
    }


def incident_row(rid: str, article_id: str | None, incident: Incident, origin: str = "extract") -> dict[str, Any]:
    """The incidents-table row of one report, before its denormalised columns are computed."""
    date_last, span = date_span(incident.date, incident.date_end)
    lat, lon = representative_point(incident.geometry)
    return {
        "id": rid,
        "article_id": article_id,
        "merged_into": None,
        "date": incident.date,
        "date_end": incident.date_end,
        "date_last": date_last,
        "span_days": span,
        "date_precision": incident.date_precision,
        "place": incident.place,
        "place_id": incident.place_id,
        "location_precision": incident.location_precision,
        "geometry": json.dumps(incident.geometry, separators=(",", ":")),
        "lat": lat,
        "lon": lon,
        "event_type": incident.event_type,
        "killed": incident.killed,
        "injured": incident.injured,
        "civilian": incident.civilian,
        "summary": incident.summary,
        "disputed": incident.disputed,
        "synthetic": False,
        "origin": origin,
    }


def claim_rows(origin_id: str, article_id: str | None, claims: list[Claim]) -> list[dict[str, Any]]:
    """The claims-table rows of one report, ids unique even for repeated identical claims."""
    seen: dict[tuple[Any, ...], int] = {}
    rows = []
    for position, claim in enumerate(claims):
        key = (claim.claimant, claim.side, claim.stance, claim.killed, claim.injured)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        rows.append(
            {
                "id": claim_id(origin_id, claim, occurrence),
                "incident_id": origin_id,
                "origin_id": origin_id,
                "article_id": article_id,
                "position": position,
                "claimant": claim.claimant,
                "side": claim.side,
                "stance": claim.stance,
                "quote": claim.quote,
                "start": claim.start,
                "end": claim.end,
                "killed": claim.killed,
                "injured": claim.injured,
                "wrong": False,
            }
        )
    return rows
