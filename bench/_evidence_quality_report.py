"""The tables bench/evidence_quality.py prints: passages and strength per system, timings, stance."""

from __future__ import annotations

import collections
import json
import os

from _evidence_quality_data import LABEL_STANCE, Data, K
from _evidence_quality_metrics import macro_f1, passage_scores, stance_rows

# -- output ----------------------------------------------------------------------------------------------


def fmt(value: float | None, width: int = 7) -> str:
    return f"{value:{width}.3f}" if value is not None else f"{'-':>{width}}"


def print_tables(data: Data, base_runs: dict, results: list[dict], stance_result: dict | None) -> None:
    n_rel = len(data.relevant)
    print(
        f"\nCLIMATE-FEVER dev: {len(data.claims)} claims, {n_rel} with a SUPPORTS/REFUTES sentence "
        f"(evaluated); {len(data.tweets)} off-topic tweets; top {K} passages; {os.cpu_count()} CPU cores, no GPU"
    )
    header = (
        f"{'system':44} {'nDCG@5':>7} {'R@5':>7} {'strong P':>9} {'strong cov':>10} {'off-topic strong':>16}"
    )
    print(header)
    print("-" * len(header))
    for name, run in base_runs.items():
        scores = passage_scores(run, data.relevant)
        print(f"{name:44} {fmt(scores['ndcg'])} {fmt(scores['recall'])} {'':>9} {'':>10} {'':>16}")
    notes = []
    for result in results:
        backend = result.get("backend")
        if not result.get("claims"):
            print(f"{'workbench (' + str(backend) + ')':44} (no result: see below)")
            continue
        ev = result["evaluation"]
        off = f"{ev['offtopic_strong']:16.3f}" if ev["offtopic_strong"] is not None else f"{'-':>16}"
        for label, scores, with_strength in (
            (f"workbench, {backend}", ev["all"], True),
            (f"workbench, {backend}, best passage only", ev["best"], False),
        ):
            tail = (
                f"{fmt(ev['strong_precision'], 9)} {fmt(ev['strong_coverage'], 10)} {off}"
                if with_strength
                else ""
            )
            print(f"{label:44} {fmt(scores['ndcg'])} {fmt(scores['recall'])} {tail}")
        notes.append(
            f"{backend}: strengths {dict(ev['strengths'])} over {len(result['claims'])} claims "
            f"({ev['answered']} of {n_rel} evaluated answered); strong precision over every dev claim labelled "
            f"strong ({ev['strong_all']}, those without a SUPPORTS/REFUTES sentence count as wrong): "
            f"{fmt(ev['strong_precision_all'], 0).strip()}; off-topic strengths {dict(ev['offtopic_strengths'])}"
        )
        for what, values in (("dev claims", ev["relevance"]), ("off-topic", ev["offtopic_relevance"])):
            if values:
                q = [values[min(len(values) - 1, int(f * len(values)))] for f in (0.5, 0.9)]
                notes.append(
                    f"{backend}: best-passage relevance, {what}: median {q[0]:.3f}, p90 {q[1]:.3f}, max {values[-1]:.3f}"
                )
        hints = ev["hints"]
        if hints["shown"]:
            notes.append(
                f"{backend}: find_evidence showed {hints['shown']} stance hints (stance_shown); "
                f"{hints['labelled']} on a passage holding a sentence labelled for the claim, right on "
                f"{fmt(hints['right'] / hints['labelled'] if hints['labelled'] else None, 0).strip()} of those"
            )
        if ev["mismatched"]:
            key, start, end, text = ev["mismatched"][0]
            notes.append(
                f"{backend}: {len(ev['mismatched'])} shown passages whose text is not body[start:end], "
                f"e.g. {key} [{start}:{end}] {text!r}"
            )
        if ev["unplaced"]:
            notes.append(f"{backend}: {ev['unplaced']} corpus sentences not found in the stored bodies")
    print(
        "\nGoals: nDCG@5 >= 0.50; strong precision >= 0.8 with coverage >= 0.33; off-topic strong < 0.05. "
        "Reference (README, whole dataset): TF-IDF 0.26, MiniLM 0.30, summed 0.34."
    )
    for line in notes:
        print(line)

    print("\nTimings")
    for result in results:
        backend = result.get("backend")
        if "import_seconds" in result:
            docs = result.get("documents") or 0
            print(
                f"  {backend}: import_documents {result['import_seconds']:.1f} s "
                f"({docs / result['import_seconds']:.0f} docs/s, {result['import_report']})"
            )
        for name in ("claims", "offtopic"):
            if f"{name}_seconds" in result and result.get(name):
                seconds = result[f"{name}_seconds"]
                print(
                    f"  {backend}: find_evidence on {len(result[name])} {name}: {seconds:.1f} s, "
                    f"{len(result[name]) / seconds:.1f} claims/s"
                )
        for error in result.get("errors", []):
            print(f"  {backend}: ERROR {error}")

    print(f"\nStance over dev-pairs.tsv ({len(data.pair_lines)} pairs)")
    gold_counts = collections.Counter(LABEL_STANCE.get(p.split("\t")[3].strip()) for p in data.pair_lines)
    always = [("neither", None)] * len(data.pair_lines)
    gold = [LABEL_STANCE.get(p.split("\t")[3].strip()) for p in data.pair_lines]
    header = f"{'system':30} {'macro-F1':>8} {'threshold':>9} {'shown':>6} {'shown P':>8} {'shown cov':>9}"
    print(header)
    print("-" * len(header))
    print(f"{'always neither (baseline)':30} {macro_f1(gold, [s for s, _ in always]):8.3f}")
    if not stance_result or not stance_result.get("stance"):
        print(f"{'suggest_stance':30} (no result: see the errors above)")
        return
    rows, problems = stance_rows(stance_result, data)
    threshold, where = stance_result.get("display_confidence") or (None, "not looked up")
    f1 = macro_f1([g for g, _, _ in rows], [p for _, p, _ in rows])
    if threshold is None:
        print(f"{'suggest_stance':30} {f1:8.3f} {'-':>9}")
    else:
        shown = [
            (g, p) for g, p, c in rows if p in ("supports", "refutes") and c is not None and c >= threshold
        ]
        right = sum(1 for g, p in shown if g == p)
        hinted = gold_counts["supports"] + gold_counts["refutes"]
        print(
            f"{'suggest_stance':30} {f1:8.3f} {threshold:9.3f} {len(shown):6d} "
            f"{fmt(right / len(shown) if shown else None, 8)} {fmt(right / hinted if hinted else None, 9)}"
        )
    print(
        f"  threshold: {where}. shown: supports/refutes suggestions at or above it; shown P: share of those "
        f"right; shown cov: right suggestions shown / pairs labelled SUPPORTS or REFUTES ({hinted if threshold is not None else '-'})."
    )
    if "stance_seconds" in stance_result:
        seconds = stance_result["stance_seconds"]
        print(f"  suggest_stance: {seconds:.1f} s, {len(rows) / seconds:.0f} pairs/s")
    for line in problems:
        print(f"  {line}")
    metadata = json.dumps(stance_result.get("stance_model") or {}, ensure_ascii=False)
    print(f"  stance model metadata: {metadata[:400]}")
    print(
        "  Note: a stance model trained on dev-pairs.tsv is scored here on its own training pairs (in-sample)."
    )
