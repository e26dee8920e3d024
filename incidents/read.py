"""Reading articles: Markdown/text with YAML front matter, plain text, saved HTML, from files, folders or bytes.

Every failure is a ReadError naming the input and the reason, and
`read_articles` turns failures into values, so one bad input in a batch of
hundreds never stops the rest. Only regular files are opened (a FIFO or a
device is refused from its stat, before any read could block or never end),
and never more than MAX_ARTICLE_BYTES of one. Front matter is parsed with
yaml.safe_load: an article is untrusted input and must not build Python objects.

What an article says about itself (front matter, a page's metadata) always
wins; what is known from outside (a sidecar `NAME.yaml` beside the file, then
the command line's --published/--outlet/--title/--url, or the dashboard's
fields) fills only what it does not state, and beats what is merely guessed
from the text (the first line as title, a year from a copyright line).
docs/reading.md describes the rules.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path

import yaml

from incidents.decode import declared_charset, decode
from incidents.errors import ReadError, text_name
from incidents.model import Article
from incidents.published import infer_published
from incidents.urls import has_scheme

# Files larger than this are not news articles (a dump, a video, a mistake); refuse them before reading.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
# A sidecar holds a handful of fields; anything bigger is not one.
MAX_SIDECAR_BYTES = 64 * 1024
# Extensions of article files; a file with another one is refused by name.
ARTICLE_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES: tuple[str, ...] = (".html", ".htm")
# A sidecar: `report.txt` + `report.yaml` holds the metadata `report.txt` does not state.
SIDECAR_SUFFIX = ".yaml"

# the YAML block may be empty ("---" directly followed by "---")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?:(?P<yaml>.*?)\r?\n)??(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# Longest value per field: the store's column widths (PostgreSQL enforces them; a URL
# is also the article's source_key, 1000 wide),
# and a title longer than a paragraph is an attack on every popup, not a headline.
MAX_FIELD_CHARS: dict[str, int] = {"title": 1000, "outlet": 200, "url": 1000, "language": 16}
# Publication years we believe: a date outside them (9999-12-31, 0001-01-01) is a typo or an
# attack, and would push every relative date in the text off the calendar.
PUBLISHED_YEARS: tuple[int, int] = (1900, 2100)
# How a file that is not regular is named in its refusal.
FILE_KINDS: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
)


@dataclass(frozen=True)
class Metadata:
    """What is known about an article besides its text; "" / None where nothing is known."""

    title: str = ""
    outlet: str = ""
    url: str = ""
    published: dt.date | None = None
    language: str = ""

    def over(self, other: Metadata) -> Metadata:
        """These values, with `other`'s where these are empty."""
        return Metadata(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})


NOTHING_KNOWN = Metadata()
METADATA_KEYS: tuple[str, ...] = tuple(f.name for f in fields(Metadata))


def read_article(path: str | Path, known: Metadata = NOTHING_KNOWN) -> Article:
    """One article from a .md/.txt (front matter optional) or a saved .html/.htm page, plus its sidecar.

    `known` fills what neither the file nor its sidecar states (see the module docstring).
    """
    path = Path(path)
    name = text_name(path.name)
    suffix = path.suffix.lower()
    regular_file_size(path, name, MAX_ARTICLE_BYTES)  # what the path is comes first, then its name
    if suffix == SIDECAR_SUFFIX:
        raise ReadError(name, f"a sidecar with no article beside it (an article named {path.stem} with one of "
                              f"{', '.join(ARTICLE_SUFFIXES)})")
    if suffix not in ARTICLE_SUFFIXES:
        kind = f"{suffix} file" if suffix else "file without an extension"
        raise ReadError(name, f"unsupported type: a {kind}; articles are {', '.join(ARTICLE_SUFFIXES)} files")
    data = read_regular_file(path, name, MAX_ARTICLE_BYTES)
    known = sidecar_metadata(path, name).over(known)
    return read_bytes(data, name, known)


