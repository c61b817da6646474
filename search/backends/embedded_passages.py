"""The embedded backend's passage ranking: its candidates' passages scored as Elasticsearch scores them."""

from __future__ import annotations

from .. import ranking
from ..analysis import terms
from ..passages import passage_spans
from .base import EvidenceQuery, SearchHit
from .passage_hits import passage_hit


def passage_hits(
    query: EvidenceQuery, hits: list, vector_cache, *, lexical_complete: bool
) -> list[SearchHit]:
    """The candidates' passages scored as on Elasticsearch (search/ranking.py): BM25 of each passage with
    its document's title, over the candidates' passages, and the cosine of the claim and the passage."""
    pool = hits[: max(ranking.candidates_for(query), query.size)]
    wanted = set(terms(query.text))
    passages = []  # (entry, start, end, terms)
    for _, entry in pool:
        title_terms = terms(entry.title)
        for start, end in entry.passages or passage_spans(entry.body):
            passages.append((entry, start, end, title_terms + terms(entry.body[start:end])))
    bm25 = ranking.bm25_scores(wanted, [t for *_, t in passages])
    documents: dict[int, ranking.DocumentCandidate] = {}
    factors = {
        entry.id: ranking.boost(query, reliability=entry.reliability, published_at=entry.published_at)
        for _, entry in pool
    }
    for (entry, start, end, _), score in zip(passages, bm25, strict=True):
        doc = documents.setdefault(
            entry.id, ranking.DocumentCandidate(entry.document_id, factor=factors[entry.id])
        )
        doc.passage(start, end).lexical = score * factors[entry.id] if score > 0 else None
    if query.vector:
        # The passages that share the claim's words, and each document's first: the vector ranks these.
        shown = [
            (entry, start, end)
            for (entry, start, end, _), score in zip(passages, bm25, strict=True)
            if score > 0 or start == (entry.passages or [[0]])[0][0]
        ]
        vectors = vector_cache.get_passages(shown)
        if vectors is not None:
            for (entry, start, end), vector in zip(shown, vectors, strict=True):
                documents[entry.id].passage(start, end).semantic = sum(
                    a * b for a, b in zip(query.vector, vector, strict=True)
                )
    entries = {entry.document_id: entry for _, entry in pool}
    ranked = ranking.fuse_passages(list(documents.values()), lexical_complete=lexical_complete)
    return [
        passage_hit(
            query,
            r,
            title=entries[r.document.document_id].title,
            body=entries[r.document.document_id].body,
        )
        for r in ranked[: query.size]
    ]
