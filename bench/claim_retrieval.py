"""Does the workbench find the earlier fact-check of a claim? CheckThat! 2020 claim retrieval, beside plain BM25.

    python bench/claim_retrieval.py DATA_DIR [--split dev] [--top 20] [--runs DIR] [--check-ranx]

DATA_DIR is the task's folder (verified_claims.docs.tsv, dev/, train/). With ELASTICSEARCH_URL set the
benchmark runs on Elasticsearch (the baseline needs it), else on the embedded backend. It never touches
the workbench's own data: a fresh SQLite database in a temporary folder (or --database-url) and its own
index prefix (SEARCH_INDEX_PREFIX, default "bench").

In one run it
  1. imports the verified claims with `manage.py import_documents --format checkthat-vclaims`;
  2. ranks the split's tweets with `manage.py match_claims` (the evidence task's query and multi-search),
     and again with embeddings switched off (what a workbench without the model package does);
  3. ranks them with a plain `multi_match` BM25 query over vclaim and title: raw tweet text, no cleaning,
     no re-ranking (the lab's reference baseline), on the same index;
  4. times each claim alone through the same paths for p50/p95 latency.
It reports MAP@5 (the official measure), MAP@1, MRR and Recall@20 per system. --check-ranx recomputes
them with the `ranx` package (`make install EXTRAS=dev,semantic,bench`) and fails if any figure differs.
"""

from __future__ import annotations

import argparse
import collections
import io
import os
import statistics
import tempfile
import time
from pathlib import Path

from _common import import_verified_claims, setup_django

SOURCE = "CheckThat 2020 verified claims"
TAG = "workbench"


# -- metrics ---------------------------------------------------------------------------------------------


def average_precision(ranked: list[str], relevant: set[str], k: int) -> float:
    """Average precision within the top k, divided by min(number relevant, k) (CheckThat! 2020's MAP@k)."""
    hits, total = 0, 0.0
    for rank, doc in enumerate(ranked[:k], start=1):
        if doc in relevant:
            hits += 1
            total += hits / rank
    return total / min(len(relevant), k) if relevant else 0.0


def evaluate(run: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict[str, float]:
    """MAP@5, MAP@1, MRR and Recall@20, averaged over every query that has a relevant document."""
    scores = collections.defaultdict(float)
    for query, relevant in qrels.items():
        ranked = run.get(query, [])
        scores["MAP@5"] += average_precision(ranked, relevant, 5)
        scores["MAP@1"] += average_precision(ranked, relevant, 1)
        scores["MRR"] += next((1 / r for r, d in enumerate(ranked, start=1) if d in relevant), 0.0)
        scores["R@20"] += len(set(ranked[:20]) & relevant) / len(relevant)
    return {name: value / len(qrels) for name, value in scores.items()}


def check_with_ranx(run: dict[str, list[str]], qrels: dict[str, set[str]], ours: dict[str, float]) -> str:
    import warnings

    from ranx import Qrels, Run
    from ranx import evaluate as ranx_evaluate

    warnings.filterwarnings("ignore", module="ranx")

    ranx_run = Run({q: {d: float(len(ds) - i) for i, d in enumerate(ds)} for q, ds in run.items() if ds})
    ranx_qrels = Qrels({q: {d: 1 for d in rel} for q, rel in qrels.items()})
    theirs = ranx_evaluate(ranx_qrels, ranx_run, ["map@5", "map@1", "mrr", "recall@20"], make_comparable=True)
    pairs = dict(zip(["MAP@5", "MAP@1", "MRR", "R@20"], ["map@5", "map@1", "mrr", "recall@20"], strict=True))
    # ranx divides AP@k by the number of relevant documents, CheckThat! by min(that, k): the same figure
    # while no query has more than k relevant documents.
    most = max(len(rel) for rel in qrels.values())
    for name, k in (("MAP@5", 5), ("MAP@1", 1)):
        if most > k:
            pairs.pop(name)
    for ours_name, ranx_name in pairs.items():
        if abs(ours[ours_name] - theirs[ranx_name]) > 1e-9:
            raise SystemExit(f"{ours_name}: ours {ours[ours_name]:.6f} but ranx {theirs[ranx_name]:.6f}")
    return "ranx agrees on " + ", ".join(pairs)


# -- data ------------------------------------------------------------------------------------------------


def read_qrels(path: Path) -> dict[str, set[str]]:
    qrels: dict[str, set[str]] = collections.defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 4 and int(parts[3]) > 0:
            qrels[parts[0]].add(parts[2])
    return dict(qrels)


def read_run(lines: list[str]) -> dict[str, list[str]]:
    ranked: dict[str, list[tuple[int, str]]] = collections.defaultdict(list)
    for line in lines:
        query, _, doc, rank, _score, _tag = line.split()
        ranked[query].append((int(rank), doc))
    return {q: [d for _, d in sorted(pairs)] for q, pairs in ranked.items()}


def percentiles(seconds: list[float]) -> tuple[float, float]:
    ms = sorted(s * 1000 for s in seconds)
    return statistics.median(ms), ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]


# -- the systems -----------------------------------------------------------------------------------------


def workbench_run(queries_path: Path, top: int) -> tuple[dict[str, list[str]], list[str], float]:
    from django.core.management import call_command

    out = io.StringIO()
    started = time.perf_counter()
    call_command(
        "match_claims", str(queries_path), "--source", SOURCE, "--top", str(top), "--tag", TAG, stdout=out
    )
    elapsed = time.perf_counter() - started
    lines = out.getvalue().splitlines()
    return read_run(lines), lines, elapsed


