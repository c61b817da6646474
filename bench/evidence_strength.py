"""Calibrate evidence strength on CLIMATE-FEVER: how likely a shown passage answers its claim, when a claim's
evidence is "strong", and the floor below which a candidate is not stored.

    python bench/evidence_strength.py evaluate ../shared/data/climate-fever ../shared/data/checkthat2020
    python bench/evidence_strength.py train ../shared/data/climate-fever ../shared/data/checkthat2020

`train` evaluates first, then fits on everything.

Both index the CLIMATE-FEVER corpus in a throwaway index (the configured backend: Elasticsearch when
ELASTICSEARCH_URL is set), search every dev claim through the evidence task's query and multi-search, and
read each shown passage's features (search/strength.py). A passage is relevant when it holds one of its
claim's SUPPORTS or REFUTES sentences. The CheckThat! 2020 train tweets, which are not about the climate,
are searched too: every passage they get is off-topic. Their dev tweets are kept apart, to measure how often an
off-topic claim is called strong.

A logistic regression per variant (with and without sentence vectors) gives a passage's relevance. Folds leave
whole claims out: inner folds choose the strong threshold (the lowest at which the claims called strong have a
relevant first passage at least TARGET of the time) and the floor (keeping FLOOR_RECALL of relevant
passages); outer folds report. `train` makes the same choices on all claims and writes search/strength_model.json.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, setup_django  # noqa: E402

TARGET = 0.8
"""Inner-fold precision the strong threshold must reach (over at least MIN_STRONG claims)."""
MIN_STRONG = 10
FLOOR_RECALL = 0.97
FOLDS = 5
TOP = 5


def read_climate(data: Path):
    claims = [json.loads(line) for line in (data / "dev-claims.jsonl").open(encoding="utf-8")]
    sentences = {}
    with (data / "sentences.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for evidence_id, article, sentence in reader:
            sentences[evidence_id] = (article, sentence.strip())
    relevant = {
        c["id"]: {sentences[e["evidence_id"]] for e in c["evidence"] if e["label"] in ("SUPPORTS", "REFUTES")}
        for c in claims
    }
    return [(c["id"], c["claim"]) for c in claims], relevant


def read_tweets(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(f"tweet:{r[0]}", r[1]) for r in rows[1:] if len(r) > 1 and r[1].strip()]


def collect(claims, relevant, titles) -> list[dict]:
    """One row per shown passage: the claim, the features, whether it is relevant, its place."""
    from search import strength
    from search.retrieval import query_for_claim, search_evidence

    rows = []
    for start in range(0, len(claims), 32):
        batch = claims[start : start + 32]
        results = search_evidence([query_for_claim(text, size=TOP) for _, text in batch])
        for (claim_id, text), hits in zip(batch, results, strict=True):
            passages = [p for hit in hits for p in hit.passages]
            top_lexical = max((p.lexical or 0.0 for p in passages), default=0.0)
            wanted = relevant.get(claim_id, set())
            for rank, hit in enumerate(hits):
                title = titles.get(hit.document_id, "")
                for n, p in enumerate(hit.passages):
                    holds = any(a == title and s in p.text for a, s in wanted)
                    rows.append(
                        {
                            "claim": claim_id,
                            "rank": rank,
                            "n": n,
                            "relevant": holds,
                            "features": strength.features(text, hit.title, p, top_lexical=top_lexical),
                            "has_vector": p.semantic is not None,
                        }
                    )
    return rows


def fit(rows: list[dict], names: tuple[str, ...]):
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.array([[r["features"][n] for n in names] for r in rows])
    y = np.array([r["relevant"] for r in rows])
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    return float(model.intercept_[0]), dict(zip(names, map(float, model.coef_[0]), strict=True))


def score(rows, bias, weights):
    import math

    out = []
    for r in rows:
        logit = bias + sum(w * r["features"][n] for n, w in weights.items())
        out.append(1 / (1 + math.exp(-max(min(logit, 30), -30))))
    return out


def per_claim(rows, scores):
    """Each claim's best passage: (relevance, relevant?) — the passage shown first once graded."""
    best: dict[str, tuple[float, bool]] = {}
    for r, s in zip(rows, scores, strict=True):
        if r["claim"] not in best or s > best[r["claim"]][0]:
            best[r["claim"]] = (s, r["relevant"])
    return best


