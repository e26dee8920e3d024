"""Fetching an article from a URL, safely: http(s) only, bounded in time and size, no private hosts.

A journalist pastes a link; the server running the app must not become a
way to reach its own network. Every hop of a redirect chain is resolved and
checked, and any address that is private, loopback, link-local, multicast or
reserved is refused unless the caller explicitly allows it (tests do, to
talk to a local server). Each connection is made to the very address that
was checked (the host is resolved once per connection), so a DNS answer that
changes between the check and the connection (rebinding) cannot slip through.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

from incidents.model import Article
from incidents.read import ReadError, parse_html

# Seconds a whole fetch may take (connection, each read, and the body in total); a news page that
# takes longer is not worth blocking on, and a server dribbling one byte at a time must not hold us.
DEFAULT_TIMEOUT = 15.0
# Bytes read at a time, so the total deadline is checked while a body streams in.
READ_CHUNK = 64 * 1024
# Largest body we download; real article pages are well under this, bigger ones are not articles.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Redirects we follow before giving up (each one is checked like the first URL).
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")
USER_AGENT = "karabakh-incident-map/0.1 (+article extraction for journalists)"

Resolver = Callable[[str], list[str]]
# Which resolved addresses may be connected to (is_public by default).
Policy = Callable[[str], bool]


class FetchError(ReadError):
    """A URL that could not be fetched; the message names the URL and the reason."""


def resolve_host(host: str) -> list[str]:
    """Every address a host name resolves to (both families)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise FetchError(host, f"cannot resolve host ({exc.strerror})") from exc
    return sorted({str(info[4][0]) for info in infos})


def is_public(address: str) -> bool:
    """Whether an IP address is routable on the public internet."""
    ip = ipaddress.ip_address(address.split("%")[0])
    # not is_global also catches 100.64.0.0/10 (carrier NAT, and some clouds' metadata service at 100.100.100.200)
    return not (not ip.is_global or ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or ip.is_unspecified or (ip.version == 6 and ip.ipv4_mapped is not None
                                         and not is_public(str(ip.ipv4_mapped))))


def check_url(url: str, allow_private: bool = False, resolver: Resolver = resolve_host,
              allowed: Policy | None = None) -> None:
    """Refuse non-http(s) URLs and hosts resolving to addresses the policy refuses (unless private is allowed)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise FetchError(url, f"only http and https URLs can be fetched (got {parts.scheme or 'none'!r})")
    if not parts.hostname:
        raise FetchError(url, "URL has no host")
    if not allow_private:
        checked_address(parts.hostname, resolver, allowed or is_public, url)


def checked_address(host: str, resolver: Resolver, allowed: Policy, url: str) -> str:
    """The address to connect to for `host`: its first, once every address it resolves to is allowed."""
    addresses = resolver(host)
    if not addresses:
        raise FetchError(url, f"cannot resolve host {host!r}")
    for address in addresses:
        if not allowed(address):
            raise FetchError(url, f"refusing to fetch from a non-public address ({address})")
    return addresses[0]


def _pinned(base: type[http.client.HTTPConnection], resolver: Resolver, allowed: Policy
            ) -> Callable[..., http.client.HTTPConnection]:
    """An HTTP(S) connection class that connects to the checked address of its host, not to a second lookup.

    TLS still verifies the certificate against the host name (SNI and hostname checks use `host`).
    """
    def connection(host: str, **kwargs: Any) -> http.client.HTTPConnection:
        conn = base(host, **kwargs)

        def connect_checked(address: tuple[str, int], timeout: Any = None, source: Any = None) -> socket.socket:
            pinned = checked_address(address[0], resolver, allowed, f"{host}")
            return socket.create_connection((pinned, address[1]), timeout, source)

        conn._create_connection = connect_checked  # type: ignore[attr-defined]  # http.client's own hook
        return conn

    return connection


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, resolver: Resolver, allowed: Policy) -> None:
        super().__init__()
        self.connection = _pinned(http.client.HTTPConnection, resolver, allowed)

    def http_open(self, req):  # type: ignore[no-untyped-def]
        return self.do_open(self.connection, req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, resolver: Resolver, allowed: Policy) -> None:
        super().__init__()
        self.connection = _pinned(http.client.HTTPSConnection, resolver, allowed)

    def https_open(self, req):  # type: ignore[no-untyped-def]
        return self.do_open(self.connection, req, context=self._context)


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects only to URLs that pass check_url, and at most MAX_REDIRECTS of them."""

    max_redirections = MAX_REDIRECTS

    def __init__(self, allow_private: bool, resolver: Resolver, allowed: Policy) -> None:
        self.allow_private = allow_private
        self.resolver = resolver
        self.allowed = allowed

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        check_url(newurl, self.allow_private, self.resolver, self.allowed)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read_body(response: Any, limit: int, deadline: float, url: str) -> bytes:
    """Up to `limit` bytes, refusing to go on past `deadline` (each read is also bounded by the socket timeout)."""
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        if time.monotonic() > deadline:
            raise FetchError(url, "cannot fetch (the server is too slow: total time limit reached)")
        chunk = response.read1(min(READ_CHUNK, limit - size))  # read1: returns what has arrived, never waits to fill
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def fetch_article(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES,
                  allow_private: bool = False, resolver: Resolver = resolve_host,
                  allowed: Policy | None = None) -> Article:
    """Download a page and extract its article with trafilatura; FetchError on any refusal or failure.

    `allowed` decides which resolved addresses may be connected to (default: public ones only);
    `allow_private=True` allows every address (tests talking to a local server).
    """
    policy: Policy = (lambda _address: True) if allow_private else (allowed or is_public)
    check_url(url, allow_private, resolver, policy)
    # no proxies from the environment: a proxy would make the connection go somewhere we did not check
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _PinnedHTTPHandler(resolver, policy),
                                         _PinnedHTTPSHandler(resolver, policy),
                                         _CheckedRedirects(allow_private, resolver, policy))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(url, f"page too large ({declared} bytes; limit {max_bytes})")
            body = _read_body(response, max_bytes + 1, time.monotonic() + timeout, url)
            final_url = response.geturl()
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError(url, f"HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(url, f"cannot fetch ({reason})") from exc
    if len(body) > max_bytes:
        raise FetchError(url, f"page too large (more than {max_bytes} bytes)")
    try:
        return parse_html(body, url, url=final_url)
    except ReadError as exc:
        raise FetchError(url, exc.reason) from exc
