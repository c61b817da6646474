"""Signals the search app sends; other apps connect to them in their ready() (search imports none of them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.dispatch import Signal

documents_indexed = Signal()
"""Sent with `document_ids` (a list) once those documents are in the index and marked indexed: a new or
changed document, from a save, an edit, a feed, a file or ClaimReview import, or the sweeper. Rebuilds
and resets do not send it; they only copy what the index already had."""


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed as the feed gave it: `content` is the full text (HTML) if it carried one, else ""."""

    url: str
    title: str
    summary: str
    content: str = ""
    published_at: datetime | None = None


monitored_feed_items = Signal()
"""Sent by a poll of a source marked "monitor for claims", outside any transaction, with `source_id`, `items`
(a list of FeedItem, in feed order) and `limit` (how many new articles the source's daily cap still allows).
A receiver returns a dict of counts: `articles`, `claims`, `duplicates`, `capped`, and `item_errors`, a list of
[url, reason]; the poll adds them up into the source's SourcePoll."""
