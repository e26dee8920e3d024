"""URL fetching cannot be turned against the server's own network, and hostile servers cannot hang or flood it.

All traffic goes to a local http.server thread on 127.0.0.2, which the tests'
address policy treats as the one "public" host; every other address (127.0.0.1
included) is refused as the default policy refuses private ones. Refusals are
checked before any packet is sent: the address check is tested as a pure
function, and the real resolver is only asked about loopback spellings it
answers without DNS.
"""
from __future__ import annotations

from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest

from incidents.fetch import FetchError, check_url, fetch_article, is_public
from tests.hostile.local_server import QuietHandler, local_server

# Written for these tests: a page with enough prose for trafilatura to call it an article.
PAGE = (b"<html><head><title>Quiet night in Goris</title></head><body><article>"
        b"<p>Residents of Goris reported a quiet night on the road toward the border, the town hall said on "
        b"Wednesday, and schools opened at the usual hour after two days of closures.</p>"
        b"<p>Officials asked drivers to keep to the main road until repairs to the bridge are finished.</p>"
        b"</article></body></html>")
# How long the stalled route holds a request open at most; the client gives up far sooner.
STALL_LIMIT_S = 10
# Pause between the dribbling route's writes: far shorter than any read timeout the tests use.
DRIBBLE_INTERVAL_S = 0.05
# A public address, only ever returned by fake resolvers for URLs refused before any connection.
PRETEND_PUBLIC = "8.8.8.8"
# Where the test server listens: a loopback address the tests' policy lets through, standing in for a public host.
OUR_HOST = "127.0.0.2"


class Recorder(QuietHandler):
    """Routes with hostile behaviour; every requested path is recorded on the server."""

    def do_GET(self) -> None:  # http.server names handlers so
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        port = self.server.server_address[1]
        routes = {
            "/article": lambda: self.reply(200, PAGE),
            "/to-secret": lambda: self.reply(302, b"", Location=f"http://127.0.0.1:{port}/secret"),
            "/to-localhost": lambda: self.reply(302, b"", Location=f"http://localhost:{port}/secret"),
            "/to-metadata": lambda: self.reply(302, b"", Location="http://169.254.169.254/latest/meta-data/"),
            "/to-file": lambda: self.reply(302, b"", Location="file:///etc/passwd"),
            "/to-javascript": lambda: self.reply(302, b"", Location="javascript:alert(1)"),
            "/loop": lambda: self.reply(302, b"", Location="/loop"),
            "/declared-huge": lambda: self.reply(200, b"<p>small</p>", **{"Content-Length": str(10**12)}),
            "/streamed-huge": self.stream_forever,
            "/stall": self.stall,
            "/dribble": self.dribble,
            "/secret": lambda: self.reply(200, b"<p>internal</p>"),
        }
        routes.get(self.path, lambda: self.reply(404, b""))()

    def reply(self, code: int, body: bytes, **headers: str) -> None:
        self.send_response(code)
        headers.setdefault("Content-Length", str(len(body)))
        for key, value in {"Content-Type": "text/html", **headers}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def stream_forever(self) -> None:
        """No Content-Length, then more bytes than any cap: only the reader's own limit stops it."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"flood " * 2000 + b"</p>"
        try:
            for _ in range(2000):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def stall(self) -> None:
        """Accept, then send nothing until the test ends (the client must time out)."""
        self.server.release.wait(STALL_LIMIT_S)  # type: ignore[attr-defined]

    def dribble(self) -> None:
        """A body sent a few bytes at a time, each well within a read timeout, never ending on its own."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            while not self.server.release.wait(DRIBBLE_INTERVAL_S):  # type: ignore[attr-defined]
                self.wfile.write(b"<p>.</p>")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadingHTTPServer]:
    with local_server(Recorder, OUR_HOST) as httpd:
        yield httpd


def base(server: ThreadingHTTPServer) -> str:
    return f"http://{OUR_HOST}:{server.server_address[1]}"


def only_ours(address: str) -> bool:
    """The tests' address policy: our server's loopback address plays the public internet."""
    return address == OUR_HOST


class Rebinding:
    """A resolver whose answer changes after the first question, as a hostile DNS server's may."""

    def __init__(self, first: str, then: str) -> None:
        self.answers = [first, then]

    def __call__(self, host: str) -> list[str]:
        return [self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]]


ADDRESSES = [
    # (address, public?)
    ("8.8.8.8", True),
    ("2001:4860:4860::8888", True),
    ("127.0.0.1", False),
    ("127.255.255.254", False),
    ("10.0.0.1", False),
    ("172.16.5.4", False),
    ("192.168.1.1", False),
    ("169.254.169.254", False),  # cloud metadata
    ("100.100.100.200", False),  # a cloud metadata address inside carrier NAT space
    ("100.64.0.1", False),
    ("0.0.0.0", False),
    ("255.255.255.255", False),
    ("224.0.0.1", False),
    ("::1", False),
    ("::", False),
    ("fe80::1%eth0", False),
    ("fd00::1", False),
    ("::ffff:127.0.0.1", False),
    ("::ffff:169.254.169.254", False),
    ("::ffff:10.0.0.1", False),
]


