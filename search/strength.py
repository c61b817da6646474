"""How well a passage answers a claim: a calibrated chance from a small logistic regression, and the claim's
evidence strength (strong / partial / none) from its best passage.

The features do not depend on the backend's score scale (BM25 differs between Elasticsearch and the database):
the cosine of the claim and the passage, the share of the claim's words the passage and its title hold, and
the passage's words score as a share of the best one found for the claim. The weights, the strong threshold
and the floor live in `strength_model.json`, written by `python bench/evidence_strength.py train`, which
chooses them by cross-validation that leaves whole claims out; docs/decisions/2026-12-02-evidence-passages-and-strength.md
has the figures. A variant without the cosine scores when sentence vectors are off.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .analysis import terms
from .backends.base import Passage, SearchHit

MODEL_PATH = Path(__file__).with_name("strength_model.json")
STRONG, PARTIAL, NONE = "strong", "partial", "none"
WITH_VECTORS, WITHOUT_VECTORS = "with_vectors", "without_vectors"
FEATURES = {
    WITH_VECTORS: ("cosine", "coverage", "lexical_share", "cosine_x_coverage"),
    WITHOUT_VECTORS: ("coverage", "lexical_share", "coverage_sq"),
}


@dataclass(frozen=True)
class Variant:
    bias: float
    weights: dict[str, float]
    strong: float
    """A claim's evidence is strong when its best passage's relevance is at least this."""
    floor: float
    """A candidate whose best passage is below this is not stored as evidence at all."""


@lru_cache(maxsize=2)
def load(path: Path = MODEL_PATH) -> dict[str, Variant]:
    data = json.loads(path.read_text())
    return {name: Variant(**fields) for name, fields in data["variants"].items()}


def features(
    claim: str,
    title: str,
    passage: Passage,
    *,
    top_lexical: float,
    wanted: frozenset[str] | None = None,
    title_terms: frozenset[str] | None = None,
) -> dict[str, float]:
    """The passage's features for the claim; `top_lexical` is the best passage words score for the claim.

    `wanted` (the claim's terms) and `title_terms` may be given analysed once for many passages."""
    wanted = frozenset(terms(claim)) if wanted is None else wanted
    held = (frozenset(terms(title)) if title_terms is None else title_terms) | set(terms(passage.text))
    coverage = len(wanted & held) / len(wanted) if wanted else 0.0
    lexical_share = (passage.lexical or 0.0) / top_lexical if top_lexical > 0 else 0.0
    cosine = passage.semantic if passage.semantic is not None else 0.0
    return {
        "cosine": cosine,
        "coverage": coverage,
        "lexical_share": min(max(lexical_share, 0.0), 1.0),
        "cosine_x_coverage": cosine * coverage,
        "coverage_sq": coverage * coverage,
    }


def relevance(values: dict[str, float], variant: Variant) -> float:
    logit = variant.bias + sum(weight * values[name] for name, weight in variant.weights.items())
    return 1.0 / (1.0 + math.exp(-max(min(logit, 30.0), -30.0)))


@dataclass(frozen=True)
class Graded:
    strength: str
    relevance: list[list[float]]
    """Per hit, per passage shown: the chance that the passage answers the claim."""
    variant: str
    floor: float


def grade(claim: str, hits: Sequence[SearchHit], *, model: dict[str, Variant] | None = None) -> Graded:
    """Each passage's relevance, and the claim's strength from its best passage."""
    model = model or load()
    passages = [p for hit in hits for p in hit.passages]
    name = WITH_VECTORS if any(p.semantic is not None for p in passages) else WITHOUT_VECTORS
    variant = model[name]
    top_lexical = max((p.lexical or 0.0 for p in passages), default=0.0)
    wanted = frozenset(terms(claim))
    scores = []
    for hit in hits:
        title_terms = frozenset(terms(hit.title))
        scores.append(
            [
                relevance(
                    features(
                        claim, hit.title, p, top_lexical=top_lexical, wanted=wanted, title_terms=title_terms
                    ),
                    variant,
                )
                for p in hit.passages
            ]
        )
    best = max((s for per_hit in scores for s in per_hit), default=0.0)
    strength = STRONG if best >= variant.strong else PARTIAL if best >= variant.floor else NONE
    return Graded(strength=strength, relevance=scores, variant=name, floor=variant.floor)
