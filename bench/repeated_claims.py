"""Does the workbench see a claim said again? Repeated-claim clustering on CheckThat! 2020, beside MiniLM
single-link, and what placing one claim costs at 1,000 and 100,000 clustered claims.

    python bench/repeated_claims.py TASK2_DIR TASK5_DIR [--folds 5] [--fill 100000] [--probes 100]

TASK2_DIR is the claim-retrieval folder (verified_claims.docs.tsv, train/, dev/), TASK5_DIR the debates'
training folder. With ELASTICSEARCH_URL set it runs on Elasticsearch, else on the embedded backend, on a
fresh SQLite database and its own index prefix ("bench-repeats"); it never touches the workbench's data.

Gold: train and dev tweets that share a verified claim are one cluster (connected components); 1,000
debate sentences of at least 12 words are mixed in, each a cluster of its own. All arrive in one shuffled
order. The verified claims are imported as a fact-checker's archive, as a desk would import its own.

  1. Every statement goes through `manage.py cluster_claims` (one claim per step, the path a new claim
     takes); what the rule saw for each claim (its nearest claims and best earlier fact-check) is recorded.
  2. The rule's thresholds are chosen by cross-validation that leaves whole gold clusters out (of the train
     tweets); the outer folds' pairwise precision, recall and F1 are reported, then the dev tweets'
     (with the distractors) and everything's, under thresholds chosen on all train tweets, and under the
     thresholds the workbench ships (claims/services/clusters.py).
  3. Baseline: MiniLM single-link (every pair at or above a cosine threshold joined) at its best threshold
     on each evaluated set (an oracle choice, in its favour).
  4. Cost: the claim index is filled to 1,000 and then --fill claims (real sentences, then pairs of them),
     and --probes new claims are placed one by one; median ms per claim, beside comparing the claim with
     every clustered claim (one matrix-vector product over their vectors, what "all pairs" costs).
"""

from __future__ import annotations

import argparse
import collections
import csv
import glob
import io
import itertools
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, cached_encodings, import_verified_claims, setup_django
from _pairwise import best_single_link, gold_labels, pairs, pairwise

SOURCE = "CheckThat 2020 verified claims"
PREFIX = "bench-repeats"
SEED = 2020


def read_pool(task2: Path, task5: Path) -> tuple[list[dict], list[str]]:
    """Tweets of train and dev with their verified claims, and 1,000 debate distractors, shuffled."""
    items = []
    for part in ("train", "dev"):
        relevant = collections.defaultdict(set)
        for line in (task2 / part / "tweet-vclaim-pairs.qrels").read_text().splitlines():
            tweet, _, vclaim, _ = line.split("\t")
            relevant[tweet].add(vclaim)
        with open(task2 / part / "tweets.queries.tsv", encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            next(rows)
            for row in rows:
                items.append(
                    {"key": f"{part}-{row[0]}", "part": part, "text": row[1], "gold": relevant[row[0]]}
                )
    sentences = []
    for path in sorted(glob.glob(str(task5 / "*.tsv"))):
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) >= 3 and len(cols[2].split()) >= 12:
                sentences.append(cols[2])
    rng = random.Random(SEED)
    for n, text in enumerate(rng.sample(sorted(set(sentences)), 1000)):
        items.append({"key": f"debate-{n}", "part": "distractor", "text": text, "gold": set()})
    rng.shuffle(items)
    return items, sentences


# -- the rule replayed on recorded neighbours ----------------------------------------------------------


def replay(order: list[int], seen: dict[int, tuple], members: set[int], thresholds) -> dict[int, int]:
    """Cluster only `members` (in arrival order) with the workbench's rule, on what each claim saw."""
    from claims.services.clusters import Neighbour, cluster_decision

    cluster: dict[int, int] = {}
    anchored: dict[int, int] = {}
    for i in order:
        if i not in members:
            continue
        near, fact_check = seen[i]
        neighbours = [Neighbour(j, cluster[j], cosine, words) for j, cosine, words in near if j in cluster]
        decision = cluster_decision(neighbours, fact_check, anchored, thresholds)
        cluster[i] = i if decision.cluster_id is None else decision.cluster_id
        if decision.fact_check_id is not None:
            anchored.setdefault(decision.fact_check_id, cluster[i])
    return cluster


