"""Indexing: documents into the search index now (the tasks call these), and rebuilds that swap the read alias."""

from __future__ import annotations

import logging
from array import array
from collections.abc import Iterator, Sequence
from datetime import datetime

from django.utils import timezone

from ..backends import BulkResult, IndexableDocument, get_backend
from ..models import Document, Source
from ..signals import documents_indexed
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
    indexed_ids = [d.id for d in documents if d.id not in result.failed]
    documents_mark_indexed(document_ids=indexed_ids, as_of=started)
    if indexed_ids:
        documents_indexed.send(sender=Document, document_ids=indexed_ids)
    if result.failed:
        logger.warning("Indexing failed for %d documents: %s", len(result.failed), result.failed)
    return {"indexed": result.indexed, "failed": result.failed}


def documents_mark_indexed(*, document_ids: Sequence[int], as_of: datetime) -> None:
    """The index holds these documents as they were at `as_of`; one edited since stays marked for the sweeper."""
    if document_ids:
        Document.objects.filter(id__any_of=list(document_ids), updated_at__lte=as_of).update(indexed_at=as_of)


def documents_delete_from_index(*, document_ids: Sequence[int]) -> None:
    get_backend().delete_documents(list(document_ids))


def _batches(
    queryset, size: int, read_at: dict[int, datetime] | None = None
) -> Iterator[list[IndexableDocument]]:
    """Every document in id order, `size` at a time: plain rows, each source looked up once. `read_at` gets,
    for each batch's first id, the time just before its rows were read."""
    sources = Source.objects.in_bulk()
    last_id = 0
    while True:
        started = timezone.now()
        rows = list(
            queryset.filter(id__gt=last_id).order_by("id").values_list("source_id", *_DOCUMENT_FIELDS)[:size]
        )
        if not rows:
            return
        if read_at is not None:
            read_at[rows[0][1]] = started
        last_id = rows[-1][1]
        if any(row[0] not in sources for row in rows):  # a source added since the rebuild began
            sources = Source.objects.in_bulk()
        yield [
            indexable_from(sources[row[0]], **dict(zip(_DOCUMENT_FIELDS, row[1:], strict=True)))
            for row in rows
        ]


def search_index_rebuild(*, chunk_size: int = INDEX_CHUNK) -> str:
    """Fill a new index from the database in chunks and swap the read alias to it; the old one serves until then.

    Nothing written meanwhile is lost: the backend sends every write to both indices until the swap, and
    never lets a chunk it read earlier replace a document such a write put in the new index. A document of a
    chunk deleted after the chunk was read is deleted again once the chunk is in (its delete may have come
    first). Marked indexed, once the swap is done: the documents the rebuild wrote, as of when it read them,
    so one edited since stays marked for the sweeper. Raises RebuildInProgress if another rebuild is running.
    """
    backend = get_backend()
    read_at: dict[int, datetime] = {}
    written: list[tuple[datetime, array]] = []

    def landed(batch: list[IndexableDocument], result: BulkResult) -> None:
        ids = [doc.id for doc in batch]
        kept = set(Document.objects.filter(id__any_of=ids).values_list("id", flat=True))
        if len(kept) < len(ids):
            backend.delete_documents([i for i in ids if i not in kept])
        left_alone = result.failed.keys() | result.skipped
        written.append(
            (read_at.pop(ids[0]), array("q", (i for i in ids if i in kept and i not in left_alone)))
        )

    name = backend.rebuild(_batches(Document.objects.all(), chunk_size, read_at), landed)
    for as_of, ids in written:
        documents_mark_indexed(document_ids=ids, as_of=as_of)
    return name


def search_index_abandon_rebuild() -> str | None:
    """Drop the new index of a rebuild whose process died; the serving index has every write. Returns its name."""
    return get_backend().abandon_rebuild()


def search_index_reset() -> None:
    get_backend().reset()
    Document.objects.update(indexed_at=None)
