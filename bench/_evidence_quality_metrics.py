"""The measures of bench/evidence_quality.py: passage nDCG@5 / Recall@5, stance macro-F1, the passages a
find_evidence result shows, the TF-IDF / MiniLM baselines, the evaluation of one backend's run, and the
self-check of the metric code."""

from __future__ import annotations

import collections
import hashlib
import math
import time
from dataclasses import dataclass

from _common import ROOT
from _evidence_quality_data import LABEL_STANCE, STANCES, Data, K, SentenceMap, paragraph_spans

CACHE = ROOT / ".cache" / "evidence_quality"


# -- metrics ---------------------------------------------------------------------------------------------


def gains(shown: list[frozenset[str]], relevant: set[str], k: int = K) -> tuple[list[int], set[str]]:
    """Binary gain per shown passage (1 if it holds a relevant sentence not counted before), and the
    relevant sentences found."""
    counted: set[str] = set()
    out = []
    for contained in shown[:k]:
        new = (contained & relevant) - counted
        out.append(1 if new else 0)
        counted |= new
    return out, counted


def ndcg(gain: list[int], n_relevant: int, k: int = K) -> float:
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gain[:k]))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(n_relevant, k)))
    return dcg / ideal if ideal else 0.0


def passage_scores(
    shown: dict[str, list[frozenset[str]]], relevant: dict[str, set[str]], k: int = K
) -> dict[str, float]:
    """Mean nDCG@k and Recall@k over the claims in `relevant` (a claim with nothing shown scores 0)."""
    total_ndcg = total_recall = 0.0
    for claim_id, wanted in relevant.items():
        gain, found = gains(shown.get(claim_id, []), wanted, k)
        total_ndcg += ndcg(gain, len(wanted), k)
        total_recall += len(found) / len(wanted)
    n = len(relevant) or 1
    return {"ndcg": total_ndcg / n, "recall": total_recall / n}


def macro_f1(gold: list[str], predicted: list[str], classes: tuple[str, ...] = STANCES) -> float:
    f1s = []
    for c in classes:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == c and p != c)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


@dataclass(frozen=True)
class Shown:
    key: str
    start: int
    end: int
    text: str
    stance: str | None = None
    stance_shown: bool = False


def shown_passages(result: dict) -> tuple[list[Shown], list[Shown]]:
    """Every shown passage (each candidate's passages, best first, candidates in rank order), and each
    candidate's best passage only."""
    every, best = [], []
    for candidate in sorted(result.get("candidates") or [], key=lambda c: c.get("rank", 0)):
        passages = candidate.get("passages") or [candidate]
        items = [
            Shown(
                candidate["external_key"],
                int(p["start"]),
                int(p["end"]),
                p.get("passage") or "",
                p.get("stance"),
                bool(p.get("stance_shown")),
            )
            for p in passages
        ]
        every += items
        best.append(items[0])
    return every, best


# -- baselines -------------------------------------------------------------------------------------------


def cached_vectors(texts: list[str], what: str):
    import numpy as np

    from search import embeddings

    digest = hashlib.sha1(("\n".join([embeddings.MODEL_NAME, *texts])).encode()).hexdigest()[:16]
    path = CACHE / f"{what}-{digest}.npy"
    if path.exists():
        return np.load(path)
    vectors = embeddings.embed(texts)
    if vectors is None:
        return None
    array = np.asarray(vectors, dtype=np.float32)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, array)
    return array


