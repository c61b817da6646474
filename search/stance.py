"""Stance hints: does a passage support the claim, refute it, or neither, and how sure is the model.

A multinomial logistic regression over cues a fact-checker can read (negation and contrast in the passage,
opposite directions such as rise / fall, shared words, figure agreement) and, when the sentence encoder is
on, MiniLM vectors of the claim, the passage and the two read together. Scoring needs only the standard
library; the weights live in `stance_model.json`, written by `python bench/stance.py train DATA_DIR`, with a
second variant trained without vectors for when embeddings are off or unavailable.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from workbench import linear_model
from workbench.linear_model import WITH_VECTORS as WITH_VECTORS
from workbench.linear_model import WITHOUT_VECTORS as WITHOUT_VECTORS

from . import figures

logger = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).with_name("stance_model.json")
FORMAT_VERSION = 1
STANCES = ("supports", "refutes", "neither")

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_STOP = frozenset(
    "a an the of in on at to for from by with and or but is are was were be been being has have had it its "
    "this that these those as which who whom whose than then there their they them he she his her we our "
    "you your i also such into about over more most some any all can will would could should may might "
    "not no".split()
)
_CUES = {
    "negation": frozenset(
        "not no never none nor neither cannot can't don't doesn't didn't isn't aren't wasn't weren't won't "
        "without lack lacks lacking".split()
    ),
    "contrast": frozenset(
        "however despite although though contrary whereas but yet nevertheless nonetheless instead "
        "rather".split()
    ),
    "denial": frozenset(
        "myth myths false falsely misleading misconception misconceptions debunked debunk incorrect wrong "
        "deny denied denies denial skeptic skeptics sceptic sceptics disputed dispute refuted refute "
        "unfounded hoax alleged".split()
    ),
    "hedge": frozenset(
        "may might could possibly possible perhaps suggest suggests suggested likely unlikely uncertain "
        "uncertainty estimated projected predicted expected".split()
    ),
}
_UP = frozenset(
    "increase increases increased increasing rise rises rising rose risen grow grows growing grew grown "
    "more higher high warming warmer warm gain gains gained greater larger expand expanding expanded "
    "accelerate accelerating accelerated thicker above exceed exceeded melting".split()
)
_DOWN = frozenset(
    "decrease decreases decreased decreasing fall falls falling fell fallen decline declines declining "
    "declined drop drops dropped less lower low cooling cooler cool loss losses lost smaller shrink "
    "shrinking shrank reduce reduced reducing slow slowing slowed thinner below freezing".split()
)
_CUE_LABELS = {
    "negation": "Passage negates",
    "contrast": "Passage contrasts",
    "denial": "Passage calls something false",
    "hedge": "Passage hedges",
}
_SHARED_WORDS_QUOTED = 4
_FIGURE_CODES = {label: "figures_" + label.lower().replace(" ", "_") for label in figures.LABELS}
_FIGURE_LABELS = {code: label for label, code in _FIGURE_CODES.items()}


@dataclass(frozen=True)
class StanceHint:
    """A suggested stance of one passage towards one claim; `shown` when it clears the display confidence."""

    stance: str  # supports | refutes | neither
    confidence: float  # the model's probability of that stance, 0..1
    shown: bool
    reasons: list[dict] = field(default_factory=list)  # {"label", "match"}, the words as written


# --- features ----------------------------------------------------------------------------------------


def _tokens(text: str) -> list[tuple[str, str]]:
    """(lower-cased, as written) for every word."""
    return [(m.group(0).lower().replace("’", "'"), m.group(0)) for m in _TOKEN.finditer(text or "")]


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def pair_features(claim: str, passage: str) -> dict[str, tuple[float, str]]:
    """Feature code -> (value, the words as written that set it), the same at training and scoring time."""
    claim_tokens, passage_tokens = _tokens(claim), _tokens(passage)
    claim_words = {_stem(low): written for low, written in claim_tokens if low not in _STOP}
    passage_words = {_stem(low): written for low, written in passage_tokens if low not in _STOP}
    shared = [stemmed for stemmed in passage_words if stemmed in claim_words]
    claim_pairs = set(zip([t for t, _ in claim_tokens], [t for t, _ in claim_tokens][1:], strict=False))
    passage_low = [t for t, _ in passage_tokens]
    shared_pairs = claim_pairs & set(zip(passage_low, passage_low[1:], strict=False))
    found: dict[str, tuple[float, str]] = {
        "overlap_claim": (len(shared) / max(len(claim_words), 1), _quote(passage_words, shared)),
        "overlap_passage": (len(shared) / max(len(passage_words), 1), ""),
        "shared_bigrams": (min(len(shared_pairs), 5) / 5, ""),
        "passage_length": (min(len(passage_tokens), 60) / 60, ""),
        "claim_length": (min(len(claim_tokens), 40) / 40, ""),
    }
    claim_set = {t for t, _ in claim_tokens}
    written = {}
    for low, word in passage_tokens:
        written.setdefault(low, word)
    for name, words in _CUES.items():
        in_passage = [written[t] for t in written if t in words]
        if in_passage:
            found[f"passage_{name}"] = (1.0, ", ".join(in_passage[:3]))
        if claim_set & words:
            found[f"claim_{name}"] = (1.0, "")
    if bool(claim_set & _CUES["negation"]) != bool(set(written) & _CUES["negation"]):
        found["negation_mismatch"] = (1.0, "")
    direction = _directions(claim_tokens, passage_tokens)
    if direction:
        found[direction[0]] = (1.0, direction[1])
    if passage.strip()[:1] in "\"“'‘":
        found["passage_quoted"] = (1.0, "")
    if any(ch.isdigit() for ch in passage):
        found["passage_figures"] = (1.0, "")
    for comparison in figures.compare(claim, passage):
        code = _FIGURE_CODES[comparison.label]
        if code not in found:
            found[code] = (1.0, comparison.match)
    return found


def _quote(words: dict[str, str], stems: list[str]) -> str:
    return ", ".join(words[s] for s in stems[:_SHARED_WORDS_QUOTED])


def _directions(claim_tokens, passage_tokens) -> tuple[str, str] | None:
    """ "opposite_direction" ("rise / fall") or "same_direction" ("rising / rose"), with the words as written."""
    claim_up = [w for t, w in claim_tokens if t in _UP]
    claim_down = [w for t, w in claim_tokens if t in _DOWN]
    passage_up = [w for t, w in passage_tokens if t in _UP]
    passage_down = [w for t, w in passage_tokens if t in _DOWN]
    if claim_up and passage_down and not passage_up:
        return "opposite_direction", f"{claim_up[0]} / {passage_down[0]}"
    if claim_down and passage_up and not passage_down:
        return "opposite_direction", f"{claim_down[0]} / {passage_up[0]}"
    if claim_up and passage_up:
        return "same_direction", f"{claim_up[0]} / {passage_up[0]}"
    if claim_down and passage_down:
        return "same_direction", f"{claim_down[0]} / {passage_down[0]}"
    return None


FEATURE_CODES = (
    "overlap_claim",
    "overlap_passage",
    "shared_bigrams",
    "passage_length",
    "claim_length",
    *(f"{where}_{name}" for name in _CUES for where in ("passage", "claim")),
    "negation_mismatch",
    "opposite_direction",
    "same_direction",
    "passage_quoted",
    "passage_figures",
    *_FIGURE_CODES.values(),
)


def vector_features(claim: Sequence[float], passage: Sequence[float], joint: Sequence[float]) -> list[float]:
    """The pair's vector features: the joint vector, u*v, |u-v|, joint-u, and the three cosines."""
    product = [a * b for a, b in zip(claim, passage, strict=True)]
    return [
        *joint,
        *product,
        *(abs(a - b) for a, b in zip(claim, passage, strict=True)),
        *(j - a for j, a in zip(joint, claim, strict=True)),
        sum(product),
        sum(a * b for a, b in zip(claim, joint, strict=True)),
        sum(a * b for a, b in zip(passage, joint, strict=True)),
    ]


