"""A store full of hostile text, shared by the render tests and the browser test.

The hostile fixture article goes through the real pipeline (read, extract,
store): whatever of it survives extraction is what a reader would see. A
hand-built report then puts hostile text in the fields extraction takes from
the gazetteer or cleans up (place, claimant, summary), so every field the map
shows has been attacked.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.engine import Engine

from incidents.extract import extract_incidents
from incidents.model import Article, Claim, Incident
from incidents.read import read_article
from incidents.store.db import engine_from_url
from incidents.store.ingest import ingest_article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
# Every payload sets this flag if it ever runs; the browser test checks it stays unset.
PWNED_FLAG = "__pwned"
SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
IMG = "<img src=x onerror=\"window.__pwned=1;alert(1)\">"
JS_LINK = "javascript:window.__pwned=1;alert(1)"
MARKDOWN = "[click](javascript:alert(1)) **bold** <iframe src=\"javascript:alert(1)\"></iframe>"
# What must never appear unescaped in any page we render.
RAW_PAYLOADS: tuple[str, ...] = ("<script>window.__pwned", "<script>alert", "<img src=x", "<iframe src=",
                                 "<b onmouseover", 'href="javascript:', "href='javascript:", "href=javascript:",
                                 'href=\\"javascript:', "src=\\\"javascript:")
NOW = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)
# Near Tovuz, lon/lat order: where the hand-built hostile report is drawn.
HOSTILE_POINT = {"type": "Point", "coordinates": [45.6281, 40.9922]}


def hostile_report() -> tuple[Article, Incident]:
    """An article and one report whose every free-text field carries a payload.

    Dated ten days after the fixture article's event, so the store never merges the two.
    """
    article = Article(
        source=f"{SCRIPT}.md", text=f"Hand-written hostile report {SCRIPT} {IMG} {MARKDOWN}.",
        # a different URL from the fixture's: the store keys versions of an article on it
        title=f"{IMG} Title {MARKDOWN}", outlet=f"{SCRIPT}Outlet", url=JS_LINK + "//hand-built",
        published=dt.date(2020, 7, 25), published_precision="day",
    )
    claims = [
        Claim(claimant=f"{SCRIPT} Ministry {IMG}", side="Azerbaijan", quote=f"{IMG} quoted {MARKDOWN}", killed=1),
        Claim(claimant=f"Spokesman {MARKDOWN}", side="Armenia", stance="denies", quote=f"{SCRIPT} denied"),
    ]
    incident = Incident(
        article=article.id, date=dt.date(2020, 7, 25), date_precision="day", place=f"{SCRIPT}Tovuz{IMG}",
        place_id=f"hostile:{SCRIPT}", location_precision="point", geometry=HOSTILE_POINT,
        event_type="shelling", claims=claims, killed=1, summary=f"{IMG} summary {MARKDOWN}",
        title=article.title, outlet=article.outlet, url=article.url, published=article.published,
    )
    return article, incident


def build_hostile_store(path: Path) -> Engine:
    """A SQLite store at `path` holding the baseline article, the hostile fixture and the hand-built report."""
    engine = engine_from_url(f"sqlite:///{path}")
    for name in ("baseline-report.md", "hostile-report.md"):
        article = read_article(FIXTURES / name)
        ingest_article(engine, article, extract_incidents(article), now=NOW)
    article, incident = hostile_report()
    ingest_article(engine, article, [incident], now=NOW)
    return engine