def workbench_latency(claims: list[tuple[str, str]], top: int) -> list[float]:
    """Each claim alone, through match_claims' own path (query, embedding, multi-search, keys)."""
    from search.models import Source
    from search.selectors.matching import claims_match

    source = Source.objects.get(name=SOURCE)
    for claim in claims[:5]:  # warm-up: model, connections, caches
        list(claims_match(claims=[claim], source=source, top=top))
    timings = []
    for claim in claims:
        started = time.perf_counter()
        list(claims_match(claims=[claim], source=source, top=top))
        timings.append(time.perf_counter() - started)
    return timings


def baseline_run(claims: list[tuple[str, str]], top: int) -> tuple[dict[str, list[str]], list[float]]:
    """Plain BM25: multi_match over vclaim (body) and title with the raw tweet, one search per tweet."""
    from search.backends import get_backend
    from search.models import Document, Source

    backend = get_backend()
    source = Source.objects.get(name=SOURCE)
    keys = dict(Document.objects.filter(source=source).values_list("id", "external_key"))

    def search(text: str) -> list[str]:
        body = {
            "query": {
                "bool": {
                    "must": [{"multi_match": {"query": text, "fields": ["body", "title"]}}],
                    "filter": [{"term": {"source_id": source.id}}],
                }
            },
            "size": top,
            "_source": False,
        }
        hits = backend.client.search(index=backend.alias, **body)["hits"]["hits"]
        return [keys[int(hit["_id"])] for hit in hits]

    for _, text in claims[:5]:
        search(text)
    run, timings = {}, []
    for query_id, text in claims:
        started = time.perf_counter()
        run[query_id] = search(text)
        timings.append(time.perf_counter() - started)
    return run, timings


# -- main ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--database-url", help="Default: a fresh SQLite file in a temporary folder.")
    parser.add_argument("--runs", type=Path, help="Write the TREC run files here.")
    parser.add_argument("--check-ranx", action="store_true", help="Recompute the figures with ranx.")
    args = parser.parse_args(argv)

    vclaims = args.data_dir / "verified_claims.docs.tsv"
    queries = args.data_dir / args.split / "tweets.queries.tsv"
    qrels = read_qrels(args.data_dir / args.split / "tweet-vclaim-pairs.qrels")
    with tempfile.TemporaryDirectory(prefix="claim-retrieval-") as scratch:
        setup_django(
            index_prefix="bench", database_url=args.database_url or f"sqlite:///{scratch}/bench.sqlite3"
        )
        from django.conf import settings
        from django.core.management import call_command

        from search import embeddings
        from search.backends import get_backend
        from search.selectors.matching import read_claims

        backend = get_backend()
        call_command("migrate", verbosity=0)
        backend.reset()
        print(f"Backend {backend.name}, index {backend.alias}; importing {vclaims} ...", flush=True)
        started = time.perf_counter()
        summary = import_verified_claims(vclaims, source=SOURCE)
        imported = time.perf_counter() - started
        documents = backend.count()
        print(f"  {summary} ({imported:.0f} s, {documents / imported:.0f} docs/s)", flush=True)

        with open(queries, encoding="utf-8", newline="") as handle:
            claims = list(read_claims(handle))
        results: list[tuple[str, dict[str, list[str]], list[float], float | None]] = []

        if settings.SEARCH_BACKEND["BACKEND"] == "elasticsearch":
            run, timings = baseline_run(claims, args.top)
            results.append(("plain multi_match BM25 (baseline)", run, timings, None))
        else:
            print("  (no ELASTICSEARCH_URL: the plain multi_match baseline needs Elasticsearch)")

        settings.SEARCH_EMBEDDINGS = False
        embeddings.reset()
        run, lines_lexical, elapsed = workbench_run(queries, args.top)
        results.append(
            (
                "workbench, BM25 only (no model)",
                run,
                workbench_latency(claims, args.top),
                len(claims) / elapsed,
            )
        )

        settings.SEARCH_EMBEDDINGS = True
        embeddings.reset()
        semantic = embeddings.get_encoder() is not None
        run, lines, elapsed = workbench_run(queries, args.top)
        name = "workbench (BM25 + MiniLM fused)" if semantic else "workbench (model package missing)"
        results.append((name, run, workbench_latency(claims, args.top), len(claims) / elapsed))

        if args.runs:
            args.runs.mkdir(parents=True, exist_ok=True)
            (args.runs / f"workbench.{args.split}.run").write_text("\n".join(lines) + "\n")
            (args.runs / f"workbench-bm25.{args.split}.run").write_text("\n".join(lines_lexical) + "\n")

    print(
        f"\nCheckThat! 2020 task 2, {args.split}: {len(claims)} tweets, {len(qrels)} with qrels; "
        f"{documents} fact-checks indexed; top {args.top}; "
        f"{backend.name}; {os.cpu_count()} CPU cores, no GPU"
    )
    header = f"{'system':36} {'MAP@5':>6} {'MAP@1':>6} {'MRR':>6} {'R@20':>6} {'p50 ms':>7} {'p95 ms':>7} {'claims/s':>9}"
    print(header)
    print("-" * len(header))
    checks = []
    for name, run, timings, throughput in results:
        scores = evaluate(run, qrels)
        p50, p95 = percentiles(timings)
        rate = f"{throughput:9.1f}" if throughput else f"{'':>9}"
        print(
            f"{name:36} {scores['MAP@5']:6.3f} {scores['MAP@1']:6.3f} {scores['MRR']:6.3f} {scores['R@20']:6.3f} "
            f"{p50:7.1f} {p95:7.1f} {rate}"
        )
        if args.check_ranx:
            checks.append(f"{name}: {check_with_ranx(run, qrels, scores)}")
    print(
        "\nLatency: one claim at a time, end to end (cleaning, embedding, search, keys); claims/s: match_claims, batched."
    )
    for line in checks:
        print(line)


if __name__ == "__main__":
    main()
