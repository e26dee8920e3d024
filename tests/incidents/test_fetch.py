import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from incidents.fetch import FetchError, check_url, fetch_article, is_public

PAGE = b"""<html><head><title>Shelling near Goris</title>
<meta property="og:site_name" content="Fixture Local"></head><body><article><h1>Shelling near Goris</h1>
<p>Mortar rounds landed on the edge of Goris on Tuesday evening, local officials said, adding that nobody was
hurt and that the damage was limited to a barn and two parked cars near the road.</p>
<p>The regional governor said residents had been told to stay indoors until the morning as a precaution.</p>
</article></body></html>"""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        routes = {
            "/article": (200, {"Content-Type": "text/html"}, PAGE),
            "/hop": (302, {"Location": "/article"}, b""),
            "/away": (302, {"Location": "http://internal.test/article"}, b""),
            "/big": (200, {"Content-Type": "text/html"}, b"<p>" + b"x" * 5000 + b"</p>"),
            "/missing": (404, {}, b"no"),
        }
        code, headers, body = routes.get(self.path, (404, {}, b""))
        self.send_response(code)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_extracts_the_article(server):
    article = fetch_article(server + "/article", allow_private=True, timeout=5)
    assert "Goris" in article.text and article.title == "Shelling near Goris"
    assert article.source.endswith("/article")


def test_redirects_are_followed_when_allowed(server):
    assert "Goris" in fetch_article(server + "/hop", allow_private=True, timeout=5).text


def test_default_refuses_loopback(server):
    with pytest.raises(FetchError, match="non-public"):
        fetch_article(server + "/article", timeout=5)


def test_redirect_to_private_host_is_refused(server):
    # the policy stands in for "public" by allowing only our loopback server; the redirect target
    # resolves to a private address and must be refused before it is requested
    def resolver(host):
        return ["10.0.0.5"] if host == "internal.test" else ["127.0.0.1"]

    def ours(address):
        return address == "127.0.0.1"

    with pytest.raises(FetchError, match=r"non-public address \(10\.0\.0\.5\)"):
        fetch_article(server + "/away", resolver=resolver, allowed=ours, timeout=5)
    # and the same chain is followed when every hop is allowed
    assert "Goris" in fetch_article(server + "/hop", resolver=resolver, allowed=ours, timeout=5).text


@pytest.mark.parametrize(
    ("url", "message"),
    [("file:///etc/passwd", "only http"), ("ftp://example.org/a", "only http"), ("http:///nohost", "no host")],
)
def test_schemes_and_hosts(url, message):
    with pytest.raises(FetchError, match=message):
        check_url(url, resolver=lambda host: ["93.184.216.34"])


def test_size_cap_and_http_errors(server):
    with pytest.raises(FetchError, match="too large"):
        fetch_article(server + "/big", allow_private=True, max_bytes=1000, timeout=5)
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_article(server + "/missing", allow_private=True, timeout=5)


@pytest.mark.parametrize(
    ("address", "public"),
    [("8.8.8.8", True), ("127.0.0.1", False), ("10.1.2.3", False), ("192.168.0.1", False), ("169.254.169.254", False),
     ("::1", False), ("fe80::1", False), ("::ffff:127.0.0.1", False), ("0.0.0.0", False), ("240.0.0.1", False)],
)
def test_is_public(address, public):
    assert is_public(address) is public
