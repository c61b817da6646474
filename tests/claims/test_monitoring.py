"""Monitored sources: feed items become articles once, their claims queued; bad, slow and repeating feeds survive.

Every feed and page is served by a loopback server (http.server in a thread on 127.0.0.1)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claims.models import Article, Claim, ClaimStatus
from claims.services import monitoring
from search.models import Document, SourcePoll
from search.selectors.sources import sources_due
from search.services.feeds import source_poll
from tests.factories import ArticleFactory, SourceFactory

HITS: dict[str, int] = {}
BASE = {"url": ""}


def story(n: int) -> str:
    return (
        f"<html><head><title>Story {n}</title></head><body><article><h1>Budget story {n}</h1>"
        f"<p>Unemployment fell to {n}.5 percent in March, the statistics office said on Tuesday.</p>"
        f"<p>The government spent {n + 20} billion pounds on hospitals last year, up 12 percent since 2019, "
        f"according to the Treasury's figures for region {n}.</p>"
        f"<p>Crime in the city rose by {n + 3} percent in 2024, the police commissioner told reporters.</p>"
        "</article></body></html>"
    )


def rss(*items: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Outlet</title>" + "".join(items) + "</channel></rss>"
    ).encode()


def item(path: str, *, summary: str = "A short summary.", content: str = "") -> str:
    encoded = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
    link = path if path.startswith("http") else BASE["url"] + path
    return (
        f"<item><title>Item {path}</title><link>{link}</link>"
        f"<description>{summary}</description>{encoded}<guid>{link}</guid></item>"
    )


def feeds() -> dict[str, bytes]:
    return {
        "/summaries": rss(item("/story/1"), item("/story/2")),
        "/full": rss(item("/full-story", content=story(9))),
        # The same item twice in one feed, and the same text at a second address.
        "/repeats": rss(item("/story/3"), item("/story/3"), item("/story/3-copy")),
        "/many": rss(*(item(f"/story/{n}") for n in range(10, 14))),
        "/private": rss(item("http://10.1.2.3/story"), item("http://192.168.0.7/story"), item("/story/4")),
    }


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        HITS[self.path] = HITS.get(self.path, 0) + 1
        if self.path in feeds():
            return self._send(200, "application/rss+xml", feeds()[self.path])
        if self.path.startswith("/story/"):
            number = self.path.removeprefix("/story/").removesuffix("-copy")
            return self._send(200, "text/html; charset=utf-8", story(int(number)).encode())
        if self.path == "/full-story":
            return self._send(200, "text/html", story(99).encode())
        if self.path == "/malformed":
            return self._send(200, "application/rss+xml", b"<rss><channel><item><title>unclosed")
        if self.path == "/error":
            return self._send(500, "text/plain", b"Internal Server Error")
        if self.path == "/binary":
            return self._send(200, "application/octet-stream", bytes(range(256)) * 8)
        if self.path == "/binary-as-xml":
            return self._send(200, "application/rss+xml", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
        if self.path == "/slow":
            time.sleep(2)
            return self._send(200, "application/rss+xml", feeds()["/summaries"])
        self._send(404, "text/plain", b"no")

    def _send(self, status, content_type, body):
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the poll gave up waiting (the slow feed)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    BASE["url"] = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield BASE["url"]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def allow_loopback(settings):
    settings.WORKBENCH = {
        **settings.WORKBENCH,
        "FETCH_ALLOWED_NETWORKS": ["127.0.0.1/32"],
        "FETCH_TIMEOUT_SECONDS": 0.5,
        "FETCH_DEADLINE_SECONDS": 1,
    }


def monitored(server, path, **fields):
    return SourceFactory(name=f"Outlet {path}", feed_url=server + path, monitor_claims=True, **fields)


def test_summary_only_items_are_fetched_and_their_claims_go_to_the_queue(db, server, allow_loopback):
    source = monitored(server, "/summaries")
    result = source_poll(source_id=source.id)
    articles = Article.objects.filter(source=source).order_by("url")
    assert result.error == "" and result.articles == 2 and articles.count() == 2
    assert [a.url for a in articles] == [server + "/story/1", server + "/story/2"]
    assert "Unemployment fell to 1.5 percent" in articles[0].text
    assert articles[0].submitted_by.username == monitoring.MONITOR_USERNAME
    queued = Claim.objects.filter(article__source=source, status=ClaimStatus.QUEUED).count()
    assert queued > 0 and result.claims == queued
    poll = SourcePoll.objects.get(source=source)
    assert (poll.items, poll.articles, poll.claims, poll.duplicates) == (2, 2, queued, 0)
    assert Document.objects.filter(source=source).count() == 2  # the evidence corpus still gets the items


def test_an_item_with_its_full_text_is_not_fetched_again(db, server, allow_loopback):
    HITS.pop("/full-story", None)
    source = monitored(server, "/full")
    assert source_poll(source_id=source.id).articles == 1
    assert "Unemployment fell to 9.5 percent" in Article.objects.get(source=source).text
    assert "/full-story" not in HITS


def test_a_feed_that_repeats_items_makes_no_duplicate_articles(db, server, allow_loopback):
    source = monitored(server, "/repeats")
    first = source_poll(source_id=source.id)
    assert (first.articles, first.duplicates) == (1, 2)  # the same URL twice, and the same text at another
    second = source_poll(source_id=source.id)
    assert (second.articles, second.duplicates) == (0, 3)
    assert Article.objects.filter(source=source).count() == 1
    assert HITS.get("/story/3") == 1  # a repeated URL is known before its page is fetched


def test_overlapping_polls_meet_at_the_unique_constraint(db, server, allow_loopback, monkeypatch):
    from claims.services import articles

    fetch = articles.fetch_article

    def fetched_while_another_poll_stores_it(url):
        ArticleFactory(url=url)  # the other poll wins the race between the lookup and the insert
        return fetch(url)

    monkeypatch.setattr(articles, "fetch_article", fetched_while_another_poll_stores_it)
    source = monitored(server, "/summaries")
    result = source_poll(source_id=source.id)
    assert (result.articles, result.duplicates, result.item_errors) == (0, 2, [])
    assert Article.objects.filter(url=server + "/story/1").count() == 1


def test_the_daily_cap_holds_items_back(db, server, allow_loopback):
    source = monitored(server, "/many", daily_article_cap=3)
    first = source_poll(source_id=source.id)
    assert (first.articles, first.capped) == (3, 1)
    second = source_poll(source_id=source.id)
    assert (second.articles, second.duplicates, second.capped) == (0, 3, 1)
    assert Article.objects.filter(source=source).count() == 3


def test_item_links_to_private_addresses_are_refused_and_kept_on_the_source(db, server, allow_loopback):
    source = monitored(server, "/private")
    result = source_poll(source_id=source.id)
    assert result.articles == 1
    refused = dict(map(tuple, result.item_errors))
    assert set(refused) == {"http://10.1.2.3/story", "http://192.168.0.7/story"}
    assert all("private network" in why for why in refused.values())
    source.refresh_from_db()
    assert "2 items did not become articles" in source.last_error
    assert SourcePoll.objects.get(source=source).item_errors == result.item_errors
    assert not Article.objects.filter(url__contains="10.1.2.3").exists()


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("/malformed", "malformed"),
        ("/error", "500"),
        ("/binary", "application/octet-stream"),
        ("/binary-as-xml", "Not a readable RSS or Atom feed"),
    ],
)
def test_a_bad_feed_is_recorded_and_the_next_source_is_still_polled(db, server, allow_loopback, path, why):
    bad = monitored(server, path)
    good = monitored(server, "/summaries")
    results = [source_poll(source_id=source_id) for source_id in sources_due()]
    assert {r.source_id for r in results} == {bad.id, good.id}
    by_source = {r.source_id: r for r in results}
    assert why in by_source[bad.id].error and by_source[bad.id].articles == 0
    assert by_source[good.id].articles == 2
    bad.refresh_from_db()
    assert why in bad.last_error and why in SourcePoll.objects.get(source=bad).error
    assert not Article.objects.filter(source=bad).exists()


def test_a_slow_feed_times_out_and_the_other_sources_are_still_polled(db, server, allow_loopback):
    slow = monitored(server, "/slow")
    good = monitored(server, "/summaries")
    started = time.monotonic()
    slow_result = source_poll(source_id=slow.id)
    assert time.monotonic() - started < 1.8  # the 0.5 s read timeout, not the server's 2 s
    assert "did not answer within" in slow_result.error or "longer than" in slow_result.error
    assert source_poll(source_id=good.id).articles == 2
    assert not Article.objects.filter(source=slow).exists()


def test_a_source_not_monitored_fills_the_evidence_corpus_only(db, server, allow_loopback):
    source = SourceFactory(name="Corpus only", feed_url=server + "/summaries")
    result = source_poll(source_id=source.id)
    assert result.created == 2 and result.articles == 0
    assert not Article.objects.exists()
