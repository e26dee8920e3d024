"""A shared vocabulary for the store tests: named places, articles in our own words, incident builders.

The articles here are invented sentences about real places (no corpus text);
only their outlets, dates and places matter to the store.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from incidents.model import Article, Claim, Incident

# GeoJSON geometries in lon/lat order
GANJA = {"type": "Point", "coordinates": [46.3606, 40.6828]}
GANJA_EDGE = {"type": "Point", "coordinates": [46.3850, 40.6950]}  # about 2.4 km from GANJA: one event
TARTAR = {"type": "Point", "coordinates": [46.9300, 40.3400]}  # far from Ganja: another event
STEPANAKERT = {"type": "Point", "coordinates": [46.7528, 39.8177]}
HADRUT = {"type": "Point", "coordinates": [47.0283, 39.5199]}
LINE = {"type": "LineString", "coordinates": [[47.319, 39.428], [47.153, 40.022], [46.727, 40.413]]}
AREA = {"type": "Polygon", "coordinates": [[[46.3, 39.4], [47.2, 39.4], [47.2, 40.3], [46.3, 40.3], [46.3, 39.4]]]}

PLACES: dict[str, tuple[str, dict[str, Any], str]] = {
    # name: (place id, geometry, location precision)
    "Ganja": ("test:ganja", GANJA, "point"),
    "Ganja outskirts": ("test:ganja-edge", GANJA_EDGE, "point"),
    "Tartar": ("test:tartar", TARTAR, "point"),
    "Stepanakert": ("test:stepanakert", STEPANAKERT, "point"),
    "Hadrut": ("test:hadrut", HADRUT, "point"),
    "Line of contact": ("test:loc", LINE, "line"),
    "Karabakh": ("test:karabakh", AREA, "area"),
}

OCT_11 = dt.date(2020, 10, 11)

# Two outlets describing one night of shelling in their own (our own) words.
WIRE_TEXT = ("A wire service reports that rockets struck residential streets of Ganja before dawn on Sunday. "
             "Officials in Baku counted nine dead and thirty-four hurt; Yerevan rejected any part in it.")
PAPER_TEXT = ("A daily paper writes that the city of Ganja came under fire early on Sunday morning, "
              "citing the prosecutor's office in Baku, which blamed Armenian artillery.")


def article(source: str, text: str, outlet: str, published: dt.date = OCT_11, url: str = "") -> Article:
    return Article(source=source, text=text, title=f"{outlet}: report", outlet=outlet, url=url,
                   published=published, published_precision="day")


def incident(art: Article, place: str = "Ganja", date: dt.date = OCT_11, event_type: str = "shelling",
             claims: list[Claim] | None = None, **fields: Any) -> Incident:
    place_id, geometry, precision = PLACES[place]
    return Incident(article=art.id, date=date, date_precision=fields.pop("date_precision", "day"), place=place,
                    place_id=place_id, location_precision=precision, geometry=geometry, event_type=event_type,
                    claims=claims if claims is not None else [Claim("Azerbaijan Defence Ministry", "Azerbaijan")],
                    outlet=art.outlet, **fields)


def wire_report() -> tuple[Article, list[Incident]]:
    """The wire's Ganja report: Baku asserts, Yerevan denies."""
    art = article("wire-ganja.txt", WIRE_TEXT, "Test Wire")
    claims = [Claim("Azerbaijan Defence Ministry", "Azerbaijan", killed=9, injured=34),
              Claim("Armenian Defence Ministry", "Armenia", stance="denies")]
    return art, [incident(art, claims=claims, killed=9, injured=34, summary="Night rocket fire on Ganja.")]


def paper_report(place: str = "Ganja outskirts", date: dt.date = OCT_11) -> tuple[Article, list[Incident]]:
    """The paper's report of the same night, placed a little off the city centre."""
    art = article("paper-ganja.txt", PAPER_TEXT, "Test Daily")
    claims = [Claim("Azerbaijan Prosecutor-General", "Azerbaijan")]
    return art, [incident(art, place=place, date=date, event_type="missile strike", claims=claims)]
