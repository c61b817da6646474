"""CheckThat! 2020 Task 5 transcripts as matrices for bench/checkworthiness.py: the scorer's own features,
MiniLM sentence vectors (cached on disk, as encoding 43,000 lines takes minutes) and labels, plus metrics."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import cached_encodings  # noqa: E402

from claims.extraction import features, scoring  # noqa: E402
from claims.extraction.transcripts import read_transcript  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "checkworthiness"
# Every interpretable feature but those whose weight is fixed (scoring.FIXED_WEIGHTS): no weight is learnt
# for them, but they count in every score, as in the shipped scorer.
CODES = tuple(code for code in features.FEATURE_CODES if code not in scoring.FIXED_WEIGHTS)
_INTERVIEW = re.compile(r"meet_?the_?press|interview|abc|oreilly|cbs|60_min|press_conference|pelosi", re.I)
_DEBATE = re.compile(r"debate|gop|democrats|pres\b|_pres|1pres|2pres|3pres", re.I)


@dataclass
class Dataset:
    names: list[str]
    genres: list[str]  # per transcript: debate, interview or speech
    rows: list[list[tuple[int, str, str, int]]]  # per transcript: (line number, speaker, text, label)
    texts: list[str]  # every line, in order
    labels: np.ndarray
    transcript: np.ndarray  # the index of each line's transcript
    dense: np.ndarray  # the scorer's interpretable features, CODES order
    fixed: np.ndarray  # each line's logit from the features whose weight is fixed (scoring.FIXED_WEIGHTS)
    vectors: np.ndarray | None  # MiniLM sentence vectors, or None without the encoder

    def lines_of(self, transcripts) -> np.ndarray:
        return np.where(np.isin(self.transcript, list(transcripts)))[0]


def genre(name: str) -> str:
    if _INTERVIEW.search(name):
        return "interview"
    return "debate" if _DEBATE.search(name) else "speech"


def transcript_paths(data_dir: Path) -> list[Path]:
    """The Task 5 transcripts in DATA_DIR: the folder itself or its `training` folder."""
    folder = data_dir / "training" if (data_dir / "training").is_dir() else data_dir
    paths = sorted(folder.glob("*.tsv"))
    if not paths:
        raise SystemExit(f"no .tsv transcripts in {folder}")
    return paths


def load(data_dir: Path, *, vectors: bool = True) -> Dataset:
    names, rows = [], []
    for path in transcript_paths(data_dir):
        lines = read_transcript(path)
        if any(line.label is None for line in lines):
            raise SystemExit(f"{path}: every line needs a label to train or evaluate")
        names.append(path.stem)
        rows.append([(line.line_number, line.speaker, line.text, line.label) for line in lines])
    found = [
        line
        for transcript in rows
        for line in scoring.transcript_features([(s, t) for _, s, t, _ in transcript])
    ]
    texts = [text for transcript in rows for _, _, text, _ in transcript]
    return Dataset(
        names=names,
        genres=[genre(name) for name in names],
        rows=rows,
        texts=texts,
        labels=np.array([label for transcript in rows for *_, label in transcript]),
        transcript=np.concatenate([[index] * len(transcript) for index, transcript in enumerate(rows)]),
        dense=np.array([[line.get(code, (0.0, ""))[0] for code in CODES] for line in found]),
        fixed=np.array(
            [
                sum(w * line[code][0] for code, w in scoring.FIXED_WEIGHTS.items() if code in line)
                for line in found
            ]
        ),
        vectors=sentence_vectors(texts) if vectors else None,
    )


def sentence_vectors(texts: list[str]) -> np.ndarray | None:
    """The workbench's own MiniLM vectors (search.embeddings), cached by the texts' digest."""
    return cached_encodings(
        texts,
        cache=CACHE,
        index_prefix="bench-checkworthiness",
        what="lines",
        left_out="the model variant with sentence vectors",
    )


# --- metrics ---------------------------------------------------------------------------------------


def _ranked_labels(scores, labels) -> np.ndarray:
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
    return np.asarray(labels)[order]


def average_precision(scores, labels) -> float:
    ranked = _ranked_labels(scores, labels)
    hits = np.cumsum(ranked)
    precision = hits / np.arange(1, len(ranked) + 1)
    return float((precision * ranked).sum() / ranked.sum())


def r_precision(scores, labels) -> float:
    ranked = _ranked_labels(scores, labels)
    relevant = int(ranked.sum())
    return float(ranked[:relevant].sum() / relevant)


def precision_at(scores, labels, k: int = 10) -> float:
    return float(_ranked_labels(scores, labels)[:k].sum() / k)


def per_transcript(data: Dataset, scores: np.ndarray, lines: np.ndarray) -> list[tuple[float, float, float]]:
    """(AP, R-Prec, P@10) of each transcript among `lines` that has a check-worthy line."""
    results = []
    for index in np.unique(data.transcript[lines]):
        mine = lines[data.transcript[lines] == index]
        labels = data.labels[mine]
        if labels.sum():
            results.append(
                (
                    average_precision(scores[mine], labels),
                    r_precision(scores[mine], labels),
                    precision_at(scores[mine], labels),
                )
            )
    return results


def mean_average_precision(data: Dataset, scores: np.ndarray, lines: np.ndarray) -> float:
    return float(np.mean([ap for ap, _, _ in per_transcript(data, scores, lines)]))
