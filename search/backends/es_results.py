"""Elasticsearch's answers read back: errors, hits fused with the kNN hits, each hit with its passage."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from .. import ranking
from ..passages import best_passage
from .base import EvidenceQuery, SearchHit, SearchUnavailable
from .passage_hits import passage_hit


def search_hits(query: EvidenceQuery, lexical: dict | None, semantic: dict | None) -> list[SearchHit]:
    """One query's hits from its lexical answer and, when it has a vector, its kNN answer (alone when the
    query is by meaning only)."""
    if lexical is None:
        return _nearest(query, _raw_hits(query, semantic))
    lexical_hits = _raw_hits(query, lexical)
    if query.passages:
        return _passage_hits(query, lexical_hits, _raw_hits(query, semantic) if semantic else [])
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
        candidate.semantic = _cosine(raw["_score"])
    fused = ranking.fuse(
        list(candidates.values()), lexical_complete=len(lexical) < ranking.candidates_for(query)
    )
    hits = []
    for score, candidate in fused[: query.size]:
        raw = raw_by_id[candidate.document_id]
        hits.append(replace(_hit(raw, query), score=round(score, 6), semantic=candidate.semantic))
    return hits


def _cosine(knn_score: float | None) -> float:
    """The cosine behind a kNN hit's score: Elasticsearch scores cosine as (1 + cos) / 2."""
    return 2.0 * float(knn_score or 0.0) - 1.0


def _nearest(query: EvidenceQuery, semantic: list[dict]) -> list[SearchHit]:
    """The kNN hits as they came, nearest first, each with its cosine."""
    hits = []
    for raw in semantic[: query.size]:
        cosine = _cosine(raw["_score"])
        hits.append(replace(_hit(raw, query), score=round(cosine, 6), semantic=cosine))
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


def _passage_hits(query: EvidenceQuery, lexical: list[dict], semantic: list[dict]) -> list[SearchHit]:
    """Documents ranked by their best passage (search/ranking.py), from the passages the two searches
    brought back as inner hits; a document indexed before passages existed counts as one passage."""
    raw_by_id: dict[int, dict] = {}
    documents: dict[int, ranking.DocumentCandidate] = {}

    def document(raw: dict) -> ranking.DocumentCandidate:
        doc_id = int(raw["_id"])
        raw_by_id.setdefault(doc_id, raw)
        return documents.setdefault(doc_id, ranking.DocumentCandidate(doc_id, factor=_factor(query, raw)))

    for raw in lexical:
        doc, score = document(raw), float(raw["_score"] or 0.0)
        inner = _inner(raw, "words")
        best_inner = max((s for _, _, s in inner), default=0.0)
        doc.lexical_floor = max(score - best_inner, 0.0)  # the title's and boosts' share
        for start, end, inner_score in inner:
            doc.passage(start, end).lexical = score - best_inner + inner_score
        if not inner:  # matched by its title or (an older entry) its body only
            start, end, _ = best_passage(raw["_source"].get("body", ""), query.text)
            doc.passage(start, end).lexical = score
    for raw in semantic:
        doc = document(raw)
        for start, end, inner_score in _inner(raw, "meaning"):
            doc.passage(start, end).semantic = _cosine(inner_score)
    ranked = ranking.fuse_passages(
        list(documents.values()), lexical_complete=len(lexical) < ranking.candidates_for(query)
    )
    return [
        passage_hit(
            query,
            r,
            title=raw_by_id[r.document.document_id]["_source"].get("title", ""),
            body=raw_by_id[r.document.document_id]["_source"].get("body", ""),
        )
        for r in ranked[: query.size]
    ]


def _inner(raw: dict, name: str) -> list[tuple[int, int, float]]:
    """(start, end, score) of each passage an inner-hits search brought back for this document."""
    spans = raw["_source"].get("passages") or []
    found = []
    for inner in raw.get("inner_hits", {}).get(name, {}).get("hits", {}).get("hits", []):
        offset = inner["_nested"]["offset"]
        if offset < len(spans):
            found.append(
                (int(spans[offset]["start"]), int(spans[offset]["end"]), float(inner["_score"] or 0.0))
            )
    return found
