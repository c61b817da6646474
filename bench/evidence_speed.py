"""How many claims per second does one worker search evidence for? evidence_find beside raw msearch.

    python bench/evidence_speed.py VCLAIMS.tsv TWEETS.tsv [--claims 400] [--batch 50] [--embeddings on|off|both]

Needs ELASTICSEARCH_URL. The corpus is the CheckThat! 2020 verified claims (imported with import_documents
into a fresh SQLite database and the index prefix bench-evidence); the claims are the tweets of
TWEETS.tsv, saved under one article. The workbench side is `claims.services.evidence_find` in batches, as
the Celery batch task calls it: cleaning, embeddings, one multi-search per batch (evidence and earlier
fact-checks), passages and replacing the candidates in the database. The baseline is a raw `msearch` of
plain multi_match queries (title and body, top EVIDENCE_TOP_K) for the same claims and batches.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "Evidence benchmark"


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SEARCH_INDEX_PREFIX", "bench-evidence")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings.base")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def save_claims(texts: list[str]) -> list[int]:
    from claims.models import Article, Claim

    article = Article.objects.create(
        title="Evidence benchmark",
        text="\n".join(texts),
        content_hash=hashlib.sha256(b"evidence-bench").hexdigest(),
    )
    claims, offset = [], 0
    for text in texts:
        claims.append(
            Claim(
                article=article,
                text=text,
                original_text=text,
                start=offset,
                end=offset + len(text),
                score=0.5,
                claim_type="other",
            )
        )
        offset += len(text) + 1
    return [c.id for c in Claim.objects.bulk_create(claims)]


def ours(claim_ids: list[int], batch: int) -> float:
    from claims.services import evidence_find

    evidence_find(claim_ids=claim_ids[:5])  # warm-up
    started = time.perf_counter()
    for start in range(0, len(claim_ids), batch):
        evidence_find(claim_ids=claim_ids[start : start + batch])
    return time.perf_counter() - started


def search_path(texts: list[str], batch: int) -> float:
    """The project's search alone: query_for_claim, embeddings and one multi-search per batch, no database."""
    from django.conf import settings

    from search.retrieval import query_for_claim, search_evidence

    size = settings.WORKBENCH["EVIDENCE_TOP_K"]
    search_evidence([query_for_claim(text, size=size) for text in texts[:5]])
    started = time.perf_counter()
    for start in range(0, len(texts), batch):
        search_evidence([query_for_claim(text, size=size) for text in texts[start : start + batch]])
    return time.perf_counter() - started


def raw_msearch(texts: list[str], batch: int) -> float:
    from django.conf import settings

    from search.backends import get_backend

    backend = get_backend()
    size = settings.WORKBENCH["EVIDENCE_TOP_K"]

    def search(chunk: list[str]) -> None:
        searches = []
        for text in chunk:
            searches += [
                {"index": backend.alias},
                {"query": {"multi_match": {"query": text, "fields": ["title", "body"]}}, "size": size},
            ]
        backend.client.msearch(searches=searches)

    search(texts[:5])
    started = time.perf_counter()
    for start in range(0, len(texts), batch):
        search(texts[start : start + batch])
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("vclaims", type=Path)
    parser.add_argument("tweets", type=Path)
    parser.add_argument("--claims", type=int, default=400)
    parser.add_argument(
        "--batch", type=int, default=50, help="Claims per evidence_find call (the sweeper's batch)."
    )
    parser.add_argument("--embeddings", choices=["on", "off", "both"], default="both")
    args = parser.parse_args(argv)
    if not os.environ.get("ELASTICSEARCH_URL"):
        raise SystemExit("Set ELASTICSEARCH_URL: the baseline is a raw Elasticsearch msearch.")

    with tempfile.TemporaryDirectory(prefix="evidence-speed-") as scratch:
        setup_django(f"sqlite:///{scratch}/bench.sqlite3")
        from django.conf import settings
        from django.core.management import call_command

        from search import embeddings
        from search.backends import get_backend
        from search.matching import read_claims

        call_command("migrate", verbosity=0)
        get_backend().reset()
        settings.SEARCH_EMBEDDINGS = args.embeddings != "off"
        embeddings.reset()
        print("Importing the corpus ...", flush=True)
        call_command(
            "import_documents",
            str(args.vclaims),
            "--source",
            SOURCE,
            "--format",
            "checkthat-vclaims",
            "--no-progress",
            stdout=io.StringIO(),
        )
        with open(args.tweets, encoding="utf-8", newline="") as handle:
            texts = [text for _, text in read_claims(handle)][: args.claims]
        claim_ids = save_claims(texts)

        if os.environ.get("EVIDENCE_PROFILE"):
            import cProfile
            import pstats

            settings.SEARCH_EMBEDDINGS = os.environ["EVIDENCE_PROFILE"] == "on"
            embeddings.reset()
            profile = cProfile.Profile()
            profile.enable()
            ours(claim_ids, args.batch)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
            return
        modes = {"on": [True], "off": [False], "both": [False, True]}[args.embeddings]
        table = []
        for with_vectors in modes:
            settings.SEARCH_EMBEDDINGS = with_vectors
            embeddings.reset()
            if with_vectors and embeddings.get_encoder() is None:
                print("The embedding model package is not installed: skipping the run with embeddings.")
                continue
            raw = raw_msearch(texts, args.batch)
            searched = search_path(texts, args.batch)
            mine = ours(claim_ids, args.batch)
            label = "BM25 + MiniLM fused" if with_vectors else "BM25 only"
            table.append((label, len(texts) / raw, len(texts) / searched, len(texts) / mine))
        documents = get_backend().count()

    print(
        f"\nEvidence for {len(texts)} claims against {documents} documents, batches of {args.batch}, one process; "
        f"{os.cpu_count()} CPU cores"
    )
    header = (
        f"{'workbench ranking':20} {'raw msearch':>12} {'search_evidence':>16} {'ratio':>6} "
        f"{'evidence_find':>14} {'ratio':>6}"
    )
    print(header + "\n" + "-" * len(header))
    for label, raw, searched, mine in table:
        print(f"{label:20} {raw:12.1f} {searched:16.1f} {searched / raw:6.2f} {mine:14.1f} {mine / raw:6.2f}")
    print(
        "\nclaims/s, one process. search_evidence: each claim's evidence query through the project's multi-search "
        "(cleaning, embeddings, fusion, passages), no database. evidence_find: the Celery task's service, that "
        "plus each claim's earlier-fact-check query and replacing candidates and matches in the database. "
        "Goal ratio >= 0.7."
    )


if __name__ == "__main__":
    main()
