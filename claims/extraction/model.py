"""The shipped check-worthiness model: a logistic regression over interpretable features, word n-grams and,
when the sentence encoder is installed, the sentence's MiniLM vector.

Only the standard library is needed to score; the weights live in `checkworthiness_model.json`, written by
`python bench/checkworthiness.py train DATA_DIR`. The file holds two variants trained the same way: one with
sentence vectors and one without, used when the encoder is not installed or switched off.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from workbench import linear_model
from workbench.linear_model import WITH_VECTORS, WITHOUT_VECTORS, sigmoid

__all__ = ["WITH_VECTORS", "WITHOUT_VECTORS", "Model", "Variant", "load_model", "sigmoid"]

MODEL_PATH = Path(__file__).with_name("checkworthiness_model.json")
FORMAT_VERSION = 2

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def lexical_terms(text: str) -> list[str]:
    """Lower-cased word unigrams and bigrams, the same at training and scoring time."""
    tokens = _TOKEN.findall(text.lower())
    return tokens + [f"{first} {second}" for first, second in zip(tokens, tokens[1:], strict=False)]


def term_weights(text: str, idf: dict[str, float]) -> dict[str, float]:
    """TF-IDF of the text's known terms, L2-normalised (raw counts, as scikit-learn's TfidfVectorizer)."""
    counts: dict[str, int] = {}
    for term in lexical_terms(text):
        if term in idf:
            counts[term] = counts.get(term, 0) + 1
    values = {term: count * idf[term] for term, count in counts.items()}
    norm = math.sqrt(sum(value * value for value in values.values()))
    return {term: value / norm for term, value in values.items()} if norm else {}


@dataclass(frozen=True)
class Variant:
    """One trained regression: logit = bias + features + n-grams (+ vector); score = sigmoid(a * logit + b)."""

    bias: float
    weights: dict[str, float]  # interpretable feature code -> weight (the feature block's scale included)
    lexical: dict[str, float]  # term -> weight (the n-gram block's scale included)
    vector: tuple[float, ...] | None  # weights of the sentence vector's dimensions
    calibration: tuple[float, float]

    def lexical_contributions(self, text: str, idf: dict[str, float]) -> dict[str, float]:
        return {
            term: value * self.lexical[term]
            for term, value in term_weights(text, idf).items()
            if term in self.lexical
        }

    def vector_logit(self, vector) -> float:
        if self.vector is None or vector is None:
            return 0.0
        return linear_model.dot(self.vector, vector)

    def calibrated(self, logit: float) -> float:
        slope, intercept = self.calibration
        return sigmoid(slope * logit + intercept)

    @classmethod
    def from_json(cls, data: dict) -> Variant:
        return cls(
            bias=float(data["bias"]),
            weights={code: float(weight) for code, weight in data["weights"].items()},
            lexical={term: float(weight) for term, weight in data["lexical"].items()},
            vector=tuple(float(x) for x in data["vector"]) if data.get("vector") else None,
            calibration=(float(data["calibration"][0]), float(data["calibration"][1])),
        )

    def to_json(self) -> dict:
        return {
            "bias": round(self.bias, 6),
            "weights": {code: round(weight, 5) for code, weight in self.weights.items()},
            "lexical": {term: round(weight, 4) for term, weight in self.lexical.items()},
            "vector": [round(x, 5) for x in self.vector] if self.vector else None,
            "calibration": [round(x, 6) for x in self.calibration],
        }


@dataclass(frozen=True)
class Model:
    version: str
    idf: dict[str, float]
    variants: dict[str, Variant]
    metadata: dict

    def variant(self, *, vectors: bool) -> Variant:
        return linear_model.pick_variant(self.variants, vectors=vectors)

    def to_json(self) -> dict:
        idf = {term: round(idf, 4) for term, idf in self.idf.items()}
        return linear_model.model_json(self, format_version=FORMAT_VERSION, idf=idf)

    @classmethod
    def from_json(cls, data: dict) -> Model:
        linear_model.require_format(
            data,
            expected=FORMAT_VERSION,
            what="check-worthiness model",
            retrain="python bench/checkworthiness.py train DATA_DIR",
        )
        return cls(
            idf={term: float(idf) for term, idf in data["idf"].items()},
            **linear_model.model_fields(data, Variant.from_json),
        )


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> Model:
    return Model.from_json(linear_model.read_json(path))
