"""Writes for documents: save, change, delete; their indexing is queued after commit and catches up if search is down."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from django.db import transaction

from ..models import Document, Source
from . import dispatch

logger = logging.getLogger(__name__)


@transaction.atomic
def document_save(
    *,
    source: Source,
    url: str,
    title: str,
    body: str,
    published_at: datetime | None = None,
    language: str = "en",
    external_key: str = "",
) -> tuple[Document, bool]:
    """Create or update the document at `url` (its identity); queues its indexing after commit."""
    document, created = Document.objects.update_or_create(
        url=url,
        defaults={
            "source": source,
            "title": title[:500],
            "body": body,
            "published_at": published_at,
            "language": language or "en",
            "external_key": external_key,
        },
    )
    dispatch.documents_index_queue([document.id])
    return document, created


def document_changed(*, document: Document) -> None:
    """An admin edited the document in place: index it again after commit."""
    dispatch.documents_index_queue([document.id])


@transaction.atomic
def documents_delete(*, document_ids: Sequence[int]) -> int:
    ids = list(document_ids)
    deleted, _ = Document.objects.filter(id__in=ids).delete()
    dispatch.documents_delete_queue(ids)
    return deleted
