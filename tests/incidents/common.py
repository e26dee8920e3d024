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
