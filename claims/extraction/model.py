"""The shipped check-worthiness model: a logistic regression over interpretable and lexical features.

Only the standard library is needed to score; the weights live in `checkworthiness_model.json`,
written by `python bench/checkworthiness.py train DATA_DIR`.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("checkworthiness_model.json")
FORMAT_VERSION = 1

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def lexical_terms(text: str) -> list[str]:
    """Lower-cased word unigrams and bigrams, the same at training and scoring time."""
    tokens = _TOKEN.findall(text.lower())
    return tokens + [f"{first} {second}" for first, second in zip(tokens, tokens[1:], strict=False)]


@dataclass(frozen=True)
class Model:
    version: str
    bias: float
    weights: dict[str, float]  # interpretable feature code -> weight
    lexical: dict[str, tuple[float, float]]  # term -> (idf, weight)
    metadata: dict

    def lexical_logit(self, text: str) -> float:
        counts: dict[str, int] = {}
        for term in lexical_terms(text):
            if term in self.lexical:
                counts[term] = counts.get(term, 0) + 1
        if not counts:
            return 0.0
        values = {term: (1.0 + math.log(count)) * self.lexical[term][0] for term, count in counts.items()}
        norm = math.sqrt(sum(value * value for value in values.values()))
        return sum(value * self.lexical[term][1] for term, value in values.items()) / norm

    def to_json(self) -> dict:
        return {
            "format": FORMAT_VERSION,
            "version": self.version,
            "bias": self.bias,
            "weights": self.weights,
            "lexical": {
                term: [round(idf, 5), round(weight, 5)] for term, (idf, weight) in self.lexical.items()
            },
            "metadata": self.metadata,
        }

    @classmethod
    def from_json(cls, data: dict) -> Model:
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(
                f"check-worthiness model has format {data.get('format')!r}, expected {FORMAT_VERSION}: "
                "retrain it with `python bench/checkworthiness.py train DATA_DIR`"
            )
        return cls(
            version=data["version"],
            bias=float(data["bias"]),
            weights={code: float(weight) for code, weight in data["weights"].items()},
            lexical={term: (float(idf), float(weight)) for term, (idf, weight) in data["lexical"].items()},
            metadata=data.get("metadata", {}),
        )


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> Model:
    with open(path, encoding="utf-8") as handle:
        return Model.from_json(json.load(handle))


def sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exponential = math.exp(value)
    return exponential / (1.0 + exponential)
