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
            "stance_confidence": round(self.stance.confidence, 4),
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


def evidence_assess(texts: Sequence[str], results: Sequence[Sequence[SearchHit]]) -> list[ClaimEvidence]:
    """Grade each claim's hits; candidates below the floor go, and every passage kept gets a stance hint
    (one batch for all claims)."""
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
        (text, p.text) for _, claim_hits, text in kept for _, passages in claim_hits for p, _ in passages
    ]
    hints = iter(suggest_stances(pairs))
    return [
        ClaimEvidence(
            strength=grade,
            candidates=[
                GradedCandidate(hit, [ShownPassage(p, s, next(hints)) for p, s in passages])
                for hit, passages in claim_hits
            ],
        )
        for grade, claim_hits, _ in kept
    ]


def evidence_for_texts(
    texts: Sequence[str], *, source_ids: tuple[int, ...] = (), size: int | None = None
) -> list[ClaimEvidence]:
    """The evidence search for claims that are not in the database (manage.py find_evidence): the same
    query, multi-search and grading as the evidence task."""
    queries: list[EvidenceQuery] = [query_for_claim(text, size=size, source_ids=source_ids) for text in texts]
    return evidence_assess(list(texts), search_evidence(queries))
