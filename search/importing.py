"""Import documents from files (JSON lines, CSV, CheckThat! verified claims) into a source, then index them."""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from urllib.parse import quote

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify

from .backends import SearchUnavailable, get_backend
from .models import Document, Source, SourceKind
from .services import documents_index

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
class ImportReport:
    source: str = ""
    source_created: bool = False
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    """Rows that repeat an identity already seen earlier in the same file; the last one wins."""
    indexed: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)
    """(line number, reason) for rows that were not imported or not indexed (line 0)."""
    not_indexed: int = 0
    index_error: str = ""


class ImportFormatError(ValueError):
    """The file cannot be read in the format asked for; the message says what was expected."""


# -- reading ---------------------------------------------------------------------------------------------


def _text(value) -> str:
    return "" if value is None else str(value).strip()


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
    return ImportRow(
        line=line,
        url=_text(record.get("url") or record.get("canonical_url") or record.get("link")),
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
        key, vclaim, title = (cell.strip() for cell in record[:3])
        if not key:
            yield line, "no vclaim_id"
            continue
        yield ImportRow(line=line, title=title, body=vclaim, external_key=key)


READERS: dict[str, Callable] = {"jsonl": _read_jsonl, "csv": _read_csv, "checkthat-vclaims": _read_vclaims}


def synthetic_url(*, source_name: str, key: str) -> str:
    """A stable URL for a row that has none, so a re-import finds the same document."""
    return f"https://{SYNTHETIC_URL_HOST}/{slugify(source_name) or 'source'}/{quote(key, safe='')}"


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


def _save_chunk(rows: list[ImportRow], *, source: Source, report: ImportReport, seen: set[str]) -> list[int]:
    """Create or update one chunk of rows; returns the ids of documents that need (re)indexing."""
    by_url: dict[str, ImportRow] = {}
    for row in rows:
        url = _identity(row, source.name)
        if url in seen:
            report.duplicates += 1
        seen.add(url)
        by_url[url] = row
    now = timezone.now()
    with transaction.atomic():
        existing = Document.objects.select_for_update().in_bulk(list(by_url), field_name="url")
        new, changed, stale = [], [], []
        for url, row in by_url.items():
            values = {
                "source_id": source.id,
                "title": (row.title or row.body[:120])[:500],
                "body": row.body,
                "published_at": row.published_at,
                "language": row.language or source.language or "en",
                "external_key": row.external_key[:200],
            }
            document = existing.get(url)
            if document is None:
                new.append(Document(url=url, fetched_at=now, updated_at=now, **values))
            elif any(getattr(document, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(document, name, value)
                document.updated_at = now
                changed.append(document)
            else:
                report.unchanged += 1
                if document.indexed_at is None or document.indexed_at < document.updated_at:
                    stale.append(document.id)
        created = Document.objects.bulk_create(new, batch_size=CHUNK)
        if changed:
            Document.objects.bulk_update(changed, [*_FIELDS, "updated_at"], batch_size=CHUNK)
    report.created += len(created)
    report.updated += len(changed)
    ids = [d.id for d in created] + [d.id for d in changed] + stale
    if any(i is None for i in ids):  # a database that returns no ids from bulk_create
        ids = list(Document.objects.filter(url__in=list(by_url)).values_list("id", flat=True))
    return ids


def _index(ids: list[int], report: ImportReport) -> None:
    if report.index_error:
        report.not_indexed += len(ids)
        return
    try:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            result = documents_index(document_ids=chunk)
            if result["failed"]:
                result = {
                    "indexed": result["indexed"],
                    **documents_index(document_ids=sorted(result["failed"])),
                }
            report.indexed += result["indexed"]
            for document_id, reason in result["failed"].items():
                report.not_indexed += 1
                report.failed.append((0, f"document {document_id} not indexed: {reason[:200]}"))
    except SearchUnavailable as exc:
        # The documents stay saved and marked unindexed; the sweeper indexes them once search is back.
        report.index_error = str(exc)
        report.not_indexed += len(ids)


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
    Rows are written in chunks with bulk create/update; each chunk is then indexed synchronously through
    the backend's bulk API and the index refreshed, so the documents are searchable when this returns.
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
    with open(path, encoding="utf-8-sig", newline="") as handle:
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
            if rows:
                _index(_save_chunk(rows, source=source, report=report, seen=seen), report)
            if on_progress:
                on_progress(len(chunk))
    if not report.index_error:
        try:
            get_backend().refresh()
        except SearchUnavailable as exc:
            report.index_error = str(exc)
    return report
