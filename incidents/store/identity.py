"""Which stored article a new one is: the same article, a new version of it, or a different article.

An article *is* its text: its id is the hash of the normalised text
(incidents.model.article_id), so the same text read twice, from any folder or
with other line endings, is one article and changes nothing.

A new text is a new *version* of a stored article when both carry the same
canonical URL, or, for articles without a URL, when both were read from the
same source path (the path relative to the folder given to ingest, so
`a/report.txt` and `b/report.txt` are different articles). The new version
replaces the old one and the ingest result names what it replaced. The
version key (URL, else source path) is the articles table's `source_key`;
report ids hash it, so a new version keeps the ids, and the edits, of the
incidents it still reports.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from incidents.errors import text_name
from incidents.model import Article

# Query parameters that say how a reader arrived, not which article it is (campaign and click trackers).
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid"})
TRACKING_PREFIXES = ("utm_",)
# Ports that a URL may name or leave out, to the same effect.
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """The form of a web address that identifies an article: https, lower-case host, no default port, no
    fragment, no tracking parameters. Anything that is not an http(s) URL is returned stripped, as it is.

    >>> canonical_url("HTTP://News.Example.org:80/a?utm_source=x&id=2#top")
    'https://news.example.org/a?id=2'
    """
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname:
        return text
    try:
        port = parts.port
    except ValueError:  # a port that is no number: not a URL we can normalise
        return text
    host = parts.hostname + (f":{port}" if port and port != DEFAULT_PORTS[parts.scheme.lower()] else "")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in TRACKING_PARAMETERS and not k.lower().startswith(TRACKING_PREFIXES)]
    return urlunsplit(("https", host, parts.path or "/", urlencode(query), ""))


def source_key(article: Article) -> str:
    """The version key of an article: its canonical URL, else the source path it was read from."""
    return canonical_url(article.url) if article.url.strip() else article.source


def version_keys(article: Article) -> list[str]:
    """The keys a stored older version of `article` may carry: the version key, and for a URL the URL as
    given (stores written before URLs were made canonical keyed on it)."""
    keys = [source_key(article)]
    if article.url.strip() and article.url not in keys:
        keys.append(article.url)
    return keys


def source_path(path: str | Path, roots: Sequence[str | Path]) -> str:
    """Where an input came from, as the store records it: a URL as given; a file as its path relative to the
    first folder in `roots` that holds it (POSIX separators), else its file name; bytes that are not UTF-8
    become "\ufffd" (incidents.errors.text_name), so the path can be stored.

    Relative to the folder given, not to the machine: the same folder ingested from another working directory
    or machine gives the same source paths.
    """
    if isinstance(path, str) and "://" in path:
        return path
    where = os.path.abspath(path)
    for root in roots:
        if isinstance(root, str) and "://" in root:
            continue
        top = os.path.abspath(root)
        if os.path.isdir(top) and where.startswith(top.rstrip(os.sep) + os.sep):
            return text_name(Path(os.path.relpath(where, top)).as_posix())
    return text_name(Path(where).name)

