"""Monitored sources: the items of their feeds become articles, whose check-worthy claims go to the queue.

Connected to `search.signals.monitored_feed_items` in claims/apps.py. Each item goes through article_ingest
(cleaning, splitting, the queue and the evidence search after commit), so an article is never stored twice:
the same URL, or the same cleaned text under another URL, is the article already stored. Two polls that
overlap meet at the database's unique constraints, and the one that loses counts the item as a repeat.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.utils.html import strip_tags

from search.models import Source
from search.signals import FeedItem

from ..models import Article, ClaimStatus
from .articles import IngestResult, article_ingest, article_ingest_url
from .common import ArticleRejected

logger = logging.getLogger(__name__)

MONITOR_USERNAME = "feed-monitor"
# An item carries the article itself when its content is longer than its summary and than this; otherwise it
# carries only a summary (or a teaser), and its page is fetched instead.
FULL_TEXT_CHARS = 200


def monitor_user():
    """The account monitored articles are submitted by: it may add articles and cannot sign in."""
    user, created = get_user_model().objects.get_or_create(
        username=MONITOR_USERNAME, defaults={"first_name": "Feed", "last_name": "monitor"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if not user.has_perm("claims.add_article"):
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="claims", codename="add_article")
        )
        user = get_user_model().objects.get(id=user.id)  # a fresh instance: permissions are cached
    return user


def feed_items_to_articles(*, source_id: int, items: list[FeedItem], limit: int) -> dict:
    """Turn a monitored source's feed items into articles, at most `limit` new ones; never raises for one item.

    Returns the counts the poll records: new articles, their queued claims, repeats (an article already had
    the URL or the text), items left by the daily cap, and [url, reason] of each item refused.
    """
    counts = {"articles": 0, "claims": 0, "duplicates": 0, "capped": 0, "item_errors": []}
    source = Source.objects.filter(id=source_id).first()
    if source is None:
        return counts
    user = monitor_user()
    known_urls = set(
        Article.objects.filter(url__in=[item.url for item in items]).values_list("url", flat=True)
    )
    for item in items:
        if item.url in known_urls:
            counts["duplicates"] += 1
            continue
        if counts["articles"] >= limit:
            counts["capped"] += 1
            continue
        try:
            result = _ingest(item, source=source, user=user)
        except ArticleRejected as exc:
            counts["item_errors"].append([item.url, " ".join(exc.messages)[:300]])
            continue
        known_urls.add(item.url)
        if result is None or not result.created:
            counts["duplicates"] += 1
            continue
        counts["articles"] += 1
        counts["claims"] += sum(
            1 for claim in result.claims if claim.status == ClaimStatus.QUEUED and not claim.duplicate_of_id
        )
    if counts["capped"]:
        logger.info("%s reached its daily cap; %d items wait", source.name, counts["capped"])
    return counts


def _ingest(item: FeedItem, *, source: Source, user) -> IngestResult | None:
    """One item as an article: its own full text if it carried one, else its page, fetched through the guard.
    None when an overlapping poll stored the same URL or text first."""
    common = {"source": source, "published_at": item.published_at, "title": item.title, "submitted_by": user}
    try:
        with transaction.atomic():
            if _carries_full_text(item):
                return article_ingest(text=item.content, url=item.url, html=True, **common)
            return article_ingest_url(url=item.url, **common)
    except IntegrityError:
        logger.info("%s was stored by an overlapping poll", item.url)
        return None


def _carries_full_text(item: FeedItem) -> bool:
    text = strip_tags(item.content).strip()
    return len(text) >= FULL_TEXT_CHARS and len(text) > len(strip_tags(item.summary).strip())


def on_monitored_feed_items(sender, *, source_id: int, items: list[FeedItem], limit: int, **kwargs) -> dict:
    return feed_items_to_articles(source_id=source_id, items=items, limit=limit)