def baselines(data: Data, sentence_map: SentenceMap) -> tuple[dict[str, dict[str, list]], dict[str, float]]:
    """Top-5 passages per claim for each baseline, as contained-sentence sets; and seconds per baseline."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    passages = [(key, s, e) for key, body in data.bodies.items() for s, e in paragraph_spans(body)]
    texts = [data.bodies[key][s:e] for key, s, e in passages]
    contained = [sentence_map.contained(key, s, e) for key, s, e in passages]
    claims = [text for _, text in data.claims]
    timings = {}

    started = time.perf_counter()
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    matrix = vectorizer.fit_transform(texts)
    tfidf = (vectorizer.transform(claims) @ matrix.T).toarray()
    timings["TF-IDF"] = time.perf_counter() - started

    scores = {"TF-IDF cosine over passages": tfidf}
    started = time.perf_counter()
    passage_vectors = cached_vectors(texts, "passages")
    claim_vectors = cached_vectors(claims, "claims") if passage_vectors is not None else None
    if claim_vectors is not None:
        minilm = claim_vectors @ passage_vectors.T
        timings["MiniLM"] = time.perf_counter() - started
        scores["MiniLM cosine over passages"] = minilm
        scores["TF-IDF + MiniLM (summed)"] = tfidf + minilm
    else:
        print("  (no encoder: the MiniLM baselines are left out)")

    runs = {}
    for name, matrix_scores in scores.items():
        top = np.argsort(-matrix_scores, axis=1, kind="stable")[:, :K]
        runs[name] = {claim_id: [contained[j] for j in top[i]] for i, (claim_id, _) in enumerate(data.claims)}
    return runs, timings


# -- evaluation of a backend's run -----------------------------------------------------------------------


def evaluate_backend(result: dict, data: Data) -> dict:
    """Passage figures (all passages, best passages only) and strength figures of one backend's run."""
    bodies = result.get("bodies") or data.bodies
    sentence_map = SentenceMap(bodies, data.sentences)
    mismatched = []

    def locate(items: list[Shown]) -> list[frozenset[str]]:
        sets = []
        for item in items:
            body = bodies.get(item.key, "")
            if item.text and body[item.start : item.end] != item.text:
                mismatched.append((item.key, item.start, item.end, item.text[:60]))
            sets.append(sentence_map.contained(item.key, item.start, item.end))
        return sets

    every, best, first_relevant, strength = {}, {}, {}, {}
    hints = collections.Counter()  # stance hints the workspace shows, on passages holding a labelled sentence
    for item in result.get("claims") or []:
        claim_id = str(item["id"])
        all_items, best_items = shown_passages(item)
        every[claim_id] = locate(all_items)
        best[claim_id] = locate(best_items)
        strength[claim_id] = item.get("strength")
        wanted = data.relevant.get(claim_id, set())
        first_relevant[claim_id] = bool(every[claim_id] and every[claim_id][0] & wanted)
        labels = data.labelled.get(claim_id, {})
        for shown, contained in zip(all_items, every[claim_id], strict=True):
            if not shown.stance_shown:
                continue
            hints["shown"] += 1
            gold = {LABEL_STANCE[labels[e]] for e in contained if e in labels}
            if gold:
                hints["labelled"] += 1
                hints["right"] += shown.stance in gold
    evaluated = list(data.relevant)
    strong = [c for c in evaluated if strength.get(c) == "strong"]
    strong_all = [c for c, s in strength.items() if s == "strong"]
    offtopic = result.get("offtopic") or []
    return {
        "all": passage_scores(every, data.relevant),
        "best": passage_scores(best, data.relevant),
        "answered": sum(1 for c in evaluated if c in strength),
        "strong_precision": sum(first_relevant[c] for c in strong) / len(strong) if strong else None,
        "strong_coverage": len(strong) / len(evaluated) if evaluated else None,
        "strong_precision_all": (
            sum(first_relevant[c] for c in strong_all) / len(strong_all) if strong_all else None
        ),
        "strong_all": len(strong_all),
        "offtopic_strong": (
            sum(1 for r in offtopic if r.get("strength") == "strong") / len(offtopic) if offtopic else None
        ),
        "strengths": collections.Counter(strength.values()),
        "offtopic_strengths": collections.Counter(r.get("strength") for r in offtopic),
        "relevance": sorted(
            float(r["relevance"]) for r in result.get("claims") or [] if r.get("relevance") is not None
        ),
        "offtopic_relevance": sorted(
            float(r["relevance"]) for r in offtopic if r.get("relevance") is not None
        ),
        "hints": hints,
        "mismatched": mismatched,
        "unplaced": len(sentence_map.unplaced),
    }


def stance_rows(result: dict, data: Data) -> tuple[list[tuple[str, str, float | None]], list[str]]:
    gold = {line.split("\t")[0]: LABEL_STANCE.get(line.split("\t")[3].strip()) for line in data.pair_lines}
    predicted, problems = {}, []
    for line in result.get("stance") or []:
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 2 or parts[0] == "pair_id":
            continue
        try:
            confidence = float(parts[2]) if len(parts) > 2 else None
        except ValueError:
            confidence = None
        predicted[parts[0]] = (parts[1].strip().lower(), confidence)
    missing = [p for p in gold if p not in predicted]
    if missing:
        problems.append(
            f"suggest_stance gave no line for {len(missing)} of {len(gold)} pairs (counted 'neither')"
        )
    unknown = {s for s, _ in predicted.values()} - set(STANCES)
    if unknown:
        problems.append(f"suggest_stance printed stances outside {STANCES}: {sorted(unknown)}")
    rows = [(gold[p], *predicted.get(p, ("neither", None))) for p in gold]
    return rows, problems


