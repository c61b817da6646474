"""Fetching articles by URL: real pages come in cleaned; private addresses, odd schemes and junk are refused."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claims import services
from claims.models import Article
from workbench.fetching import FetchRefused, address_refusal, fetch_article

PAGE = b"""<html><head><title>Exports | Daily News</title><script>alert('x')</script></head><body>
<nav>Home | World | Sign in</nav><article><h1>Record exports in March</h1>
<p>Exports rose 12% to $4.5 billion in March, the trade ministry said on Tuesday.</p>
<p>The ministry expects further growth next year because of a new trade agreement with Canada.</p></article>
<footer>Share this article</footer></body></html>"""


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/article":
            self._send(200, "text/html; charset=utf-8", PAGE)
        elif self.path == "/to-private":
            self.send_response(302)
            self.send_header("Location", "http://10.0.0.1/admin")
            self.end_headers()
        elif self.path == "/to-metadata":
            self.send_response(301)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
        elif self.path == "/image":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
        elif self.path == "/huge":
            self._send(200, "text/html", b"<p>" + b"a" * 5000 + b"</p>")
        elif self.path == "/slow":
            time.sleep(3)
            self._send(200, "text/html", PAGE)
        else:
            self._send(404, "text/plain", b"missing")

    def _send(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except BrokenPipeError:
            pass


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def allow_loopback(settings):
    settings.WORKBENCH = {
        **settings.WORKBENCH,
        "FETCH_ALLOWED_NETWORKS": ["127.0.0.1/32"],
        "FETCH_TIMEOUT_SECONDS": 1,
    }


def test_loopback_is_refused_unless_allowlisted(site, settings):
    with pytest.raises(FetchRefused, match="loopback"):
        fetch_article(site + "/article")


@pytest.mark.parametrize(
    "ip, refused",
    [
        ("10.1.2.3", True),
        ("192.168.0.10", True),
        ("172.16.5.4", True),
        ("169.254.169.254", True),
        ("127.0.0.1", True),
        ("::1", True),
        ("fe80::1", True),
        ("::ffff:10.0.0.1", True),
        ("0.0.0.0", True),
        ("93.184.216.34", False),
    ],
)
def test_address_rules(ip, refused, settings):
    assert (address_refusal(ip) is not None) is refused


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/a", "gopher://x", "javascript:alert(1)", "http://"]
)
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchRefused, match="http"):
        fetch_article(url)


def test_allowlisted_page_is_fetched(site, allow_loopback):
    page = fetch_article(site + "/article")
    assert page.is_html and "Exports rose 12%" in page.text


def test_every_redirect_is_checked_again(site, allow_loopback):
    with pytest.raises(FetchRefused, match="private network"):
        fetch_article(site + "/to-private")
    with pytest.raises(FetchRefused, match="link-local"):
        fetch_article(site + "/to-metadata")


def test_non_article_content_types_are_refused(site, allow_loopback):
    with pytest.raises(FetchRefused, match="image/png"):
        fetch_article(site + "/image")


def test_pages_over_the_size_limit_are_refused(site, allow_loopback, settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "ARTICLE_MAX_BYTES": 1000}
    with pytest.raises(FetchRefused, match="limit"):
        fetch_article(site + "/huge")


def test_slow_sites_time_out_with_a_clear_message(site, allow_loopback):
    with pytest.raises(FetchRefused, match="within 1 seconds"):
        fetch_article(site + "/slow")


def test_unreachable_host_is_a_clear_error(allow_loopback):
    with pytest.raises(FetchRefused, match="Could not connect"):
        fetch_article("http://127.0.0.1:9/")


def test_fetched_article_is_cleaned_and_queued_once(site, allow_loopback, fact_checker, embedded_backend):
    first = services.article_ingest_url(url=site + "/article", submitted_by=fact_checker)
    again = services.article_ingest_url(url=site + "/article", submitted_by=fact_checker)
    assert first.created and not again.created and Article.objects.count() == 1
    article = first.article
    assert (
        "alert(" not in article.text
        and "Sign in" not in article.text
        and "Share this article" not in article.text
    )
    assert any("Exports rose 12%" in c.text for c in first.claims)


def test_refused_fetch_saves_nothing(site, fact_checker, db):
    with pytest.raises(services.ArticleRejected, match="loopback"):
        services.article_ingest_url(url=site + "/article", submitted_by=fact_checker)
    assert not Article.objects.exists()
