"""Claims quality on our own labelled news articles: precision@10, claimants and meta-claims in the top 10.

    python bench/claims_quality.py TESTSET_DIR TASK5_DATA_DIR [--threshold T] [--details]

TESTSET_DIR holds the labelled articles (`tests/data/claims/`, format in its README). TASK5_DATA_DIR is the
CheckThat! 2020 Task 5 folder of debate transcripts (or its parent); the baseline trains on all of its lines.

Each article goes through `extract(text, html=False)`. An extracted sentence takes its labels from the
labelled sentences it covers (at least half of a labelled sentence inside it; else the one it overlaps
most): check-worthy if any of them is, a meta-claim if all of them are. Both systems rank the same
extracted sentences: the workbench by its score, the baseline (a TF-IDF word 1-2-gram logistic regression,
class_weight balanced, C=1) by its decision function. P@10 and meta@10 are over the top 10 of all
sentences; the queue is the sentences that are claims at the threshold (CLAIM_THRESHOLD unless given).

Claimants: each labelled sentence is compared with the `attribution` of the extracted sentence that overlaps
it most. A name matches after case-folding and dropping a leading "the", also when the prediction only adds
capitalised title words in front ("Health Secretary Daniel Reeve" for "Daniel Reeve"). Attributed sentences
give accuracy; unattributed ones the false-attribution rate. The baseline names no claimant.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import setup_django  # noqa: E402

K = 10
_TITLE_WORDS = re.compile(r"^(?:[A-Z][\w.'’-]*\s+)+$")


@dataclass
class Ranked:
    """One extracted sentence with its labels and both systems' scores."""

    text: str
    start: int
    score: float
    in_queue: bool
    checkworthy: bool
    meta: bool
    baseline: float = 0.0


# --- the test set -----------------------------------------------------------------------------------


def load_articles(folder: Path) -> list[tuple[str, dict]]:
    paths = sorted(folder.glob("*.json"))
    if not paths:
        raise SystemExit(f"no .json articles in {folder}")
    return [(path.stem, json.loads(path.read_text(encoding="utf-8"))) for path in paths]


def locate(text: str, sentences: list[dict], *, name: str) -> list[tuple[int, int]]:
    """Offsets of each labelled sentence in `text`, searched in order."""
    spans, cursor = [], 0
    for sentence in sentences:
        start = text.find(sentence["text"], cursor)
        if start < 0:
            raise SystemExit(f"{name}: labelled sentence not in the cleaned text: {sentence['text'][:60]!r}")
        cursor = start + len(sentence["text"])
        spans.append((start, cursor))
    return spans


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def labels_for(
    span: tuple[int, int], labelled: list[dict], spans: list[tuple[int, int]]
) -> tuple[bool, bool]:
    """(check-worthy, meta) of an extracted sentence, from the labelled sentences it covers."""
    covered = [
        sentence
        for sentence, own in zip(labelled, spans, strict=True)
        if 2 * overlap(span, own) >= own[1] - own[0]
    ]
    if not covered:
        best = max(range(len(spans)), key=lambda index: overlap(span, spans[index]))
        covered = [labelled[best]]
    return any(s["checkworthy"] for s in covered), all(s["meta"] for s in covered)


# --- claimants --------------------------------------------------------------------------------------


def _normal(name: str) -> str:
    name = " ".join(name.split()).casefold()
    return name[4:] if name.startswith("the ") else name


def claimant_matches(predicted: str | None, gold: str) -> bool:
    if not predicted:
        return False
    if _normal(predicted) == _normal(gold):
        return True
    predicted, wanted = " ".join(predicted.split()), _normal(gold)
    if not predicted.casefold().endswith(" " + wanted):
        return False
    return bool(_TITLE_WORDS.match(predicted[: len(predicted) - len(wanted)]))


