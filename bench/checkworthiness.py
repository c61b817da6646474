"""Train and evaluate the check-worthiness scorer on CheckThat! 2020 Task 5 debate transcripts.

    python bench/checkworthiness.py train DATA_DIR      # writes claims/extraction/checkworthiness_model.json
    python bench/checkworthiness.py evaluate DATA_DIR   # leave-transcripts-out CV against two baselines

DATA_DIR is the folder of transcripts (`.../task5-checkworthiness-debates/training`) or its parent.
Needs numpy, scipy and scikit-learn (dev dependencies); the shipped scorer itself needs neither.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from scipy import optimize, sparse
from scipy.special import expit
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.extraction import features, scoring  # noqa: E402
from claims.extraction.model import FORMAT_VERSION, MODEL_PATH, Model, lexical_terms  # noqa: E402
from claims.extraction.transcripts import read_transcript  # noqa: E402

MODEL_VERSION = "checkthat2020-task5-lr-1"
C = 0.1  # inverse L2 strength, chosen by the cross-validation below
MAX_LEXICAL_TERMS = 3000
FOLDS = 10
CODES = features.FEATURE_CODES


def load_transcripts(data_dir: Path) -> list[tuple[str, list[tuple[int, str, str, int]]]]:
    """(name, [(line_number, speaker, text, label)]) per transcript, sorted by name."""
    folder = data_dir / "training" if (data_dir / "training").is_dir() else data_dir
    paths = sorted(folder.glob("*.tsv"))
    if not paths:
        raise SystemExit(f"no .tsv transcripts in {folder}")
    transcripts = []
    for path in paths:
        lines = read_transcript(path)
        if any(line.label is None for line in lines):
            raise SystemExit(f"{path}: every line needs a label to train or evaluate")
        transcripts.append(
            (path.stem, [(line.line_number, line.speaker, line.text, line.label) for line in lines])
        )
    return transcripts


def line_features(rows) -> list[dict]:
    """The scorer's own features per line, with each line's neighbours as context."""
    found = [features.compute(text, speaker=speaker) for _, speaker, text, _ in rows]
    with_context = []
    for index, line in enumerate(found):
        line = dict(line)
        scoring.add_context(line, found[max(index - 1, 0) : index] + found[index + 1 : index + 2])
        with_context.append(line)
    return with_context


def feature_matrix(found: list[dict]) -> np.ndarray:
    return np.array([[line.get(code, (0.0, ""))[0] for code in CODES] for line in found])


def fit_model(found: list[dict], texts: list[str], labels: np.ndarray, *, lexical: bool = True) -> Model:
    """Class-balanced, L2-regularised logistic regression whose interpretable weights keep their sign."""
    dense = feature_matrix(found)
    blocks = [sparse.csr_matrix(dense)]
    vectorizer = None
    if lexical:
        vectorizer = TfidfVectorizer(
            analyzer=lexical_terms,
            max_features=MAX_LEXICAL_TERMS,
            min_df=2,
            sublinear_tf=True,
            dtype=np.float64,
        )
        blocks.append(vectorizer.fit_transform(texts))
    matrix = sparse.hstack(blocks).tocsr()
    signs = np.where(labels > 0, 1.0, -1.0)
    positives = labels.sum()
    weights = np.where(
        labels > 0, len(labels) / (2 * positives), len(labels) / (2 * (len(labels) - positives))
    )

    def loss(params):
        coef, bias = params[:-1], params[-1]
        margin = signs * (matrix @ coef + bias)
        value = C * np.sum(weights * np.logaddexp(0, -margin)) + 0.5 * coef @ coef
        slope = -C * weights * signs * expit(-margin)
        return value, np.append(matrix.T @ slope + coef, slope.sum())

    bounds = [(0, None) if features.feature_by_code(code).direction > 0 else (None, 0) for code in CODES]
    bounds += [(None, None)] * (matrix.shape[1] - len(CODES) + 1)
    result = optimize.minimize(
        loss,
        np.zeros(matrix.shape[1] + 1),
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": 2000},
    )
    coef, bias = result.x[:-1], result.x[-1]
    lexical_weights = {}
    if vectorizer is not None:
        for term, column in vectorizer.vocabulary_.items():
            lexical_weights[term] = (float(vectorizer.idf_[column]), float(coef[len(CODES) + column]))
    return Model(
        version=MODEL_VERSION,
        bias=float(bias),
        weights={
            code: round(float(weight), 5) for code, weight in zip(CODES, coef[: len(CODES)], strict=True)
        },
        lexical=lexical_weights,
        metadata={},
    )


def _training_set(transcripts):
    found, texts, labels = [], [], []
    for _, rows in transcripts:
        found.extend(line_features(rows))
        texts.extend(text for _, _, text, _ in rows)
        labels.extend(label for *_, label in rows)
    return found, texts, np.array(labels)


def train(data_dir: Path, output: Path) -> None:
    started = time.perf_counter()
    transcripts = load_transcripts(data_dir)
    found, texts, labels = _training_set(transcripts)
    model = fit_model(found, texts, labels)
    data = model.to_json()
    data["metadata"] = {
        "trained_on": "CLEF CheckThat! 2020 Task 5 (English debates), training transcripts",
        "transcripts": len(transcripts),
        "sentences": len(labels),
        "check_worthy": int(labels.sum()),
        "C": C,
        "lexical_terms": len(model.lexical),
        "class_weight": "balanced (a score of 0.5 means as likely check-worthy as not, at equal priors)",
        "reproduce": "python bench/checkworthiness.py train DATA_DIR",
    }
    output.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {output} ({output.stat().st_size / 1024:.0f} KB) in {time.perf_counter() - started:.1f}s")
    for code in CODES:
        print(f"  {code:22s} {model.weights[code]:+.3f}")


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


# --- cross-validation ----------------------------------------------------------------------------


def _ours(lexical: bool):
    def run(train_set, test_set, cache):
        found, texts, labels = _training_set(train_set) if not cache else cache(train_set)
        model = fit_model(found, texts, labels, lexical=lexical)
        # score through the shipped code path, exactly as `manage.py checkworthiness` does
        return [
            scoring.score_lines([(speaker, text) for _, speaker, text, _ in rows], model)
            for _, rows in test_set
        ]

    return run


def _random(train_set, test_set, cache):
    generator = np.random.default_rng(0)
    return [generator.random(len(rows)) for _, rows in test_set]


def _tfidf_lr(train_set, test_set, cache):
    vectorizer = TfidfVectorizer(ngram_range=(1, 2))
    matrix = vectorizer.fit_transform([text for _, rows in train_set for _, _, text, _ in rows])
    labels = [label for _, rows in train_set for *_, label in rows]
    model = LogisticRegression(max_iter=2000).fit(matrix, labels)
    return [
        model.decision_function(vectorizer.transform([text for _, _, text, _ in rows]))
        for _, rows in test_set
    ]


def evaluate(data_dir: Path, folds: int = FOLDS) -> dict:
    transcripts = load_transcripts(data_dir)
    per_transcript_features = {name: line_features(rows) for name, rows in transcripts}

    def cache(train_set):
        found = [line for name, _ in train_set for line in per_transcript_features[name]]
        texts = [text for _, rows in train_set for _, _, text, _ in rows]
        labels = np.array([label for _, rows in train_set for *_, label in rows])
        return found, texts, labels

    systems = {
        "random": _random,
        "TF-IDF 1-2-gram LR": _tfidf_lr,
        "ours: features only": _ours(lexical=False),
        "ours: features + lexical (shipped)": _ours(lexical=True),
    }
    results = {}
    for name, run in systems.items():
        started = time.perf_counter()
        per_transcript = []
        for fold in range(folds):
            test_set = transcripts[fold::folds]
            train_set = [transcript for index, transcript in enumerate(transcripts) if index % folds != fold]
            for (_, rows), scores in zip(test_set, run(train_set, test_set, cache), strict=True):
                labels = [label for *_, label in rows]
                if sum(labels):
                    per_transcript.append(
                        (
                            average_precision(scores, labels),
                            r_precision(scores, labels),
                            precision_at(scores, labels),
                        )
                    )
        results[name] = dict(
            zip(("MAP", "R-Prec", "P@10"), np.mean(per_transcript, axis=0).tolist(), strict=True)
        )
        results[name]["seconds"] = time.perf_counter() - started
        results[name]["transcripts"] = len(per_transcript)
    print(f"CheckThat! 2020 Task 5, {len(transcripts)} transcripts, {folds}-fold leave-transcripts-out CV")
    print(f"{'system':38s} {'MAP':>7s} {'R-Prec':>7s} {'P@10':>7s} {'time':>7s}")
    for name, row in results.items():
        print(f"{name:38s} {row['MAP']:7.4f} {row['R-Prec']:7.4f} {row['P@10']:7.4f} {row['seconds']:6.1f}s")
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=("train", "evaluate"))
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--output", type=Path, default=MODEL_PATH, help="where `train` writes the model")
    parser.add_argument("--folds", type=int, default=FOLDS)
    args = parser.parse_args(argv)
    if args.command == "train":
        train(args.data_dir, args.output)
    else:
        evaluate(args.data_dir, args.folds)


if __name__ == "__main__":
    assert FORMAT_VERSION == 1
    main()
