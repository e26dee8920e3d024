"""Hostile article text ingested and rendered: the map (served) and the snapshot hold it only escaped.

The browser half (no dialog, no script runs) is tests/browser/test_snapshot.py.
"""
from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from incidents.snapshot import http_url, snapshot_html
from incidents.store.query import Filters, claims_for, query_incidents
from tests.hostile.stores import IMG, RAW_PAYLOADS, SCRIPT
from webmap.build import build_map


class Tags(HTMLParser):
    """Every start tag's attributes (script and style bodies are text to this parser, as to a browser)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes += [(tag, name.lower(), value or "") for name, value in attrs]



@pytest.fixture(scope="module")
def pages(store: Engine) -> dict[str, str]:
    frame = query_incidents(store, Filters())
    served = build_map(frame, assets="served").get_root().render()
    return {"served map": served, "snapshot": snapshot_html(store, Filters())}


def test_the_hostile_text_reached_the_store(store: Engine) -> None:
    frame = query_incidents(store, Filters())
    claims = claims_for(store, frame["id"].tolist())
    assert frame["place"].str.contains("<script>", regex=False).any()
    assert claims["claimant"].str.contains("<script>", regex=False).any()
    assert claims["claimant"].str.contains("<b onmouseover", regex=False).any(), "extracted from the fixture"
    assert claims["article_title"].str.contains("<script>", regex=False).any()
    assert claims["article_url"].str.startswith("javascript:").any()


@pytest.mark.parametrize("page", ["served map", "snapshot"])
def test_payloads_appear_only_escaped(pages: dict[str, str], page: str) -> None:
    text = pages[page]
    for payload in RAW_PAYLOADS:
        assert payload not in text, f"{page} holds {payload!r} unescaped"
    assert html.escape(f"{SCRIPT}Tovuz") in text, f"{page}: the hostile place must be shown, escaped"


@pytest.mark.parametrize("page", ["served map", "snapshot"])
def test_no_event_handler_or_script_link_in_any_tag(pages: dict[str, str], page: str) -> None:
    parser = Tags()
    parser.feed(pages[page])
    handlers = [(tag, name) for tag, name, _ in parser.attributes if name.startswith("on")]
    assert handlers == []
    for tag, name, value in parser.attributes:
        if name in ("href", "src", "action", "formaction", "data"):
            assert not value.strip().lower().startswith(("javascript:", "data:text/html", "vbscript:")), (tag, value)


def test_snapshot_popups_show_every_claim_escaped_and_link_only_http(pages: dict[str, str]) -> None:
    text = pages["snapshot"]
    assert html.escape(f"{SCRIPT} Ministry {IMG}") in text, "the hostile claimant, escaped, in a popup"
    assert html.escape("Spokesman [click](javascript:alert(1)) **bold**") in text, "Markdown stays literal text"
    # popups travel as JSON inside a script, so the link's quotes are backslash-escaped
    assert 'href=\\"https://example.org/test-wire/martuni-shelling\\"' in text, "the baseline's http link is kept"
    assert "javascript:window.__pwned=1;alert(1)//hand-built</a>" not in text


URLS = [
    ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2"),
    ("http://example.org", "http://example.org"),
    ("HTTPS://EXAMPLE.ORG/x", "HTTPS://EXAMPLE.ORG/x"),
    ("javascript:alert(1)", None),
    ("JavaScript:alert(1)", None),
    (" javascript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("vbscript:msgbox(1)", None),
    ("file:///etc/passwd", None),
    ("//example.org/a", None),
    ("https:///nohost", None),
    ('https://example.org/"onmouseover="alert(1)', None),
    ("https://example.org/<script>", None),
    ("https://exa mple.org/", None),
    ("https://example.org/\nx", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("url", "link"), URLS)
def test_links_only_for_http_urls(url: str | None, link: str | None) -> None:
    assert http_url(url) == link


def test_the_snapshot_file_written_by_the_cli_matches(store: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from incidents.cli import main

    url = str(store.url)
    monkeypatch.setenv("DATABASE_URL", url)
    out = tmp_path / "map.html"
    assert main(["snapshot", "--out", str(out), "--type", "shelling"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "type: shelling" in text
    for payload in RAW_PAYLOADS:
        assert payload not in text