GRID_MEMBER = [round(0.60 + 0.025 * n, 3) for n in range(15)]
GRID_FACT_CHECK = [round(0.50 + 0.025 * n, 3) for n in range(15)] + [9.0]
"""The fact-check's match score (cosine plus up to 0.2 for words); 9.0 is the archive off."""


def choose(order, seen, members, gold):
    from claims.services.clusters import Thresholds

    best = None
    for member, fact_check in itertools.product(GRID_MEMBER, GRID_FACT_CHECK):
        thresholds = Thresholds(member_cosine=member, fact_check_score=fact_check)
        f1 = pairwise(replay(order, seen, members, thresholds), gold)[2]
        if best is None or f1 > best[0]:
            best = (f1, thresholds)
    return best[1]


def row(name: str, figures: tuple) -> str:
    precision, recall, f1, gold_pairs = figures
    return f"  {name:<58} P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  ({gold_pairs} gold pairs)"


# -- the run ---------------------------------------------------------------------------------------------


def cluster_all(items: list[dict], scratch: Path) -> tuple[dict[int, int], dict[int, tuple]]:
    """Every statement through manage.py cluster_claims; returns its clusters and what each claim saw."""
    from django.core.management import call_command

    from claims.services import clusters

    by_claim_key: dict[str, int] = {item["key"]: i for i, item in enumerate(items)}
    claim_item: dict[int, int] = {}
    seen: dict[int, tuple] = {}
    recorded = clusters.cluster_decision
    claim_of_neighbour: list = []

    def recording(neighbours, fact_check, anchored, thresholds=None):
        claim_of_neighbour.append(([(n.claim_id, n.cosine, n.words) for n in neighbours], fact_check))
        return recorded(neighbours, fact_check, anchored, thresholds or clusters.Thresholds())

    path = scratch / "claims.tsv"
    path.write_text("id\ttext\n" + "".join(f"{it['key']}\t{it['text']}\n" for it in items), encoding="utf-8")
    out = io.StringIO()
    clusters.cluster_decision = recording
    started = time.perf_counter()
    try:
        call_command("cluster_claims", str(path), stdout=out)
    finally:
        clusters.cluster_decision = recorded
    elapsed = time.perf_counter() - started
    lines = out.getvalue().splitlines()
    print(
        f"  clustered {len(lines)} statements in {elapsed:.0f} s ({1000 * elapsed / len(lines):.0f} ms each)"
    )
    from claims.models import Claim

    for claim_id, key in Claim.objects.filter(claim_type="listed").values_list("id", "provenance__id"):
        claim_item[claim_id] = by_claim_key[key]
    ordered = sorted(claim_item)  # claims were created, and placed, in arrival order
    for claim_id, (near, fact_check) in zip(ordered, claim_of_neighbour, strict=True):
        seen[claim_item[claim_id]] = (
            [(claim_item[j], cosine, words) for j, cosine, words in near if j in claim_item],
            fact_check,
        )
    placed = {by_claim_key[key]: int(cluster) for key, cluster in (line.split("\t") for line in lines)}
    return placed, seen


def _merges_settled(limit: float = 600.0) -> float:
    """Wait until Elasticsearch merges no segments of the benchmark's indexes; returns the seconds waited.

    Filling the claim index with 100,000 claims in a minute leaves minutes of segment merging (and kNN graph
    building) behind it, which slowed every search and even the encoder beside it: the probes then measured
    the fill, not a desk that holds 100,000 claims. The embedded backend has nothing to wait for."""
    from search.backends import get_claim_backend

    client = getattr(get_claim_backend(), "client", None)
    if client is None:
        return 0.0
    started = time.perf_counter()
    quiet = 0
    while quiet < 3 and time.perf_counter() - started < limit:
        stats = client.indices.stats(index=f"{PREFIX}*", metric="merge")
        quiet = quiet + 1 if stats["_all"]["total"]["merges"]["current"] == 0 else 0
        time.sleep(1)
    return time.perf_counter() - started


