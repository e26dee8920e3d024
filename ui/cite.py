""""Cite this incident": a one-line sourcing text and a permalink.

Journalists paste this into copy or notes, so it names whose claim it is and
where it was reported, never presenting a claim as established fact. Pure
functions: the page passes in the incident row, its claims and the app's URL.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from ui.escape import safe_url


def permalink(base_url: str, params: Mapping[str, Sequence[str]]) -> str:
    """`base_url` (its own query and fragment dropped) with `params` as the query string.

    >>> permalink("http://localhost:8501/Data?x=1", {"incident": ["ab12"]})
    'http://localhost:8501/Data?incident=ab12'
    """
    scheme, netloc, path, _, _ = urlsplit(base_url)
    return urlunsplit((scheme, netloc, path, urlencode(params, doseq=True), ""))


def citation(incident: Mapping[str, Any], claim: Mapping[str, Any] | None) -> str:
    """One line: what, where, when, according to whom, reported by which outlet, when, at which URL.

    >>> citation({"event_type": "shelling", "place": "Tartar", "date": "2016-04-02"},
    ...          {"claimant": "Defence Ministry", "side": "Azerbaijan", "outlet": "Eurasianet",
    ...           "published": "2016-04-05", "article_url": "https://example.org/a"})
    'Shelling at Tartar on 2016-04-02, according to Defence Ministry (Azerbaijan), reported by Eurasianet on 2016-04-05, https://example.org/a'
    """
    what = str(incident.get("event_type") or "incident").capitalize()
    parts = [f"{what} at {_clean(incident.get('place')) or 'an unknown place'} on {_day(incident.get('date'))}"]
    if claim:
        who = _clean(claim.get("claimant")) or "an unnamed source"
        side = _clean(claim.get("side"))
        parts.append(f"according to {who}" + (f" ({side})" if side and side != "unknown" else ""))
        outlet = _clean(claim.get("outlet"))
        if outlet:
            published = claim.get("published")
            parts.append(f"reported by {outlet}" + (f" on {_day(published)}" if published else ""))
        url = safe_url(claim.get("article_url") or claim.get("url"))
        if url:
            parts.append(url)
    return ", ".join(parts)


def _clean(value: object) -> str:
    """One line of text: no line breaks or runs of spaces (a citation must paste as one line)."""
    return " ".join(str(value or "").split())


def _day(value: object) -> str:
    """An ISO day from a date, a timestamp or a string."""
    if value is None or value != value:  # None or NaN/NaT
        return "an unknown date"
    iso = getattr(value, "isoformat", None)
    return (iso() if iso else str(value))[:10]
