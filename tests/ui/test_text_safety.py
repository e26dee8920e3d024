"""Escaping of article text, http(s)-only links, and the one-line citation."""
from __future__ import annotations

import datetime as dt

import pytest

from ui.cite import citation, permalink
from ui.escape import md, md_link, safe_url

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![x](http://evil.example/x.png)",
    ":red[shout] **bold** `code`",
    "line one\n# heading\n- item",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_md_leaves_no_unescaped_markup(text):
    out = md(text)
    assert "\n" not in out
    for ch in "<>[]()!*`:#-":
        assert all(out[i - 1] == "\\" for i, c in enumerate(out) if c == ch), (ch, out)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://eurasianet.org/x", "https://eurasianet.org/x"),
        ("http://example.org/a?b=1", "http://example.org/a?b=1"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>", None),
        ("file:///etc/passwd", None),
        ("//evil.example/x", None),
        ("https://", None),
        ("https://ex.org/a b", None),
        ("https://ex.org/\"onmouseover=", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url_allows_only_http(url, expected):
    assert safe_url(url) == expected


@pytest.mark.parametrize(
    ("label", "url", "expected"),
    [
        ("RFE/RL", "https://rferl.org/a_(b)", "[RFE\\/RL](https://rferl.org/a_%28b%29)"),
        ("x", "javascript:alert(1)", "x"),
        ("[a](b)", "https://e.org", "[\\[a\\]\\(b\\)](https://e.org)"),
    ],
)
def test_md_link(label, url, expected):
    assert md_link(label, url) == expected


@pytest.mark.parametrize(
    ("incident", "claim", "expected"),
    [
        (
            {"event_type": "drone strike", "place": "Lachin", "date": dt.date(2022, 8, 3)},
            {"claimant": "Ministry", "side": "Azerbaijan", "outlet": "News", "published": dt.date(2022, 8, 3),
             "article_url": "https://news.example/a"},
            "Drone strike at Lachin on 2022-08-03, according to Ministry (Azerbaijan), "
            "reported by News on 2022-08-03, https://news.example/a",
        ),
        (
            {"event_type": "shelling", "place": "Tartar", "date": None},
            {"claimant": "Army\nspokes  man", "side": "unknown", "outlet": "", "article_url": "javascript:x"},
            "Shelling at Tartar on an unknown date, according to Army spokes man",
        ),
        ({"event_type": "", "place": "", "date": "2020-10-12"}, None, "Incident at an unknown place on 2020-10-12"),
    ],
)
def test_citation_is_one_attributed_line(incident, claim, expected):
    assert citation(incident, claim) == expected


@pytest.mark.parametrize(
    ("base", "params", "expected"),
    [
        ("http://localhost:8501/", {"incident": ["ab"]}, "http://localhost:8501/?incident=ab"),
        ("https://h.example/Data?old=1#x", {"side": ["Armenia", "Russia"]},
         "https://h.example/Data?side=Armenia&side=Russia"),
        ("http://h/", {"q": ["Gəncə & co"]}, "http://h/?q=G%C9%99nc%C9%99+%26+co"),
    ],
)
def test_permalink(base, params, expected):
    assert permalink(base, params) == expected
