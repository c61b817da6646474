"""Stored queries that new documents are checked against (percolation): one rule, computed here for both backends.

A stored query is the distinct content terms of its text and how many of them a document must contain. Both
backends apply that rule to the same Python-analysed terms of the document, so they match the same documents:
Elasticsearch's own analysis stems with Porter, search/analysis.py with Snowball, and a rule on ES-analysed
fields would match a different set of documents than the embedded backend.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .analysis import terms

MIN_TERM_LENGTH = 2
"""Shorter terms ("7" of "7.6 million", a stray initial) turn up in nearly every document; they never count."""

MIN_TERMS = 2
"""A text with fewer distinct content terms than this is never stored: one word would match most documents."""


@dataclass(frozen=True)
class StoredQuery:
    key: str
    """The caller's name for it, e.g. "claim:42"; registering a key again replaces its query."""
    terms: tuple[str, ...]
    minimum: int
    """How many of `terms` a document must contain to match."""


def content_terms(text: str) -> list[str]:
    """The distinct analysed terms of the text that count for matching, in order."""
    return [term for term in dict.fromkeys(terms(text)) if len(term) >= MIN_TERM_LENGTH]


def minimum_match(term_count: int) -> int:
    """Half of the terms, rounded up, and at least two: a document sharing one or two common words with a
    long claim is not new evidence for it, and one ordinary document must not wake hundreds of claims."""
    return min(term_count, max(MIN_TERMS, (term_count + 1) // 2))


def stored_query(key: str, text: str) -> StoredQuery | None:
    """The stored query for this text, or None when it has too few content terms to match selectively."""
    found = content_terms(text)
    if len(found) < MIN_TERMS:
        return None
    return StoredQuery(key=key, terms=tuple(found), minimum=minimum_match(len(found)))


def document_terms(title: str, body: str) -> frozenset[str]:
    """The terms of a document that stored queries are checked against."""
    return frozenset(content_terms(f"{title}\n{body}"))


def matches(query: StoredQuery, document: frozenset[str] | Iterable[str]) -> bool:
    present = document if isinstance(document, frozenset) else frozenset(document)
    return sum(1 for term in query.terms if term in present) >= query.minimum
