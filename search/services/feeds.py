"""Polling sources' RSS and Atom feeds: conditional GET, the same address guard as articles, errors kept per source.

Every poll leaves a SourcePoll. A source marked "monitor for claims" also hands its items, within its daily cap,
to whoever listens to `monitored_feed_items` (claims turns them into articles; search imports no claims)."""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

import feedparser
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.html import strip_tags

from workbench.fetching import FEED_TYPES, FetchRefused, fetch_url

from ..models import Source, SourcePoll
from ..signals import FeedItem, monitored_feed_items
from .documents import document_save

logger = logging.getLogger(__name__)


@dataclass
class PollResult:
    source_id: int
    fetched: bool = False
    not_modified: bool = False
    created: int = 0
    updated: int = 0
    skipped: int = 0
    error: str = ""
    articles: int = 0
    claims: int = 0
    duplicates: int = 0
    capped: int = 0
    item_errors: list[list[str]] = field(default_factory=list)


def _entry_date(entry) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC) if parsed else None


def _entry_content(entry) -> str:
    return " ".join(part.get("value", "") for part in entry.get("content") or []).strip()


def _entry_body(entry) -> str:
    return strip_tags(_entry_content(entry) or entry.get("summary", "")).strip()


def source_poll(*, source_id: int) -> PollResult:
    """Fetch one source's feed (conditional GET) and save its new or changed items as documents; for a source
    marked "monitor for claims", then hand the items to `monitored_feed_items` with what its daily cap allows.

    Every poll, fetched or not, leaves a SourcePoll with its counts and errors. A failure is recorded on the
    source (last_error) and never raises: one broken feed never stops the others.
    """
    source = Source.objects.filter(id=source_id).first()
    result = PollResult(source_id=source_id)
    if source is None or not source.feed_url:
        result.error = "no such source or no feed URL"
        return result
    headers = {}
    if source.feed_etag:
        headers["If-None-Match"] = source.feed_etag
    if source.feed_last_modified:
        headers["If-Modified-Since"] = source.feed_last_modified
    now = timezone.now()
    try:
        page = fetch_url(source.feed_url, accept=FEED_TYPES, headers=headers)
    except FetchRefused as exc:
        result.error = str(exc)
        Source.objects.filter(id=source.id).update(last_fetched_at=now, last_error=result.error[:2000])
        logger.info("Feed of %s not fetched: %s", source.name, exc)
        return _recorded(source, result, now)
    result.fetched = True
    if page.status == 304:
        result.not_modified = True
        Source.objects.filter(id=source.id).update(last_fetched_at=now, last_error="")
        return _recorded(source, result, now)
    parsed = feedparser.parse(page.text)
    if parsed.bozo and not parsed.entries:
        result.error = f"Not a readable RSS or Atom feed ({parsed.get('bozo_exception', 'parse error')})"
        Source.objects.filter(id=source.id).update(last_fetched_at=now, last_error=result.error[:2000])
        return _recorded(source, result, now)
    items: list[FeedItem] = []
    with transaction.atomic():
        for entry in parsed.entries:
            url, title, body = (
                entry.get("link", ""),
                strip_tags(entry.get("title", "")).strip(),
                _entry_body(entry),
            )
            if not url.startswith(("http://", "https://")) or not (title or body):
                result.skipped += 1
                continue
            _, created = document_save(
                source=source,
                url=url[:1000],
                title=title or body[:120],
                body=body or title,
                published_at=_entry_date(entry),
                language=source.language,
                external_key=entry.get("id", "")[:200],
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
            summary = entry.get("summary", "")
            items.append(FeedItem(url[:1000], title, summary, _entry_content(entry), _entry_date(entry)))
        if parsed.bozo:
            result.error = f"The feed is malformed ({parsed.get('bozo_exception', 'parse error')}); {result.created + result.updated} items read anyway"
        headers = page.headers or {}
        Source.objects.filter(id=source.id).update(
            last_fetched_at=now,
            last_error=result.error[:2000],
            feed_etag=headers.get("ETag", "")[:500],
            feed_last_modified=headers.get("Last-Modified", "")[:100],
        )
    if source.monitor_claims and items:
        _monitor(source, items, result, now)
    logger.info(
        "Polled %s: %d new, %d updated, %d skipped; %d articles, %d claims, %d repeated, %d capped",
        source.name,
        result.created,
        result.updated,
        result.skipped,
        result.articles,
        result.claims,
        result.duplicates,
        result.capped,
    )
    return _recorded(source, result, now, items=len(items))


def _articles_today(source: Source, now: datetime) -> int:
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    polls = SourcePoll.objects.filter(source=source, polled_at__gte=midnight)
    return polls.aggregate(total=Sum("articles"))["total"] or 0


def _monitor(source: Source, items: list[FeedItem], result: PollResult, now: datetime) -> None:
    """Hand the items to the receivers (outside the feed's transaction: they fetch pages) and add up their counts."""
    limit = max(source.daily_article_cap - _articles_today(source, now), 0)
    responses = monitored_feed_items.send_robust(sender=Source, source_id=source.id, items=items, limit=limit)
    for receiver, response in responses:
        if isinstance(response, Exception):
            logger.error("Monitoring %s failed in %r", source.name, receiver, exc_info=response)
            result.error = f"{result.error} Items not turned into articles ({response})".strip()
            continue
        for name in ("articles", "claims", "duplicates", "capped"):
            setattr(result, name, getattr(result, name) + int(response.get(name, 0)))
        result.item_errors += [list(pair) for pair in response.get("item_errors", [])]
    if result.item_errors:
        url, why = result.item_errors[0]
        note = f"{len(result.item_errors)} items did not become articles (first: {url}: {why})"
        result.error = f"{result.error} {note}".strip()
        Source.objects.filter(id=source.id).update(last_error=result.error[:2000])


def _recorded(source: Source, result: PollResult, now: datetime, *, items: int = 0) -> PollResult:
    SourcePoll.objects.create(
        source=source,
        polled_at=now,
        not_modified=result.not_modified,
        items=items,
        documents=result.created,
        articles=result.articles,
        claims=result.claims,
        duplicates=result.duplicates,
        capped=result.capped,
        error=result.error[:2000],
        item_errors=result.item_errors[:100],
    )
    return result


__all__ = ["PollResult", "source_poll"]
