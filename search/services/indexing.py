"""Indexing: documents into the search index now (the tasks call these), and rebuilds that swap the alias."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import datetime

from django.utils import timezone

from ..backends import IndexableDocument, get_backend
from ..models import Document, Source
from .dispatch import INDEX_CHUNK

logger = logging.getLogger(__name__)

_DOCUMENT_FIELDS = ("id", "title", "body", "url", "published_at", "language", "external_key")


def indexable_from(source: Source, **fields) -> IndexableDocument:
    """The document as the index sees it, from its source and its saved fields (id, title, body, url, ...)."""
    return IndexableDocument(
        source_id=source.id,
        source_name=source.name,
        source_kind=source.kind,
        reliability=source.reliability,
        **fields,
    )


def indexable(document: Document) -> IndexableDocument:
    return indexable_from(document.source, **{name: getattr(document, name) for name in _DOCUMENT_FIELDS})


def documents_index(*, document_ids: Sequence[int]) -> dict:
    """Index these documents now (called by the task); returns counts and the ids that failed."""
    documents = list(Document.objects.filter(id__in=list(document_ids)).select_related("source"))
    if not documents:
        return {"indexed": 0, "failed": {}}
    started = timezone.now()
    result = get_backend().index_documents(indexable(d) for d in documents)
    documents_mark_indexed(document_ids=[d.id for d in documents if d.id not in result.failed], as_of=started)
    if result.failed:
        logger.warning("Indexing failed for %d documents: %s", len(result.failed), result.failed)
    return {"indexed": result.indexed, "failed": result.failed}


def documents_mark_indexed(*, document_ids: Sequence[int], as_of: datetime) -> None:
    """The index holds these documents as they were at `as_of`; one edited since stays marked for the sweeper."""
    if document_ids:
        Document.objects.filter(id__any_of=list(document_ids), updated_at__lte=as_of).update(indexed_at=as_of)


def documents_delete_from_index(*, document_ids: Sequence[int]) -> None:
    get_backend().delete_documents(list(document_ids))


def _batches(queryset, size: int) -> Iterator[list[IndexableDocument]]:
    """Every document in id order, `size` at a time: plain rows, each source looked up once."""
    sources = Source.objects.in_bulk()
    last_id = 0
    while True:
        rows = list(
            queryset.filter(id__gt=last_id).order_by("id").values_list("source_id", *_DOCUMENT_FIELDS)[:size]
        )
        if not rows:
            return
        last_id = rows[-1][1]
        if any(row[0] not in sources for row in rows):  # a source added since the rebuild began
            sources = Source.objects.in_bulk()
        yield [
            indexable_from(sources[row[0]], **dict(zip(_DOCUMENT_FIELDS, row[1:], strict=True)))
            for row in rows
        ]


def search_index_rebuild(*, chunk_size: int = INDEX_CHUNK) -> str:
    """Fill a new index from the database in chunks and swap the alias to it; the old one serves until then."""
    started = timezone.now()
    name = get_backend().rebuild(_batches(Document.objects.all(), chunk_size))
    Document.objects.filter(updated_at__lte=started).update(indexed_at=started)
    return name


def search_index_reset() -> None:
    get_backend().reset()
    Document.objects.update(indexed_at=None)
