"""Stored queries in Elasticsearch: their own index, and one query per new document to find those it matches.

The rule is search/stored_queries.py's: a stored query is a bool of term queries on the Python-analysed
`terms` of the document, with its integer minimum_should_match, so a match here is a match on the embedded
backend too. A node with the percolator module stores it as a percolator query; one without gets the same
rule as a terms_set search over the stored queries (ensure_query_index).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from elasticsearch import ApiError, Elasticsearch, helpers

from ..stored_queries import StoredQuery, document_terms
from .base import IndexableDocument, SearchUnavailable
from .es_mapping import INDEX_SETTINGS

logger = logging.getLogger(__name__)

MAX_MATCHES = 10000
"""Elasticsearch's result window; one document matching more stored queries than this is logged."""

QUERY_FIELDS = {
    "key": {"type": "keyword"},
    # A stored query's terms and how many a document needs; a percolated document carries its own terms here.
    "terms": {"type": "keyword", "ignore_above": 256},
    "minimum": {"type": "integer"},
}
PERCOLATOR_MAPPINGS = {"dynamic": "strict", "properties": {**QUERY_FIELDS, "query": {"type": "percolator"}}}
TERMS_SET_MAPPINGS = {"dynamic": "strict", "properties": QUERY_FIELDS}

_uses_percolator: dict[str, bool] = {}
"""Per query index: whether it has the percolator field (else it is searched with terms_set)."""


def percolator_query(query: StoredQuery) -> dict:
    return {
        "bool": {
            "should": [{"term": {"terms": term}} for term in query.terms],
            "minimum_should_match": query.minimum,
        }
    }


def ensure_query_index(client: Elasticsearch, index: str, *, replicas: int = 0) -> bool:
    """Create the index if there is none; True when it stores percolator queries.

    A node without the percolator module (the minimal distribution on Maven Central ships none) gets the
    same rule as a reverse search: stored queries are documents with their terms and minimum, and a new
    document's terms find them with one terms_set query (minimum_should_match_field), an exact equivalent
    of the bool of term queries with that minimum.
    """
    if index in _uses_percolator:
        return _uses_percolator[index]
    if not client.indices.exists(index=index):
        try:
            _create(client, index, PERCOLATOR_MAPPINGS, replicas)
        except ApiError as exc:
            if "percolator" not in str(exc.body):
                raise
            logger.info("No percolator on this Elasticsearch node: %s stores queries for terms_set", index)
            _create(client, index, TERMS_SET_MAPPINGS, replicas)
    # What the index has, not what this process tried to make: when several workers start at once, the one
    # that created it may have made the other kind (found by the cluster check: 3 workers on 3 nodes).
    mapping = client.indices.get_mapping(index=index)[index]["mappings"]
    _uses_percolator[index] = mapping.get("properties", {}).get("query", {}).get("type") == "percolator"
    return _uses_percolator[index]


def _create(client: Elasticsearch, index: str, mappings: dict, replicas: int) -> None:
    try:
        client.indices.create(
            index=index, settings=INDEX_SETTINGS | {"number_of_replicas": replicas}, mappings=mappings
        )
    except ApiError as exc:
        if "resource_already_exists" not in str(exc.body):
            raise
        # Another process made it a moment ago: that is fine.


def register(client: Elasticsearch, index: str, queries: Sequence[StoredQuery], *, replicas: int = 0) -> None:
    """Store the queries under their keys (one bulk request), replacing what a key had; the index, made on the
    first call, gets `replicas` copies like the documents' index."""
    if not queries:
        return
    percolator = ensure_query_index(client, index, replicas=replicas)
    actions = (
        {
            "_op_type": "index",
            "_index": index,
            "_id": query.key,
            "_source": {
                "key": query.key,
                "terms": list(query.terms),
                "minimum": query.minimum,
                **({"query": percolator_query(query)} if percolator else {}),
            },
        }
        for query in queries
    )
    _bulk(client, actions)


def unregister(client: Elasticsearch, index: str, keys: Sequence[str]) -> None:
    if not keys or not client.indices.exists(index=index):
        return
    _bulk(client, ({"_op_type": "delete", "_index": index, "_id": key} for key in keys))


def _bulk(client: Elasticsearch, actions) -> None:
    for ok, item in helpers.streaming_bulk(
        client, actions, chunk_size=500, raise_on_error=False, raise_on_exception=False, max_retries=2
    ):
        info = next(iter(item.values()), {})
        if not ok and info.get("status") != 404:
            raise SearchUnavailable(f"Stored query {info.get('_id')} not written: {info.get('error')}")


def percolate(
    client: Elasticsearch, index: str, documents: Sequence[IndexableDocument]
) -> dict[int, list[str]]:
    """For each document, the keys of the stored queries it matches (one multi-search, one query a document)."""
    if not documents:
        return {}
    if not client.indices.exists(index=index):
        return {doc.id: [] for doc in documents}
    percolator = ensure_query_index(client, index)  # it exists: what kind it is
    client.indices.refresh(index=index)  # queries registered a moment ago count
    searches: list[dict] = []
    for doc in documents:
        terms = sorted(document_terms(doc.title, doc.body))
        searches += [
            {"index": index},
            {
                "query": {"percolate": {"field": "query", "document": {"terms": terms}}}
                if percolator
                else {"terms_set": {"terms": {"terms": terms, "minimum_should_match_field": "minimum"}}},
                "size": MAX_MATCHES,
                "_source": False,
                "track_total_hits": True,
            },
        ]
    answers = client.msearch(searches=searches)["responses"]
    found: dict[int, list[str]] = {}
    for doc, answer in zip(documents, answers, strict=True):
        if "error" in answer:
            if answer.get("status", 500) >= 500 or answer.get("status") == 429:
                raise SearchUnavailable(f"Percolating document {doc.id} failed: {answer['error']}")
            # Refused for good (a document with more distinct terms than index.max_terms_count, say): retrying
            # would fail the same way, so it finds no claims and says why.
            logger.error("Percolating document %s refused: %s", doc.id, answer["error"])
            found[doc.id] = []
            continue
        hits = answer["hits"]
        if hits["total"]["value"] > len(hits["hits"]):
            logger.warning(
                "Document %s matches %d stored queries; only the first %d are kept",
                doc.id,
                hits["total"]["value"],
                len(hits["hits"]),
            )
        found[doc.id] = sorted(hit["_id"] for hit in hits["hits"])
    return found


def drop(client: Elasticsearch, index: str) -> None:
    _uses_percolator.pop(index, None)
    client.indices.delete(index=index, ignore_unavailable=True)