@pytest.mark.parametrize(("address", "public"), ADDRESSES)
def test_address_check(address: str, public: bool) -> None:
    assert is_public(address) is public


LOOPBACK_SPELLINGS = ["http://127.0.0.1/", "http://localhost/", "http://127.1/", "http://0x7f000001/",
                      "http://2130706433/", "http://[::1]/", "http://169.254.169.254/latest/meta-data/",
                      "http://10.0.0.1/", "http://user:pw@127.0.0.1:8080/x"]


@pytest.mark.parametrize("url", LOOPBACK_SPELLINGS)
def test_private_hosts_are_refused_by_default_before_any_request(url: str) -> None:
    # the real resolver answers these from the literal or /etc/hosts: no DNS query, no packet
    with pytest.raises(FetchError, match="non-public address"):
        check_url(url)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>x</script>",
                                 "ftp://example.org/", "gopher://127.0.0.1:25/", "//example.org/a", "example.org"])
def test_only_http_and_https_are_fetched(url: str) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetch_article(url, resolver=lambda host: [PRETEND_PUBLIC])


def test_default_refusal_sends_no_request(server: ThreadingHTTPServer) -> None:
    before = list(server.paths)  # type: ignore[attr-defined]
    with pytest.raises(FetchError, match="non-public"):
        fetch_article(base(server) + "/article", timeout=2)
    assert server.paths == before  # type: ignore[attr-defined]


@pytest.mark.parametrize(("route", "words"), [
    ("/to-secret", r"non-public address \(127\.0\.0\.1\)"),
    ("/to-localhost", r"non-public address \(127\.0\.0\.1\)"),
    ("/to-metadata", r"non-public address \(169\.254\.169\.254\)"),
    ("/to-file", "file"),
    ("/to-javascript", "javascript"),
])
def test_redirects_to_private_hosts_or_other_schemes_are_refused(server: ThreadingHTTPServer, route: str,
                                                                  words: str) -> None:
    with pytest.raises(FetchError, match=words):
        fetch_article(base(server) + route, allowed=only_ours, timeout=2)
    assert route in server.paths, "the first hop must have reached the server"  # type: ignore[attr-defined]
    assert "/secret" not in server.paths  # type: ignore[attr-defined]


def test_the_same_server_is_reachable_when_private_hosts_are_allowed(server: ThreadingHTTPServer) -> None:
    article = fetch_article(base(server) + "/article", allow_private=True, timeout=2)
    assert "Goris" in article.text


def test_redirect_loops_end(server: ThreadingHTTPServer) -> None:
    with pytest.raises(FetchError, match="HTTP 30"):
        fetch_article(base(server) + "/loop", allow_private=True, timeout=2)


def test_a_declared_huge_body_is_refused_before_reading(server: ThreadingHTTPServer) -> None:
    with pytest.raises(FetchError, match="too large"):
        fetch_article(base(server) + "/declared-huge", allow_private=True, timeout=2)


def test_an_endless_body_is_cut_at_the_size_cap(server: ThreadingHTTPServer) -> None:
    with pytest.raises(FetchError, match="too large"):
        fetch_article(base(server) + "/streamed-huge", allow_private=True, max_bytes=100_000, timeout=2)


def test_a_stalled_server_times_out(server: ThreadingHTTPServer) -> None:
    with pytest.raises(FetchError, match="cannot fetch"):
        fetch_article(base(server) + "/stall", allow_private=True, timeout=0.3)


def test_a_dribbling_server_hits_the_total_time_limit(server: ThreadingHTTPServer) -> None:
    """Each read succeeds quickly, so only a deadline over the whole body stops it."""
    with pytest.raises(FetchError, match="total time limit"):
        fetch_article(base(server) + "/dribble", allow_private=True, timeout=0.5)


def test_the_connection_goes_to_the_checked_address(server: ThreadingHTTPServer) -> None:
    """A name only our resolver knows is reached: the connection uses the address that was checked."""
    url = f"http://news.test:{server.server_address[1]}/article"
    assert "Goris" in fetch_article(url, resolver=lambda host: [OUR_HOST], allowed=only_ours, timeout=2).text


def test_dns_rebinding_between_check_and_connection_is_refused(server: ThreadingHTTPServer) -> None:
    """The first answer passes the check; the connection's own lookup gets a private one and is refused."""
    before = list(server.paths)  # type: ignore[attr-defined]
    url = f"http://rebind.test:{server.server_address[1]}/article"
    with pytest.raises(FetchError, match=r"non-public address \(127\.0\.0\.1\)"):
        fetch_article(url, resolver=Rebinding(OUR_HOST, "127.0.0.1"), allowed=only_ours, timeout=2)
    assert server.paths == before  # type: ignore[attr-defined]