def read_bytes(data: bytes, name: str, known: Metadata = NOTHING_KNOWN) -> Article:
    """One article from bytes already in memory (an upload), read as its name's extension says."""
    if Path(name).suffix.lower() in HTML_SUFFIXES:
        return parse_html(data, name, known=known)
    return parse_text(decode(data, name), name, known)


def read_regular_file(path: Path, name: str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is refused before it is read.

    The stat follows symbolic links, so a link to /dev/zero is judged by what it points at. The file is
    opened without blocking and checked again once open, so a FIFO put in its place meanwhile cannot hang us.
    """
    regular_file_size(path, name, limit)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise ReadError(name, "not a regular file: it changed while being opened")
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ReadError(name, f"cannot open ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise ReadError(name, f"too large (more than {limit} bytes)")
    return data


def regular_file_size(path: Path, name: str, limit: int) -> int:
    """The size of a regular file within `limit`, from its stat alone: anything else is refused by name."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ReadError(name, f"cannot open ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(name, f"not a regular file: {_file_kind(info.st_mode)}")
    if info.st_size > limit:
        raise ReadError(name, f"too large ({info.st_size} bytes; limit {limit})")
    return info.st_size


def _file_kind(mode: int) -> str:
    return next((kind for test, kind in FILE_KINDS if test(mode)), "not a file")


def sidecar_metadata(path: Path, name: str) -> Metadata:
    """The metadata in `path`'s sidecar (same name, .yaml), or nothing when there is none.

    A sidecar is validated like front matter, and stricter: it holds only metadata, so an unknown key is a
    typo (`publshed:`) that would otherwise leave an article silently undated.
    """
    sidecar = path.with_suffix(SIDECAR_SUFFIX)
    if sidecar == path or not os.path.lexists(sidecar):
        return NOTHING_KNOWN
    where = f"sidecar {text_name(sidecar.name)}"
    try:
        raw = decode(read_regular_file(sidecar, sidecar.name, MAX_SIDECAR_BYTES), sidecar.name)
    except ReadError as exc:
        raise ReadError(name, f"{where}: {exc.reason}") from exc
    meta = _yaml_mapping(raw, name, where, first_line=1)
    unknown = sorted(set(meta) - set(METADATA_KEYS))
    if unknown:
        raise ReadError(name, f"{where}: unknown key(s) {', '.join(map(repr, unknown))}; "
                              f"known: {', '.join(METADATA_KEYS)}")
    return metadata_from(meta, name, where)


def read_articles(sources: Iterable[str | Path], known: Metadata = NOTHING_KNOWN
                  ) -> Iterator[tuple[Path | str, Article | ReadError]]:
    """(source, article or error) for every article under the given files, folders and URLs.

    Nothing escapes as an exception: a reader's bug on one input becomes that input's error.
    """
    for source, problem in article_sources(sources):
        if problem is not None:
            yield source, problem
            continue
        try:
            yield source, read_source(source, known)
        except ReadError as exc:
            yield source, exc
        except Exception as exc:  # a bug on one hostile input must not end the batch
            yield source, ReadError(text_name(source.name) if isinstance(source, Path) else source,
                                    f"cannot read ({type(exc).__name__}: {exc})")


def read_source(source: str | Path, known: Metadata = NOTHING_KNOWN) -> Article:
    """One article from a file path, or from a URL fetched with incidents.fetch's safeguards."""
    if is_url(source):
        from incidents.fetch import fetch_article  # late: fetch builds on this module's HTML parser

        return fetch_article(source, known=known)
    return read_article(source, known)


def is_url(source: str | Path) -> bool:
    """Whether a command-line input is spelled as a URL (of any scheme: non-web ones are refused when read)."""
    return isinstance(source, str) and has_scheme(source)


def article_sources(sources: Iterable[str | Path]) -> Iterator[tuple[Path | str, ReadError | None]]:
    """Every input to read: URLs and files as given, folders expanded (sorted) to the files under them.

    Each comes with a problem found while listing it (a folder holding no file, a link to a folder inside
    it), or None. Hidden entries (".git", ".DS_Store") are left out; sidecars are read
    with their article, not as articles; every other file is listed, so that one of an unsupported type
    is refused by name rather than silently left out.
    """
    for raw in sources:
        if is_url(raw):
            yield str(raw), None
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _folder_sources(path)
        else:
            yield path, None


def _folder_sources(root: Path) -> Iterator[tuple[Path, ReadError | None]]:
    """Files under `root`, depth first in name order.

    A link to a folder inside it is reported, not followed: a link to "/" or back to the folder itself must
    not turn a batch into a walk of the whole disk or a loop (give a linked folder as an input of its own).
    Each real folder is entered once, so even a bind-mounted loop ends.
    """
    seen = {_identity(root)}
    stack = [root]
    listed = 0
    while stack:
        folder = stack.pop()
        try:
            entries = sorted((e for e in os.scandir(folder) if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as exc:
            yield folder, ReadError(folder.name, f"cannot list the folder ({exc.strerror or exc})")
            continue
        names = {e.name for e in entries}
        subfolders = []
        for entry in entries:
            path = Path(entry.path)
            if _is_dir(entry, follow=False):
                if _identity(path) not in seen:
                    seen.add(_identity(path))
                    subfolders.append(path)
                    continue
                problem: ReadError | None = ReadError(text_name(entry.name), "a folder already read (a mounted loop)")
            elif _is_dir(entry, follow=True):
                problem = ReadError(text_name(entry.name), "a symbolic link to a folder, not followed inside a folder "
                                                "(give that folder as an input of its own)")
            elif _is_sidecar_of_an_article(path, names):
                continue
            else:
                problem = None  # a file, or a broken link: read, or refused by name when read
            listed += 1
            yield path, problem
        stack.extend(reversed(subfolders))
    if not listed:
        yield root, ReadError(root.name or str(root), "no files in this folder")


def _is_dir(entry: os.DirEntry[str], follow: bool) -> bool:
    try:
        return entry.is_dir(follow_symlinks=follow)
    except OSError:
        return False


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _is_sidecar_of_an_article(path: Path, names_beside: set[str]) -> bool:
    return path.suffix.lower() == SIDECAR_SUFFIX and any(
        path.stem + suffix in names_beside for suffix in ARTICLE_SUFFIXES)


def parse_text(text: str, source: str, known: Metadata = NOTHING_KNOWN) -> Article:
    """An article from text: YAML front matter when present, `known` where it is silent, else inferred."""
    match = FRONT_MATTER.match(text)
    if match is None:
        if text.startswith("---\n") or text.startswith("---\r\n"):
            raise ReadError(source, "broken front matter (no closing '---' line)")
        return _plain(text.strip("\ufeff"), source, known)
    raw = match.group("yaml") or ""
    stated = metadata_from(_yaml_mapping(raw, source, "front matter", first_line=2), source, "front matter")
    body = text[match.end():]
    if not body.strip():
        raise ReadError(source, "empty article (front matter but no text)")
    return _article(body, source, stated.over(known))


def _article(text: str, source: str, meta: Metadata, guessed_title: str = "", infer_date: bool = True) -> Article:
    """An Article from known metadata (a known date is known to the day), else from what the text suggests."""
    if meta.published:
        published, precision = meta.published, "day"
    else:
        published, precision, inferred = infer_published(text) if infer_date else (None, "unknown", False)
    return Article(source=source, text=text, title=meta.title or guessed_title, outlet=meta.outlet, url=meta.url,
                   published=published, published_precision=precision, language=meta.language or "en",
                   published_inferred=not meta.published and inferred)


def _yaml_mapping(raw: str, source: str, where: str, first_line: int) -> dict[str, object]:
    """A YAML mapping; `first_line` is the file line the YAML starts on, for error messages."""
    try:
        meta = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + first_line}" if mark is not None else ""
        raise ReadError(source, f"broken {where}{at}: {getattr(exc, 'problem', None) or exc}") from exc
    except Exception as exc:  # PyYAML's constructors raise other types on hostile tags ("!!timestamp x", 2020-02-30)
        raise ReadError(source, f"broken {where}: {exc or type(exc).__name__}") from exc
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ReadError(source, f"{where} is not a mapping (got {type(meta).__name__})")
    return {str(k): v for k, v in meta.items()}


def metadata_from(meta: Mapping[str, object], source: str, where: str) -> Metadata:
    """Validated Metadata from a front matter or sidecar mapping (unknown keys ignored)."""
    try:
        return Metadata(title=_field(meta, "title", where), outlet=_field(meta, "outlet", where),
                        url=_field(meta, "url", where), language=_field(meta, "language", where),
                        published=_published(meta.get("published"), where))
    except ValueError as exc:
        raise ReadError(source, str(exc)) from exc


def _field(meta: Mapping[str, object], key: str, where: str) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise ValueError(f"{where} field {key!r} must be text, not {type(value).__name__}")
    return checked_field(key, str(value), where)


def checked_field(key: str, value: str, where: str) -> str:
    """A text field stripped and within its length limit (ValueError otherwise)."""
    text = value.strip()
    limit = MAX_FIELD_CHARS.get(key)
    if limit is not None and len(text) > limit:
        raise ValueError(f"{where} field {key!r} is too long ({len(text)} characters; limit {limit})")
    return text


def _published(value: object, where: str) -> dt.date | None:
    """The `published` field: a YAML date, or an ISO string (a datetime is cut to its day)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    try:
        return parse_published(value)
    except ValueError as exc:
        raise ValueError(f"bad date in {where} 'published': {exc}") from exc


def parse_published(value: object) -> dt.date:
    """A publication day from a date or 'YYYY-MM-DD…' text, within PUBLISHED_YEARS (ValueError otherwise).

    >>> parse_published("2020-10-04"), parse_published("2020-10-04T23:59:59+04:00")
    (datetime.date(2020, 10, 4), datetime.date(2020, 10, 4))
    """
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError as exc:
            raise ValueError(f"{value!r} (want YYYY-MM-DD)") from exc
    if not PUBLISHED_YEARS[0] <= day.year <= PUBLISHED_YEARS[1]:
        raise ValueError(f"implausible {day.isoformat()} (want a year in {PUBLISHED_YEARS[0]}..{PUBLISHED_YEARS[1]})")
    return day


def _plain(text: str, source: str, known: Metadata) -> Article:
    """Text without front matter: the first line is taken as the title unless one is known."""
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")[:300]
    return _article(text, source, known, guessed_title=first_line)


def parse_html(data: bytes, source: str, url: str = "", known: Metadata = NOTHING_KNOWN,
               declared: str = "") -> Article:
    """An article from a saved page or a fetched body: trafilatura's text, title, site name and date.

    `declared` is the charset the server sent, if any; the page's own <meta> declaration comes next.
    """
    import trafilatura  # imported here: heavy, and only HTML input needs it

    html = decode(data, source, declared or declared_charset(data))
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
        meta = trafilatura.extract_metadata(html)
    except Exception as exc:  # trafilatura raises many types on hostile markup
        raise ReadError(source, f"cannot parse HTML ({type(exc).__name__})") from exc
    if not text or not text.strip():
        raise ReadError(source, "no article text found in the page")
    stated = Metadata(title=_page_field(meta, "title"), outlet=_page_field(meta, "sitename"),
                      url=url or _page_field(meta, "url"), published=_page_date(meta))
    return _article(text, source, stated.over(known), infer_date=False)


def _page_field(meta: object, name: str) -> str:
    value = getattr(meta, name, None) if meta is not None else None
    if not value:
        return ""
    try:
        return checked_field(name if name != "sitename" else "outlet", str(value), "page metadata")
    except ValueError:
        return ""  # an absurd page title is dropped, not a reason to refuse the article


def _page_date(meta: object) -> dt.date | None:
    try:
        return parse_published(str(meta.date)) if meta is not None and meta.date else None  # type: ignore[attr-defined]
    except ValueError:
        return None
