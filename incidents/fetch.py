"""Fetching an article from a URL, safely: http(s) only, bounded in time and size, no private hosts.

A journalist pastes a link; the server running the app must not become a
way to reach its own network. Every hop of a redirect chain is resolved and
checked, and any address that is private, loopback, link-local, multicast or
reserved is refused unless the caller explicitly allows it (tests do, to
talk to a local server). Each connection is made to the very address that
was checked (the host is resolved once per connection), so a DNS answer that
changes between the check and the connection (rebinding) cannot slip through.

One deadline covers the whole fetch: the connection is given only the time
left, and every read of the status line, the headers and the body is too, so
a server sending its headers one byte a second is cut off at the deadline
like one that dribbles its body. Whatever a server or a URL does wrong ends
as a FetchError naming the URL and the reason, never another exception.
"""
from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

from incidents.errors import shown
from incidents.model import Article
from incidents.read import NOTHING_KNOWN, Metadata, ReadError, parse_html
from incidents.urls import url_problem

# Seconds a whole fetch may take (connection, status line, headers and body together); a news page that
# takes longer is not worth blocking on, and a server dribbling one byte at a time must not hold us.
DEFAULT_TIMEOUT = 15.0
# Bytes read at a time, so the total deadline is checked while a body streams in.
READ_CHUNK = 64 * 1024
# Largest body we download; real article pages are well under this, bigger ones are not articles.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Redirects we follow before giving up (each one is checked like the first URL).
MAX_REDIRECTS = 5
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
    """Refuse malformed and non-http(s) URLs, and hosts resolving to addresses the policy refuses (unless
    private is allowed)."""
    problem = url_problem(url)
    if problem:
        raise FetchError(url, problem)
    host = urllib.parse.urlsplit(url).hostname or ""
    if not allow_private:
        checked_address(host, resolver, allowed or is_public, url)


def checked_address(host: str, resolver: Resolver, allowed: Policy, url: str) -> str:
    """The address to connect to for `host`: its first, once every address it resolves to is allowed."""
    addresses = resolver(host)
    if not addresses:
        raise FetchError(url, f"cannot resolve host {host!r}")
    for address in addresses:
        if not allowed(address):
            raise FetchError(url, f"refusing to fetch from a non-public address ({address})")
    return addresses[0]


def _time_left(deadline: float) -> float:
    """Seconds until `deadline`; TimeoutError once it has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("total time limit reached")
    return left


class _DeadlineReader(io.RawIOBase):
    """A socket's reads, each allowed only the time left before the fetch's deadline."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        super().__init__()
        self.sock = sock
        self.raw = sock.makefile("rb", buffering=0)  # holds the socket open while the response is read
        self.deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        self.sock.settimeout(_time_left(self.deadline))
        return self.raw.readinto(buffer)

    def close(self) -> None:
        self.raw.close()
        super().close()