def attribution_of(sentence) -> str | None:
    """The resolved claimant's name; an attribution object is read through its `name`."""
    value = getattr(sentence, "attribution", None)
    if value is not None and not isinstance(value, str):
        value = getattr(value, "name", None)
    return (value.strip() or None) if isinstance(value, str) else None


# --- the systems ------------------------------------------------------------------------------------


def train_baseline(data_dir: Path):
    """TF-IDF word 1-2-gram logistic regression on every line of every Task 5 transcript."""
    from _checkworthiness_data import transcript_paths

    from claims.extraction.transcripts import read_transcript

    paths = transcript_paths(data_dir)
    lines = [line for path in paths for line in read_transcript(path) if line.label is not None]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2))
    matrix = vectorizer.fit_transform([line.text for line in lines])
    model = LogisticRegression(class_weight="balanced", C=1.0, max_iter=5000)
    model.fit(matrix, [line.label for line in lines])
    print(
        f"Baseline: TF-IDF word 1-2-gram LR (class_weight balanced, C=1), trained on {len(paths)} Task 5 "
        f"transcripts, {len(lines):,} lines ({sum(line.label for line in lines)} check-worthy)"
    )
    return lambda texts: model.decision_function(vectorizer.transform(texts))


def evaluate_article(name: str, article: dict, threshold: float, baseline) -> dict:
    from claims.extraction import extract

    extraction = extract(article["text"], html=False)
    labelled = article["sentences"]
    spans = locate(extraction.text, labelled, name=name)
    queue = {id(sentence) for sentence in extraction.claims(threshold)}
    ranked = []
    for sentence in extraction.sentences:
        checkworthy, meta = labels_for((sentence.start, sentence.end), labelled, spans)
        ranked.append(
            Ranked(sentence.text, sentence.start, sentence.score, id(sentence) in queue, checkworthy, meta)
        )
    for row, value in zip(ranked, baseline([row.text for row in ranked]), strict=True):
        row.baseline = float(value)
    claimants = []
    for gold, own in zip(labelled, spans, strict=True):
        best = max(extraction.sentences, key=lambda s: overlap((s.start, s.end), own))
        claimants.append((gold["text"], gold["claimant"], attribution_of(best)))
    return {
        "name": name,
        "style": article["style"],
        "n": len(labelled),
        "checkworthy": sum(s["checkworthy"] for s in labelled),
        "ranked": ranked,
        "claimants": claimants,
    }


def top(ranked: list[Ranked], key: str) -> list[Ranked]:
    return sorted(ranked, key=lambda row: (-getattr(row, key), row.start))[:K]


def at_k(rows: list[Ranked], field: str) -> float:
    return sum(getattr(row, field) for row in rows) / len(rows)


# --- the report -------------------------------------------------------------------------------------