def timing(fill: int, probes: int, sentences: list[str], task2: Path) -> None:
    import numpy as np

    from claims.services.claim_lists import claim_list_import
    from claims.services.clusters import claims_cluster
    from search.services.claim_index import ClaimText, claim_index_count, claims_index

    fillers = list(dict.fromkeys(sentences))
    with open(task2 / "verified_claims.docs.tsv", encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        fillers += [r[1] for r in rows if len(r) > 1] + []
    rng = random.Random(SEED)
    while len(fillers) < fill + probes:
        fillers.append(f"{rng.choice(sentences)} {rng.choice(sentences)}")
    fillers = fillers[: fill + probes]
    vectors = cached_encodings(
        fillers, cache=ROOT / "bench" / ".cache", index_prefix=PREFIX, what="filler claims", left_out="timing"
    )
    if vectors is None:
        return
    probe_texts = fillers[fill:]
    start_id = 50_000_000
    print(f"\nCost of placing one claim (median of {probes} claims, one at a time, ms):")
    print(f"  {'clustered claims':>16}  {'workbench':>9}  {'all pairs (numpy)':>17}")
    filled = 0
    for size in (1000, fill):
        batch = 2000
        while filled < size:
            upto = min(size, filled + batch)
            claims_index(
                [
                    ClaimText(start_id + n, fillers[n], tuple(float(x) for x in vectors[n]))
                    for n in range(filled, upto)
                ]
            )
            filled = upto
        settled = _merges_settled()
        if settled:
            print(
                f"  (waited {settled:.0f} s for Elasticsearch to finish merging what was just indexed)",
                flush=True,
            )
        claims = claim_list_import(
            name=f"probes-{size}", items=[(f"p{n}", t) for n, t in enumerate(probe_texts)]
        )
        times = []
        for claim in claims:
            started = time.perf_counter()
            claims_cluster(claim_ids=[claim.id])
            times.append(1000 * (time.perf_counter() - started))
        matrix = vectors[:filled]
        brute = []
        for n in range(probes):
            started = time.perf_counter()
            scores = matrix @ vectors[fill + n]
            int(np.argmax(scores))
            brute.append(1000 * (time.perf_counter() - started))
        print(
            f"  {claim_index_count():>16,}  {statistics.median(times):>9.1f}  {statistics.median(brute):>17.2f}",
            flush=True,
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("task2", type=Path)
    parser.add_argument("task5", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--fill", type=int, default=100_000)
    parser.add_argument("--probes", type=int, default=100)
    parser.add_argument("--cost-only", action="store_true", help="Only the cost at 1,000 and --fill claims.")
    parser.add_argument("--errors", type=int, default=0, help="Show this many wrong and missed dev pairs.")
    parser.add_argument("--database-url")
    args = parser.parse_args(argv)
    items, sentences = read_pool(args.task2, args.task5)
    gold = gold_labels(items)
    with tempfile.TemporaryDirectory(prefix="repeated-claims-") as scratch:
        setup_django(
            index_prefix=PREFIX, database_url=args.database_url or f"sqlite:///{scratch}/bench.sqlite3"
        )
        from django.core.management import call_command

        from claims.services.clusters import Thresholds
        from search.backends import get_backend
        from search.services.claim_index import claim_index_reset

        backend = get_backend()
        call_command("migrate", verbosity=0)
        backend.reset()
        claim_index_reset()
        print(
            f"Backend {backend.name}; importing the verified claims as a fact-checker's archive ...",
            flush=True,
        )
        print(
            "  " + import_verified_claims(args.task2 / "verified_claims.docs.tsv", source=SOURCE), flush=True
        )
        if args.cost_only:
            timing(args.fill, args.probes, sentences, args.task2)
            return
        placed, seen = cluster_all(items, Path(scratch))
        order = list(range(len(items)))
        train = {i for i, it in enumerate(items) if it["part"] != "dev"}
        dev = {i for i, it in enumerate(items) if it["part"] != "train"}
        everything = set(order)

        # Outer folds: whole gold clusters of train tweets (and a share of the distractors) left out.
        groups = sorted({gold[i] for i in train})
        random.Random(SEED).shuffle(groups)
        fold_of = {g: n % args.folds for n, g in enumerate(groups)}
        totals = collections.Counter()
        print(f"\nOuter folds ({args.folds}, whole gold clusters of the train tweets left out):")
        for fold in range(args.folds):
            held = {i for i in train if fold_of[gold[i]] == fold}
            chosen = choose(order, seen, train - held, gold)
            predicted = replay(order, seen, held, chosen)
            figures = pairwise(predicted, gold)
            want, got = pairs({i: gold[i] for i in predicted}), pairs(predicted)
            totals.update(true=len(want & got), got=len(got), want=len(want))
            print(
                row(
                    f"fold {fold + 1}: member {chosen.member_cosine}, fact-check {chosen.fact_check_score}",
                    figures,
                )
            )
        precision = totals["true"] / totals["got"] if totals["got"] else 1.0
        recall = totals["true"] / totals["want"] if totals["want"] else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(row("pooled over the outer folds", (precision, recall, f1, totals["want"])))

        on_train = choose(order, seen, train, gold)
        shipped = Thresholds()
        no_archive = Thresholds(member_cosine=on_train.member_cosine, fact_check_score=9.0)
        vectors = cached_encodings(
            [
                __import__("search.querytext", fromlist=["clean_query"]).clean_query(it["text"])
                for it in items
            ],
            cache=ROOT / "bench" / ".cache",
            index_prefix=PREFIX,
            what="statements",
            left_out="the single-link baseline",
        )
        for name, members in (
            ("dev tweets + distractors", dev),
            ("train + dev tweets + distractors", everything),
        ):
            print(f"\n{name} ({len(members)} statements):")
            print(
                row(
                    f"workbench, thresholds chosen on train ({on_train.member_cosine}, {on_train.fact_check_score})",
                    pairwise(replay(order, seen, members, on_train), gold),
                )
            )
            print(
                row(
                    "  the same without the fact-check archive",
                    pairwise(replay(order, seen, members, no_archive), gold),
                )
            )
            print(
                row(
                    f"workbench as shipped ({shipped.member_cosine}, {shipped.fact_check_score})",
                    pairwise(replay(order, seen, members, shipped), gold),
                )
            )
            print(
                row(
                    "manage.py cluster_claims output (as shipped)",
                    pairwise({i: placed[i] for i in members}, gold),
                )
            )
            if vectors is not None:
                threshold, figures = best_single_link(vectors, sorted(members), gold)
                print(row(f"MiniLM single-link baseline at its best threshold ({threshold})", figures))
        if args.errors:
            show_errors(items, gold, replay(order, seen, dev, shipped), seen, args.errors)
        if args.fill:
            timing(args.fill, args.probes, sentences, args.task2)


def show_errors(items, gold, predicted, seen, limit: int) -> None:
    """Pairs the rule put together wrongly and pairs it missed, with what each statement saw."""
    want = pairs({i: gold[i] for i in predicted})
    got = pairs(predicted)

    def said(i: int) -> str:
        near, fact_check = seen[i]
        best = max((c for _, c, _ in near if c is not None), default=None)
        return (
            f"    [{items[i]['key']}] {items[i]['text'][:110]!r}\n"
            f"      nearest member cosine {best if best is None else round(best, 3)}, "
            f"fact-check {fact_check and (fact_check[0], round(fact_check[1], 3))}"
        )

    for title, chosen in (("wrongly together", sorted(got - want)), ("missed", sorted(want - got))):
        print(f"\n{title} ({len(chosen)}):")
        for a, b in chosen[:limit]:
            print(said(a))
            print(said(b))
            print()


if __name__ == "__main__":
    sys.exit(main())
