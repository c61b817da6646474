"""The Elasticsearch query bodies for a claim: BM25 with rescored boosts and factors, and the kNN search."""

from __future__ import annotations

from .. import ranking
from .base import EvidenceQuery

SOURCE_FIELDS = ["title", "body", "reliability", "published_at"]
PASSAGE_SOURCE_FIELDS = [*SOURCE_FIELDS, "passages.start", "passages.end"]
PASSAGES_PER_HIT = 3
"""Passages each document brings back from each search (words, vector); the best of them are shown."""
TITLE_WEIGHT = 0.5
BODY_WEIGHT = 0.1
"""A passage search also weighs the document's title, and a little its whole body (documents indexed
before they had passages are still found)."""
RESCORE_WINDOW = 100
"""BM25 hits per search that the phrase, name and number boosts and the source and date factors reorder."""
PHRASE_MAX_WORDS = 30
"""Longer texts (a whole post) are not looked for as one near-verbatim phrase: slow, and never matched."""


def lexical_query(query: EvidenceQuery, *, fused: bool | None = None) -> dict:
    """The lexical search; `fused` (default: the query has a vector) fetches enough hits to fuse with kNN's."""
    # BM25 over title and body (the better field counts, the other half), plus small boosts for the claim
    # as a near-verbatim phrase, its quoted phrases, names and numbers. Weights were tuned on the
    # CheckThat! 2020 claim-retrieval train tweets: heavier name and title boosts made ranking worse.
    # The boosts and the source and date factors only reorder the best BM25 hits (rescores): phrase
    # matching and function scores over every match kept Elasticsearch from skipping the documents that
    # cannot make the top, and on a million documents cost more than the BM25 search itself.
    exact = ["title.exact", "body.exact"]
    boosts: list[dict] = []
    if len(query.text.split()) <= PHRASE_MAX_WORDS:
        boosts.append(
            {
                "multi_match": {
                    "query": query.text,
                    "type": "phrase",
                    "slop": 8,
                    "fields": exact,
                    "boost": 0.5,
                }
            }
        )
    boosts += [
        {"multi_match": {"query": p, "type": "phrase", "slop": 2, "fields": exact, "boost": 0.3}}
        for p in query.phrases
    ]
    boosts += [
        {"multi_match": {"query": e, "type": "phrase", "fields": exact, "boost": 0.3}} for e in query.entities
    ]
    boosts += [{"multi_match": {"query": n, "fields": exact, "boost": 0.2}} for n in query.numbers]
    words = (
        _passage_words(query)
        if query.passages
        else {
            "multi_match": {
                "query": query.text,
                "fields": ["title", "body"],
                "type": "best_fields",
                "tie_breaker": 0.5,
            }
        }
    )
    bool_query: dict = {"must": [words]}
    filters = []
    if query.source_ids:
        filters.append({"terms": {"source_id": list(query.source_ids)}})
    if query.source_kinds:
        filters.append({"terms": {"source_kind": list(query.source_kinds)}})
    if filters:
        bool_query["filter"] = filters
    if query.exclude_urls:
        bool_query["must_not"] = [{"terms": {"url": list(query.exclude_urls)}}]
    size = ranking.candidates_for(query) if (bool(query.vector) if fused is None else fused) else query.size
    window = max(RESCORE_WINDOW, size)
    rescore = (
        [_rescore(window, {"bool": {"should": boosts}}, mode="total")] if boosts else []
    )  # BM25 + boosts
    factors = _factors(query)
    if factors:  # (BM25 + boosts) x factors
        scored = {"function_score": {"functions": factors, "score_mode": "multiply", "boost_mode": "replace"}}
        rescore.append(_rescore(window, scored, mode="multiply"))
    body = {
        "query": {"bool": bool_query},
        "size": size,
        "_source": PASSAGE_SOURCE_FIELDS if query.passages else SOURCE_FIELDS,
        "track_total_hits": False,
    }
    return body | ({"rescore": rescore} if rescore else {})


def _passage_words(query: EvidenceQuery) -> dict:
    """BM25 of the document's best passage (its best passages come back as inner hits), its title and body."""
    return {
        "bool": {
            "should": [
                {
                    "nested": {
                        "path": "passages",
                        "score_mode": "max",
                        "ignore_unmapped": True,
                        "query": {"match": {"passages.text": query.text}},
                        "inner_hits": {"name": "words", "size": PASSAGES_PER_HIT, "_source": False},
                    }
                },
                {"match": {"title": {"query": query.text, "boost": TITLE_WEIGHT}}},
                {"match": {"body": {"query": query.text, "boost": BODY_WEIGHT}}},
            ],
            "minimum_should_match": 1,
        }
    }


def _rescore(window: int, rescore_query: dict, *, mode: str) -> dict:
    return {
        "window_size": window,
        "query": {
            "rescore_query": rescore_query,
            "query_weight": 1.0,
            "rescore_query_weight": 1.0,
            "score_mode": mode,
        },
    }


def _factors(query: EvidenceQuery) -> list[dict]:
    """The source's reliability, and a weight for a date inside the article's window."""
    functions = []
    if query.boost_reliability:
        functions.append({"field_value_factor": {"field": "reliability_boost", "missing": 1.0}})
    if query.around_date:
        days = f"{query.date_window_days}d"
        origin = query.around_date.isoformat()
        functions.append(
            {
                "filter": {
                    "range": {"published_at": {"gte": f"{origin}||-{days}", "lte": f"{origin}||+{days}"}}
                },
                "weight": ranking.IN_WINDOW_WEIGHT,
            }
        )
    return functions


def semantic_query(query: EvidenceQuery) -> dict:
    """The documents nearest to the claim's embedding, under the same filters as the lexical query."""
    k = ranking.candidates_for(query) if query.by_words else query.size  # enough to fuse, or just the size
    knn: dict = {
        "field": "passages.embedding" if query.passages else "embedding",
        "query_vector": list(query.vector),
        "k": k,
        "num_candidates": max(100, 2 * k),
    }
    if query.passages:
        knn["inner_hits"] = {"name": "meaning", "size": PASSAGES_PER_HIT, "_source": False}
    restrict: dict = {}
    if query.source_ids:
        restrict.setdefault("filter", []).append({"terms": {"source_id": list(query.source_ids)}})
    if query.source_kinds:
        restrict.setdefault("filter", []).append({"terms": {"source_kind": list(query.source_kinds)}})
    if query.exclude_urls:
        restrict["must_not"] = [{"terms": {"url": list(query.exclude_urls)}}]
    if restrict:
        knn["filter"] = {"bool": restrict}
    return {"knn": knn, "size": k, "_source": PASSAGE_SOURCE_FIELDS if query.passages else SOURCE_FIELDS}
