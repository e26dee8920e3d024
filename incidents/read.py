"""Reading articles from disk: Markdown/text with YAML front matter, plain text, saved HTML.

Every failure is a ReadError naming the file and the reason, and
`read_articles` turns failures into values, so one bad file in a folder of
hundreds never stops a batch. Front matter is parsed with yaml.safe_load:
an article is untrusted input and must not be able to build Python objects.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from incidents.model import Article

# Files larger than this are not news articles (a dump, a video, a mistake); refuse them.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
# Extensions read when a folder is given; anything else in it is ignored.
ARTICLE_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES: tuple[str, ...] = (".html", ".htm")
# Share of control characters above which a "text" file is really binary.
MAX_CONTROL_SHARE = 0.05

# the YAML block may be empty ("---" directly followed by "---")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?:(?P<yaml>.*?)\r?\n)??(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
COPYRIGHT_YEAR = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\(c\)\s*)?(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
FULL_DATE = re.compile(
    r"\b(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+(?P<day>\d{1,2}),\s+(?P<year>(?:19|20)\d\d)\b"
    r"|\b(?P<iso>(?:19|20)\d\d-\d\d-\d\d)\b"
)
FIELDS: tuple[str, ...] = ("title", "outlet", "url", "published", "language")
# Longest front-matter value per field: the store's column widths (PostgreSQL enforces them; a URL
# is also the article's source_key, 1000 wide),
# and a title longer than a paragraph is an attack on every popup, not a headline.
MAX_FIELD_CHARS: dict[str, int] = {"title": 1000, "outlet": 200, "url": 1000, "language": 16}
# Publication years we believe: a date outside them (9999-12-31, 0001-01-01) is a typo or an
# attack, and would push every relative date in the text off the calendar.
PUBLISHED_YEARS: tuple[int, int] = (1900, 2100)


class ReadError(Exception):
    """An article that cannot be read; the message names the file and the reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


def read_article(path: str | Path) -> Article:
    """One article from a .md/.txt (front matter optional) or a saved .html/.htm page."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ReadError(name, f"too large ({size} bytes; limit {MAX_ARTICLE_BYTES})")
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(name, f"cannot open ({exc.strerror or exc})") from exc
    if path.suffix.lower() in HTML_SUFFIXES:
        return parse_html(data, name)
    return parse_text(decode(data, name), name)


def read_articles(sources: Iterable[str | Path]) -> Iterator[tuple[Path | str, Article | ReadError]]:
    """(source, article or error) for every article under the given files, folders and URLs."""
    for source in article_sources(sources):
        try:
            yield source, read_source(source)
        except ReadError as exc:
            yield source, exc


def read_source(source: str | Path) -> Article:
    """One article from a file path, or from an http(s) URL fetched with incidents.fetch's safeguards."""
    if isinstance(source, str) and is_url(source):
        from incidents.fetch import fetch_article  # late: fetch builds on this module's HTML parser

        return fetch_article(source)
    return read_article(source)


def is_url(source: str | Path) -> bool:
    """Whether a command-line source names a web page rather than a file."""
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


