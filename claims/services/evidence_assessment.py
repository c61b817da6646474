"""What the evidence search found for a claim, graded: each passage's relevance, the claim's evidence strength,
and a suggested stance for every passage shown. The evidence task and `manage.py find_evidence` both call this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from search import strength
from search.backends import EvidenceQuery, Passage, SearchHit
from search.retrieval import query_for_claim, search_evidence
from search.stance import StanceHint, suggest_stances


@dataclass(frozen=True)
class ShownPassage:
    passage: Passage
    relevance: float
    stance: StanceHint

    def as_record(self) -> dict:
        """As EvidenceCandidate.passages keeps it."""
        return {
            "start": self.passage.start,
            "end": self.passage.end,
            "text": self.passage.text,
            "highlights": [list(span) for span in self.passage.highlights],
            "score": self.passage.score,
            "relevance": round(self.relevance, 4),
            "stance": self.stance.stance,
            "stance_confidence": round(self.stance.confidence, 4) if self.stance.stance else None,
            "stance_shown": self.stance.shown,
            "reasons": list(self.stance.reasons),
        }


@dataclass(frozen=True)
class GradedCandidate:
    hit: SearchHit
    passages: list[ShownPassage]
    """Best first; the first is the hit's passage."""

    @property
    def relevance(self) -> float:
        return self.passages[0].relevance


@dataclass(frozen=True)
class ClaimEvidence:
    strength: str
    candidates: list[GradedCandidate]


STANCE_HINTS = 3
"""Candidates whose best passage gets a stance hint. A hint costs two sentence encodings (the passage, and
claim and passage together), against one for the claim's whole search: hinting every passage shown (up to
24) cut a worker's evidence throughput from 11 to 3 claims a second. The first candidates are the ones read.
The evidence task stores its candidates unhinted and queues the hints as a task of their own
(claims.services.stance_hints), so the candidates are shown without waiting for them."""
NO_HINT = StanceHint(stance="", confidence=0.0, shown=False, reasons=[])


def evidence_assess(
    texts: Sequence[str], results: Sequence[Sequence[SearchHit]], *, stance_hints: int = STANCE_HINTS
) -> list[ClaimEvidence]:
    """Grade each claim's hits; candidates below the floor go, and the best passage of each of the first
    `stance_hints` candidates gets a stance hint (one batch for all claims)."""
    kept: list[tuple[str, list[tuple[SearchHit, list[tuple[Passage, float]]]], str]] = []
    for text, hits in zip(texts, results, strict=True):
        hits = [hit for hit in hits if hit.passages]
        graded = strength.grade(text, hits)
        claim_hits = []
        for hit, scores in zip(hits, graded.relevance, strict=True):
            passages = [(p, s) for p, s in zip(hit.passages, scores, strict=True) if s >= graded.floor]
            if passages:
                claim_hits.append((hit, sorted(passages, key=lambda pair: -pair[1])))
        # The passage most likely to answer the claim is shown first: the one its strength was graded on.
        claim_hits.sort(key=lambda pair: -pair[1][0][1])
        kept.append((graded.strength, claim_hits, text))
    pairs = [
        (text, passages[0][0].text)
        for _, claim_hits, text in kept
        for _, passages in claim_hits[:stance_hints]
    ]
    hints = iter(suggest_stances(pairs))
    return [
        ClaimEvidence(
            strength=grade,
            candidates=[
                GradedCandidate(
                    hit,
                    [
                        ShownPassage(p, s, next(hints) if rank < stance_hints and n == 0 else NO_HINT)
                        for n, (p, s) in enumerate(passages)
                    ],
                )
                for rank, (hit, passages) in enumerate(claim_hits)
            ],
        )
        for grade, claim_hits, _ in kept
    ]


def evidence_for_texts(
    texts: Sequence[str], *, source_ids: tuple[int, ...] = (), size: int | None = None
) -> list[ClaimEvidence]:
    """The evidence search for claims that are not in the database (manage.py find_evidence): the same
    query, multi-search and grading as the evidence task; every candidate's best passage gets a stance hint."""
    queries: list[EvidenceQuery] = [query_for_claim(text, size=size, source_ids=source_ids) for text in texts]
    return evidence_assess(list(texts), search_evidence(queries), stance_hints=size or STANCE_HINTS)
