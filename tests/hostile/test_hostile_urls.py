"""Hostile URLs and hostile servers: every one ends as a FetchError naming the URL, in time, or reads correctly.

Part of the hostile corpus (tests/hostile/input_cases.py counts it). Malformed
URLs and other schemes are refused before any lookup (the resolver fails the
test if asked); misbehaving servers are routes of a local http.server thread
on loopback, so no packet leaves the machine.
"""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from incidents.fetch import FetchError, fetch_article
from tests.hostile.local_server import QuietHandler, local_server

# Seconds the tests give a whole fetch; the hostile routes would hold a connection far longer.
DEADLINE_S = 0.6
# How much later than the deadline a fetch may end (thread scheduling on a loaded 2-core machine).
SLACK_S = 1.5
# How long a hostile route keeps going at most, should a client never give up.
ROUTE_LIMIT_S = 20
# Written for these tests: enough Russian prose for trafilatura to call it an article, in windows-1251.
RUSSIAN = ("Жители Тертера сообщили о спокойной ночи, сказал глава района в среду. Школы открылись в обычное "
           "время после двух дней перерыва, а дороги к селам снова открыты для машин и автобусов.")
PAGE_1251 = (f"<html><head><meta charset=\"windows-1251\"><title>Тертер</title></head><body><article><p>{RUSSIAN}</p>"
             f"<p>{RUSSIAN}</p></article></body></html>").encode("cp1251")
PAGE_1251_UNDECLARED = PAGE_1251.replace(b'<meta charset="windows-1251">', b"")


def never_resolve(host: str) -> list[str]:
    raise AssertionError(f"a refused URL must not be looked up (asked for {host!r})")


MALFORMED = [
    # (url, words of the reason)
    ("http://8.8.8.8:abc/", "port"),
    ("HTTP://8.8.8.8:abc/report", "port"),
    ("http://8.8.8.8:99999/", "port"),
    ("http://8.8.8.8:0/", "port"),
    ("http://8.8.8.8:-1/", "port"),
    ("http://exa mple.org/", "space or a control character"),
    ("http://example.org/a b", "space or a control character"),
    ("http://example.org/\x00", "space or a control character"),
    ("http://example.org/\r\nX-Injected: 1", "space or a control character"),
    ("http://example.org/\x1b[31m", "space or a control character"),
    ("http://example.org/\u202egnp.exe", "space or a control character"),
    ("http://[::1", "malformed URL"),
    ("http://", "no host"),
    ("http:///path", "no host"),
    ("http://" + "a" * 64 + ".org/", "not a valid domain name"),
    ("http://example.org/" + "x" * 2000, "longer than"),
    ("file:///etc/passwd", "only http and https"),
    ("file:/etc/passwd", "only http and https"),
    ("FILE:///etc/passwd", "only http and https"),
    ("gopher://127.0.0.1:70/_GET", "only http and https"),
    ("ftp://example.org/a.txt", "only http and https"),
    ("data:text/html,<p>Shelling in Tartar</p>", "only http and https"),
    ("javascript:alert(1)", "only http and https"),
    ("mailto:editor@example.org", "only http and https"),
    ("dict://127.0.0.1:11211/stat", "only http and https"),
    ("ldap://127.0.0.1/", "only http and https"),
    ("jar:http://example.org/a.jar!/", "only http and https"),
]


