"""Reading document files (JSON lines, CSV, CheckThat! verified claims) into rows, each bad row reported by line."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from functools import lru_cache
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify

FORMATS = ("jsonl", "csv", "checkthat-vclaims")
SYNTHETIC_URL_HOST = "documents.invalid"
"""Rows without a URL get https://documents.invalid/<source>/<key>: `.invalid` never resolves (RFC 2606)."""


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
        except RecursionError:  # json.loads recurses once per level
            yield line, "JSON nested too deep to read"
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


def identity(row: ImportRow, source_name: str) -> str:
    if row.url:
        return row.url
    key = row.external_key or "sha1-" + hashlib.sha1(f"{row.title}\n{row.body}".encode()).hexdigest()[:20]
    return synthetic_url(source_name=source_name, key=key)
