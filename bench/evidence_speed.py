"""How many claims per second does one worker search evidence for? evidence_find beside raw msearch.

    python bench/evidence_speed.py VCLAIMS.tsv TWEETS.tsv [--claims 400] [--batch 50] [--embeddings on|off|both]

Needs ELASTICSEARCH_URL. The corpus is the CheckThat! 2020 verified claims (imported with import_documents
into a fresh SQLite database and the index prefix bench-evidence); the claims are the tweets of
TWEETS.tsv, saved under one article. The workbench side is `claims.services.evidence_find` in batches, as
the Celery batch task calls it: cleaning, embeddings, one multi-search per batch (evidence and earlier
fact-checks), passages and replacing the candidates in the database; then, timed apart, the stance-hint task
it queues for each claim's first candidates. Two baselines, same claims and batches:
a raw `msearch` of plain multi_match queries (title and body, top EVIDENCE_TOP_K), and a raw `msearch` of
the very request bodies evidence_find sends, prebuilt, with the claims' encoding timed when embeddings are on.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import tempfile
import time
from pathlib import Path

from _common import setup_django

SOURCE = "Evidence benchmark"


def save_claims(texts: list[str]) -> list[int]:
    from claims.services.claim_lists import claim_list_import

    claims = claim_list_import(
        name="the evidence benchmark", items=[(str(n), t) for n, t in enumerate(texts)]
    )
    return [c.id for c in claims]


def ours(claim_ids: list[int], batch: int) -> tuple[float, float]:
    """evidence_find in batches, then the stance-hint task on the same claims: (seconds, seconds).

    evidence_find queues the hints to follow once its candidates commit; here they are collected and timed
    on their own, so the table shows the search a claim waits for and the whole work per worker.
    """
    from claims.models import EvidenceCandidate
    from claims.services import dispatch, evidence_find
    from claims.services.stance_hints import stance_hints_suggest

    # A claim searched again keeps the hints its passages had (stance_hints_carry_over), so a round after
    # the first would time hints that are already there; each round starts from a first search's state.
    EvidenceCandidate.objects.filter(claim_id__in=claim_ids).update(stance="")
    queue, dispatch.stance_hints_queue = dispatch.stance_hints_queue, lambda ids: None
    try:
        evidence_find(claim_ids=claim_ids[:5])  # warm-up
        started = time.perf_counter()
        for start in range(0, len(claim_ids), batch):
            evidence_find(claim_ids=claim_ids[start : start + batch])
        searched = time.perf_counter() - started
    finally:
        dispatch.stance_hints_queue = queue
    started = time.perf_counter()
    for start in range(0, len(claim_ids), batch):
        stance_hints_suggest(claim_ids=claim_ids[start : start + batch])
    return searched, time.perf_counter() - started


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
    """Plain multi_match over title and body, top EVIDENCE_TOP_K, one msearch per batch: the floor."""
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


def raw_same_searches(claim_ids: list[int], batch: int) -> float:
    """The searches evidence_find sends, as raw msearch bodies built before the clock starts.

    Per claim: the evidence query and the earlier-fact-check query (lexical, plus kNN when embeddings are
    on). Timed: encoding each batch's claims with the model (a raw client needs the vectors too) and the
    msearch. Not timed: cleaning, query building, fusion, passages, the database.
    """
    from dataclasses import replace

    from claims.models import Claim
    from claims.services.fact_check_matches import match_query
    from search import embeddings
    from search.backends import get_backend
    from search.retrieval import query_for_claim

    backend = get_backend()
    encoder = embeddings.get_encoder()
    # Built as evidence_find builds them: with the claim's article (its URL excluded, its date as the window).
    claims = Claim.objects.filter(id__in=claim_ids).select_related("article").order_by("id")
    queries = [
        query_for_claim(
            c.text, article_url=c.article.url, article_date=c.article.published_at or c.article.created_at
        )
        for c in claims
    ]
    cleaned = [q.text for q in queries]

    def bodies(query, vector) -> list[dict]:
        query = replace(query, vector=vector) if vector else query
        out = [{"index": backend.alias}, backend.build_query(query)]
        if vector:
            out += [{"index": backend.alias}, backend.build_semantic_query(query)]
        return out

    def search(start: int, end: int) -> None:
        vectors = (
            encoder.model.encode(
                cleaned[start:end], batch_size=64, normalize_embeddings=True, show_progress_bar=False
            )
            if encoder
            else None
        )
        searches = []
        for i in range(start, end):
            vector = tuple(vectors[i - start]) if encoder else ()
            searches += bodies(queries[i], vector) + bodies(match_query(queries[i]), vector)
        backend.client.msearch(searches=searches)

    search(0, 5)
    started = time.perf_counter()
    for start in range(0, len(queries), batch):
        search(start, min(len(queries), start + batch))
    return time.perf_counter() - started


def _with_total(times: tuple[float, float]) -> tuple[float, float, float]:
    return (*times, sum(times))


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
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="Each system runs once per round, in turn; the median is reported.",
    )
    args = parser.parse_args(argv)
    if not os.environ.get("ELASTICSEARCH_URL"):
        raise SystemExit("Set ELASTICSEARCH_URL: the baseline is a raw Elasticsearch msearch.")

    with tempfile.TemporaryDirectory(prefix="evidence-speed-") as scratch:
        setup_django(index_prefix="bench-evidence", database_url=f"sqlite:///{scratch}/bench.sqlite3")
        from django.conf import settings
        from django.core.management import call_command

        from search import embeddings
        from search.backends import get_backend
        from search.selectors.matching import read_claims

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
            # Rounds interleave the systems, so a busy moment on the shared machine hits all of them alike.
            rounds = [
                (
                    raw_msearch(texts, args.batch),
                    raw_same_searches(claim_ids, args.batch),
                    search_path(texts, args.batch),
                    *_with_total(ours(claim_ids, args.batch)),
                )
                for _ in range(max(1, args.rounds))
            ]
            label = "BM25 + MiniLM fused" if with_vectors else "BM25 only"
            table.append(
                (label, *(len(texts) / statistics.median(times) for times in zip(*rounds, strict=True)))
            )
        documents = get_backend().count()

    print(
        f"\nEvidence for {len(texts)} claims against {documents} documents, batches of {args.batch}, one process; "
        f"{os.cpu_count()} CPU cores; median of {max(1, args.rounds)} rounds"
    )
    header = (
        f"{'workbench ranking':20} {'plain msearch':>14} {'same searches':>14} {'evidence_find':>14} "
        f"{'vs plain':>9} {'vs same':>8} {'stance hints':>13} {'find + hints':>13}"
    )
    print(header + "\n" + "-" * len(header))
    for label, plain, same, _searched, mine, hints, total in table:
        print(
            f"{label:20} {plain:14.1f} {same:14.1f} {mine:14.1f} {mine / plain:9.2f} {mine / same:8.2f} "
            f"{hints:13.1f} {total:13.1f}"
        )
    print(
        "\nclaims/s, one process. plain msearch: a multi_match over title and body per claim, nothing else. same "
        "searches: the msearch bodies evidence_find sends (each claim's evidence and earlier-fact-check queries, "
        "with kNN when embeddings are on), built before the clock, plus encoding the claims. evidence_find: the "
        "Celery task's service end to end: cleaning, encoding, one multi-search per batch, fusion, passages, "
        "replacing candidates and matches in the database; the claim is searched and shown then. stance hints: "
        "the task evidence_find queues after it, suggesting stances for each claim's first candidates. find + "
        "hints: both, one worker's whole work per claim. Goal ratio >= 0.7."
    )
    print(
        "search_evidence alone (no database, no fact-check queries): "
        + ", ".join(f"{label} {searched:.1f} claims/s" for label, _, _, searched, *_ in table)
    )


if __name__ == "__main__":
    main()
