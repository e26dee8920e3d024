"""Hypothesis against the readers: any bytes, any text, any front matter give an Article or a ReadError.

Never another exception: a crash in reading would stop a batch ingest or an
editor's upload with a traceback instead of a message.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from incidents.model import Article
from incidents.read import ReadError, decode, parse_html, parse_text, read_article

YAML_KEYS = st.sampled_from(["title", "outlet", "url", "published", "language", "<<", "x", "- a", "? k", "&a", "*a"])
YAML_VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["9999-12-31", "0001-01-01", "2020-02-30", "2016-04-02", "yesterday", "!!python/name:os.system",
                     "[1, 2]", "{a: 1}", "*undefined", "&anchor x", "|\n  block", "'unclosed", "\"<script>\"",
                     "null", "~", "1e400", ".nan", "2020-10-04T25:61:00", "!!binary aGVsbG8=", "!!timestamp x"]),
)
FRONT_MATTER = st.lists(st.tuples(YAML_KEYS, YAML_VALUES), max_size=6).map(
    lambda pairs: "\n".join(f"{key}: {value}" for key, value in pairs))
BODY = st.one_of(st.text(max_size=200), st.sampled_from([
    "Armenian forces shelled the town of Tartar on October 4, killing one civilian, Azerbaijan said.",
    "On December 31, 9999 the ministry said drones struck Ganja.",
    "<script>alert(1)</script> shelling in Fuzuli",
]))


def assert_article(article: Article) -> None:
    assert isinstance(article, Article)
    assert isinstance(article.title, str) and isinstance(article.outlet, str) and isinstance(article.url, str)
    assert article.published is None or isinstance(article.published, dt.date)
    assert article.text.strip()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
@example(b"---\n---\n")
@example(b"\xef\xbb\xbf---\ntitle: [\n---\nx")
def test_any_bytes_read_as_text(data: bytes) -> None:
    try:
        assert_article(parse_text(decode(data, "fuzz.md"), "fuzz.md"))
    except ReadError as error:
        assert str(error).startswith("fuzz.md: ")


@settings(max_examples=300, deadline=None)
@given(FRONT_MATTER, BODY, st.sampled_from(["\n", "\r\n"]))
def test_any_front_matter_gives_an_article_or_a_read_error(meta: str, body: str, newline: str) -> None:
    text = newline.join(["---", meta, "---", body])
    try:
        article = parse_text(text, "fuzz.md")
    except ReadError as error:
        assert str(error).startswith("fuzz.md: ")
        return
    assert_article(article)
    if article.published is not None:
        assert 1900 <= article.published.year <= 2100


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: f"<html><body><p>{t}</p>".encode())))
def test_any_bytes_read_as_html(data: bytes) -> None:
    try:
        assert_article(parse_html(data, "fuzz.html"))
    except ReadError as error:
        assert str(error).startswith("fuzz.html: ")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([".md", ".txt", ".html", ".htm", ".MD", ""]), st.binary(max_size=300))
def test_any_file_through_read_article(suffix: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            assert_article(read_article(path))
        except ReadError as error:
            assert str(error).startswith(f"{path.name}: ")
            assert folder not in str(error)
