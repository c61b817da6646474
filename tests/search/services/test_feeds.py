"""Polling sources' feeds: new items become documents once, conditional GET, errors kept on the source."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from search.models import Document, Source
from search.selectors.sources import sources_due
from search.services.feeds import source_poll
from tests.factories import SourceFactory

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Exports rise 12%</title><link>https://wire.example.org/exports</link>
<description>&lt;p&gt;Exports rose 12 percent in March.&lt;/p&gt;</description><pubDate>Tue, 03 Jun 2025 10:00:00 GMT</pubDate><guid>w-1</guid></item>
<item><title>Jobs report</title><link>https://wire.example.org/jobs</link><description>Unemployment fell to 3.9 percent.</description></item>
<item><title>No link</title><description>Dropped.</description></item>
</channel></rss>"""
SEEN = {"conditional": 0}


class Feed(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/rss":
            if self.headers.get("If-None-Match") == '"v1"':
                SEEN["conditional"] += 1
                self.send_response(304)
                self.end_headers()
                return
            self._send(200, "application/rss+xml", RSS, etag='"v1"')
        elif self.path == "/broken":
            self._send(200, "application/xml", b"<rss><channel><item>unclosed")
        else:
            self._send(404, "text/plain", b"no")

    def _send(self, status, content_type, body, etag=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if etag:
            self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def feed_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def allow_loopback(settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "FETCH_ALLOWED_NETWORKS": ["127.0.0.1/32"]}


def test_feed_items_become_documents_once_and_conditional_get_is_used(db, feed_server, allow_loopback):
    source = SourceFactory(name="Wire", kind="wire", feed_url=feed_server + "/rss")
    first = source_poll(source_id=source.id)
    assert (first.created, first.skipped, first.error) == (2, 1, "")
    exports = Document.objects.get(url="https://wire.example.org/exports")
    assert exports.body == "Exports rose 12 percent in March." and exports.published_at.year == 2025
    source.refresh_from_db()
    assert source.feed_etag == '"v1"' and source.last_fetched_at and source.last_error == ""
    second = source_poll(source_id=source.id)
    assert second.not_modified and SEEN["conditional"] == 1
    assert Document.objects.count() == 2


def test_feed_at_a_private_address_is_refused_and_the_error_kept(db):
    source = SourceFactory(name="Intranet", feed_url="http://10.1.2.3/feed")
    result = source_poll(source_id=source.id)
    source.refresh_from_db()
    assert "private network" in result.error and "private network" in source.last_error
    assert not Document.objects.exists()


def test_broken_feed_is_reported_on_the_source(db, feed_server, allow_loopback):
    source = SourceFactory(name="Broken", feed_url=feed_server + "/broken")
    result = source_poll(source_id=source.id)
    source.refresh_from_db()
    assert result.error and source.last_error


def test_only_active_sources_whose_interval_passed_are_due(db):
    due = SourceFactory(
        name="Due",
        feed_url="https://a.example.org/f",
        poll_interval_minutes=30,
        last_fetched_at=timezone.now() - timezone.timedelta(minutes=31),
    )
    SourceFactory(
        name="Fresh",
        feed_url="https://b.example.org/f",
        poll_interval_minutes=30,
        last_fetched_at=timezone.now(),
    )
    SourceFactory(name="Off", feed_url="https://c.example.org/f", active=False)
    SourceFactory(name="No feed")
    assert sources_due() == [due.id]
    assert Source.objects.count() == 4
