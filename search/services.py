"""Writes for sources and documents; indexing is queued after commit and catches up if search is down."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .backends import IndexableDocument, get_backend
from .models import Document, Source

logger = logging.getLogger(__name__)

INDEX_CHUNK = 500


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


def _enqueue_index(document_ids: list[int]) -> None:
    from .tasks import index_documents

    for start in range(0, len(document_ids), INDEX_CHUNK):
        chunk = document_ids[start : start + INDEX_CHUNK]
        transaction.on_commit(lambda chunk=chunk: _send(index_documents, chunk))


def _enqueue_delete(document_ids: list[int]) -> None:
    from .tasks import delete_documents

    transaction.on_commit(lambda: _send(delete_documents, document_ids))


def _send(task, document_ids: list[int]) -> None:
    """Queue a task; if the broker is down the documents stay marked unindexed and the sweeper catches up."""
    try:
        task.delay(document_ids)
    except Exception as exc:  # noqa: BLE001 - any broker failure; nothing is lost, the sweeper retries
        logger.warning(
            "Could not queue %s for %d documents (%s); the sweeper will retry",
            task.name,
            len(document_ids),
            exc,
        )


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
    _enqueue_index([document.id])
    return document, created


def document_changed(*, document: Document) -> None:
    """An admin edited the document in place: index it again after commit."""
    _enqueue_index([document.id])


@transaction.atomic
def documents_delete(*, document_ids: Sequence[int]) -> int:
    ids = list(document_ids)
    deleted, _ = Document.objects.filter(id__in=ids).delete()
    _enqueue_delete(ids)
    return deleted


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


def documents_needing_index(*, limit: int = 5000) -> list[int]:
    return list(Document.objects.needing_index().order_by("id").values_list("id", flat=True)[:limit])


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


class SourceInUse(Exception):
    """The source still has documents; deactivate it instead of deleting it."""


def source_delete(*, user, source: Source) -> None:
    """Delete a source that has no documents (admins); one with documents raises SourceInUse and stays."""
    from django.core.exceptions import PermissionDenied

    if not user.has_perm("search.delete_source"):
        raise PermissionDenied("Only admins manage sources.")
    with transaction.atomic():
        source = Source.objects.select_for_update().get(id=source.id)
        if source.documents.exists():
            raise SourceInUse(f"{source.name} has documents; deactivate it instead (active: false).")
        source.delete()
        logger.info("Source %r deleted by %s", source.name, user)
