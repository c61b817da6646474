"""Check-worthiness of one sentence: a score in [0, 1], the reasons behind it, and its claim type."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from . import features
from .model import Model, load_model
from .types import ClaimType
from .vectors import sentence_vectors

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
# Two cues the debates, the training data, are too thin on to learn a weight from, as candidates talk and
# news narrates. What others "highlighted" (a sentence that only says so must rank below the claim it
# reports; issue 14). What an institution decided ("the parliament passed", "the court ruled"): 15 of 42,776
# debate lines, 1 of them chosen, six times the base rate; +1 is about half that log odds ratio.
FIXED_WEIGHTS = {"commentary": -2.5, "official_decision": 1.0}
_WORDING_TERMS = 2
# Not worth quoting as the words that made the difference, though their weights count.
_FUNCTION_WORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his i in is it its of on or our she that "
    "the their them there they this to was we were which while who will with you".split()
)


def sentence_features(text: str, *, speaker: str | None = None, neighbours: list[dict] | None = None) -> dict:
    """Feature code -> (value, matched words), including the context cue from neighbouring sentences."""
    found = features.compute(text, speaker=speaker)
    add_context(found, neighbours or [])
    return found


def score_features(
    text: str, found: dict, model: Model | None = None, vector: Sequence[float] | None = None
) -> tuple[float, tuple[dict, ...]]:
    """The calibrated score and its reasons, each with its share of the logit, largest first."""
    model = model or load_model()
    variant = model.variant(vectors=vector is not None)
    slope = variant.calibration[0]
    logit = variant.bias
    reasons = []
    for code, (value, match) in found.items():
        weight = FIXED_WEIGHTS.get(code, variant.weights.get(code, 0.0))
        logit += weight * value
        if code == "length" and features.word_count(text) < _LONG_SENTENCE_WORDS:
            continue
        reasons.append(_reason(code, features.feature_by_code(code).label, match, slope * weight * value))
    lexical = variant.lexical_contributions(text, model.idf)
    logit += sum(lexical.values())
    if lexical:
        reasons.append(_wording_reason(text, lexical, slope))
    if variant.vector is not None:
        meaning = variant.vector_logit(vector)
        logit += meaning
        # Said the way it moved the score: a red "reads like" beside a lowered score read as a contradiction.
        label = f"Reads {'like' if meaning >= 0 else 'unlike'} the claims fact-checkers chose"
        reasons.append(_reason("meaning", label, "", slope * meaning))
    reasons.sort(key=lambda reason: -abs(reason["weight"]))
    return variant.calibrated(logit), tuple(reasons)


def _reason(code: str, label: str, match: str, weight: float) -> dict:
    return {"code": code, "label": label, "match": match, "weight": round(weight, 3)}


def _wording_reason(text: str, lexical: dict[str, float], slope: float) -> dict:
    """The words whose n-gram weights moved the score most, in the direction they moved it, quoted as written."""
    total = sum(lexical.values())
    telling = sorted(
        (term for term in lexical if not set(term.split()) <= _FUNCTION_WORDS),
        key=lambda term: -lexical[term] if total >= 0 else lexical[term],
    )
    quoted = [words for term in telling[:_WORDING_TERMS] if (words := _as_written(text, term))]
    return _reason("wording", "Its words", ", ".join(dict.fromkeys(quoted)), slope * total)


def _as_written(text: str, term: str) -> str | None:
    pattern = r"\W+".join(re.escape(token) for token in term.split())
    match = re.search(rf"(?<![\w,.]){pattern}(?![\w]|[,.]\d)", text, re.IGNORECASE)
    return match.group(0) if match else None


def score_sentence(
    text: str, *, context: str | None = None, speaker: str | None = None
) -> tuple[float, tuple[dict, ...]]:
    """Score one sentence in [0, 1] with the reasons that raised or lowered it.

    `context` is the neighbouring text (the sentences or transcript lines around it); `speaker` the
    person speaking, when known (transcripts).
    """
    score, reasons, _ = assess(text, context=context, speaker=speaker)
    return score, reasons


def assess(
    text: str, *, context: str | None = None, speaker: str | None = None
) -> tuple[float, tuple[dict, ...], ClaimType]:
    """Score, reasons and claim type of one sentence, from one reading of its features."""
    neighbours = [features.compute(context)] if context and context.strip() else None
    found = sentence_features(text, speaker=speaker, neighbours=neighbours)
    vectors = sentence_vectors([text])
    score, reasons = score_features(text, found, vector=vectors[0] if vectors else None)
    return score, reasons, classify(text, found)


def transcript_features(lines: Sequence[tuple[str | None, str]]) -> list[dict]:
    """Each line's features with its neighbours as context and its speaker's role in the transcript."""
    found = [features.compute(text, speaker=speaker) for speaker, text in lines]
    lines_by = Counter(speaker for speaker, _ in lines)
    questions_by = Counter(
        speaker for (speaker, _), line in zip(lines, found, strict=True) if "question" in line
    )
    result = []
    for index, (speaker, _text) in enumerate(lines):
        line = dict(found[index])
        add_context(line, found[max(index - 1, 0) : index] + found[index + 1 : index + 2])
        if speaker and questions_by[speaker]:
            line["moderator"] = (questions_by[speaker] / lines_by[speaker], speaker)
        result.append(line)
    return result


def score_lines(
    lines: list[tuple[str | None, str]], model: Model | None = None, vectors: Sequence | None = None
) -> list[float]:
    """Scores for consecutive transcript lines (speaker, text); each line's neighbours are its context."""
    model = model or load_model()
    if vectors is None:
        vectors = sentence_vectors([text for _, text in lines])
    found = transcript_features(lines)
    return [
        score_features(text, line, model, vectors[index] if vectors else None)[0]
        for index, ((_speaker, text), line) in enumerate(zip(lines, found, strict=True))
    ]


def add_context(found: dict, neighbours: list[dict]) -> None:
    """Add the cue that neighbouring sentences give figures (fraction of neighbours that do)."""
    if not neighbours:
        return
    cues = sum(1 for neighbour in neighbours if any(code in neighbour for code in _CONTEXT_CUES))
    if cues:
        found["context_figures"] = (cues / len(neighbours), "")


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