@pytest.mark.parametrize(("url", "words"), MALFORMED, ids=[repr(u)[:40] for u, _ in MALFORMED])
def test_malformed_urls_and_other_schemes_are_refused_before_any_lookup(url: str, words: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch_article(url, resolver=never_resolve, timeout=DEADLINE_S)
    assert words in caught.value.reason
    assert "\n" not in str(caught.value) and "\x1b" not in str(caught.value), "the message stays one plain line"


class Hostile(QuietHandler):
    """Routes that break HTTP in one way each."""

    def do_GET(self) -> None:  # http.server names handlers so
        port = self.server.server_address[1]
        routes: dict[str, Callable[[], None]] = {
            "/headers-1-byte-per-second": lambda: self.dribble(b"HTTP/1.1 200 OK\r\n", b"X", 1.0),
            "/headers-fast-dribble": lambda: self.dribble(b"HTTP/1.1 200 OK\r\n", b"X-A: b\r\n", 0.02),
            "/status-dribble": lambda: self.dribble(b"", b"H", 0.05),
            "/silent": lambda: self.dribble(b"", b"", 0.05),
            "/101-headers": lambda: self.raw(b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 101 + b"\r\n<p>x</p>"),
            "/huge-header-line": lambda: self.raw(b"HTTP/1.1 200 OK\r\nX-A: " + b"b" * 70_000 + b"\r\n\r\n"),
            "/bad-status": lambda: self.raw(b"HTTP/1.1 abc Broken\r\n\r\n"),
            "/not-http": lambda: self.raw(b"\x00\x01\x02 definitely not HTTP\r\n\r\n"),
            "/closed": lambda: None,
            "/bad-chunks": lambda: self.raw(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n"),
            "/short-body": lambda: self.raw(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n<p>cut</p>"),
            "/to-bad-port": lambda: self.redirect(f"http://127.0.0.1:{port}abc/"),
            "/to-gopher": lambda: self.redirect("gopher://127.0.0.1:70/_x"),
            "/to-file": lambda: self.redirect("file:///etc/passwd"),
            "/pdf": lambda: self.page(b"%PDF-1.7\n%binary", "application/pdf"),
            "/png": lambda: self.page(b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
            "/gzip-unasked": lambda: self.page(b"\x1f\x8b\x08\x00" + bytes(40), "text/html"),
            "/empty": lambda: self.page(b"", "text/html"),
            "/blank": lambda: self.page(b" \r\n\t " * 10, "text/html"),
            "/bom-only": lambda: self.page(b"\xef\xbb\xbf", "text/html"),
            "/cp1251-meta": lambda: self.page(PAGE_1251, "text/html"),
            "/cp1251-header": lambda: self.page(PAGE_1251_UNDECLARED, "text/html; charset=windows-1251"),
            "/cp1251-undeclared": lambda: self.page(PAGE_1251_UNDECLARED, "text/html"),
            "/charset-nonsense": lambda: self.page(PAGE_1251, "text/html; charset=x-no-such-thing"),
        }
        routes.get(self.path, lambda: self.page(b"", "text/html", 404))()

    def raw(self, data: bytes) -> None:
        self.wfile.write(data)

    def page(self, body: bytes, content_type: str, code: int = 200) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def dribble(self, first: bytes, each: bytes, interval: float) -> None:
        """`first`, then `each` every `interval` seconds until the test ends (or ROUTE_LIMIT_S)."""
        stop = time.monotonic() + ROUTE_LIMIT_S
        try:
            self.wfile.write(first)
            self.wfile.flush()
            while not self.server.release.wait(interval) and time.monotonic() < stop:  # type: ignore[attr-defined]
                self.wfile.write(each)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with local_server(Hostile) as httpd:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"


REFUSED_ROUTES = [
    # (route, words of the reason)
    ("/headers-1-byte-per-second", "total time limit"),
    ("/headers-fast-dribble", "total time limit"),
    ("/status-dribble", "total time limit"),
    ("/silent", "total time limit"),
    ("/101-headers", "more than 100 headers"),
    ("/huge-header-line", "bad response"),
    ("/bad-status", "bad response"),
    ("/not-http", "bad response"),
    ("/closed", "bad response"),
    ("/bad-chunks", ""),
    ("/short-body", ""),
    ("/to-bad-port", "port"),
    ("/to-gopher", "only http and https"),
    ("/to-file", "only http and https"),
    ("/pdf", "PDF"),
    ("/png", "PNG"),
    ("/gzip-unasked", "gzip"),
    ("/empty", "empty"),
    ("/blank", "empty"),
    ("/bom-only", "empty"),
]


@pytest.mark.parametrize(("route", "words"), REFUSED_ROUTES, ids=[route for route, _ in REFUSED_ROUTES])
def test_hostile_servers_end_in_a_clear_error_within_the_deadline(server: str, route: str, words: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch_article(server + route, allow_private=True, timeout=DEADLINE_S)
    assert time.monotonic() - started < DEADLINE_S + SLACK_S, "one deadline covers connection, headers and body"
    assert str(caught.value).startswith(server + route + ": ")
    assert words in caught.value.reason


@pytest.mark.parametrize("route", ["/cp1251-meta", "/cp1251-header", "/cp1251-undeclared", "/charset-nonsense"])
def test_windows_1251_pages_read_as_cyrillic(server: str, route: str) -> None:
    article = fetch_article(server + route, allow_private=True, timeout=5)
    assert "Жители Тертера" in article.text


def test_the_deadline_is_one_for_the_whole_fetch(server: str) -> None:
    """Headers at one byte a second never trip a per-read timeout of a second; only a total deadline stops them."""
    started = time.monotonic()
    with pytest.raises(FetchError, match="total time limit"):
        fetch_article(server + "/headers-1-byte-per-second", allow_private=True, timeout=2.5)
    assert 2.5 <= time.monotonic() - started < 2.5 + SLACK_S


@pytest.fixture(scope="module")
def tls_dribbler() -> Iterator[str]:
    """A TCP server that answers a TLS ClientHello with a record header announcing 16 KB, then one byte
    every 50 ms: each read succeeds, so only a deadline over the whole handshake ends it."""
    listener = socket.create_server(("127.0.0.1", 0))
    release = threading.Event()

    def serve() -> None:
        while not release.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                try:
                    conn.recv(4096)
                    conn.sendall(b"\x16\x03\x03\x40\x00")
                    stop = time.monotonic() + ROUTE_LIMIT_S
                    while not release.wait(0.05) and time.monotonic() < stop:
                        conn.sendall(b"\x02")
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{listener.getsockname()[1]}/"
    release.set()
    listener.close()


def test_a_dribbling_tls_handshake_ends_at_the_deadline(tls_dribbler: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch_article(tls_dribbler, allow_private=True, timeout=DEADLINE_S)
    assert time.monotonic() - started < DEADLINE_S + SLACK_S
    assert "time" in caught.value.reason
