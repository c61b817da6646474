"""Value types returned by the extraction pipeline: claim types, sentences and extractions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ClaimType(StrEnum):
    """Full Fact's claim taxonomy, used to route a claim to the right kind of evidence."""

    PERSONAL_EXPERIENCE = "personal_experience"
    QUANTITY = "quantity"
    CORRELATION_CAUSATION = "correlation_causation"
    LAWS_RULES = "laws_rules"
    PREDICTION = "prediction"
    OTHER = "other"
    NOT_A_CLAIM = "not_a_claim"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    ClaimType.PERSONAL_EXPERIENCE: "Personal experience",
    ClaimType.QUANTITY: "Quantity in the past or present",
    ClaimType.CORRELATION_CAUSATION: "Correlation or causation",
    ClaimType.LAWS_RULES: "Current laws or rules",
    ClaimType.PREDICTION: "Prediction",
    ClaimType.OTHER: "Other type of claim",
    ClaimType.NOT_A_CLAIM: "Not a claim",
}


@dataclass(frozen=True)
class ExtractedSentence:
    """One sentence of the cleaned text, with its check-worthiness and why."""

    text: str
    start: int
    end: int
    score: float
    claim_type: ClaimType
    reasons: tuple[dict, ...]
    attribution: str | None
    attribution_text: str | None = None  # the words naming the source in the sentence: "he", "the report"
    # When the sentence only reports a claim ("Reuters reported that ..."): the reported clause, which is
    # what gets checked, and where it starts in the cleaned text.
    claim_text: str | None = None
    claim_start: int | None = None

    @property
    def claim(self) -> str:
        """What the claim says: the reported clause if there is one, else the whole sentence."""
        return self.claim_text or self.text

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 4),
            "type": self.claim_type.value,
            "type_label": self.claim_type.label,
            "reasons": [dict(reason) for reason in self.reasons],
            "attribution": self.attribution,
            "attribution_text": self.attribution_text,
            "claim_text": self.claim,
        }


@dataclass(frozen=True)
class Extraction:
    """A cleaned article: its title, body text, language and every sentence, in order."""

    title: str
    text: str
    language: str
    sentences: tuple[ExtractedSentence, ...]

    def claims(self, threshold: float) -> list[ExtractedSentence]:
        """Sentences worth checking: score at or above `threshold`, and actually a claim."""
        return [
            sentence
            for sentence in self.sentences
            if sentence.score >= threshold and sentence.claim_type is not ClaimType.NOT_A_CLAIM
        ]

    def as_dict(self, threshold: float | None = None) -> dict:
        chosen = self.sentences if threshold is None else self.claims(threshold)
        return {
            "title": self.title,
            "language": self.language,
            "text": self.text,
            "claims": [sentence.as_dict() for sentence in chosen],
        }
