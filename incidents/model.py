"""The records that flow through the pipeline: articles, claims, incidents.

These dataclasses are the contract between reading, extraction, the store,
exports and the dashboard. They hold plain values (dates, str, GeoJSON dicts)
so that every stage can be tested without a database or a map.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

# The event taxonomy (docs/extraction.md explains each and the cue words).
EVENT_TYPES: tuple[str, ...] = (
    "armed clash",
    "shelling",
    "missile strike",
    "drone strike",
    "attack on civilians",
    "ceasefire violation",
    "casualty report",
    "threat",
    "ceasefire",
)

# Whose statement a claim is; "unknown" when the attribution names no side.
SIDES: tuple[str, ...] = ("Azerbaijan", "Armenia", "Nagorno-Karabakh", "Russia", "third party", "unknown")

# A claim either asserts the incident happened or denies it.
STANCES: tuple[str, ...] = ("asserts", "denies")

# How exactly the date is known: one day, one night (date = the evening it began),
# a span (date..date_end), a month, a year, or not at all.
DATE_PRECISIONS: tuple[str, ...] = ("day", "night", "range", "month", "year", "unknown")

# How exactly the place is known: a point (town, height), an area (district,
# region), or a line (line of contact, a border section).
LOCATION_PRECISIONS: tuple[str, ...] = ("point", "area", "line")


def normalise_text(text: str) -> str:
    """Text reduced to what identifies an article: NFC, unified newlines, no edge spaces.

    Two copies of one article that differ only in line endings or trailing
    blanks get the same id, so re-ingesting either is a no-op.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def article_id(text: str) -> str:
    """Stable id of an article: a hash of its normalised text (first 16 hex digits)."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    """One report as read from a file, a page or a URL.

    `source` is the input's file name (or URL) and is what evaluation keys on;
    `published_precision` says how exactly the publication date is known ("day",
    "year", "unknown"); `published_inferred` is set when it was read from the
    text (a page's date stamp, a copyright line) rather than stated as metadata.
    """

    source: str
    text: str
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: dt.date | None = None
    published_precision: str = "unknown"
    language: str = "en"
    published_inferred: bool = False

    @property
    def id(self) -> str:
        return article_id(self.text)


@dataclass
class Evidence:
    """A sentence supporting an incident, with character offsets into Article.text."""

    text: str
    start: int
    end: int


@dataclass
class Claim:
    """One party's statement about an incident, as reported by one outlet."""

    claimant: str
    side: str
    stance: str = "asserts"
    quote: str = ""
    start: int | None = None
    end: int | None = None
    killed: int | None = None
    injured: int | None = None


@dataclass
class Incident:
    """One event in one article: where, when, what, who says so, and the words.

    `geometry` is a GeoJSON geometry dict in lon/lat order, as precise as the
    place (Point for a town, Polygon for a district, LineString for a line).
    `background` marks history and war-wide tolls that must not be mapped.
    """

    article: str
    date: dt.date | None
    date_precision: str
    place: str
    place_id: str
    location_precision: str
    geometry: dict[str, Any]
    event_type: str
    date_end: dt.date | None = None
    claims: list[Claim] = field(default_factory=list)
    killed: int | None = None
    injured: int | None = None
    civilian: bool | None = None
    evidence: list[Evidence] = field(default_factory=list)
    background: bool = False
    summary: str = ""
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: dt.date | None = None

    @property
    def disputed(self) -> bool:
        """An incident is disputed as soon as any claim denies it."""
        return any(c.stance == "denies" for c in self.claims)

    @property
    def main_claim(self) -> Claim | None:
        """The first asserting claim: whose report this incident rests on."""
        return next((c for c in self.claims if c.stance == "asserts"), None)

    def properties(self) -> dict[str, Any]:
        """Flat JSON-ready properties, as the extract CLI and exports emit them."""
        main = self.main_claim
        return {
            "article": self.article,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": _iso(self.published),
            "date": _iso(self.date),
            "date_end": _iso(self.date_end),
            "date_precision": self.date_precision,
            "place": self.place,
            "place_id": self.place_id,
            "location_precision": self.location_precision,
            "event_type": self.event_type,
            "claimant": main.claimant if main else "",
            "claimant_side": main.side if main else "",
            "claims": [asdict(c) for c in self.claims],
            "disputed": self.disputed,
            "killed": self.killed,
            "injured": self.injured,
            "civilian": self.civilian,
            "evidence": [asdict(e) for e in self.evidence],
            "background": self.background,
            "summary": self.summary,
        }

    def feature(self) -> dict[str, Any]:
        """This incident as one GeoJSON Feature."""
        return {"type": "Feature", "geometry": self.geometry, "properties": self.properties()}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
