"""Does the evidence column show the passage that confirms or refutes a claim? CLIMATE-FEVER, beside baselines.

    python bench/evidence_quality.py DATA_DIR [--checkthat CHECKTHAT_DIR] [--backend embedded|elasticsearch|both]
                                     [--limit N] [--database-url URL] [--display-confidence X]
    python bench/evidence_quality.py --self-check

DATA_DIR is the CLIMATE-FEVER folder (corpus.jsonl, sentences.tsv, dev-claims.jsonl, dev-pairs.tsv);
CHECKTHAT_DIR the CheckThat! 2020 folder, whose Task 2 dev tweets (task2-claim-retrieval/dev/tweets.queries.tsv)
are the off-topic claims. Each backend runs in a child process of its own, on a fresh SQLite database in a
temporary folder (or the scratch database --database-url names: its documents are deleted afterwards) and
its own index prefix (bench-evidence-quality, its indices deleted afterwards). Elasticsearch needs
ELASTICSEARCH_URL; the embedded backend runs with it unset. `--backend both` runs them one after the other.

In one run, per backend, it
  1. imports corpus.jsonl into a new source with `manage.py import_documents --format jsonl --kind reference`;
  2. runs `manage.py find_evidence CLAIMS.tsv --source NAME --top 5 --format jsonl` on the dev claims and on
     the off-topic tweets (temporary `id<TAB>text` files) and reads its JSON lines;
and once, in the first backend's process, `manage.py suggest_stance` on dev-pairs.tsv (the labels are not
passed: the file is cut to its first three columns).

Measures (the data folder's README):
  - passage nDCG@5 (binary gain) and Recall@5 over the dev claims with at least one SUPPORTS/REFUTES sentence
    (773 of 1,110). The shown passages are each candidate's `passages`, best first, in candidate rank order,
    flattened, first 5. A passage is relevant when it contains one of the claim's SUPPORTS/REFUTES sentences
    (its offsets, in the stored body, cover at least half of the sentence, or 300 characters of it); each sentence
    counts once, so a passage holding only sentences already counted gains 0. The ideal DCG is that of
    min(relevant sentences, 5) relevant passages. Recall@5: the share of the claim's relevant sentences
    found in the first 5 passages. Also the same with only each candidate's best passage;
  - precision of `strong` (its first shown passage relevant), its coverage (share of the evaluated claims
    labelled strong), and the share of the off-topic tweets labelled strong;
  - stance macro-F1 (supports / refutes / neither = NOT_ENOUGH_INFO) over dev-pairs.tsv, and the precision
    and coverage of the supports/refutes suggestions at or above the display confidence (the stance
    model's own, from search.stance, or --display-confidence).
Baselines over the same passages (the corpus bodies' paragraphs, split at blank lines), top 5 of all
passages: TF-IDF cosine (sklearn, English stop words, sublinear tf), MiniLM cosine (search.embeddings.embed,
the product's encoder; vectors cached in .cache/evidence_quality/) and the two summed. Stance baseline:
always "neither".

--limit N keeps the first N dev claims (and their pairs) and the first N tweets, for a quick check.
--self-check tests the metric code on hand-computed examples and exits.

Run time, measured 2026-12-02 on 2 cores shared with other work (load about 7): the full run on Elasticsearch
took 21 min (import 188 s, find_evidence 1.5 claims/s, suggest_stance 18 pairs/s). The embedded backend's
find_evidence ran at 0.3 claims/s over the first 100 claims (it encodes passages at search time), so a
full `--backend both` run takes well over 25 minutes on such a machine; `--limit 100` takes about 8.

This file runs the workbench (a child process per backend); bench/_evidence_quality_data.py reads the data,
bench/_evidence_quality_metrics.py holds the measures, the baselines and the self-check, and
bench/_evidence_quality_report.py prints the tables.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import setup_django
from _evidence_quality_data import K, SentenceMap, read_data
from _evidence_quality_metrics import baselines, evaluate_backend, self_check
from _evidence_quality_report import print_tables

SOURCE = "CLIMATE-FEVER Wikipedia"
INDEX_PREFIX = "bench-evidence-quality"


# -- the workbench, in a child process per backend ---------------------------------------------------------


def write_claims(path: Path, claims: list[tuple[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        for claim_id, text in claims:
            writer.writerow([claim_id, text])


def read_jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip().startswith("{")]


def display_confidence(override: float | None) -> tuple[float | None, str]:
    """The confidence at which the workspace shows a stance suggestion, and where it came from."""
    if override is not None:
        return override, "--display-confidence"
    try:
        from search import stance
    except ImportError as exc:
        return None, f"search.stance not importable ({exc})"
    try:  # the variant suggest_stance scores with: with vectors when the encoder is on
        from search import embeddings

        model = stance.load_model()
        variant = model.variant(vectors=embeddings.get_encoder() is not None)
        name = next(n for n, v in model.variants.items() if v is variant)
        return float(variant.display_confidence), f"{stance.MODEL_PATH.name}, variant {name}"
    except (AttributeError, OSError, KeyError, ValueError, TypeError):
        pass
    for name in ("DISPLAY_CONFIDENCE", "display_confidence", "SHOW_CONFIDENCE", "THRESHOLD"):
        value = getattr(stance, name, None)
        if callable(value):
            try:
                value = value()
            except Exception:  # noqa: BLE001 - a model that cannot load says so below
                value = None
        if isinstance(value, int | float):
            return float(value), f"search.stance.{name}"
    for name in dir(stance):  # a model file whose JSON holds the key
        value = getattr(stance, name)
        if isinstance(value, str | Path) and str(value).endswith(".json") and Path(value).is_file():
            model = json.loads(Path(value).read_text(encoding="utf-8"))
            if isinstance(model, dict) and isinstance(model.get("display_confidence"), int | float):
                return float(model["display_confidence"]), f"{value} display_confidence"
    return None, "no display confidence found in search.stance (give --display-confidence)"


def worker(args: argparse.Namespace) -> None:
    """One backend: fresh database and index, import, find_evidence twice, suggest_stance if asked."""
    data = read_data(args.data_dir, args.checkthat, args.limit)
    out: dict = {"backend": None, "errors": []}
    os.environ["SEARCH_INDEX_PREFIX"] = INDEX_PREFIX
    with tempfile.TemporaryDirectory(prefix="evidence-quality-") as scratch:
        scratch = Path(scratch)
        setup_django(
            index_prefix=INDEX_PREFIX, database_url=args.database_url or f"sqlite:///{scratch}/bench.sqlite3"
        )
        from django.core.management import call_command

        from search import embeddings
        from search.backends import get_backend
        from search.models import Document, Source

        backend = get_backend()
        out["backend"] = backend.name
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        backend.reset()
        print(f"[{backend.name}] migrated, index reset ({time.perf_counter() - started:.0f} s)", flush=True)
        try:
            print(f"[{backend.name}] importing {args.data_dir / 'corpus.jsonl'} ...", flush=True)
            report = io.StringIO()
            started = time.perf_counter()
            call_command(
                "import_documents",
                str(args.data_dir / "corpus.jsonl"),
                "--source",
                SOURCE,
                "--format",
                "jsonl",
                "--kind",
                "reference",
                "--no-progress",
                stdout=report,
            )
            out["import_seconds"] = time.perf_counter() - started
            out["import_report"] = report.getvalue().strip().splitlines()[0]
            out["documents"] = backend.count()
            print(f"[{backend.name}]   {out['import_report']} ({out['import_seconds']:.0f} s)", flush=True)
            source = Source.objects.get(name=SOURCE)
            out["bodies"] = dict(Document.objects.filter(source=source).values_list("external_key", "body"))
            started = time.perf_counter()
            out["encoder"] = embeddings.get_encoder() is not None  # loaded by the import, or now: not timed
            print(
                f"[{backend.name}] encoder {'on' if out['encoder'] else 'off'} ({time.perf_counter() - started:.0f} s)"
            )

            for name, claims in (("claims", data.claims), ("offtopic", data.tweets)):
                if not claims:
                    continue
                path = scratch / f"{name}.tsv"
                write_claims(path, claims)
                print(f"[{backend.name}] find_evidence on {len(claims)} {name} ...", flush=True)
                stdout = io.StringIO()
                started = time.perf_counter()
                try:
                    call_command(
                        "find_evidence",
                        str(path),
                        "--source",
                        SOURCE,
                        "--top",
                        str(K),
                        "--format",
                        "jsonl",
                        stdout=stdout,
                    )
                except Exception as exc:  # noqa: BLE001 - reported, the other parts still run
                    out["errors"].append(f"find_evidence ({name}): {type(exc).__name__}: {exc}")
                    continue
                out[f"{name}_seconds"] = time.perf_counter() - started
                out[name] = read_jsonl(stdout.getvalue())

            if args.stance:
                path = scratch / "pairs.tsv"
                lines = ["pair_id\tclaim\tpassage"] + ["\t".join(p.split("\t")[:3]) for p in data.pair_lines]
                path.write_text("\n".join(lines) + "\n", encoding="utf-8")
                print(f"[{backend.name}] suggest_stance on {len(data.pair_lines)} pairs ...", flush=True)
                stdout = io.StringIO()
                started = time.perf_counter()
                try:
                    call_command("suggest_stance", str(path), stdout=stdout)
                    out["stance_seconds"] = time.perf_counter() - started
                    out["stance"] = stdout.getvalue().splitlines()
                except Exception as exc:  # noqa: BLE001
                    out["errors"].append(f"suggest_stance: {type(exc).__name__}: {exc}")
                out["display_confidence"] = display_confidence(args.display_confidence)
                try:
                    from search import stance

                    out["stance_model"] = stance.load_model().metadata
                except Exception as exc:  # noqa: BLE001 - only for the note under the table
                    out["stance_model"] = {"unreadable": str(exc)}
        finally:
            clean_up(backend, args.database_url)
    Path(args.worker_out).write_text(json.dumps(out), encoding="utf-8")


def clean_up(backend, database_url: str | None) -> None:
    """Drop the bench's indices; on a scratch database given by URL, its documents too."""
    if backend.name == "elasticsearch":
        client = backend.client
        for pattern in (f"{INDEX_PREFIX}-*",):
            for name in client.indices.get(index=pattern, ignore_unavailable=True, allow_no_indices=True):
                client.indices.delete(index=name)
    if database_url:
        from search.models import Source

        Source.objects.filter(name=SOURCE).delete()


