"""Article identity on SQLite and PostgreSQL: two different articles never replace each other; a new
version of one article (same URL, or same source path) replaces it and says so."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from incidents.store.identity import canonical_url, source_path
from incidents.store.ingest import ingest_article, store_counts
from incidents.store.query import Filters, query_incidents
from tests.store.common import article, incident, wire_report

# Two reports in our own words that the extractor maps (a town, an event, a day, a claimant).
SHELLING = ("---\ntitle: {title}\noutlet: Test Wire\npublished: 2020-10-04\n{url}---\n"
            "Azerbaijan's Defence Ministry said on Sunday that Armenian forces shelled the town of {town}, "
            "killing {killed} civilians.\n")


def write(path: Path, town: str, killed: int, url: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    front_url = f"url: {url}\n" if url else ""
    path.write_text(SHELLING.format(title=f"{town} report", url=front_url, town=town, killed=killed),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("url", "canonical"), [
    ("https://example.org/news/1", "https://example.org/news/1"),
    ("HTTPS://Example.ORG:443/news/1#comments", "https://example.org/news/1"),
    ("http://example.org/news/1", "https://example.org/news/1"),
    ("https://example.org/news/1?utm_source=x&id=7&fbclid=abc", "https://example.org/news/1?id=7"),
    ("https://example.org", "https://example.org/"),
    ("  https://example.org/a  ", "https://example.org/a"),
    ("https://example.org:8443/a", "https://example.org:8443/a"),
    ("javascript:alert(1)", "javascript:alert(1)"),
    ("", ""),
])
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical


@pytest.mark.parametrize(("path", "roots", "expected"), [
    ("inbox/a/report.txt", ["inbox"], "a/report.txt"),
    ("inbox/a/report.txt", ["inbox/"], "a/report.txt"),
    ("inbox/a/report.txt", ["inbox/a/report.txt"], "report.txt"),
    ("inbox/a/report.txt", ["elsewhere", "inbox"], "a/report.txt"),
    ("https://example.org/x", ["https://example.org/x"], "https://example.org/x"),
])
def test_source_path_is_relative_to_the_ingest_root(tmp_path, monkeypatch, path, roots, expected):
    monkeypatch.chdir(tmp_path)
    if not path.startswith("http"):
        (tmp_path / path).parent.mkdir(parents=True)
        (tmp_path / path).write_text("x")
        (tmp_path / "elsewhere").mkdir()
        path = Path(path)
    assert source_path(path, roots) == expected


def test_same_file_name_in_two_folders_are_two_articles(engine):
    first = article("a/report.txt", "A first account of shelling in Ganja.", "Test Wire")
    second = article("b/report.txt", "A second, different account, about Tartar.", "Test Daily")
    ingest_article(engine, first, [incident(first)])
    result = ingest_article(engine, second, [incident(second, place="Tartar")])
    assert (result.status, result.replaced) == ("new", [])
    assert store_counts(engine)["articles"] == 2
    assert set(query_incidents(engine, Filters()).place) == {"Ganja", "Tartar"}


def test_a_new_version_at_the_same_path_replaces_it_and_says_so(engine):
    art, found = wire_report()
    ingest_article(engine, art, found)
    result = ingest_article(engine, dataclasses.replace(art, text=art.text + " Updated."), found)
    assert result.status == "changed"
    assert [(r.source, r.why) for r in result.replaced] == [("wire-ganja.txt", "same source path")]
    assert store_counts(engine)["articles"] == 1


def test_two_files_sharing_a_url_are_versions_of_one_article_and_the_replacement_is_named(engine):
    url = "https://example.org/ganja-night"
    first = article("a/ganja.txt", "First text given for the Ganja URL.", "Test Wire", url=url)
    second = article("b/ganja-copy.txt", "Second, different text for the same URL.", "Test Wire",
                     url=url.replace("https", "http") + "?utm_source=feed")
    ingest_article(engine, first, [incident(first)])
    result = ingest_article(engine, second, [incident(second, claims=[])])
    assert [(r.source, r.url, r.why) for r in result.replaced] == [("a/ganja.txt", url, "same URL")]
    assert "a/ganja.txt" in result.replaced[0].text() and "same URL" in result.replaced[0].text()
    assert store_counts(engine)["articles"] == 1


def test_a_url_and_a_path_never_replace_each_other(engine):
    with_url = article("report.txt", "A report that names its URL.", "Test Wire", url="https://example.org/r")
    without = article("report.txt", "Another report, without a URL, from another folder.", "Test Daily")
    ingest_article(engine, with_url, [incident(with_url)])
    assert ingest_article(engine, without, [incident(without, place="Tartar")]).replaced == []
    assert store_counts(engine)["articles"] == 2


def test_ingest_of_two_folders_keeps_both_reports_and_reports_replacements(engine, tmp_path):
    pytest.importorskip("incidents.extract")
    from incidents.store_cli import ingest_paths

    inbox = tmp_path / "inbox"
    write(inbox / "a" / "report.txt", "Tartar", 2)
    write(inbox / "b" / "report.txt", "Barda", 3)
    first = ingest_paths(engine, [inbox])
    assert (first.new, first.changed, first.failed) == (2, 0, [])
    frame = query_incidents(engine, Filters())
    assert {"Tartar", "Barda"} <= set(frame.place), "one report overwrote the other"
    write(inbox / "a" / "report.txt", "Tartar", 4)  # a corrected version of a/report.txt
    second = ingest_paths(engine, [inbox])
    assert (second.new, second.changed, second.unchanged) == (0, 1, 1)
    assert second.replacements == ["a/report.txt replaces the earlier version of a/report.txt (same source path)"]
    assert store_counts(engine)["articles"] == 2
