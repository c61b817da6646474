"""Server time of the queue and claim workspace pages with 100k claims and 1M evidence candidates in PostgreSQL.

    set -a; . .services/env; set +a
    python bench/pages.py [--claims 100000] [--candidates 10] [--requests 60] [--depth 5000] [--reseed]

Seeds a separate database (DATABASE_URL's server, database `workbench_bench`; created and migrated if
missing, reseeded only when its size differs or --reseed) with COPY, then renders each page with Django's
test Client and prints p50/p95 milliseconds and SQL queries per request. Each queue page is measured beside
a baseline in the same run: the same view and template, but the page's rows fetched the naive way
(ORDER BY priority OFFSET depth LIMIT 51); key n beside ranking every open claim below. Measured twice:
without the queue's two indexes ("migrated": proposed_indexes() dropped, to show what they do), then with
them ("proposed"; claims migration 0007 creates them in every database).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode, urlparse, urlunparse

from _pages_seed import seed, vacuum

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DB = "workbench_bench"
GOAL_MS = 100


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must name a PostgreSQL server (set -a; . .services/env; set +a).")
    return urlunparse(urlparse(url)._replace(path=f"/{BENCH_DB}"))


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
            print(f"created database {BENCH_DB}")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings.test")
    import django

    django.setup()


# Indexes --------------------------------------------------------------------------------------------------


def proposed_indexes():
    """The indexes the queue needs beyond the migrations; the same objects belong in Claim.Meta.indexes."""
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector
    from django.db import models

    from claims.priority import PriorityBase

    return [
        models.Index(PriorityBase(), name="claim_queue_priority"),
        GinIndex(SearchVector("text", config="english"), name="claim_text_search"),
    ]


def existing_index_names() -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'claims_claim'")
        return {name for (name,) in cursor.fetchall()}


def set_proposed_indexes(*, present: bool) -> None:
    from django.db import connection

    from claims.models import Claim

    names = existing_index_names()
    with connection.schema_editor() as editor:
        for index in proposed_indexes():
            if present and index.name not in names:
                editor.add_index(Claim, index)
            elif not present and index.name in names:
                editor.remove_index(Claim, index)
    vacuum()


# Measuring ------------------------------------------------------------------------------------------------


def offset_page(*, user, filters, after=None, before=None, size=50, offset=0):
    """The baseline: the same queue, its rows fetched with ORDER BY priority OFFSET n."""
    from claims.selectors import queue as queue_reads

    rows = list(queue_reads.queue_claims(user=user, filters=filters)[offset : offset + size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return queue_reads.QueuePage(rows, next=queue_reads.cursor_at(rows[-1]) if more else None, previous=None)


def ranked_claim_after(*, user, claim_id):
    """The baseline for key n: the next workable claim by ranking every open claim below this one (the
    workbench's own code before it used the queue's band)."""
    from django.db.models import Q

    from claims.selectors.next_claim import WORKABLE_STATUSES
    from claims.selectors.queue import QueueFilters, queue_claims

    claims = (
        queue_claims(user=user, filters=QueueFilters())
        .filter(Q(assignee__isnull=True) | Q(assignee=user), status__in=WORKABLE_STATUSES)
        .exclude(id=claim_id)
    )
    here = queue_claims(user=user, filters=QueueFilters(status="all")).filter(id=claim_id).first()
    below = claims.filter(Q(priority__lt=here.priority) | Q(priority=here.priority, id__lt=here.id)).first()
    return below or claims.first()


def percentile(sorted_ms: list[float], p: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, round(p * (len(sorted_ms) - 1)))]


def measure(
    client, urls: list[str], *, requests: int, offset: int | None = None, patch=None
) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, most queries) of `requests` GETs cycling through `urls`, after 3 warm-up requests.
    With `offset`, the queue's rows come from offset_page (the baseline) instead of the keyset page; `patch`,
    another baseline's stand-in."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.selectors import queue as queue_reads

    if offset is not None:
        patch = mock.patch.object(queue_reads, "queue_page", functools.partial(offset_page, offset=offset))
    patch = patch or contextlib.nullcontext()
    timings, queries = [], 0
    with patch:
        for url in urls[:3]:
            assert client.get(url).status_code in (200, 302), url
        for i in range(requests):
            url = urls[i % len(urls)]
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code in (200, 302), url  # key n answers with a redirect
            queries = max(queries, len(captured))
    timings.sort()
    return statistics.median(timings), percentile(timings, 0.95), queries


def run(*, requests: int, depth: int, label: str) -> list[tuple]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from claims.models import Claim
    from claims.selectors import queue as queue_reads

    user = get_user_model().objects.get(username="bench-checker-0")
    client = Client()
    client.force_login(user)
    deep = queue_reads.queue_claims(user=user, filters=queue_reads.QueueFilters())[depth - 1]
    cursor = str(queue_reads.Cursor(deep.priority, deep.id))
    # A place name: in about 1 claim in 600, so the search's match set is small and the index has to find it.
    rare = re.search(r" in (\w+) in ", Claim.objects.order_by("id").values_list("text", flat=True)[0]).group(
        1
    )
    filtered = "/?" + urlencode({"status": "queued", "claim_type": "quantity", "score_min": "60"})
    pages = [
        ("queue, first page", ["/"], 0),
        ("queue, filtered (status, type, score)", [filtered], 0),
        ("queue, search, common word", ["/?q=inflation"], 0),
        ("queue, search, rare word", [f"/?q={rare}"], 0),
        (f"queue, deep page (row {depth}, cursor)", ["/?" + urlencode({"after": cursor})], depth),
    ]
    results = []
    for name, urls, offset in pages:
        ours = measure(client, urls, requests=requests)
        baseline_urls = [url.replace(f"?after={cursor}", "") or "/" for url in urls]
        results.append((label, name, ours, measure(client, baseline_urls, requests=requests, offset=offset)))
    # Key n from a claim deep in the queue: the next claim to work below it.
    following = [f"/claims/{deep.id}/next/"]
    ranked = mock.patch("claims.web.workspace.claim_after", ranked_claim_after)
    results.append(
        (
            label,
            f"next claim, key n (from row {depth})",
            measure(client, following, requests=requests),
            measure(client, following, requests=requests, patch=ranked),
        )
    )
    # The workspace of a different claim on each request, each claim with its evidence candidates.
    claims = [f"/claims/{i}/" for i in Claim.objects.order_by("?").values_list("id", flat=True)[:requests]]
    results.append((label, "claim workspace /claims/<id>/", measure(client, claims, requests=requests), None))
    return results


def print_table(results: list[tuple]) -> None:
    print()
    print(
        f"{'indexes':<9} {'page':<40} {'ours p50':>8} {'p95':>6} {'SQL':>4}   {'baseline p50':>12} {'p95':>7} {'SQL':>4}  goal"
    )
    for label, name, ours, baseline in results:
        base = (
            f"{baseline[0]:>12.1f} {baseline[1]:>7.1f} {baseline[2]:>4}"
            if baseline
            else f"{'-':>12} {'':>7} {'':>4}"
        )
        verdict = "ok" if ours[1] <= GOAL_MS else "OVER"
        print(f"{label:<9} {name:<40} {ours[0]:>8.1f} {ours[1]:>6.1f} {ours[2]:>4}   {base}  {verdict}")
    print(
        f"\nms of server time per request (Django test Client, whole middleware stack); goal p95 <= {GOAL_MS} ms."
    )
    print(
        "baseline: the same view and template, rows by ORDER BY priority OFFSET <depth> LIMIT 51 (no band, no cursor);"
        " for key n, every open claim below ranked to find the first (no band)."
    )
    print(
        "migrated: the queue's two indexes (proposed_indexes(), which migration claims 0007 now creates) dropped,"
        " to show what they do; proposed: with them, as a migrated database has them."
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--candidates", type=int, default=10, help="evidence candidates per claim")
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page")
    parser.add_argument("--depth", type=int, default=5000, help="row at which the deep page starts")
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--only", choices=["migrated", "proposed"], help="measure with one index set only")
    args = parser.parse_args(argv)

    url = bench_database_url()
    ensure_database(url)
    setup_django(url)
    from django.core.management import call_command

    from claims.models import Claim, EvidenceCandidate

    call_command("migrate", verbosity=0)
    if (
        args.reseed
        or Claim.objects.count() != args.claims
        or EvidenceCandidate.objects.count() != args.claims * args.candidates
    ):
        print(
            f"seeding {args.claims} claims and {args.claims * args.candidates} evidence candidates into {BENCH_DB}"
        )
        seed(claims=args.claims, candidates=args.candidates, rng=random.Random(20261124))
    print(
        f"{Claim.objects.count()} claims, {EvidenceCandidate.objects.count()} evidence candidates in {BENCH_DB}"
    )

    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    results = []
    for label, present in (("migrated", False), ("proposed", True)):
        if args.only and args.only != label:
            continue
        set_proposed_indexes(present=present)
        print(f"measuring {'with the queue indexes' if present else 'without the queue indexes'}")
        results += run(requests=args.requests, depth=args.depth, label=label)
    print_table(results)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
