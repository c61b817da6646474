"""Polling sources' RSS and Atom feeds: conditional GET, the same address guard as articles, errors kept per source."""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from workbench.fetching import FEED_TYPES, FetchRefused, fetch_url

from ..models import Source
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


def _entry_date(entry) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC) if parsed else None


def _entry_body(entry) -> str:
    if entry.get("content"):
        return strip_tags(" ".join(part.get("value", "") for part in entry["content"])).strip()
    return strip_tags(entry.get("summary", "")).strip()


def source_poll(*, source_id: int) -> PollResult:
    """Fetch one source's feed (conditional GET) and save its new or changed items as documents.

    A failure is recorded on the source (last_error) and never raises: one broken feed never stops the others.
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
        return result
    result.fetched = True
    if page.status == 304:
        result.not_modified = True
        Source.objects.filter(id=source.id).update(last_fetched_at=now, last_error="")
        return result
    parsed = feedparser.parse(page.text)
    if parsed.bozo and not parsed.entries:
        result.error = f"Not a readable RSS or Atom feed ({parsed.get('bozo_exception', 'parse error')})"
        Source.objects.filter(id=source.id).update(last_fetched_at=now, last_error=result.error[:2000])
        return result
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
        if parsed.bozo:
            result.error = f"The feed is malformed ({parsed.get('bozo_exception', 'parse error')}); {result.created + result.updated} items read anyway"
        headers = page.headers or {}
        Source.objects.filter(id=source.id).update(
            last_fetched_at=now,
            last_error=result.error[:2000],
            feed_etag=headers.get("ETag", "")[:500],
            feed_last_modified=headers.get("Last-Modified", "")[:100],
        )
    logger.info(
        "Polled %s: %d new, %d updated, %d skipped",
        source.name,
        result.created,
        result.updated,
        result.skipped,
    )
    return result


__all__ = ["PollResult", "source_poll"]
