"""Sources as admins manage them: writes with permission checks, and the list with its statistics."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max

from .models import Source


def sources_with_stats():
    """Every source with its document count and newest document, in one query."""
    return Source.objects.annotate(
        document_count=Count("documents"), last_document_at=Max("documents__fetched_at")
    ).order_by("name")


def source_save(*, user, source: Source | None = None, **fields) -> Source:
    """Create or update a source; reliability changes apply to ranking once its documents are reindexed."""
    if not user.has_perm("search.change_source" if source else "search.add_source"):
        raise PermissionDenied("Only admins manage sources.")
    with transaction.atomic():
        if source is None:
            source = Source.objects.create(**fields)
        else:
            reliability_changed = "reliability" in fields and fields["reliability"] != source.reliability
            for name, value in fields.items():
                setattr(source, name, value)
            source.save()
            if reliability_changed:
                from .services import _enqueue_index

                _enqueue_index(list(source.documents.values_list("id", flat=True)))
    return source


def source_poll_now(*, user, source: Source) -> None:
    if not user.has_perm("search.change_source"):
        raise PermissionDenied("Only admins manage sources.")
    from .tasks import poll_source

    transaction.on_commit(lambda: poll_source.delay(source.id))
