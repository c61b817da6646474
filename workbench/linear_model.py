"""What the shipped linear scorers share: a JSON file of named variants (with and without sentence vectors)
scored with the standard library alone."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

WITH_VECTORS = "with_vectors"
WITHOUT_VECTORS = "without_vectors"

V = TypeVar("V")


def pick_variant(variants: Mapping[str, V], *, vectors: bool) -> V:
    """The variant trained with vectors when there are vectors and the file has it; else the one without."""
    return variants[WITH_VECTORS if vectors and WITH_VECTORS in variants else WITHOUT_VECTORS]


def read_json(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def require_format(data: dict, *, expected: int, what: str, retrain: str, matches: bool = True) -> None:
    """Refuse a file written for another scorer, saying how to write a new one."""
    if data.get("format") != expected or not matches:
        raise ValueError(
            f"{what} has format {data.get('format')!r}, expected {expected}: retrain it with `{retrain}`"
        )


def model_json(model, *, format_version: int, **extra) -> dict:
    """The file's envelope: format, version, the model's own fields, its variants and metadata."""
    return {
        "format": format_version,
        "version": model.version,
        **extra,
        "variants": {name: variant.to_json() for name, variant in model.variants.items()},
        "metadata": model.metadata,
    }


def model_fields(data: dict, variant_from_json: Callable[[dict], V]) -> dict:
    """version, variants and metadata as read from the file's envelope."""
    return {
        "version": data["version"],
        "variants": {name: variant_from_json(variant) for name, variant in data["variants"].items()},
        "metadata": data.get("metadata", {}),
    }


def dot(weights: Sequence[float], values: Sequence[float]) -> float:
    return sum(weight * value for weight, value in zip(weights, values, strict=True))


def sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exponential = math.exp(value)
    return exponential / (1.0 + exponential)


def softmax(logits: Sequence[float]) -> list[float]:
    top = max(logits)
    exps = [math.exp(logit - top) for logit in logits]
    total = sum(exps)
    return [e / total for e in exps]
