"""Score the live evidence ranking against the relevance judgments fact-checkers recorded in the workbench.

Usage (against the workbench's own database, e.g. with DATABASE_URL set):
    python bench/live_relevance.py [--since YYYY-MM-DD]

Every stance mark and every confirmed/rejected match is a judgment (claims.RelevanceJudgment). For each judged
claim, the ranking is the claim's current evidence candidates; we report MAP, P@1, P@5 and MRR over judged claims,
beside the same figures for a random order of the same candidates (the baseline, same run).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings.base")


def average_precision(ranked: list[int], relevant: set[int]) -> float:
    hits, total = 0, 0.0
    for position, document_id in enumerate(ranked, start=1):
        if document_id in relevant:
            hits += 1
            total += hits / position
    return total / len(relevant) if relevant else 0.0


def figures(rankings: dict[int, list[int]], judged: dict[int, dict[int, bool]]) -> dict[str, float]:
    aps, p1, p5, rr = [], [], [], []
    for claim_id, ranked in rankings.items():
        relevant = {d for d, ok in judged[claim_id].items() if ok}
        if not relevant:
            continue
        aps.append(average_precision(ranked, relevant))
        p1.append(1.0 if ranked[:1] and ranked[0] in relevant else 0.0)
        p5.append(sum(1 for d in ranked[:5] if d in relevant) / 5)
        rr.append(next((1 / i for i, d in enumerate(ranked, start=1) if d in relevant), 0.0))
    mean = lambda values: statistics.fmean(values) if values else 0.0  # noqa: E731
    return {"claims": len(aps), "MAP": mean(aps), "P@1": mean(p1), "P@5": mean(p5), "MRR": mean(rr)}


def main() -> None:
    import django

    django.setup()
    from claims.models import EvidenceCandidate, RelevanceJudgment

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--since", help="only judgments on or after this date")
    args = parser.parse_args()
    judgments = RelevanceJudgment.objects.order_by("judged_at", "id")
    if args.since:
        judgments = judgments.filter(judged_at__date__gte=args.since)
    judged: dict[int, dict[int, bool]] = {}
    for claim_id, document_id, relevant in judgments.values_list("claim_id", "document_id", "relevant"):
        judged.setdefault(claim_id, {})[document_id] = relevant  # the latest judgment wins
    rankings: dict[int, list[int]] = {}
    for claim_id, document_id in (
        EvidenceCandidate.objects.filter(claim_id__in=judged)
        .order_by("claim_id", "rank")
        .values_list("claim_id", "document_id")
    ):
        rankings.setdefault(claim_id, []).append(document_id)
    rng = random.Random(13)
    shuffled = {claim_id: rng.sample(ranked, len(ranked)) for claim_id, ranked in rankings.items()}
    ours, baseline = figures(rankings, judged), figures(shuffled, judged)
    print(
        f"judged claims with at least one relevant candidate: {ours['claims']} (judgments: {judgments.count()})"
    )
    print(f"{'ranking':<22}{'MAP':>8}{'P@1':>8}{'P@5':>8}{'MRR':>8}")
    for name, row in (("live ranking", ours), ("random order (same)", baseline)):
        print(f"{name:<22}{row['MAP']:>8.3f}{row['P@1']:>8.3f}{row['P@5']:>8.3f}{row['MRR']:>8.3f}")


if __name__ == "__main__":
    main()
