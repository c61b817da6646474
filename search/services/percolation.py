"""Stored queries that new documents are checked against: register them by key, and percolate documents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..backends import get_backend
from ..models import Document
from ..stored_queries import stored_query
from .indexing import indexable


def stored_queries_register(*, queries: Mapping[str, str]) -> list[str]:
    """Store each text under its key (e.g. {"claim:42": "the claim's text"}), replacing what the key had.

    A text with too few content terms to match selectively (search/stored_queries.py) is not stored, and
    whatever its key had is dropped. Returns the keys stored. Raises SearchUnavailable when search is down.
    """
    stored = {key: stored_query(key, text) for key, text in queries.items()}
    backend = get_backend()
    backend.register_queries([query for query in stored.values() if query is not None])
    dropped = [key for key, query in stored.items() if query is None]
    if dropped:
        backend.unregister_queries(dropped)
    return [key for key, query in stored.items() if query is not None]


def stored_queries_unregister(*, keys: Sequence[str]) -> None:
    """Forget these keys' queries (raises SearchUnavailable when search is down)."""
    if keys:
        get_backend().unregister_queries(list(keys))


def documents_percolate(*, document_ids: Sequence[int]) -> dict[int, list[str]]:
    """For each of these documents still saved, the keys of the stored queries it matches.

    When any matched, the index is refreshed, so whoever searches for those queries next finds the documents.
    Raises SearchUnavailable when search is down: nothing is lost, the caller retries.
    """
    documents = list(Document.objects.filter(id__in=list(document_ids)).select_related("source"))
    if not documents:
        return {}
    backend = get_backend()
    found = backend.percolate([indexable(document) for document in documents])
    if any(found.values()):
        backend.refresh()
    return found


def documents_percolate_later(*, document_ids: Sequence[int]) -> None:
    """These documents' percolation could not be queued or kept failing: mark them unindexed, so the indexing
    sweeper indexes them again, which sends documents_indexed for them again. Nothing is lost to an outage."""
    if document_ids:
        Document.objects.filter(id__in=list(document_ids)).update(indexed_at=None)
