"""The dashboard tests' store: six incidents written in our own words.

Every filter value is known, so each filter's expected
set can be written down. One article is hostile: its title, outlet, claimant,
quote and URL carry script tags, an onerror image, a javascript: link and
Markdown, to prove the pages show them only as inert text.
"""
from __future__ import annotations

import datetime as dt

from incidents.model import Article, Claim, Incident

HOSTILE_TITLE = "<script>alert('title')</script> [click](javascript:alert(1))"
HOSTILE_OUTLET = "<img src=x onerror=alert(1)>"
HOSTILE_CLAIMANT = "**Loud** <b>Claimant</b> :red[x]"
HOSTILE_QUOTE = "<script>alert('quote')</script> ![img](http://evil.example/x.png)"


def _point(lat: float, lon: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


def _pid(name: str) -> str:
    """The gazetteer id of a place, so place search and display names work on the fixture."""
    from geo.geocode import geocode

    return geocode(name).place.id


def _incident(day, place, place_id, lat, lon, event_type, claims, killed=None, precision="point", geometry=None):
    return Incident(
        article="", date=day, date_precision="day", place=place, place_id=place_id,
        location_precision=precision, geometry=geometry or _point(lat, lon), event_type=event_type,
        claims=claims, killed=killed, summary=f"{event_type} at {place}",
    )


LACHIN_AREA = {
    "type": "Polygon",
    "coordinates": [[[46.4, 39.5], [46.7, 39.5], [46.7, 39.8], [46.4, 39.8], [46.4, 39.5]]],
}

# (article, incidents): texts are our own one-line notes, not article sentences.
FIXTURE: list[tuple[Article, list[Incident]]] = [
    (
        Article(source="one.txt", text="Fixture note one about Tartar and Martakert.", title="Fixture report one",
                outlet="Outlet One", url="https://one.example/report", published=dt.date(2016, 4, 3)),
        [
            _incident(dt.date(2016, 4, 2), "Tartar", _pid("Tartar"), 40.34, 46.93, "shelling",
                      [Claim("Azerbaijani Defence Ministry", "Azerbaijan", quote="fixture quote on Tartar", killed=2)],
                      killed=2),
            _incident(dt.date(2016, 4, 3), "Martakert", _pid("Martakert"), 40.21, 46.81, "armed clash",
                      [Claim("Armenian Defence Ministry", "Armenia", quote="fixture quote on Martakert"),
                       Claim("Azerbaijani Defence Ministry", "Azerbaijan", stance="denies", quote="fixture denial")]),
        ],
    ),
    (
        Article(source="two.txt", text="Fixture note two about Ganja and Stepanakert.", title="Fixture report two",
                outlet="Outlet Two", url="https://two.example/report", published=dt.date(2020, 10, 12)),
        [
            _incident(dt.date(2020, 10, 11), "Ganja", _pid("Ganja"), 40.68, 46.36, "missile strike",
                      [Claim("Azerbaijani Prosecutor", "Azerbaijan", quote="fixture quote on Ganja", killed=9)],
                      killed=9),
            _incident(dt.date(2020, 10, 12), "Stepanakert", _pid("Stepanakert"), 39.82, 46.75, "shelling",
                      [Claim("Karabakh Emergency Service", "Nagorno-Karabakh", quote="fixture quote on Stepanakert")]),
        ],
    ),
    (
        Article(source="three.txt", text="Fixture note three about Lachin.", title="Fixture report three",
                outlet="Outlet Three", url="https://three.example/report", published=dt.date(2022, 8, 3)),
        [
            _incident(dt.date(2022, 8, 3), "Lachin district", _pid("Lachin district"), 39.64, 46.55, "drone strike",
                      [Claim("Russian Defence Ministry", "Russia", quote="fixture quote on Lachin", killed=1)],
                      killed=1, precision="area", geometry=LACHIN_AREA),
        ],
    ),
    (
        Article(source="hostile.txt", text="Fixture note four, hostile markup, about Hadrut.", title=HOSTILE_TITLE,
                outlet=HOSTILE_OUTLET, url="javascript:alert(1)", published=dt.date(2020, 10, 20)),
        [
            _incident(dt.date(2020, 10, 20), "Hadrut", _pid("Hadrut"), 39.52, 47.03, "armed clash",
                      [Claim(HOSTILE_CLAIMANT, "Armenia", quote=HOSTILE_QUOTE)]),
        ],
    ),
]
ALL_PLACES = {"Tartar", "Martakert (Aghdara)", "Ganja", "Stepanakert (Khankendi)", "Lachin district", "Hadrut"}




def make_store(url: str) -> None:
    """Create the store at `url` and ingest FIXTURE into it (no bundled data: every row is known)."""
    from incidents.store.db import engine_from_url
    from incidents.store.ingest import ingest_article

    engine = engine_from_url(url)
    for article, found in FIXTURE:
        ingest_article(engine, article, found)
    engine.dispose()
