"""Pairwise clustering measures: a pair is two statements placed in one cluster."""

from __future__ import annotations

import collections
import itertools


def gold_labels(items: list[dict]) -> list[int]:
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first: dict[str, int] = {}
    for i, item in enumerate(items):
        for vclaim in sorted(item["gold"]):
            if vclaim in first:
                parent[find(i)] = find(first[vclaim])
            else:
                first[vclaim] = i
    return [find(i) for i in range(len(items))]


def pairs(labels: dict[int, int]) -> set[tuple[int, int]]:
    groups = collections.defaultdict(list)
    for i, label in labels.items():
        groups[label].append(i)
    return {pair for members in groups.values() for pair in itertools.combinations(sorted(members), 2)}


def pairwise(predicted: dict[int, int], gold: list[int]) -> tuple[float, float, float, int]:
    want = pairs({i: gold[i] for i in predicted})
    got = pairs(predicted)
    true = len(want & got)
    precision = true / len(got) if got else 1.0
    recall = true / len(want) if want else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, len(want)


def single_link(vectors, members: list[int], threshold: float) -> dict[int, int]:
    import numpy as np

    sub = vectors[members]
    parent = {i: i for i in members}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    rows, cols = np.where(np.triu(sub @ sub.T, 1) >= threshold)
    for a, b in zip(rows, cols, strict=True):
        parent[find(members[a])] = find(members[b])
    return {i: find(i) for i in members}


def best_single_link(vectors, members: list[int], gold) -> tuple[float, tuple]:
    options = [round(0.5 + 0.025 * n, 3) for n in range(19)]
    scored = [(pairwise(single_link(vectors, members, t), gold), t) for t in options]
    figures, threshold = max(scored, key=lambda pair: pair[0][2])
    return threshold, figures
