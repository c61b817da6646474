"""Sources as the staff page and the API list them, with their statistics; one 404 for missing and forbidden."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, Max
from django.http import Http404
from django.utils import timezone

from ..models import POLL_INTERVAL_MINUTES, Source


def sources_with_stats():
    """Every source with its document count and newest document, in one query."""
    return Source.objects.annotate(
        document_count=Count("documents"), last_document_at=Max("documents__fetched_at")
    ).order_by("name")


def source_get_for_user(*, user, source_id: int, with_stats: bool = False) -> Source:
    """A source for someone who may see sources; the same 404 for 'missing' and 'forbidden'."""
    if not user.has_perm("search.view_source"):
        raise Http404("No such source.")
    sources = sources_with_stats() if with_stats else Source.objects.all()
    source = sources.filter(id=source_id).first()
    if source is None:
        raise Http404("No such source.")
    return source


def sources_by_name() -> dict[str, Source]:
    return {source.name: source for source in Source.objects.all()}


def sources_active():
    """The active sources, by name: what a person may file an article under."""
    return Source.objects.filter(active=True).order_by("name")


def source_by_name(*, name: str) -> Source | None:
    return Source.objects.filter(name=name).first()


def sources_due(*, now: datetime | None = None) -> list[int]:
    """Active sources with a feed whose polling interval has passed.

    An interval saved outside POLL_INTERVAL_MINUTES (before it was checked, or written past the forms) counts
    as the nearest bound: one source's 2**40 minutes must not stop every feed's polling with an OverflowError.
    """
    now = now or timezone.now()
    shortest, longest = POLL_INTERVAL_MINUTES
    due = []
    for source in (
        Source.objects.filter(active=True)
        .exclude(feed_url="")
        .only("id", "last_fetched_at", "poll_interval_minutes")
    ):
        interval = timedelta(minutes=min(max(source.poll_interval_minutes, shortest), longest))
        if source.last_fetched_at is None or now - source.last_fetched_at >= interval:
            due.append(source.id)
    return due