def article_sources(sources: Iterable[str | Path]) -> Iterator[Path | str]:
    """URLs as given, files as given, and folders expanded recursively to their article files, sorted."""
    for raw in sources:
        if is_url(raw):
            yield str(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
        else:
            yield path


def decode(data: bytes, source: str) -> str:
    """UTF-8 text of a file, refusing empty, binary and non-UTF-8 content with a clear reason."""
    if not data.strip():
        raise ReadError(source, "empty file")
    if b"\x00" in data:
        raise ReadError(source, "binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(source, f"not UTF-8 text (bad byte at offset {exc.start})") from exc
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > MAX_CONTROL_SHARE * len(text):
        raise ReadError(source, "binary file (too many control characters)")
    return text


def parse_text(text: str, source: str) -> Article:
    """An article from text: YAML front matter when present, else dates inferred from the text."""
    match = FRONT_MATTER.match(text)
    if match is None:
        if text.startswith("---\n") or text.startswith("---\r\n"):
            raise ReadError(source, "broken front matter (no closing '---' line)")
        return _plain(text.strip("\ufeff"), source)
    meta = _front_matter(match.group("yaml") or "", source)
    body = text[match.end():]
    if not body.strip():
        raise ReadError(source, "empty article (front matter but no text)")
    published = _meta_date(meta.get("published"), source)
    return Article(
        source=source,
        text=body,
        title=_meta_str(meta, "title", source),
        outlet=_meta_str(meta, "outlet", source),
        url=_meta_str(meta, "url", source),
        published=published,
        published_precision="day" if published else "unknown",
        language=_meta_str(meta, "language", source) or "en",
    )


def _front_matter(raw: str, source: str) -> dict[str, object]:
    try:
        meta = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise ReadError(source, f"broken front matter{where}: {getattr(exc, 'problem', None) or exc}") from exc
    except Exception as exc:  # PyYAML's constructors raise other types on hostile tags ("!!timestamp x", 2020-02-30)
        raise ReadError(source, f"broken front matter: {exc or type(exc).__name__}") from exc
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ReadError(source, f"front matter is not a mapping (got {type(meta).__name__})")
    return {str(k): v for k, v in meta.items()}


def _meta_str(meta: dict[str, object], key: str, source: str) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise ReadError(source, f"front matter field {key!r} must be text, not {type(value).__name__}")
    text = str(value).strip()
    limit = MAX_FIELD_CHARS.get(key)
    if limit is not None and len(text) > limit:
        raise ReadError(source, f"front matter field {key!r} is too long ({len(text)} characters; limit {limit})")
    return text


def _meta_date(value: object, source: str) -> dt.date | None:
    """The `published` field: a YAML date, or an ISO string (a datetime is cut to its day)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError as exc:
            raise ReadError(source, f"bad date in front matter 'published': {value!r} (want YYYY-MM-DD)") from exc
    if not PUBLISHED_YEARS[0] <= day.year <= PUBLISHED_YEARS[1]:
        raise ReadError(source, f"implausible date in front matter 'published': {day.isoformat()} "
                                f"(want a year in {PUBLISHED_YEARS[0]}..{PUBLISHED_YEARS[1]})")
    return day


def _plain(text: str, source: str) -> Article:
    """Text without front matter: the first line is the title; the year comes from the text if it says."""
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")[:300]
    published, precision = infer_published(text)
    return Article(source=source, text=text, title=title, published=published, published_precision=precision)


def infer_published(text: str) -> tuple[dt.date | None, str]:
    """The publication date a plain text betrays: a full date ('April 7, 2016') gives its day
    only as a year (it may be a date inside the story); a copyright line gives the year.

    The date returned for year precision is 1 January, with precision "year" saying how little is known.
    """
    years = [int(m.group("year")) for m in COPYRIGHT_YEAR.finditer(text)]
    for match in FULL_DATE.finditer(text):
        years.append(int(match.group("year") or match.group("iso")[:4]))
    if not years:
        return None, "unknown"
    return dt.date(max(years), 1, 1), "year"


def parse_html(data: bytes, source: str, url: str = "") -> Article:
    """An article from a saved page or a fetched body: trafilatura's text, title, site name and date."""
    import trafilatura  # imported here: heavy, and only HTML input needs it

    if not data.strip():
        raise ReadError(source, "empty file")
    try:
        html = data.decode("utf-8")
    except UnicodeDecodeError:
        html = data.decode("latin-1")
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
        meta = trafilatura.extract_metadata(html)
    except Exception as exc:  # trafilatura raises many types on hostile markup
        raise ReadError(source, f"cannot parse HTML ({type(exc).__name__})") from exc
    if not text or not text.strip():
        raise ReadError(source, "no article text found in the page")
    published = None
    if meta is not None and meta.date:
        try:
            published = dt.date.fromisoformat(str(meta.date)[:10])
        except ValueError:
            published = None
    return Article(
        source=source,
        text=text,
        title=(meta.title if meta and meta.title else "") or "",
        outlet=(meta.sitename if meta and meta.sitename else "") or "",
        url=url or (meta.url if meta and meta.url else "") or "",
        published=published,
        published_precision="day" if published else "unknown",
    )