class _DeadlineSocket:
    """What an HTTPResponse is given in place of its socket: it only calls makefile("rb")."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.sock = sock
        self.deadline = deadline

    def makefile(self, mode: str, *args: Any, **kwargs: Any) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self.sock, self.deadline))


def _deadline_response(deadline: float) -> type[http.client.HTTPResponse]:
    """An HTTPResponse class whose status line, headers and body are all read before `deadline`."""
    class Response(http.client.HTTPResponse):
        def __init__(self, sock: socket.socket, *args: Any, **kwargs: Any) -> None:
            super().__init__(_DeadlineSocket(sock, deadline), *args, **kwargs)  # type: ignore[arg-type]

    return Response


def _pinned(base: type[http.client.HTTPConnection], resolver: Resolver, allowed: Policy, deadline: float
            ) -> Callable[..., http.client.HTTPConnection]:
    """An HTTP(S) connection class that connects to the checked address of its host, not to a second lookup,
    within the time left before `deadline`, and reads its response within it too.

    TLS still verifies the certificate against the host name (SNI and hostname checks use `host`).
    """
    def connection(host: str, **kwargs: Any) -> http.client.HTTPConnection:
        conn = base(host, **kwargs)

        def connect_checked(address: tuple[str, int], timeout: Any = None, source: Any = None) -> socket.socket:
            pinned = checked_address(address[0], resolver, allowed, f"{host}")
            left = _time_left(deadline)
            sock = socket.create_connection((pinned, address[1]), min(timeout or left, left), source)
            # what is left now bounds the TLS handshake that follows: CPython keeps one deadline over its reads
            sock.settimeout(_time_left(deadline))
            return sock

        conn._create_connection = connect_checked  # type: ignore[attr-defined]  # http.client's own hook
        conn.response_class = _deadline_response(deadline)
        return conn

    return connection


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, resolver: Resolver, allowed: Policy, deadline: float) -> None:
        super().__init__()
        self.connection = _pinned(http.client.HTTPConnection, resolver, allowed, deadline)

    def http_open(self, req):  # type: ignore[no-untyped-def]
        return self.do_open(self.connection, req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, resolver: Resolver, allowed: Policy, deadline: float) -> None:
        super().__init__()
        self.connection = _pinned(http.client.HTTPSConnection, resolver, allowed, deadline)

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

    def http_error_302(self, req, fp, code, msg, headers):  # type: ignore[no-untyped-def]
        """Checks the target before urllib does, so every refused redirect reads the same (urllib
        refuses file: and other schemes itself, in words of its own)."""
        target = headers.get("location") or headers.get("uri")
        if target:
            check_url(urllib.parse.urljoin(req.full_url, target), self.allow_private, self.resolver, self.allowed)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _read_body(response: Any, limit: int) -> bytes:
    """Up to `limit` bytes (each read is held to the fetch's deadline by _DeadlineReader)."""
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = response.read1(min(READ_CHUNK, limit - size))  # read1: returns what has arrived, never waits to fill
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def fetch_article(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES,
                  allow_private: bool = False, resolver: Resolver = resolve_host,
                  allowed: Policy | None = None, known: Metadata = NOTHING_KNOWN) -> Article:
    """Download a page and extract its article with trafilatura; FetchError on any refusal or failure.

    `allowed` decides which resolved addresses may be connected to (default: public ones only);
    `allow_private=True` allows every address (tests talking to a local server). `known` fills what the
    page does not state (incidents.read).
    """
    deadline = time.monotonic() + timeout
    policy: Policy = (lambda _address: True) if allow_private else (allowed or is_public)
    check_url(url, allow_private, resolver, policy)
    # no proxies from the environment: a proxy would make the connection go somewhere we did not check
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                         _PinnedHTTPHandler(resolver, policy, deadline),
                                         _PinnedHTTPSHandler(resolver, policy, deadline),
                                         _CheckedRedirects(allow_private, resolver, policy))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(url, f"page too large ({declared} bytes; limit {max_bytes})")
            body = _read_body(response, max_bytes + 1)
            final_url = response.geturl()
            charset = response.headers.get_content_charset() or ""
    except FetchError as exc:
        if exc.source == url:
            raise
        raise FetchError(url, f"redirected to {shown(exc.source)}, which is refused: {exc.reason}") from exc
    except Exception as exc:  # a hostile server or URL can raise nearly anything from http.client
        raise _fetch_error(url, exc, deadline, timeout) from exc
    if len(body) > max_bytes:
        raise FetchError(url, f"page too large (more than {max_bytes} bytes)")
    try:
        return parse_html(body, url, url=final_url, known=known, declared=charset)
    except ReadError as exc:
        raise FetchError(url, exc.reason) from exc


def _fetch_error(url: str, error: Exception, deadline: float, timeout: float) -> FetchError:
    """The FetchError a failed fetch is reported as."""
    if isinstance(error, urllib.error.HTTPError):
        return FetchError(url, f"HTTP {error.code} {error.reason}")
    if time.monotonic() >= deadline:
        return FetchError(url, f"cannot fetch (the server is too slow: total time limit of {timeout:g} s reached)")
    if isinstance(error, http.client.HTTPException):
        return FetchError(url, f"bad response from the server ({error or type(error).__name__})")
    if isinstance(error, (urllib.error.URLError, OSError)):
        return FetchError(url, f"cannot fetch ({getattr(error, 'reason', None) or error})")
    return FetchError(url, f"cannot fetch ({type(error).__name__}: {error})")
