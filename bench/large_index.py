"""Latency per claim on an index of a million documents, beside a plain BM25 search on the same index.

    python bench/large_index.py DATA_DIR [--documents 1000000] [--claims 300] [--embeddings on|off] [--reuse]

DATA_DIR is the CheckThat! 2020 folder (task2-claim-retrieval/, task5-checkworthiness-debates/). Needs
ELASTICSEARCH_URL; uses its own index prefix (default bench-large) and keeps the index for --reuse.

How the documents are made: a pool of real sentences (the 10,373 verified claims and their titles, the
train tweets, the debate transcripts' lines) is drawn from with a fixed seed. Each document has one
verified claim's title as its title and 3 to 8 pool sentences as its body, a source among five with
different reliability ratings, and a publication date between 2010 and 2020. With embeddings on, every
pool sentence is encoded once with the workbench's model and a document's vector is the normalised sum
of its sentences' and title's vectors (encoding a million documents on two cores would take hours);
the pool's vectors are cached in bench/.cache/. The index is filled through the workbench's own rebuild path
(`search_index --rebuild`: pipelined bulk requests, alias swap).

What is timed: each dev tweet alone, as the evidence task searches for one claim (query_for_claim and
search_evidence: cleaning, the claim's embedding, the lexical and kNN searches in one multi-search, fusion,
passages); beside it a plain multi_match over title and body with the raw tweet, one search each.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _common import ROOT, setup_django

SOURCES = [  # (id, name, kind, reliability): ids far above any real source's, names say what they are
    (900001, "Synthetic wire", "wire", 0.9),
    (900002, "Synthetic outlet", "news_outlet", 0.7),
    (900003, "Synthetic statistics office", "statistics", 0.95),
    (900004, "Synthetic blog", "news_outlet", 0.3),
    (900005, "Synthetic fact-checker", "fact_checker", 0.85),
]


def read_pool(data_dir: Path) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(titles, sentences, dev tweets as (id, text)) from the task folders."""
    task2 = data_dir / "task2-claim-retrieval"
    titles, sentences = [], []
    with open(task2 / "verified_claims.docs.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) >= 3 and row[0].strip().isdigit():
                sentences.append(row[1].strip())
                titles.append(row[2].strip())
    with open(task2 / "train" / "tweets.queries.tsv", encoding="utf-8", newline="") as handle:
        sentences += [row[1].strip() for row in csv.reader(handle, delimiter="\t") if len(row) >= 2]
    for transcript in sorted((data_dir / "task5-checkworthiness-debates").rglob("*.tsv")):
        with open(transcript, encoding="utf-8", newline="") as handle:
            sentences += [row[2].strip() for row in csv.reader(handle, delimiter="\t") if len(row) >= 3]
    sentences = [s for s in dict.fromkeys(sentences) if len(s.split()) >= 4]
    with open(task2 / "dev" / "tweets.queries.tsv", encoding="utf-8", newline="") as handle:
        tweets = [(row[0], row[1]) for row in csv.reader(handle, delimiter="\t") if len(row) >= 2]
    return titles, sentences, tweets


def synthetic_batches(count: int, titles: list[str], sentences: list[str], vectors, *, batch_size: int = 500):
    """IndexableDocuments made from the pool; deterministic for a given pool and count."""
    import numpy

    from search.backends import IndexableDocument

    rng = random.Random(2020)
    start = datetime(2010, 1, 1, tzinfo=UTC)
    span = (datetime(2020, 12, 31, tzinfo=UTC) - start).days
    title_offset = len(sentences)  # titles' vectors follow the sentences' in `vectors`
    batch = []
    for doc_id in range(1, count + 1):
        title_index = rng.randrange(len(titles))
        picks = [rng.randrange(len(sentences)) for _ in range(rng.randint(3, 8))]
        source_id, name, kind, reliability = SOURCES[doc_id % len(SOURCES)]
        embedding = ()
        if vectors is not None:
            summed = vectors[picks].sum(axis=0) + vectors[title_offset + title_index]
            embedding = tuple((summed / numpy.linalg.norm(summed)).tolist())
        batch.append(
            IndexableDocument(
                id=doc_id,
                title=titles[title_index],
                body=" ".join(sentences[i] for i in picks),
                url=f"https://documents.invalid/large/{doc_id}",
                source_id=source_id,
                source_name=name,
                source_kind=kind,
                reliability=reliability,
                published_at=start + timedelta(days=rng.randrange(span), hours=12),
                language="en",
                external_key=str(doc_id),
                embedding=embedding,
            )
        )
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def build(count: int, titles: list[str], sentences: list[str], with_vectors: bool) -> None:
    import numpy

    from search import embeddings
    from search.backends import get_backend

    vectors = None
    if with_vectors:
        texts = sentences + titles
        digest = hashlib.sha256("\n".join([embeddings.MODEL_NAME, *texts]).encode()).hexdigest()[:16]
        cache = ROOT / "bench" / ".cache" / f"pool-vectors-{digest}.npy"
        if cache.exists():
            vectors = numpy.load(cache)
        else:
            started = time.perf_counter()
            vectors = numpy.asarray(embeddings.get_encoder().embed(texts), dtype=numpy.float32)
            print(
                f"encoded {len(vectors)} pool sentences and titles in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
            cache.parent.mkdir(exist_ok=True)
            numpy.save(cache, vectors)
    done, started, last = 0, time.perf_counter(), 0.0

    def progress(batches):
        nonlocal done, last
        for batch in batches:
            done += len(batch)
            if time.perf_counter() - last > 30:
                last = time.perf_counter()
                print(f"  {done:>9} documents, {done / (last - started):.0f} docs/s", flush=True)
            yield batch

    name = get_backend().rebuild(progress(synthetic_batches(count, titles, sentences, vectors)))
    print(f"built {name}: {done} documents in {time.perf_counter() - started:.0f} s", flush=True)


def percentiles(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered) * 1000, ordered[max(0, round(0.95 * len(ordered)) - 1)] * 1000


def time_workbench(tweets: list[tuple[str, str]]) -> list[float]:
    from django.conf import settings

    from search.retrieval import query_for_claim, search_evidence

    size = settings.WORKBENCH["EVIDENCE_TOP_K"]
    for _, text in tweets[:5]:
        search_evidence([query_for_claim(text, size=size)])
    timings = []
    for _, text in tweets:
        started = time.perf_counter()
        search_evidence([query_for_claim(text, size=size)])
        timings.append(time.perf_counter() - started)
    return timings


def time_baseline(tweets: list[tuple[str, str]]) -> list[float]:
    from django.conf import settings

    from search.backends import get_backend

    backend = get_backend()
    size = settings.WORKBENCH["EVIDENCE_TOP_K"]

    def search(text: str) -> None:
        body = {"query": {"multi_match": {"query": text, "fields": ["title", "body"]}}, "size": size}
        backend.client.search(index=backend.alias, **body)

    for _, text in tweets[:5]:
        search(text)
    timings = []
    for _, text in tweets:
        started = time.perf_counter()
        search(text)
        timings.append(time.perf_counter() - started)
    return timings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument(
        "--claims", type=int, default=300, help="Dev tweets to time (at most all 200 of dev)."
    )
    parser.add_argument("--embeddings", choices=["on", "off"], default="on")
    parser.add_argument("--reuse", action="store_true", help="Keep the index a previous run built.")
    parser.add_argument("--rounds", type=int, default=3, help="Timed passes over the claims; all are pooled.")
    args = parser.parse_args(argv)
    if not os.environ.get("ELASTICSEARCH_URL"):
        raise SystemExit("Set ELASTICSEARCH_URL: the index is an Elasticsearch index.")
    setup_django(index_prefix="bench-large")
    from django.conf import settings

    from search import embeddings
    from search.backends import get_backend

    settings.SEARCH_EMBEDDINGS = args.embeddings == "on"
    embeddings.reset()
    if settings.SEARCH_EMBEDDINGS and embeddings.get_encoder() is None:
        raise SystemExit("The embedding model package is not installed: use --embeddings off.")
    titles, sentences, tweets = read_pool(args.data_dir)
    tweets = tweets[: args.claims]
    backend = get_backend()
    if not args.reuse or backend.count() < args.documents:
        print(
            f"pool: {len(sentences)} sentences, {len(titles)} titles; building {args.documents} documents",
            flush=True,
        )
        build(args.documents, titles, sentences, settings.SEARCH_EMBEDDINGS)
    documents = backend.count()
    stats = backend.client.indices.stats(index=backend.alias, metric=["store", "segments"])["_all"][
        "primaries"
    ]

    ours, baseline = [], []
    for _ in range(args.rounds):  # interleaved, so both see the same machine
        baseline += time_baseline(tweets)
        ours += time_workbench(tweets)
    label = "workbench, BM25 + MiniLM fused" if settings.SEARCH_EMBEDDINGS else "workbench, BM25 only"
    print(
        f"\n{documents} documents ({stats['store']['size_in_bytes'] / 2**30:.1f} GiB, "
        f"{stats['segments']['count']} segments), {len(tweets)} dev tweets x {args.rounds} rounds, one at a "
        f"time; {os.cpu_count()} CPU cores"
    )
    header = f"{'search per claim':34} {'p50 ms':>8} {'p95 ms':>8}"
    print(header + "\n" + "-" * len(header))
    for name, timings in (("plain multi_match (baseline)", baseline), (label, ours)):
        p50, p95 = percentiles(timings)
        print(f"{name:34} {p50:8.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
