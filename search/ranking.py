"""How both backends turn lexical (BM25) and semantic (cosine) evidence scores into one ranking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .backends.base import EvidenceQuery

RELIABILITY_BASE = 0.5
IN_WINDOW_WEIGHT = 1.25

# Fusion: BM25 divided by the best BM25 of the query's candidates, plus cosine similarity. Cosine carries
# most of the weight; BM25 breaks ties towards documents that share the claim's rare words and names.
# Tuned on the CheckThat! 2020 claim-retrieval *train* tweets (bench/claim_retrieval.py reports dev).
LEXICAL_WEIGHT = 0.2
SEMANTIC_WEIGHT = 1.0
CANDIDATES = 30
"""Candidates taken from each of the lexical and the semantic search before fusion."""


def candidates_for(query: EvidenceQuery) -> int:
    return max(CANDIDATES, query.size)


def boost(query: EvidenceQuery, *, reliability: float | None, published_at: datetime | None) -> float:
    """The multiplier for a source's reliability and for a date inside the article's window."""
    factor = 1.0
    if query.boost_reliability and reliability is not None:
        factor *= RELIABILITY_BASE + reliability
    if query.around_date and published_at:
        if abs(published_at - query.around_date) <= timedelta(days=query.date_window_days):
            factor *= IN_WINDOW_WEIGHT
    return factor


@dataclass
class Candidate:
    document_id: int
    lexical: float | None = None
    """Boosted BM25 score, or None if the document was not among the lexical candidates."""
    semantic: float | None = None
    """Cosine similarity to the claim, or None if the document was not among the semantic candidates."""
    factor: float = 1.0


def fuse(candidates: list[Candidate], *, lexical_complete: bool) -> list[tuple[float, Candidate]]:
    """Score and order the union of lexical and semantic candidates, best first, ties by document id.

    A document missing from one list gets that list's lowest score (the most it could have had), or no
    lexical score at all when the lexical list holds every match (`lexical_complete`).
    """
    lexical = [c.lexical for c in candidates if c.lexical is not None]
    semantic = [c.semantic for c in candidates if c.semantic is not None]
    top_lexical = max(lexical, default=0.0) or 1.0
    floor_lexical = 0.0 if lexical_complete or not lexical else min(lexical)
    floor_semantic = min(semantic, default=0.0)
    scored = []
    for c in candidates:
        lex = c.lexical if c.lexical is not None else floor_lexical
        sem = c.semantic if c.semantic is not None else floor_semantic
        scored.append((LEXICAL_WEIGHT * lex / top_lexical + SEMANTIC_WEIGHT * sem * c.factor, c))
    scored.sort(key=lambda pair: (-round(pair[0], 6), pair[1].document_id))
    return scored
