"""Import documents from files (JSON lines, CSV, CheckThat! verified claims) into a source, then index them."""

from __future__ import annotations

import csv
import logging
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from workbench.db import insert_rows

from ..backends import IndexableDocument, SearchUnavailable, get_backend
from ..models import Document, Source, SourceKind
from ..readers import FORMATS, READERS, ImportCounts, ImportFormatError, ImportRow, identity
from ..signals import documents_indexed
from .indexing import documents_mark_indexed, indexable, indexable_from

logger = logging.getLogger(__name__)

CHUNK = 500

_FIELDS = ["source_id", "title", "body", "published_at", "language", "external_key"]


@dataclass
class ImportReport(ImportCounts):
    source: str = ""
    source_created: bool = False
    not_indexed: int = 0


# -- writing ---------------------------------------------------------------------------------------------


def _source_get_or_create(*, name: str, kind: str | None, fmt: str) -> tuple[Source, bool]:
    default_kind = SourceKind.FACT_CHECKER if fmt == "checkthat-vclaims" else SourceKind.NEWS_OUTLET
    source, created = Source.objects.get_or_create(name=name, defaults={"kind": kind or default_kind})
    if not created and kind and source.kind != kind:
        logger.warning("Source %r is a %s source; keeping it (asked for %s)", name, source.kind, kind)
    return source, created


def _save_chunk(
    rows: list[ImportRow], *, source: Source, report: ImportReport, seen: set[str]
) -> list[IndexableDocument]:
    """Create or update one chunk of rows; returns the documents that need (re)indexing."""
    by_url: dict[str, ImportRow] = {}
    for row in rows:
        url = identity(row, source.name)
        if url in seen:
            report.duplicates += 1
        seen.add(url)
        by_url[url] = row
    now = timezone.now()
    with transaction.atomic():
        existing = {d.url: d for d in Document.objects.select_for_update().filter(url__any_of=list(by_url))}
        new: list[dict] = []
        changed, stale = [], []
        for url, row in by_url.items():
            values = {
                "title": (row.title or row.body[:120])[:500],
                "body": row.body,
                "published_at": row.published_at,
                "language": row.language or source.language or "en",
                "external_key": row.external_key[:200],
            }
            document = existing.get(url)
            if document is None:
                new.append({"url": url, **values})
            elif document.source_id != source.id or any(getattr(document, k) != v for k, v in values.items()):
                for name, value in values.items():
                    setattr(document, name, value)
                document.source = source
                document.updated_at = now
                changed.append(document)
            else:
                report.unchanged += 1
                if document.indexed_at is None or document.indexed_at < document.updated_at:
                    document.source = source
                    stale.append(document)
        ids = insert_rows(
            Document, new, common={"source_id": source.id, "fetched_at": now, "updated_at": now}
        )
        if changed:
            Document.objects.bulk_update(changed, [*_FIELDS, "updated_at"], batch_size=CHUNK)
    report.created += len(new)
    report.updated += len(changed)
    created = [indexable_from(source, id=pk, **values) for pk, values in zip(ids, new, strict=True)]
    return created + [indexable(d) for d in changed + stale]


class _Indexing:
    """Marks what the backend indexed, retries its failures once, and counts the rest for the report."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.saved_at: deque[datetime] = deque()  # one per batch handed over; batches come back in order

    def batch(self, documents: list[IndexableDocument]) -> list[IndexableDocument]:
        self.saved_at.append(timezone.now())
        return documents

    def indexed(self, batch: list, result) -> None:
        if result.failed:
            retry = get_backend().index_documents([doc for doc in batch if doc.id in result.failed])
            result.indexed += retry.indexed
            result.failed = retry.failed
        saved_at = self.saved_at.popleft()
        indexed_ids = [doc.id for doc in batch if doc.id not in result.failed]
        documents_mark_indexed(document_ids=indexed_ids, as_of=saved_at)
        if indexed_ids:
            documents_indexed.send(sender=Document, document_ids=indexed_ids)
        self.report.indexed += result.indexed
        for document_id, reason in result.failed.items():
            self.report.failed.append((0, f"document {document_id} not indexed: {reason[:200]}"))


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def documents_import(
    *,
    path: str | Path,
    source_name: str,
    fmt: str = "jsonl",
    kind: str | None = None,
    on_progress: Callable[[int], None] | None = None,
    chunk_size: int = CHUNK,
) -> ImportReport:
    """Import the file's rows as documents of `source_name` (created if missing) and index them.

    A row's identity is its URL, or for rows without one a stable synthetic URL from the source and the
    row's external key (or a hash of its text), so a re-run updates documents and never duplicates them.
    Rows are written in chunks with bulk create/update; each chunk is indexed through the backend's bulk API
    while the next is written, and the index is refreshed, so the documents are searchable when this returns.
    If search is down the documents stay saved and unindexed (`report.not_indexed`) for the sweeper.
    A bad row is skipped and reported with its line number; it never stops the import.
    """
    if fmt not in READERS:
        raise ImportFormatError(f"Unknown format {fmt!r}: use one of {', '.join(FORMATS)}.")
    if kind and kind not in SourceKind.values:
        raise ImportFormatError(f"Unknown source kind {kind!r}: use one of {', '.join(SourceKind.values)}.")
    source, source_created = _source_get_or_create(name=source_name, kind=kind, fmt=fmt)
    report = ImportReport(source=source.name, source_created=source_created)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    seen: set[str] = set()
    indexing = _Indexing(report)
    saved = 0

    def saved_batches() -> Iterator[list]:
        """Reads and saves the file chunk by chunk; each saved chunk is handed over for indexing."""
        nonlocal saved
        for chunk in _chunks(READERS[fmt](handle), chunk_size):
            rows = []
            for item in chunk:
                if isinstance(item, tuple):
                    report.failed.append(item)
                elif not (item.body or item.title):
                    report.failed.append((item.line, "no title and no body"))
                else:
                    rows.append(item)
            report.read += len(chunk)
            documents = _save_chunk(rows, source=source, report=report, seen=seen) if rows else []
            saved += len(documents)
            if on_progress:
                on_progress(len(chunk))
            if documents:
                yield indexing.batch(documents)

    with open(path, encoding="utf-8-sig", newline="") as handle:
        batches = saved_batches()
        try:
            # The backend indexes one chunk while the next is read and saved.
            get_backend().index_stream(batches, indexing.indexed)
            get_backend().refresh()
        except SearchUnavailable as exc:
            # The documents stay saved and marked unindexed; the sweeper indexes them once search is back.
            report.index_error = str(exc)
            for _ in batches:
                pass
        except UnicodeDecodeError as exc:
            raise ImportFormatError(
                f"{Path(path).name} is not UTF-8 text (an undecodable byte after row {report.read}); the "
                f"{saved} documents before it are saved, and the sweeper indexes any not yet searchable."
            ) from exc
        report.not_indexed = saved - report.indexed
    return report
