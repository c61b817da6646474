"""CLIMATE-FEVER development pairs as matrices for bench/stance.py: the stance hint's own pair features,
MiniLM vectors of claims, passages and joint texts (cached on disk) and labels, plus metrics."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _common import cached_encodings  # noqa: E402

from search import stance  # noqa: E402

CACHE = ROOT / ".cache" / "stance"
LABELS = {"SUPPORTS": 0, "REFUTES": 1, "NOT_ENOUGH_INFO": 2}
TARGET_PRECISION = 0.8
MIN_SHOWN = 25  # a precision over fewer suggestions than this says too little to set the threshold by


@dataclass
class Dataset:
    pair_ids: list[str]
    pairs: list[tuple[str, str]]
    labels: np.ndarray
    groups: np.ndarray  # the claim id of each pair
    dense: np.ndarray  # stance.pair_features in FEATURE_CODES order
    vectors: np.ndarray | None  # stance.vector_features of each pair
    claim_vectors: np.ndarray | None  # u and v, for the baseline
    passage_vectors: np.ndarray | None


def read_pairs(path: Path) -> tuple[list[str], list[tuple[str, str]], list[int]]:
    if path.is_dir():
        path = path / "dev-pairs.tsv"
    ids, pairs, labels = [], [], []
    with open(path, encoding="utf-8", newline="") as handle:
        for number, line in enumerate(handle, 1):
            fields = line.rstrip("\r\n").split("\t")
            if number == 1 and fields[0] == "pair_id":
                continue
            if len(fields) < 4 or fields[3] not in LABELS:
                raise SystemExit(f"{path}:{number}: expected pair_id, claim, passage and a label")
            ids.append(fields[0])
            pairs.append((fields[1], fields[2]))
            labels.append(LABELS[fields[3]])
    return ids, pairs, labels


def load(data_dir: Path, *, vectors: bool = True) -> Dataset:
    ids, pairs, labels = read_pairs(data_dir)
    dense = np.array(
        [
            [found.get(code, (0.0, ""))[0] for code in stance.FEATURE_CODES]
            for found in (stance.pair_features(claim, passage) for claim, passage in pairs)
        ]
    )
    encoded = _encoded(pairs) if vectors else None
    data = Dataset(
        pair_ids=ids,
        pairs=pairs,
        labels=np.array(labels),
        groups=np.array([pair_id.rsplit("-", 1)[0] for pair_id in ids]),
        dense=dense,
        vectors=None,
        claim_vectors=None,
        passage_vectors=None,
    )
    if encoded is not None:
        by_text = dict(zip(_texts(pairs), encoded, strict=True))
        u = np.array([by_text[claim] for claim, _ in pairs])
        v = np.array([by_text[passage] for _, passage in pairs])
        w = np.array([by_text[stance.joint_text(claim, passage)] for claim, passage in pairs])
        data.claim_vectors, data.passage_vectors = u, v
        data.vectors = np.hstack(
            [w, u * v, np.abs(u - v), w - u, (u * v).sum(1, keepdims=True)]
            + [(u * w).sum(1, keepdims=True), (v * w).sum(1, keepdims=True)]
        )
    return data


def _texts(pairs) -> list[str]:
    claims = list(dict.fromkeys(claim for claim, _ in pairs))
    passages = list(dict.fromkeys(passage for _, passage in pairs))
    return list(dict.fromkeys(claims + passages + [stance.joint_text(c, p) for c, p in pairs]))


def _encoded(pairs) -> np.ndarray | None:
    """The workbench's own MiniLM vectors of every claim, passage and joint text, cached by their digest."""
    return cached_encodings(
        _texts(pairs),
        cache=CACHE,
        index_prefix="bench-stance",
        what="texts",
        left_out="the model variant with vectors",
    )


# --- metrics ---------------------------------------------------------------------------------------


def softmax(logits: np.ndarray) -> np.ndarray:
    exps = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=1, keepdims=True)


def macro_f1(labels: np.ndarray, predicted: np.ndarray) -> float:
    return float(f1_score(labels, predicted, labels=[0, 1, 2], average="macro", zero_division=0))


def display_confidence(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """The lowest confidence from which supports / refutes suggestions, counted from the most confident
    down, stay right at least TARGET_PRECISION of the time (over at least MIN_SHOWN); 1.0 if never."""
    predicted = probabilities.argmax(axis=1)
    confidence = probabilities.max(axis=1)
    shown = np.where(predicted != 2)[0]
    order = shown[np.argsort(-confidence[shown], kind="stable")]
    right = np.cumsum(predicted[order] == labels[order])
    precision = right / np.arange(1, len(order) + 1)
    threshold = 1.0
    for k in range(MIN_SHOWN - 1, len(order)):
        if precision[k] < TARGET_PRECISION:
            break
        threshold = float(confidence[order[k]])
    return threshold


def measures(labels, predicted, confidence, threshold) -> dict:
    shown = (predicted != 2) & (confidence >= threshold)
    relevant = labels != 2
    return {
        "macro_f1": macro_f1(labels, predicted),
        "per_stance_f1": [
            round(float(x), 4)
            for x in f1_score(labels, predicted, labels=[0, 1, 2], average=None, zero_division=0)
        ],
        "shown": int(shown.sum()),
        "shown_precision": float((predicted[shown] == labels[shown]).mean()) if shown.any() else float("nan"),
        # coverage: the share of the supports / refutes pairs that get a right, shown suggestion
        "coverage": float(((predicted == labels) & shown & relevant).sum() / relevant.sum()),
        "shown_share": float(shown.mean()),
    }
