"""Two polls of one monitored feed at the same moment, on PostgreSQL: each item becomes one article, not two."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from claims.models import Article
from search.services.feeds import source_poll
from tests.claims.test_monitoring import allow_loopback, monitored, server  # noqa: F401 - fixtures


@pytest.mark.postgres
def test_two_polls_at_once_store_each_item_once(transactional_db, server, allow_loopback, monkeypatch):  # noqa: F811
    from claims.roles import sync_roles
    from claims.services import articles

    sync_roles()  # permissions again: an earlier transactional test's flush may have emptied them

    fetch, lock, barriers = articles.fetch_article, threading.Lock(), {}

    def fetched_side_by_side(url):
        # Both polls have looked the URL up and found nothing before either fetches and stores the page.
        with lock:
            barrier = barriers.setdefault(url, threading.Barrier(2, timeout=10))
        barrier.wait()
        return fetch(url)

    monkeypatch.setattr(articles, "fetch_article", fetched_side_by_side)
    source = monitored(server, "/summaries")
    results, errors = [], []

    def poll():
        try:
            results.append(source_poll(source_id=source.id))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=poll) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == [] and len(results) == 2
    assert sum(r.articles for r in results) == 2 and sum(r.duplicates for r in results) == 2
    assert all(r.item_errors == [] for r in results)
    assert Article.objects.filter(source=source).count() == 2