# -- self-check ------------------------------------------------------------------------------------------


def self_check() -> None:
    def close(a: float, b: float) -> None:
        assert abs(a - b) < 1e-6, (a, b)

    a, b, c, x = "A:1", "A:2", "B:1", "B:9"
    # Relevant {a, b, c}; shown: a | x | a+b | nothing | c. Gains 1 0 1 0 1 (a counted once: the third
    # passage gains through b). DCG = 1 + 1/log2(4) + 1/log2(6) = 1.886853; ideal, 3 relevant:
    # 1 + 1/log2(3) + 1/log2(4) = 2.130930; nDCG = 0.885460; recall 3/3.
    shown = [frozenset({a}), frozenset({x}), frozenset({a, b}), frozenset(), frozenset({c, x})]
    gain, found = gains(shown, {a, b, c})
    assert gain == [1, 0, 1, 0, 1], gain
    close(ndcg(gain, 3), 0.885460)
    assert found == {a, b, c}
    # The same sentence twice gains once: relevant {a, b}; shown a | a: DCG 1, ideal 1.630930, nDCG 0.613147,
    # recall 1/2.
    scores = passage_scores({"q": [frozenset({a}), frozenset({a})]}, {"q": {a, b}})
    close(scores["ndcg"], 0.613147)
    close(scores["recall"], 0.5)
    # Seven relevant, five shown and all new: ideal is five, nDCG 1, recall 5/7. A claim with nothing shown
    # scores 0 and counts in the mean.
    many = {f"C:{i}" for i in range(7)}
    scores = passage_scores({"q": [frozenset({f"C:{i}"}) for i in range(6)]}, {"q": many, "r": {a}})
    close(scores["ndcg"], 0.5)
    close(scores["recall"], (5 / 7) / 2)
    # Offsets to sentences: body "S one.\n\nS two is here.\n\nS three." and passages over it.
    body = "S one.\n\nS two is here.\n\nS three."
    sentence_map = SentenceMap(
        {"wiki:A": body},
        {"A:1": ("wiki:A", "S one."), "A:2": ("wiki:A", "S two is here."), "A:3": ("wiki:A", "S three.")},
    )
    assert paragraph_spans(body) == [(0, 6), (8, 22), (24, 32)], paragraph_spans(body)
    assert sentence_map.contained("wiki:A", 0, 22) == {"A:1", "A:2"}
    assert sentence_map.contained("wiki:A", 8, 14) == set()  # "S two" is less than half of its sentence
    long = "L" * 1000
    long_map = SentenceMap({"wiki:L": long}, {"L:1": ("wiki:L", long)})
    assert long_map.contained("wiki:L", 0, 600) == {"L:1"}  # a window cut from a sentence too long
    assert long_map.contained("wiki:L", 0, 200) == set()
    assert sentence_map.contained("wiki:A", 24, 32) == {"A:3"}
    assert sentence_map.contained("wiki:B", 0, 5) == set()
    # Flattening: candidates by rank, each one's passages in order; best = each one's first.
    result = {
        "candidates": [
            {"external_key": "k2", "rank": 2, "passages": [{"start": 5, "end": 9}]},
            {"external_key": "k1", "rank": 1, "passages": [{"start": 0, "end": 3}, {"start": 4, "end": 8}]},
        ]
    }
    every, best = shown_passages(result)
    assert [(p.key, p.start) for p in every] == [("k1", 0), ("k1", 4), ("k2", 5)]
    assert [(p.key, p.start) for p in best] == [("k1", 0), ("k2", 5)]
    # Macro-F1 against sklearn's.
    from sklearn.metrics import f1_score

    gold = ["supports", "refutes", "neither", "neither", "supports", "neither"]
    pred = ["supports", "neither", "neither", "supports", "supports", "refutes"]
    close(macro_f1(gold, pred), f1_score(gold, pred, labels=list(STANCES), average="macro", zero_division=0))
    close(macro_f1(gold, ["neither"] * 6), f1_score(gold, ["neither"] * 6, average="macro", zero_division=0))
    print("self-check passed: nDCG@5, Recall@5, offsets to sentences, passage order, macro-F1")
