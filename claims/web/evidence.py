"""How the pages show a claim's evidence: its strength, and each candidate's best passages with a stance only as a
suggestion."""

from __future__ import annotations

from dataclasses import dataclass, field

from claims.models import EvidenceCandidate, EvidenceStatus, EvidenceStrength

PASSAGES_SHOWN = 3
# True by construction: search shows a stance (stance_shown) only above the confidence at which, on the
# development data, the stance model was right at least this often.
SUGGESTION_PRECISION = "80%"
SUGGESTION_HELP = (
    f"A model's suggestion, not a judgement: at this confidence it was right at least {SUGGESTION_PRECISION} "
    "of the time on development data. Read the passage and mark the stance yourself."
)
# Said once above the candidates; each suggestion carries SUGGESTION_HELP as its title and a short spoken form.
SUGGESTION_NOTE = (
    "Suggested stances come from a model, not a fact-checker: each is shown only at a confidence where it was "
    f"right at least {SUGGESTION_PRECISION} of the time on development data. Read the passage and mark the "
    "stance yourself."
)
SUGGESTION_SPOKEN = (
    f"a model's suggestion, right at least {SUGGESTION_PRECISION} of the time at this confidence"
)
RELEVANCE_HELP = "Calibrated chance that this document's best passage answers the claim."
# The stances search suggests, as the suggestion reads; anything else is not shown.
SUGGESTED_STANCES = {"supports": "supports", "refutes": "refutes", "neither": "neither supports nor refutes"}


@dataclass(frozen=True)
class EvidenceLabel:
    """What a claim's evidence badge says: `key` names its style (`ev-<key>`), `title` explains the label."""

    key: str
    label: str
    title: str


_EVIDENCE_TITLES = {
    EvidenceStatus.PENDING: "The evidence search has not run yet.",
    EvidenceStatus.SEARCHING: "The evidence search is running.",
    EvidenceStatus.FAILED: "The evidence search failed; search again.",
    EvidenceStatus.DONE: "Searched before evidence strength was graded: search again to grade it.",
    EvidenceStrength.STRONG: "The best passage found is likely to answer the claim (a calibrated score, not a verdict).",
    EvidenceStrength.PARTIAL: "Documents were found, but none is likely to answer the claim: "
    "read them critically, or search the corpus yourself.",
    EvidenceStrength.NONE: "No document in the corpus came close enough to the claim to keep.",
}


def evidence_label(status: str, strength: str) -> EvidenceLabel:
    """The one label of a claim's evidence, wherever it is shown (the queue, the workspace, an article's claims):
    a finished search says how strong its evidence is, never just "found"; a search finished before strength
    was graded says "Searched" and claims no strength."""
    if status == EvidenceStatus.DONE and strength in EvidenceStrength.values:
        strength = EvidenceStrength(strength)
        return EvidenceLabel(strength.value, strength.label, _EVIDENCE_TITLES[strength])
    try:
        state = EvidenceStatus(status)
    except ValueError:
        return EvidenceLabel("unknown", status, "")
    return EvidenceLabel(state.value, state.label, _EVIDENCE_TITLES[state])


@dataclass(frozen=True)
class Suggestion:
    """A suggested stance, with its confidence (0..1, or None) and the reasons behind it."""

    stance: str
    confidence: float | None
    reasons: list[dict] = field(default_factory=list)

    @property
    def label(self) -> str:
        return SUGGESTED_STANCES[self.stance]


@dataclass(frozen=True)
class ShownPassage:
    text: str
    highlights: list[tuple[int, int]]
    suggestion: Suggestion | None


@dataclass(frozen=True)
class ShownCandidate:
    candidate: EvidenceCandidate
    passages: list[ShownPassage]


def shown_candidates(candidates) -> list[ShownCandidate]:
    """Each candidate with up to PASSAGES_SHOWN passages, best first. A candidate stored before passages were
    (no `passages`) shows its one passage; a stance appears only where search marked it as shown."""
    return [ShownCandidate(candidate, _passages(candidate)) for candidate in candidates]


def _passages(candidate: EvidenceCandidate) -> list[ShownPassage]:
    best = {
        "text": candidate.passage,
        "highlights": candidate.highlights,
        "stance": candidate.stance,
        "stance_confidence": candidate.stance_confidence,
        "stance_shown": candidate.stance_shown,
        "reasons": candidate.reasons,
    }
    stored = [p for p in candidate.passages or [] if isinstance(p, dict) and p.get("text")]
    # The candidate's own fields are its best passage's: they fill in what the first stored passage leaves out.
    stored = [{**best, **stored[0]}, *stored[1:]] if stored else [best]
    return [
        ShownPassage(
            text=str(p["text"]),
            highlights=_spans(p.get("highlights"), len(str(p["text"]))),
            suggestion=_suggestion(p),
        )
        for p in stored[:PASSAGES_SHOWN]
    ]


def _suggestion(passage: dict) -> Suggestion | None:
    stance = passage.get("stance")
    if not passage.get("stance_shown") or stance not in SUGGESTED_STANCES:
        return None
    confidence = passage.get("stance_confidence")
    reasons = [
        r for r in passage.get("reasons") or [] if isinstance(r, dict) and r.get("label")
    ]  # e.g. {"label": "Figures agree", "match": "108 attacks in April"}
    return Suggestion(
        stance=str(stance),
        confidence=float(confidence) if isinstance(confidence, int | float) else None,
        reasons=reasons,
    )


def _spans(highlights, length: int) -> list[tuple[int, int]]:
    """The [start, end] offsets that lie inside the text; anything else is dropped rather than shown wrong."""
    spans = []
    for span in highlights or []:
        if isinstance(span, list | tuple) and len(span) == 2 and all(isinstance(i, int) for i in span):
            start, end = span
            if 0 <= start < end <= length:
                spans.append((start, end))
    return spans
