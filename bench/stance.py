"""Train and evaluate the stance hint on CLIMATE-FEVER's development claim and evidence pairs.

    python bench/stance.py train DATA_DIR      # writes search/stance_model.json
    python bench/stance.py evaluate DATA_DIR   # nested leave-claims-out CV against baselines

DATA_DIR is the CLIMATE-FEVER folder (`dev-pairs.tsv` inside it) or the file itself.

`evaluate` reports outer folds only: in each outer fold an inner leave-claims-out CV on that fold's
training claims chooses the settings (C, the scale of the interpretable features), the per-stance offsets
that give the best macro-F1, and the display confidence (the lowest confidence at which the inner folds'
supports / refutes suggestions are right at least 80% of the time); then the model is fitted on all of the
fold's training claims and scored on its held-out claims, which no choice has seen. Every pair of a claim
falls in the same fold. The baselines, always "neither" and a logistic regression over MiniLM pair
features (u, v, |u-v|, u*v), are scored on the same outer folds. `train` makes the same choices by CV on
all claims and fits the shipped model on all of them.

Needs numpy and scikit-learn (dev dependencies) and, for the vectors, the semantic extra; the shipped scorer
needs neither. MiniLM vectors are cached under .cache/stance/. Reading the pairs, their features and
vectors, and the metrics are in bench/_stance_data.py.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _stance_data import (  # noqa: E402
    LABELS,
    TARGET_PRECISION,
    Dataset,
    display_confidence,
    load,
    macro_f1,
    measures,
    softmax,
)

from search import stance  # noqa: E402

MODEL_VERSION = "climate-fever-dev-lr-1"
OUTER_FOLDS = 5
INNER_FOLDS = 3
GRID = tuple({"C": c, "features": scale} for c in (0.1, 0.3) for scale in (1.0, 3.0))
GRID_WITHOUT_VECTORS = tuple({"C": c, "features": 1.0} for c in (0.3, 1.0, 3.0))
OFFSETS = np.linspace(-1.5, 1.5, 13)


# --- folds, fitting and the choices made on inner folds ----------------------------------------------


def folds(groups: np.ndarray, rows: np.ndarray, count: int) -> list[np.ndarray]:
    """Rows split into `count` folds with every pair of a claim in the same fold."""
    claims = sorted(set(groups[rows]), key=lambda claim: hashlib.sha256(claim.encode()).hexdigest())
    assigned = {claim: index % count for index, claim in enumerate(claims)}
    fold_of = np.array([assigned[claim] for claim in groups[rows]])
    return [rows[fold_of == fold] for fold in range(count)]


def design(data: Dataset, rows: np.ndarray, settings: dict, *, vectors: bool) -> np.ndarray:
    blocks = [data.dense[rows] * settings["features"]]
    if vectors:
        blocks.append(data.vectors[rows])
    return np.hstack(blocks)


@dataclass
class Fitted:
    settings: dict
    model: LogisticRegression
    vectors: bool

    def logits(self, data: Dataset, rows: np.ndarray) -> np.ndarray:
        return self.model.decision_function(design(data, rows, self.settings, vectors=self.vectors))


def fit(data: Dataset, rows: np.ndarray, settings: dict, *, vectors: bool) -> Fitted:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = LogisticRegression(C=settings["C"], class_weight="balanced", max_iter=3000)
        model.fit(design(data, rows, settings, vectors=vectors), data.labels[rows])
    return Fitted(settings, model, vectors)


def best_offsets(logits: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, float]:
    """Offsets added to the supports and refutes logits that give the best macro-F1 on these (inner) rows."""
    best, best_f1 = np.zeros(3), -1.0
    for supports in OFFSETS:
        for refutes in OFFSETS:
            offsets = np.array([supports, refutes, 0.0])
            score = macro_f1(labels, (logits + offsets).argmax(axis=1))
            if score > best_f1 + 1e-9:
                best, best_f1 = offsets, score
    return best, best_f1


def cross_validated_logits(data, rows, settings, *, vectors: bool, count: int) -> np.ndarray:
    logits = np.zeros((len(data.labels), 3))
    for held_out in folds(data.groups, rows, count):
        train = np.setdiff1d(rows, held_out)
        logits[held_out] = fit(data, train, settings, vectors=vectors).logits(data, held_out)
    return logits[rows]


def choose(data: Dataset, rows: np.ndarray, *, vectors: bool) -> dict:
    """Settings, offsets and display confidence chosen by an inner leave-claims-out CV on `rows`."""
    grid = GRID if vectors else GRID_WITHOUT_VECTORS
    results = []
    for settings in grid:
        logits = cross_validated_logits(data, rows, settings, vectors=vectors, count=INNER_FOLDS)
        offsets, score = best_offsets(logits, data.labels[rows])
        results.append((score, settings, offsets, logits))
    score, settings, offsets, logits = max(results, key=lambda result: result[0])
    threshold = display_confidence(softmax(logits + offsets), data.labels[rows])
    return {
        "settings": settings,
        "offsets": offsets,
        "display_confidence": threshold,
        "inner_macro_f1": {json.dumps(s): round(r, 4) for r, s, *_ in results},
    }


# --- evaluation -------------------------------------------------------------------------------------


def evaluate(data_dir: Path) -> dict:
    data = load(data_dir)
    rows = np.arange(len(data.labels))
    outer = folds(data.groups, rows, OUTER_FOLDS)
    systems: dict[str, dict] = {}
    print(
        f"CLIMATE-FEVER dev pairs: {len(rows):,} pairs of {len(set(data.groups))} claims "
        f"({', '.join(f'{name} {int((data.labels == k).sum())}' for name, k in LABELS.items())}); "
        f"outer folds of a nested {OUTER_FOLDS}x{INNER_FOLDS} leave-claims-out CV",
        flush=True,
    )

    def run(name, predict):
        started = time.perf_counter()
        predicted = np.zeros(len(rows), dtype=int)
        confidence = np.zeros(len(rows))
        thresholds, chosen = [], []
        for held_out in outer:
            train = np.setdiff1d(rows, held_out)
            labels, conf, threshold, note = predict(train, held_out)
            predicted[held_out], confidence[held_out] = labels, conf
            thresholds.append(threshold)
            chosen.append(note)
        # each outer fold's suggestions are judged at the display confidence its own inner folds chose
        shown_at = np.zeros(len(rows))
        for held_out, threshold in zip(outer, thresholds, strict=True):
            shown_at[held_out] = threshold
        result = measures(data.labels, predicted, confidence - shown_at + 0.0, 0.0)
        result["display_confidence"] = [round(t, 4) for t in thresholds]
        result["chosen"] = chosen
        result["seconds"] = time.perf_counter() - started
        systems[name] = result
        print(
            f"{name:44s} macro-F1 {result['macro_f1']:.4f} (S/R/N {result['per_stance_f1']}) "
            f"shown {result['shown']:5d} precision {result['shown_precision']:.3f} "
            f"coverage {result['coverage']:.3f}  display confidence {result['display_confidence']} "
            f"{result['seconds']:.0f}s",
            flush=True,
        )

    def always_neither(train, test):
        return np.full(len(test), 2), np.ones(len(test)), 1.0, None

    def minilm_pairs(train, test):
        def features(r):
            u, v = data.claim_vectors[r], data.passage_vectors[r]
            return np.hstack([u, v, np.abs(u - v), u * v])

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = LogisticRegression(class_weight="balanced", max_iter=3000).fit(
                features(train), data.labels[train]
            )
        probabilities = model.predict_proba(features(test))
        return (
            probabilities.argmax(1),
            probabilities.max(1),
            display_confidence(_inner_probabilities(train, features, model), data.labels[train]),
            None,
        )

    def _inner_probabilities(train, features, model):
        probabilities = np.zeros((len(data.labels), 3))
        for held_out in folds(data.groups, train, INNER_FOLDS):
            inner_train = np.setdiff1d(train, held_out)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                inner = LogisticRegression(class_weight="balanced", max_iter=3000).fit(
                    features(inner_train), data.labels[inner_train]
                )
            probabilities[held_out] = inner.predict_proba(features(held_out))
        return probabilities[train]

    def shipped(vectors):
        def predict(train, test):
            choice = choose(data, train, vectors=vectors)
            fitted = fit(data, train, choice["settings"], vectors=vectors)
            probabilities = softmax(fitted.logits(data, test) + choice["offsets"])
            note = {"settings": choice["settings"], "offsets": [round(x, 2) for x in choice["offsets"]]}
            return probabilities.argmax(1), probabilities.max(1), choice["display_confidence"], note

        return predict

    run('always "neither"', always_neither)
    if data.vectors is not None:
        run("MiniLM pair LR (u, v, |u-v|, u*v)", minilm_pairs)
    run("shipped, without vectors (fallback)", shipped(False))
    if data.vectors is not None:
        run("shipped (cues + figures + MiniLM pair)", shipped(True))
    for name, result in systems.items():
        if result["chosen"][0]:
            print(f"chosen by the inner folds ({name}): {result['chosen']}")
    return systems


# --- training the shipped model ---------------------------------------------------------------------


def _variant(data: Dataset, *, vectors: bool) -> tuple[stance.Variant, Fitted, dict]:
    rows = np.arange(len(data.labels))
    choice = choose(data, rows, vectors=vectors)
    fitted = fit(data, rows, choice["settings"], vectors=vectors)
    coef, intercept = fitted.model.coef_, fitted.model.intercept_
    width = len(stance.FEATURE_CODES)
    scale = choice["settings"]["features"]
    variant = stance.Variant(
        bias=tuple(float(x) for x in intercept),
        weights={
            code: tuple(float(coef[k, column]) * scale for k in range(3))
            for column, code in enumerate(stance.FEATURE_CODES)
        },
        vector=tuple(tuple(float(x) for x in coef[k, width:]) for k in range(3)) if vectors else None,
        offsets=tuple(float(x) for x in choice["offsets"]),
        display_confidence=choice["display_confidence"],
    )
    return variant, fitted, choice


def train(data_dir: Path, output: Path) -> None:
    started = time.perf_counter()
    data = load(data_dir)
    variants, metadata, fitted_by_variant = {}, {}, {}
    for name, vectors in ((stance.WITH_VECTORS, True), (stance.WITHOUT_VECTORS, False)):
        if vectors and data.vectors is None:
            continue
        variant, fitted, choice = _variant(data, vectors=vectors)
        variants[name], fitted_by_variant[name] = variant, fitted
        metadata[name] = {
            "settings": choice["settings"],
            "inner_macro_f1": choice["inner_macro_f1"],
            "display_confidence": round(choice["display_confidence"], 4),
        }
        print(
            f"{name}: chose {choice['settings']}, offsets {np.round(choice['offsets'], 2).tolist()}, "
            f"display confidence {choice['display_confidence']:.4f}",
            flush=True,
        )
    model = stance.Model(version=MODEL_VERSION, variants=variants, metadata={})
    data_json = model.to_json()
    data_json["metadata"] = {
        "trained_on": "CLIMATE-FEVER development claim / evidence pairs (Diggelmann et al. 2020)",
        "pairs": len(data.labels),
        "claims": len(set(data.groups)),
        "variants": metadata,
        "display_confidence": f"lowest confidence at which CV suggestions are right {TARGET_PRECISION:.0%}",
        "reproduce": "python bench/stance.py train DATA_DIR",
    }
    output.write_text(json.dumps(data_json, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {output} ({output.stat().st_size / 1024:.0f} KB) in {time.perf_counter() - started:.0f}s")
    _check_shipped_path(
        data, stance.Model.from_json(json.loads(output.read_text("utf-8"))), fitted_by_variant
    )


def _check_shipped_path(data: Dataset, model: stance.Model, fitted_by_variant: dict) -> None:
    """The shipped scorer (pure Python, from the JSON file) gives the probabilities the fitted model does."""
    rows = np.arange(min(300, len(data.labels)))
    pairs = [data.pairs[i] for i in rows]
    for name, fitted in fitted_by_variant.items():
        variant = model.variants[name]
        vectors = data.vectors[rows].tolist() if fitted.vectors else None
        hints = stance.suggest_stances(pairs, model=model, vectors=vectors, encode=False)
        expected = softmax(fitted.logits(data, rows) + np.array(variant.offsets)).max(axis=1)
        gap = float(np.abs(np.array([hint.confidence for hint in hints]) - expected).max())
        print(f"{name}: on {len(rows)} pairs the shipped scorer is within {gap:.5f} of the fitted model")
        if gap > 0.01:
            raise SystemExit(f"{name}: the shipped scorer does not reproduce the fitted model")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=("train", "evaluate"))
    parser.add_argument("data_dir", type=Path)
    parser.add_argument(
        "--output", type=Path, default=stance.MODEL_PATH, help="where `train` writes the model"
    )
    args = parser.parse_args(argv)
    if args.command == "train":
        train(args.data_dir, args.output)
    else:
        evaluate(args.data_dir)


if __name__ == "__main__":
    main()
