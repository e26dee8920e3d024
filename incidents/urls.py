"""What a URL must look like before we fetch it or cite it, checked without any network.

The reader decides with `has_scheme` whether a command-line input names a URL
(anything that starts like `scheme:`) or a file, so `file:///etc/passwd` or
`gopher://host/` are refused as schemes instead of being looked up as relative
paths. `url_problem` says what is wrong with a URL's spelling; the fetcher
adds the network checks (addresses, redirects) on top.
"""
from __future__ import annotations

import re
import urllib.parse

# The only schemes fetched or accepted as an article's citation.
WEB_SCHEMES: tuple[str, ...] = ("http", "https")
# Longest URL accepted: the store's url column is 1000 characters, and no article link is longer.
MAX_URL_CHARS = 1000
# RFC 3986's scheme: a letter, then letters, digits, "+", "-", "." (two characters at least, so that a
# Windows drive letter such as "C:" is not mistaken for one).
SCHEME = re.compile(r"\A(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]+):")


def has_scheme(source: str) -> bool:
    """Whether a command-line input is spelled as a URL (`http://…`, `file:…`, `gopher://…`) rather than a path.

    >>> has_scheme("https://example.org/a"), has_scheme("file:///etc/passwd"), has_scheme("folder/a.txt")
    (True, True, False)
    """
    return SCHEME.match(source) is not None


def url_problem(url: str) -> str | None:
    """Why `url` cannot be fetched or cited as an http(s) link, or None when its spelling is sound.

    >>> url_problem("http://8.8.8.8:abc/")
    'malformed URL (port is not a number from 1 to 65535)'
    >>> url_problem("gopher://example.org/")
    "only http and https URLs can be fetched (got 'gopher')"
    """
    match = SCHEME.match(url)
    scheme = match.group("scheme").lower() if match else ""
    if scheme not in WEB_SCHEMES:
        return f"only http and https URLs can be fetched (got {scheme or 'no scheme'!r})"
    if len(url) > MAX_URL_CHARS:
        return f"malformed URL (longer than {MAX_URL_CHARS} characters)"
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        return "malformed URL (contains a space or a control character)"
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError as exc:  # "[::1" or a port that is not a number
        return f"malformed URL ({_port_or(exc)})"
    if not host:
        return "URL has no host"
    if port == 0:
        return "malformed URL (port is not a number from 1 to 65535)"
    try:
        host.encode("idna")
    except UnicodeError:
        return "malformed URL (the host name is not a valid domain name)"
    return None


def _port_or(error: ValueError) -> str:
    """A reader's wording for urllib's ValueError about a URL."""
    return "port is not a number from 1 to 65535" if "port" in str(error).lower() else str(error)
