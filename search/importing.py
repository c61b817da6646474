"""Import documents from files (JSON lines, CSV, CheckThat! verified claims) into a source, then index them."""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify

from workbench.db import insert_rows

from .backends import IndexableDocument, SearchUnavailable, get_backend
from .models import Document, Source, SourceKind
from .services import documents_mark_indexed, indexable, indexable_from

logger = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "checkthat-vclaims")
CHUNK = 500
SYNTHETIC_URL_HOST = "documents.invalid"
"""Rows without a URL get https://documents.invalid/<source>/<key>: `.invalid` never resolves (RFC 2606)."""

_FIELDS = ["source_id", "title", "body", "published_at", "language", "external_key"]


@dataclass
class ImportRow:
    line: int
    url: str = ""
    title: str = ""
    body: str = ""
    published_at: datetime | None = None
    language: str = ""
    external_key: str = ""


@dataclass
class ImportCounts:
    """What a file import did, whatever it imported: every importer reports these."""

    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    """Items that repeat an identity already seen earlier in the same file; the last one wins."""
    indexed: int = 0
    failed: list[tuple[int | str, str]] = field(default_factory=list)
    """(where, why) for every item not imported or not indexed; none of them stops the import."""
    index_error: str = ""


@dataclass
class ImportReport(ImportCounts):
    source: str = ""
    source_created: bool = False
    not_indexed: int = 0


class ImportFormatError(ValueError):
    """The file cannot be read in the format asked for; the message says what was expected."""


# -- reading ---------------------------------------------------------------------------------------------


_validate_web_url = URLValidator(schemes=["http", "https"])


def _text(value) -> str:
    """The value as trimmed text; NUL characters dropped (PostgreSQL cannot store them, and they mean nothing)."""
    return "" if value is None else str(value).replace("\x00", "").strip()


def web_url(value: str) -> str:
    """The value if it is an http(s) address a browser may open as a link, else "" (javascript:, data:, ...)."""
    try:
        _validate_web_url(value)
    except ValidationError:
        return ""
    return value if len(value) <= 1000 else ""


def _date(value: str) -> datetime | None:
    value = _text(value)
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value[:10])
        if day is None:
            raise ValueError(f"unreadable date {value!r}")
        parsed = datetime.combine(day, time(12, 0))
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    return parsed


def _row(line: int, record: dict) -> ImportRow:
    url = _text(record.get("url") or record.get("canonical_url") or record.get("link"))
    if url and not web_url(url):
        raise ValueError(f"not an http(s) address of at most 1000 characters: {url[:80]!r}")
    return ImportRow(
        line=line,
        url=url,
        title=_text(record.get("title")),
        body=_text(record.get("body") or record.get("text") or record.get("content")),
        published_at=_date(_text(record.get("published_at") or record.get("date"))),
        language=_text(record.get("language")),
        external_key=_text(record.get("external_key") or record.get("id")),
    )


def _read_jsonl(handle) -> Iterator[ImportRow | tuple[int, str]]:
    for line, raw in enumerate(handle, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
            if not isinstance(record, dict):
                raise ValueError("not a JSON object")
            yield _row(line, record)
        except ValueError as exc:
            yield line, str(exc)


def _read_csv(handle) -> Iterator[ImportRow | tuple[int, str]]:
    reader = csv.DictReader(handle)
    if not reader.fieldnames or not {"title", "body", "text", "content"} & {
        f.strip().lower() for f in reader.fieldnames
    }:
        raise ImportFormatError(
            f"A CSV import needs a header row naming its columns (title, body, url, ...); got {reader.fieldnames}."
        )
    for record in reader:
        line = reader.line_num
        try:
            yield _row(line, {(k or "").strip().lower(): v for k, v in record.items()})
        except ValueError as exc:
            yield line, str(exc)


def _read_vclaims(handle) -> Iterator[ImportRow | tuple[int, str]]:
    """vclaim_id<TAB>vclaim<TAB>title, with a header row (whose first cell may be empty)."""
    reader = csv.reader(handle, delimiter="\t")
    for record in reader:
        line = reader.line_num
        if not record or not any(cell.strip() for cell in record):
            continue
        if line == 1 and (record[1:2] == ["vclaim"] or not record[0].strip().isdigit()):
            continue
        if len(record) < 3:
            yield line, f"expected vclaim_id, vclaim and title, got {len(record)} column(s)"
            continue
        key, vclaim, title = (_text(cell) for cell in record[:3])
        if not key:
            yield line, "no vclaim_id"
            continue
        yield ImportRow(line=line, title=title, body=vclaim, external_key=key)


READERS: dict[str, Callable] = {"jsonl": _read_jsonl, "csv": _read_csv, "checkthat-vclaims": _read_vclaims}


@lru_cache(maxsize=64)
def _slug(source_name: str) -> str:
    return slugify(source_name) or "source"


def synthetic_url(*, source_name: str, key: str) -> str:
    """A stable URL for a row that has none, so a re-import finds the same document."""
    return f"https://{SYNTHETIC_URL_HOST}/{_slug(source_name)}/{quote(key, safe='')}"


def _identity(row: ImportRow, source_name: str) -> str:
    if row.url:
        return row.url
    key = row.external_key or "sha1-" + hashlib.sha1(f"{row.title}\n{row.body}".encode()).hexdigest()[:20]
    return synthetic_url(source_name=source_name, key=key)


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
        url = _identity(row, source.name)
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
        documents_mark_indexed(
            document_ids=[doc.id for doc in batch if doc.id not in result.failed], as_of=saved_at
        )
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