def joint_text(claim: str, passage: str) -> str:
    """What the joint vector reads: the claim, then the passage."""
    return f"{claim} {passage}"


# --- the model ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """logits[k] = bias[k] + features . weights[k] (+ vector features . vector[k]) + offsets[k]."""

    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]  # feature code -> one weight per stance
    vector: tuple[tuple[float, ...], ...] | None  # per stance, weights of vector_features()
    offsets: tuple[float, ...]  # per stance, chosen for macro-F1 by the inner folds
    display_confidence: float

    def probabilities(self, found: dict, vector: list[float] | None) -> list[float]:
        logits = list(self.bias)
        for code, (value, _match) in found.items():
            for k, weight in enumerate(self.weights.get(code, ())):
                logits[k] += weight * value
        if self.vector is not None and vector is not None:
            for k, weights in enumerate(self.vector):
                logits[k] += linear_model.dot(weights, vector)
        logits = [logit + offset for logit, offset in zip(logits, self.offsets, strict=True)]
        return linear_model.softmax(logits)

    @classmethod
    def from_json(cls, data: dict) -> Variant:
        return cls(
            bias=tuple(float(x) for x in data["bias"]),
            weights={code: tuple(float(x) for x in w) for code, w in data["weights"].items()},
            vector=tuple(tuple(float(x) for x in row) for row in data["vector"])
            if data.get("vector")
            else None,
            offsets=tuple(float(x) for x in data["offsets"]),
            display_confidence=float(data["display_confidence"]),
        )

    def to_json(self) -> dict:
        return {
            "bias": [round(x, 6) for x in self.bias],
            "weights": {code: [round(x, 5) for x in w] for code, w in self.weights.items()},
            "vector": [[round(x, 5) for x in row] for row in self.vector] if self.vector else None,
            "offsets": [round(x, 4) for x in self.offsets],
            "display_confidence": round(self.display_confidence, 4),
        }