def report(results: list[dict], threshold: float, *, details: bool) -> None:
    labelled = sum(result["n"] for result in results)
    print(
        f"Claims test set: {len(results)} articles, {labelled} labelled sentences "
        f"({sum(r['checkworthy'] for r in results)} check-worthy), threshold {threshold}"
    )
    header = (
        f"{'article':40s} {'style':15s} {'n':>3s} {'cw':>3s} {'queue':>5s} {'P@10 wb':>8s} {'P@10 base':>9s} "
        f"{'meta@10 wb':>10s} {'meta@10 base':>12s}"
    )
    print("\nwb: the workbench's score; base: the TF-IDF baseline; queue: claims at the threshold")
    print(header)
    print("-" * len(header))
    columns = []
    for result in results:
        ranked = result["ranked"]
        ours, theirs = top(ranked, "score"), top(ranked, "baseline")
        row = (
            at_k(ours, "checkworthy"),
            at_k(theirs, "checkworthy"),
            at_k(ours, "meta"),
            at_k(theirs, "meta"),
        )
        columns.append(row)
        queue = sum(r.in_queue for r in ranked)
        print(
            f"{result['name'][:40]:40s} {result['style']:15s} {result['n']:3d} {result['checkworthy']:3d} "
            f"{queue:5d} {row[0]:8.2f} {row[1]:9.2f} {row[2]:10.2f} {row[3]:12.2f}"
        )
    means = np.mean(columns, axis=0)
    print("-" * len(header))
    print(f"{'mean':70s} {means[0]:8.3f} {means[1]:9.3f} {means[2]:10.3f} {means[3]:12.3f}")
    in_queue = [
        at_k(top(queued, "score"), "checkworthy")
        for result in results
        if (queued := [row for row in result["ranked"] if row.in_queue])
    ]
    print(f"{'mean P@10 within the queue (workbench)':70s} {np.mean(in_queue):8.3f}")
    rows = [row for result in results for row in result["ranked"]]
    queued = [row for row in rows if row.in_queue]
    worthy = [row for row in rows if row.checkworthy]
    print(
        f"\nSentences as extracted: {len(rows)}, {len(worthy)} of them check-worthy "
        f"(the P@10 of a random order is about {len(worthy) / len(rows):.2f})."
    )
    print(
        f"Queue (workbench, score >= {threshold} and a claim): {len(queued)} sentences, "
        f"precision {at_k(queued, 'checkworthy') if queued else 0:.3f}, "
        f"recall of check-worthy sentences {sum(r.in_queue for r in worthy) / max(len(worthy), 1):.3f}, "
        f"{sum(r.meta for r in queued)} meta-claims in it."
    )
    report_claimants(results, details=details)
    if details:
        for result in results:
            print(f"\n{result['name']}: top {K} by the workbench (score, queue, labels)")
            for row in top(result["ranked"], "score"):
                flags = (
                    ("Q" if row.in_queue else "-")
                    + ("C" if row.checkworthy else "-")
                    + ("M" if row.meta else "-")
                )
                print(f"  {row.score:.3f} {flags} {row.text[:100]}")


def report_claimants(results: list[dict], *, details: bool) -> None:
    pairs = [pair for result in results for pair in result["claimants"]]
    attributed = [(text, gold, got) for text, gold, got in pairs if gold is not None]
    unattributed = [(text, gold, got) for text, gold, got in pairs if gold is None]
    right = [pair for pair in attributed if claimant_matches(pair[2], pair[1])]
    invented = [pair for pair in unattributed if pair[2] is not None]
    print("\nClaimants (workbench; the baseline names none: n/a)")
    print(
        f"  attributed sentences:   {len(right)}/{len(attributed)} correct, accuracy {len(right) / len(attributed):.3f}"
    )
    print(
        f"  unattributed sentences: {len(invented)}/{len(unattributed)} given a claimant, "
        f"false-attribution rate {len(invented) / len(unattributed):.3f}"
    )
    correct = len(right) + len(unattributed) - len(invented)
    print(f"  all labelled sentences: {correct}/{len(pairs)} right, accuracy {correct / len(pairs):.3f}")
    if details:
        print("\nClaimant errors (expected -> got):")
        for text, gold, got in attributed + invented:
            if gold is None or not claimant_matches(got, gold):
                print(f"  {gold!r} -> {got!r}: {text[:80]}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("testset_dir", type=Path, help="the labelled articles (tests/data/claims)")
    parser.add_argument("task5_dir", type=Path, help="CheckThat! 2020 Task 5 debates, for the baseline")
    parser.add_argument("--threshold", type=float, help="queue threshold (default: CLAIM_THRESHOLD)")
    parser.add_argument("--details", action="store_true", help="each article's top 10 and claimant errors")
    args = parser.parse_args(argv)
    setup_django(index_prefix="bench-claims-quality")
    from django.conf import settings

    threshold = args.threshold if args.threshold is not None else settings.WORKBENCH["CLAIM_THRESHOLD"]
    articles = load_articles(args.testset_dir)
    baseline = train_baseline(args.task5_dir)
    results = [evaluate_article(name, article, threshold, baseline) for name, article in articles]
    report(results, threshold, details=args.details)


if __name__ == "__main__":
    main()