def run_backend(name: str, args: argparse.Namespace, *, stance: bool) -> dict:
    env = dict(os.environ)
    if name == "embedded":
        env.pop("ELASTICSEARCH_URL", None)
    elif not env.get("ELASTICSEARCH_URL"):
        return {"backend": name, "errors": ["ELASTICSEARCH_URL is not set"]}
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result_path = handle.name
    command = [sys.executable, str(Path(__file__).resolve()), str(args.data_dir), "--worker-out", result_path]
    if args.checkthat:
        command += ["--checkthat", str(args.checkthat)]
    if args.limit:
        command += ["--limit", str(args.limit)]
    if args.database_url:
        command += ["--database-url", args.database_url]
    if args.display_confidence is not None:
        command += ["--display-confidence", str(args.display_confidence)]
    if stance:
        command += ["--stance"]
    try:
        done = subprocess.run(command, env=env, check=False)
        text = Path(result_path).read_text(encoding="utf-8")
        result = json.loads(text) if text else {}
    finally:
        os.unlink(result_path)
    if done.returncode:
        result.setdefault("errors", []).append(f"the {name} run exited with status {done.returncode}")
    result.setdefault("backend", name)
    return result


# -- main ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path, nargs="?")
    parser.add_argument(
        "--checkthat",
        type=Path,
        help="CheckThat! 2020 folder: its Task 2 dev tweets are the off-topic claims.",
    )
    parser.add_argument("--backend", choices=["embedded", "elasticsearch", "both"], default="both")
    parser.add_argument("--limit", type=int, help="Only the first N dev claims (and their pairs) and tweets.")
    parser.add_argument(
        "--database-url", help="A scratch database (default: a fresh SQLite file per backend)."
    )
    parser.add_argument("--display-confidence", type=float, help="When search.stance does not say.")
    parser.add_argument(
        "--baselines-only", action="store_true", help="Only the baselines and the stance baseline."
    )
    parser.add_argument("--self-check", action="store_true", help="Test the metric code and exit.")
    parser.add_argument("--worker-out", help=argparse.SUPPRESS)
    parser.add_argument("--stance", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.self_check:
        self_check()
        return
    if args.data_dir is None:
        parser.error("DATA_DIR is required")
    if args.worker_out:
        worker(args)
        return

    data = read_data(args.data_dir, args.checkthat, args.limit)
    results = []
    backends = ["embedded", "elasticsearch"] if args.backend == "both" else [args.backend]
    if not args.baselines_only:
        for i, name in enumerate(backends):
            started = time.perf_counter()
            result = run_backend(name, args, stance=i == 0)
            result["wall_seconds"] = time.perf_counter() - started
            if result.get("claims"):
                result["evaluation"] = evaluate_backend(result, data)
            results.append(result)

    print("\nBaselines ...", flush=True)
    setup_django(index_prefix=INDEX_PREFIX, database_url="sqlite:///:memory:")
    started = time.perf_counter()
    base_runs, timings = baselines(data, SentenceMap(data.bodies, data.sentences))
    print(
        f"  {time.perf_counter() - started:.1f} s ("
        + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
        + "; MiniLM vectors cached in .cache/evidence_quality/)"
    )
    print_tables(data, base_runs, results, results[0] if results else None)


if __name__ == "__main__":
    main()