@dataclass(frozen=True)
class Model:
    version: str
    variants: dict[str, Variant]
    metadata: dict

    def variant(self, *, vectors: bool) -> Variant:
        return linear_model.pick_variant(self.variants, vectors=vectors)

    def to_json(self) -> dict:
        return linear_model.model_json(self, format_version=FORMAT_VERSION, stances=list(STANCES))

    @classmethod
    def from_json(cls, data: dict) -> Model:
        linear_model.require_format(
            data,
            expected=FORMAT_VERSION,
            what="stance model",
            retrain="python bench/stance.py train DATA_DIR",
            matches=tuple(data.get("stances", ())) == STANCES,
        )
        return cls(**linear_model.model_fields(data, Variant.from_json))


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> Model:
    return Model.from_json(linear_model.read_json(path))


# --- scoring -----------------------------------------------------------------------------------------


def pair_vectors(pairs: Sequence[tuple[str, str]]) -> list[list[float]] | None:
    """The vector features of every pair from one call of the encoder (each distinct text once), or None."""
    from . import embeddings

    if not pairs:
        return []
    claims = list(dict.fromkeys(claim for claim, _ in pairs))
    passages = list(dict.fromkeys(passage for _, passage in pairs))
    joints = [joint_text(claim, passage) for claim, passage in pairs]
    try:
        encoded = embeddings.embed(claims + passages + joints)
    except Exception:  # noqa: BLE001 - a failing model runtime leaves the hint to the variant without vectors
        logger.exception("Sentence encoder failed; stance hints for %d pairs without vectors", len(pairs))
        return None
    if encoded is None:
        return None
    claim_vectors = dict(zip(claims, encoded[: len(claims)], strict=True))
    passage_vectors = dict(zip(passages, encoded[len(claims) : len(claims) + len(passages)], strict=True))
    joint_vectors = encoded[len(claims) + len(passages) :]
    return [
        vector_features(claim_vectors[claim], passage_vectors[passage], joint)
        for (claim, passage), joint in zip(pairs, joint_vectors, strict=True)
    ]


def suggest_stances(
    pairs: list[tuple[str, str]],
    *,
    model: Model | None = None,
    vectors: list | None = None,
    encode: bool = True,
) -> list[StanceHint]:
    """A stance hint for every (claim, passage) pair, all texts encoded in one batch.

    `vectors` (the pairs' vector features) is for benchmarks that computed them already; by default they
    come from `search.embeddings` (`encode=False` skips it), and without them the variant trained without
    vectors scores.
    """
    model = model or load_model()
    pairs = [(claim or "", passage or "") for claim, passage in pairs]
    if vectors is None and encode:
        vectors = pair_vectors(pairs)
    variant = model.variant(vectors=vectors is not None)
    hints = []
    for index, (claim, passage) in enumerate(pairs):
        found = pair_features(claim, passage)
        probabilities = variant.probabilities(found, vectors[index] if variant.vector is not None else None)
        best = max(range(len(STANCES)), key=probabilities.__getitem__)
        stance, confidence = STANCES[best], probabilities[best]
        hints.append(
            StanceHint(
                stance=stance,
                confidence=confidence,
                shown=stance != "neither" and confidence >= variant.display_confidence,
                reasons=_reasons(found, variant, best),
            )
        )
    return hints


# The cues that may be quoted as the reason for each stance: a model can weigh "not" towards supports on
# its data, but "Passage negates" under a supports suggestion would read as nonsense.
_EXPLAINS = (
    frozenset({"overlap_claim", "same_direction"}),
    frozenset({"passage_negation", "passage_contrast", "passage_denial", "opposite_direction"}),
    frozenset({"passage_hedge"}),
)


def _reasons(found: dict, variant: Variant, best: int) -> list[dict]:
    """Figure comparisons always; the other quotable cues when they pushed towards the suggested stance."""
    reasons = []
    for code, (_value, match) in found.items():
        if code.startswith("figures_") and match:
            reasons.append({"label": _FIGURE_LABELS[code], "match": match})
    pushes = []
    for code, (value, match) in found.items():
        weights = variant.weights.get(code)
        if not match or not weights or code not in _EXPLAINS[best]:
            continue
        if code == "same_direction" and len({side.lower() for side in match.split(" / ")}) == 1:
            continue  # "warming / warming" is the topic both share, not a finding
        margin = weights[best] * value - max(w * value for k, w in enumerate(weights) if k != best)
        if margin > 0:
            pushes.append((margin, code, match))
    for _margin, code, match in sorted(pushes, reverse=True):
        reasons.append({"label": _label(code), "match": match})
    return reasons


def _label(code: str) -> str:
    if code == "overlap_claim":
        return "Shared words"
    if code == "opposite_direction":
        return "Opposite direction"
    if code == "same_direction":
        return "Same direction"
    return _CUE_LABELS.get(code.removeprefix("passage_"), code.replace("_", " ").capitalize())
