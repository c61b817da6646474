"""How both backends turn lexical (BM25) and semantic (cosine) evidence scores into one ranking."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
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


# Passages (search/passages.py) are what both backends rank when a search asks for them: each passage of a
# candidate document gets the fused score above, from its own BM25 (with its document's title) and the
# cosine of the claim and "title. passage"; a document scores its best passage's score. The lexical weight
# is higher than for whole documents: on CLIMATE-FEVER's passages 0.2 to 0.5 scored within 0.01 nDCG@5 of
# each other (bench/evidence_quality.py), 0.3 best.
PASSAGE_LEXICAL_WEIGHT = 0.3
PASSAGES_SHOWN = 3
SHOWN_MARGIN = 0.15
"""A document's further passages are shown when they score within this share of its best one."""


@dataclass
class PassageCandidate:
    start: int
    end: int
    lexical: float | None = None
    """BM25 of the passage and its document's title and boosts, or None if the words search did not return it."""
    semantic: float | None = None
    """Cosine of the claim and the passage, or None if the vector search did not return it."""


@dataclass
class DocumentCandidate:
    document_id: int
    factor: float = 1.0
    passages: dict[tuple[int, int], PassageCandidate] = field(default_factory=dict)
    lexical_floor: float | None = None
    """The document's words score without any passage (its title), for passages only the vector found."""

    def passage(self, start: int, end: int) -> PassageCandidate:
        return self.passages.setdefault((start, end), PassageCandidate(start, end))


@dataclass
class RankedDocument:
    score: float
    document: DocumentCandidate
    passages: list[tuple[float, PassageCandidate]]
    """The passages shown, best first, with their scores."""


BM25_K1 = 1.2
BM25_B = 0.75


def bm25_scores(wanted: set[str], passages: list[list[str]]) -> list[float]:
    """Okapi BM25 of each passage (its terms) for the claim's terms, the statistics taken over these passages
    (the embedded backend's candidates; Elasticsearch computes its own over the index)."""
    if not passages or not wanted:
        return [0.0] * len(passages)
    average = sum(map(len, passages)) / len(passages) or 1.0
    frequency = {term: sum(1 for p in passages if term in p) for term in wanted}
    idf = {t: math.log(1 + (len(passages) - n + 0.5) / (n + 0.5)) for t, n in frequency.items() if n}
    scores = []
    for p in passages:
        score = 0.0
        for term, weight in idf.items():
            tf = p.count(term)
            if tf:
                score += (
                    weight * tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * len(p) / average))
                )
        scores.append(score)
    return scores


def fuse_passages(documents: list[DocumentCandidate], *, lexical_complete: bool) -> list[RankedDocument]:
    """Score every passage, order the documents by their best passage, and keep the passages to show."""
    lexical = [p.lexical for d in documents for p in d.passages.values() if p.lexical is not None]
    semantic = [p.semantic for d in documents for p in d.passages.values() if p.semantic is not None]
    top_lexical = max(lexical, default=0.0) or 1.0
    floor_lexical = 0.0 if lexical_complete or not lexical else min(lexical)
    floor_semantic = min(semantic, default=0.0)
    ranked = []
    for doc in documents:
        scored = []
        for p in doc.passages.values():
            lex = p.lexical if p.lexical is not None else (doc.lexical_floor or floor_lexical)
            if semantic:
                sem = p.semantic if p.semantic is not None else floor_semantic
                score = PASSAGE_LEXICAL_WEIGHT * lex / top_lexical + SEMANTIC_WEIGHT * sem * doc.factor
            else:
                score = lex
            scored.append((score, p))
        if not scored:
            continue
        scored.sort(key=lambda pair: (-round(pair[0], 6), pair[1].start))
        best = scored[0][0]
        shown = [pair for pair in scored[:PASSAGES_SHOWN] if pair[0] >= best - SHOWN_MARGIN * abs(best)]
        ranked.append(RankedDocument(best, doc, shown))
    ranked.sort(key=lambda r: (-round(r.score, 6), r.document.document_id))
    return ranked
