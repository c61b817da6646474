"""Sources as admins manage them: create, change, poll now and delete, each checking the permission."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..models import Source, SourcePoll
from . import dispatch

logger = logging.getLogger(__name__)


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
                dispatch.documents_index_queue(list(source.documents.values_list("id", flat=True)))
    return source


def source_poll_now(*, user, source: Source) -> None:
    if not user.has_perm("search.change_source"):
        raise PermissionDenied("Only admins manage sources.")
    dispatch.source_poll_queue(source.id)


def source_ensure(*, name: str, **defaults) -> Source:
    """The source of that name, created with `defaults` if there is none (for sources the workbench owns)."""
    source, _ = Source.objects.get_or_create(name=name, defaults=defaults)
    return source


class SourceInUse(Exception):
    """The source still has documents; deactivate it instead of deleting it."""


def source_delete(*, user, source: Source) -> None:
    """Delete a source that has no documents (admins); one with documents raises SourceInUse and stays."""
    if not user.has_perm("search.delete_source"):
        raise PermissionDenied("Only admins manage sources.")
    with transaction.atomic():
        source = Source.objects.select_for_update().get(id=source.id)
        if source.documents.exists():
            raise SourceInUse(f"{source.name} has documents; deactivate it instead (active: false).")
        source.delete()
        logger.info("Source %r deleted by %s", source.name, user)


POLLS_KEPT_DAYS = 30
"""A source's poll records older than this go: at a 5-minute interval a source leaves 288 a day."""


def source_polls_prune(*, days: int = POLLS_KEPT_DAYS) -> int:
    """Delete poll records older than `days` (the daily cap counts only today's); returns how many went."""
    deleted, _ = SourcePoll.objects.filter(
        polled_at__lt=timezone.now() - timezone.timedelta(days=days)
    ).delete()
    return deleted
