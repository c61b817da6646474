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
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from _common import ROOT, setup_django

SOURCE = "CLIMATE-FEVER Wikipedia"
INDEX_PREFIX = "bench-evidence-quality"
CACHE = ROOT / ".cache" / "evidence_quality"
K = 5
RELEVANT_LABELS = frozenset({"SUPPORTS", "REFUTES"})
STANCES = ("supports", "refutes", "neither")
LABEL_STANCE = {"SUPPORTS": "supports", "REFUTES": "refutes", "NOT_ENOUGH_INFO": "neither"}
WINDOW = 300
"""Characters of a sentence a passage must hold when it holds less than half of it."""
TWEETS = Path("task2-claim-retrieval") / "dev" / "tweets.queries.tsv"


# -- data ------------------------------------------------------------------------------------------------


@dataclass
class Data:
    bodies: dict[str, str]  # external_key -> body
    sentences: dict[str, tuple[str, str]]  # evidence_id -> (external_key, text)
    claims: list[tuple[str, str]]  # (id, text), file order
    relevant: dict[str, set[str]]  # claim id -> its SUPPORTS/REFUTES evidence ids (claims with any)
    labelled: dict[str, dict[str, str]] = field(default_factory=dict)  # claim id -> evidence id -> label
    pair_lines: list[str] = field(default_factory=list)  # dev-pairs.tsv rows, verbatim, no header
    tweets: list[tuple[str, str]] = field(default_factory=list)


def one_line(text: str) -> str:
    return " ".join(text.split())


def read_data(data_dir: Path, checkthat: Path | None, limit: int | None) -> Data:
    bodies = {}
    with open(data_dir / "corpus.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                bodies[record["external_key"]] = record["body"]
    sentences = {}
    with open(data_dir / "sentences.tsv", encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        for evidence_id, article, text in rows:
            sentences[evidence_id] = (f"wiki:{article}", text)
    claims, relevant, labelled = [], {}, {}
    with open(data_dir / "dev-claims.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            claims.append((str(record["id"]), one_line(record["claim"])))
            labels = {e["evidence_id"]: e["label"] for e in record["evidence"]}
            labelled[str(record["id"])] = labels
            wanted = {e for e, label in labels.items() if label in RELEVANT_LABELS}
            if wanted:
                relevant[str(record["id"])] = wanted
    claims = claims[:limit]
    kept = {claim_id for claim_id, _ in claims}
    relevant = {c: r for c, r in relevant.items() if c in kept}
    with open(data_dir / "dev-pairs.tsv", encoding="utf-8", newline="") as handle:
        pair_lines = [line.rstrip("\n") for line in list(handle)[1:] if line.strip()]
    pair_lines = [line for line in pair_lines if line.split("\t", 1)[0].rsplit("-", 1)[0] in kept]
    tweets = []
    if checkthat:
        # CSV-quoted cells ("" inside quotes), a header row with an empty first cell.
        with open(checkthat / TWEETS, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t"))
        tweets = [(r[0].strip(), one_line(r[1])) for r in rows[1:] if len(r) >= 2 and r[0].strip()][:limit]
    return Data(bodies, sentences, claims, relevant, labelled, pair_lines, tweets)


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of the body (split at blank lines), whitespace trimmed."""
    spans, start = [], 0
    for part in body.split("\n\n"):
        end = start + len(part)
        s, e = start, end
        while s < e and body[s].isspace():
            s += 1
        while e > s and body[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        start = end + 2
    return spans


class SentenceMap:
    """Where each corpus sentence sits in its document's body, and which sentences a passage contains."""

    def __init__(self, bodies: dict[str, str], sentences: dict[str, tuple[str, str]]):
        self.bodies = bodies
        self.spans: dict[str, list[tuple[int, int, str]]] = collections.defaultdict(list)
        self.unplaced: list[str] = []
        by_doc: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
        for evidence_id, (key, text) in sentences.items():
            by_doc[key].append((evidence_id, text))
        for key, items in by_doc.items():
            body = bodies.get(key)
            if body is None:
                self.unplaced += [e for e, _ in items]
                continue
            paragraphs = {body[s:e]: (s, e) for s, e in paragraph_spans(body)}
            for evidence_id, text in items:
                span = paragraphs.get(text.strip())
                if span is None:
                    at = body.find(text.strip())
                    span = (at, at + len(text.strip())) if at >= 0 else None
                if span is None:
                    self.unplaced.append(evidence_id)
                else:
                    self.spans[key].append((*span, evidence_id))
        for spans in self.spans.values():
            spans.sort()

    def contained(self, key: str, start: int, end: int) -> frozenset[str]:
        """Sentences at least half inside [start, end), or of which it holds at least WINDOW characters (a
        window cut from a sentence too long for one passage)."""
        found = []
        for s_start, s_end, evidence_id in self.spans.get(key, ()):
            if s_start >= end:
                break
            overlap = min(end, s_end) - max(start, s_start)
            if overlap > 0 and (2 * overlap >= s_end - s_start or overlap >= WINDOW):
                found.append(evidence_id)
        return frozenset(found)


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