def choose(rows, scores) -> tuple[float, float]:
    """(strong threshold, floor) from these rows."""
    best = sorted(per_claim(rows, scores).values(), reverse=True)
    strong, hits = 1.0, 0
    for n, (s, ok) in enumerate(best, start=1):
        hits += ok
        if n >= MIN_STRONG and hits / n >= TARGET:
            strong = s
    relevant = sorted(s for r, s in zip(rows, scores, strict=True) if r["relevant"])
    floor = relevant[int((1 - FLOOR_RECALL) * len(relevant))] if relevant else 0.0
    return strong, min(floor, strong)


def folds(claim_ids: list[str], k: int, seed: int) -> dict[str, int]:
    ids = sorted(set(claim_ids))
    random.Random(seed).shuffle(ids)
    return {c: n % k for n, c in enumerate(ids)}


def evaluate_variant(name, rows, names, relevant, offtopic_dev):
    train_rows = [r for r in rows if r["claim"] not in offtopic_dev]
    outer = folds([r["claim"] for r in train_rows], FOLDS, seed=1)
    scores, thresholds = {}, []
    for f in range(FOLDS):
        fit_rows = [r for r in train_rows if outer[r["claim"]] != f]
        inner = folds([r["claim"] for r in fit_rows], FOLDS - 1, seed=2)
        inner_scores = [None] * len(fit_rows)
        for g in range(FOLDS - 1):
            part = [r for r in fit_rows if inner[r["claim"]] != g]
            bias, weights = fit(part, names)
            held = [i for i, r in enumerate(fit_rows) if inner[r["claim"]] == g]
            for i, s in zip(held, score([fit_rows[i] for i in held], bias, weights), strict=True):
                inner_scores[i] = s
        strong, floor = choose(fit_rows, inner_scores)
        bias, weights = fit(fit_rows, names)
        test = [r for r in train_rows if outer[r["claim"]] == f]
        test_offtopic = [r for r in rows if r["claim"] in offtopic_dev]
        for r, s in zip(test + test_offtopic, score(test + test_offtopic, bias, weights), strict=True):
            scores.setdefault(f, []).append((r, s))
        thresholds.append((strong, floor))
    # Each outer fold's claims graded with that fold's thresholds, then pooled; the off-topic dev tweets
    # against every fold's model.
    called = right = evidence_total = offtopic_called = kept = relevant_total = stored = shown = 0
    for f in range(FOLDS):
        fold_rows = [r for r, _ in scores[f]]
        best = per_claim(fold_rows, [s for _, s in scores[f]])
        strong, floor = thresholds[f]
        for claim, (s, ok) in best.items():
            if claim in offtopic_dev:
                offtopic_called += s >= strong
            elif relevant.get(claim):
                evidence_total += 1
                called += s >= strong
                right += s >= strong and ok
        for r, s in scores[f]:
            if r["claim"] in offtopic_dev:
                continue
            shown += 1
            stored += s >= floor
            if r["relevant"]:
                relevant_total += 1
                kept += s >= floor
    mean = {
        "strong_precision": right / called if called else 0.0,
        "strong_called": called,
        "strong_coverage": called / evidence_total if evidence_total else 0.0,
        "offtopic_strong": offtopic_called / (FOLDS * len(offtopic_dev)) if offtopic_dev else 0.0,
        "relevant_kept": kept / relevant_total if relevant_total else 0.0,
        "stored": stored / shown if shown else 0.0,
    }
    print(f"\n{name}: outer folds, pooled; thresholds per fold (strong, floor):")
    print("   " + ", ".join(f"({s:.3f}, {fl:.3f})" for s, fl in thresholds))
    for k, v in mean.items():
        print(f"   {k:18s} {v:.3f}" if isinstance(v, float) else f"   {k:18s} {v}")
    return mean


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=("evaluate", "train"))
    parser.add_argument("climate_fever", type=Path)
    parser.add_argument("checkthat", type=Path)
    parser.add_argument("--database-url", help="Default: a fresh SQLite file in a temporary folder.")
    parser.add_argument("--limit", type=int, help="Only the first N claims (a quick check).")
    parser.add_argument("--dump", type=Path, help="Also write each variant's passages and features here.")
    parser.add_argument("--from-dump", type=Path, help="Read the passages and features --dump wrote instead.")
    args = parser.parse_args(argv)
    climate, relevant = read_climate(args.climate_fever)
    t2 = args.checkthat / "task2-claim-retrieval"
    tweets_train, tweets_dev = (
        read_tweets(t2 / "train" / "tweets.queries.tsv"),
        read_tweets(t2 / "dev" / "tweets.queries.tsv"),
    )
    if args.limit:
        climate, tweets_train, tweets_dev = (
            climate[: args.limit],
            tweets_train[: args.limit // 3],
            tweets_dev[: args.limit // 3],
        )
    with tempfile.TemporaryDirectory(prefix="evidence-strength-") as scratch:
        setup_django(
            index_prefix="bench-strength", database_url=args.database_url or f"sqlite:///{scratch}/b.sqlite3"
        )
        from django.conf import settings
        from django.core.management import call_command

        from search import embeddings, strength
        from search.backends import get_backend
        from search.models import Document

        titles = {}
        if not args.from_dump:
            call_command("migrate", verbosity=0)
            backend = get_backend()
            backend.reset()
            started = time.perf_counter()
            call_command(
                "import_documents",
                str(args.climate_fever / "corpus.jsonl"),
                "--source",
                "Wikipedia",
                "--format",
                "jsonl",
                "--no-progress",
                stdout=io.StringIO(),
            )
            backend.refresh()
            print(
                f"Backend {backend.name}: imported {backend.count()} documents in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
            titles = dict(Document.objects.values_list("id", "title"))
        everything = climate + tweets_train + tweets_dev
        offtopic_dev = {c for c, _ in tweets_dev}
        model = {"format": 1, "variants": {}}
        for variant, on in ((strength.WITH_VECTORS, True), (strength.WITHOUT_VECTORS, False)):
            settings.SEARCH_EMBEDDINGS = on
            embeddings.reset()
            started = time.perf_counter()
            dumped = args.from_dump / f"{variant}.json" if args.from_dump else None
            rows = json.loads(dumped.read_text()) if dumped else collect(everything, relevant, titles)
            if args.dump:
                args.dump.mkdir(parents=True, exist_ok=True)
                (args.dump / f"{variant}.json").write_text(json.dumps(rows))
            print(
                f"{variant}: {len(rows)} passages shown for {len(everything)} claims in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
            names = strength.FEATURES[variant]
            evaluate_variant(variant, rows, names, relevant, offtopic_dev)
            if args.command == "evaluate":
                continue
            train_rows = [r for r in rows if r["claim"] not in offtopic_dev]
            cv = folds([r["claim"] for r in train_rows], FOLDS, seed=3)
            cv_scores = [None] * len(train_rows)
            for f in range(FOLDS):
                bias, weights = fit([r for r in train_rows if cv[r["claim"]] != f], names)
                held = [i for i, r in enumerate(train_rows) if cv[r["claim"]] == f]
                for i, s in zip(held, score([train_rows[i] for i in held], bias, weights), strict=True):
                    cv_scores[i] = s
            strong, floor = choose(train_rows, cv_scores)
            bias, weights = fit(train_rows, names)
            model["variants"][variant] = {"bias": bias, "weights": weights, "strong": strong, "floor": floor}
            print(f"{variant}: strong {strong:.3f}, floor {floor:.3f}, weights {weights}, bias {bias:.3f}")
        if args.command == "train":
            path = ROOT / "search" / "strength_model.json"
            path.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n")
            print(f"Wrote {path}")


if __name__ == "__main__":
    main()
