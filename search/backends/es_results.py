"""Elasticsearch's answers read back: errors, hits fused with the kNN hits, each hit with its passage."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from .. import ranking
from ..passages import best_passage
from .base import EvidenceQuery, SearchHit, SearchUnavailable


def search_hits(query: EvidenceQuery, lexical: dict, semantic: dict | None) -> list[SearchHit]:
    """One query's hits from its lexical answer and, when it has a vector, its kNN answer."""
    lexical_hits = _raw_hits(query, lexical)
    if semantic is None:
        return [_hit(raw, query) for raw in lexical_hits[: query.size]]
    return _fused(query, lexical_hits, _raw_hits(query, semantic))


def _raw_hits(query: EvidenceQuery, item: dict) -> list[dict]:
    if "error" in item:
        if item.get("status") == 404:
            return []
        if item.get("status", 500) >= 500:
            raise SearchUnavailable(f"Elasticsearch failed a search: {item['error']}")
        raise ValueError(f"Elasticsearch rejected the query for {query.text[:60]!r}: {item['error']}")
    return item["hits"]["hits"]


def _fused(query: EvidenceQuery, lexical: list[dict], semantic: list[dict]) -> list[SearchHit]:
    """Lexical and semantic candidates, fused into one ranking (search/ranking.py)."""
    raw_by_id: dict[int, dict] = {}
    candidates: dict[int, ranking.Candidate] = {}
    for raw in lexical:
        doc_id = int(raw["_id"])
        raw_by_id[doc_id] = raw
        candidates[doc_id] = ranking.Candidate(
            doc_id, lexical=float(raw["_score"] or 0.0), factor=_factor(query, raw)
        )
    for raw in semantic:
        doc_id = int(raw["_id"])
        raw_by_id.setdefault(doc_id, raw)
        candidate = candidates.setdefault(doc_id, ranking.Candidate(doc_id, factor=_factor(query, raw)))
        candidate.semantic = 2.0 * float(raw["_score"] or 0.0) - 1.0  # ES scores cosine as (1 + cos) / 2
    fused = ranking.fuse(
        list(candidates.values()), lexical_complete=len(lexical) < ranking.candidates_for(query)
    )
    hits = []
    for score, candidate in fused[: query.size]:
        raw = raw_by_id[candidate.document_id]
        hits.append(replace(_hit(raw, query), score=round(score, 6)))
    return hits


def _factor(query: EvidenceQuery, raw: dict) -> float:
    source = raw["_source"]
    published = source.get("published_at")
    return ranking.boost(
        query,
        reliability=source.get("reliability"),
        published_at=datetime.fromisoformat(published) if published else None,
    )


def _hit(raw: dict, query: EvidenceQuery) -> SearchHit:
    # The passage comes from search/passages.py, as on the embedded backend: Elasticsearch's highlighter
    # would analyse every hit's body again and cost more than the search itself.
    body = raw["_source"].get("body", "")
    start, end, highlights = best_passage(body, query.text) if query.passages else (0, 0, ())
    return SearchHit(
        document_id=int(raw["_id"]),
        score=round(float(raw["_score"] or 0.0), 6),
        title=raw["_source"].get("title", ""),
        passage=body[start:end],
        passage_start=start,
        passage_end=end,
        highlights=highlights,
    )
