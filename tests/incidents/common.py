"""Shared vocabulary for the incidents tests: where the fixture articles are, and small helpers."""
from __future__ import annotations

from pathlib import Path

from incidents.extract import extract_incidents
from incidents.model import Incident
from incidents.read import read_article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


def fixture_incidents(name: str, background: bool = False) -> list[Incident]:
    """Incidents extracted from one fixture article (background ones left out unless asked)."""
    found = extract_incidents(read_article(FIXTURES / name))
    return [i for i in found if background or not i.background]


def by_place(incidents: list[Incident], fragment: str) -> list[Incident]:
    """Incidents whose place display name contains `fragment`."""
    return [i for i in incidents if fragment.lower() in i.place.lower()]


def extract_text(text: str, published: str | None = "2021-06-16", outlet: str = "", url: str = "") -> list[Incident]:
    """Mapped incidents of a text written for a test (publication day, outlet and URL as given)."""
    import datetime as dt

    from incidents.model import Article

    day = dt.date.fromisoformat(published) if published else None
    article = Article("test.txt", text, outlet=outlet, url=url, published=day,
                      published_precision="day" if day else "unknown")
    return [i for i in extract_incidents(article) if not i.background]


def one_at(incidents: list[Incident], fragment: str) -> Incident:
    """The single incident whose place contains `fragment` (fails when there are none or several)."""
    found = by_place(incidents, fragment)
    assert len(found) == 1, [(i.place, i.date) for i in incidents]
    return found[0]
