"""Check-worthiness of one sentence: a score in [0, 1], the reasons behind it, and its claim type."""

from __future__ import annotations

import re

from . import features
from .model import Model, load_model, sigmoid
from .types import ClaimType

_LONG_SENTENCE_WORDS = 20
_PERSONAL = re.compile(
    r"\b(?:i|we) (?:was|were|went|saw|met|grew up|lived|worked|visited|spent|served|talked|heard|remember|"
    r"had|watched|started|built|ran|knew|came)\b|\bmy (?:father|mother|dad|mom|family|wife|husband|son|daughter|"
    r"brother|sister|grandfather|grandmother|parents)\b",
    re.IGNORECASE,
)
_STRONG_LAW = re.compile(
    r"\b(?:laws?|legal(?:ly)?|illegal(?:ly)?|bills?|acts?|regulations?|ban(?:s|ned)?|constitution(?:al)?|"
    r"resolutions?|motions?|treaty|treaties|legislation|statute|amendment|ruled|executive order|mandatory)\b",
    re.IGNORECASE,
)
_CONTEXT_CUES = ("quantity", "statistic", "money")


def sentence_features(text: str, *, speaker: str | None = None, neighbours: list[dict] | None = None) -> dict:
    """Feature code -> (value, matched words), including the context cue from neighbouring sentences."""
    found = features.compute(text, speaker=speaker)
    add_context(found, neighbours or [])
    return found


def score_features(text: str, found: dict, model: Model | None = None) -> tuple[float, tuple[dict, ...]]:
    model = model or load_model()
    logit = model.bias + model.lexical_logit(text)
    reasons = []
    for code, (value, match) in found.items():
        weight = model.weights.get(code, 0.0)
        logit += weight * value
        contribution = round(weight * value, 3)
        if code == "length" and features.word_count(text) < _LONG_SENTENCE_WORDS:
            continue
        reasons.append(
            {
                "code": code,
                "label": features.feature_by_code(code).label,
                "match": match,
                "weight": contribution,
            }
        )
    reasons.sort(key=lambda reason: -abs(reason["weight"]))
    return sigmoid(logit), tuple(reasons)


def score_sentence(
    text: str, *, context: str | None = None, speaker: str | None = None
) -> tuple[float, tuple[dict, ...]]:
    """Score one sentence in [0, 1] with the reasons that raised or lowered it.

    `context` is the neighbouring text (the sentences or transcript lines around it); `speaker` the
    person speaking, when known (transcripts).
    """
    neighbours = [features.compute(context)] if context and context.strip() else None
    return score_features(text, sentence_features(text, speaker=speaker, neighbours=neighbours))


def score_lines(lines: list[tuple[str | None, str]], model: Model | None = None) -> list[float]:
    """Scores for consecutive transcript lines (speaker, text); each line's neighbours are its context."""
    model = model or load_model()
    found = [features.compute(text, speaker=speaker) for speaker, text in lines]
    scores = []
    for index, (_speaker, text) in enumerate(lines):
        neighbours = found[max(index - 1, 0) : index] + found[index + 1 : index + 2]
        line_features = dict(found[index])
        add_context(line_features, neighbours)
        scores.append(score_features(text, line_features, model)[0])
    return scores


def add_context(found: dict, neighbours: list[dict]) -> None:
    """Add the cue that neighbouring sentences give figures (fraction of neighbours that do)."""
    if not neighbours:
        return
    cues = sum(1 for neighbour in neighbours if any(code in neighbour for code in _CONTEXT_CUES))
    if cues:
        first = next(code for neighbour in neighbours for code in _CONTEXT_CUES if code in neighbour)
        found["context_figures"] = (cues / len(neighbours), first)


def classify(text: str, found: dict) -> ClaimType:
    """Full Fact claim type, from the same cues as the score."""
    checkable = features.CHECKABLE & found.keys()
    figures = {"quantity", "money", "statistic"} & found.keys()
    if "question" in found or "procedural" in found:
        return ClaimType.NOT_A_CLAIM
    if "fragment" in found and not figures:
        return ClaimType.NOT_A_CLAIM
    opinion_only = (
        checkable == {"named_entity"} and {"opinion", "first_person_feeling", "prescriptive"} & found.keys()
    )
    if not checkable or opinion_only:
        return ClaimType.NOT_A_CLAIM
    if "prediction" in found:
        return ClaimType.PREDICTION
    if figures or ("comparison" in found and "date" in found):
        return ClaimType.QUANTITY
    if _STRONG_LAW.search(text):
        return ClaimType.LAWS_RULES
    if "causal" in found:
        return ClaimType.CORRELATION_CAUSATION
    if "law_rule" in found:
        return ClaimType.LAWS_RULES
    if _PERSONAL.search(text):
        return ClaimType.PERSONAL_EXPERIENCE
    return ClaimType.OTHER
