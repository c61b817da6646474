"""Stored queries on the embedded backend: rows in the database, checked against each new document's terms.

The same rule as Elasticsearch's percolator (search/stored_queries.py); one read of the registry per batch,
then an inverted index in memory, so a document costs one look-up per distinct term it has.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.db import transaction

from ..models import EmbeddedStoredQuery
from ..stored_queries import StoredQuery, document_terms
from .base import IndexableDocument


def register(registry: str, queries: Sequence[StoredQuery]) -> None:
    """Store the queries under their keys, replacing what a key had."""
    latest = {query.key: query for query in queries}
    if not latest:
        return
    with transaction.atomic():
        EmbeddedStoredQuery.objects.filter(registry=registry, key__in=list(latest)).delete()
        EmbeddedStoredQuery.objects.bulk_create(
            EmbeddedStoredQuery(registry=registry, key=q.key, terms=" ".join(q.terms), minimum=q.minimum)
            for q in latest.values()
        )


def unregister(registry: str, keys: Sequence[str]) -> None:
    if keys:
        EmbeddedStoredQuery.objects.filter(registry=registry, key__in=list(keys)).delete()


def percolate(registry: str, documents: Sequence[IndexableDocument]) -> dict[int, list[str]]:
    """For each document, the keys of the stored queries it matches."""
    if not documents:
        return {}
    rows = list(EmbeddedStoredQuery.objects.filter(registry=registry).values_list("key", "terms", "minimum"))
    if not rows:  # no document's terms need working out
        return {doc.id: [] for doc in documents}
    by_term: dict[str, list[int]] = {}
    for position, (_, terms, _) in enumerate(rows):
        for term in terms.split():
            by_term.setdefault(term, []).append(position)
    found: dict[int, list[str]] = {}
    for doc in documents:
        shared = Counter(
            position for term in document_terms(doc.title, doc.body) for position in by_term.get(term, ())
        )
        found[doc.id] = sorted(rows[p][0] for p, count in shared.items() if count >= rows[p][2])
    return found


def clear(registry: str) -> None:
    EmbeddedStoredQuery.objects.filter(registry=registry).delete()
