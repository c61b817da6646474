"""`make cluster-check`: a 3-node Elasticsearch cluster and 3 Celery workers, nodes and workers killed mid-work.

    python bench/cluster_check.py [--documents 100000] [--claims 2000] [--nodes 3] [--workers 3]

Run by hand (as root, like scripts/services.sh), not in CI. It starts the cluster
(`scripts/services.sh cluster up 3`, replicas 1), PostgreSQL and Redis, a scratch database and broker
database, 3 workers and beat, then:
  1. imports DOCUMENTS synthetic documents with `manage.py import_documents`, SIGKILLs one Elasticsearch
     node halfway and starts it again;
  2. queues evidence for CLAIMS claims on the workers, SIGKILLs one worker in the middle of its task and
     stops one Elasticsearch node while they run (started again after).
It then waits until nothing is left to do (the beat sweepers re-queue what a failure dropped) and checks
that every document is searchable exactly once and every claim has its candidates exactly once. It prints
`lost N, duplicated N, stuck N` and the errors the tasks saw, and exits 1 unless all three are 0.
Semantic re-ranking is off (SEARCH_EMBEDDINGS=0): encoding 100,000 documents would take most of an hour on
two cores, and this checks delivery, not ranking.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from _common import positive_int

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ["bash", str(ROOT / "scripts" / "services.sh")]
ARTIFACTS = ROOT / "artifacts" / "cluster-check"
SOURCE = "Cluster check wire"
DATABASE = "workbench_cluster_check"
WORDS = (
    "inflation unemployment hospital waiting list police crime knife vaccine school teacher housing rent "
    "energy price tax budget deficit migration border election turnout poll climate flood drought river "
    "wage pension benefit strike railway airport fuel diesel farm harvest wheat export import tariff"
).split()


def log(message: str) -> None:
    print(f"[cluster-check {time.strftime('%H:%M:%S')}] {message}", flush=True)


def services(*args: str) -> str:
    done = subprocess.run([*SERVICES, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"scripts/services.sh {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def read_env(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def write_documents(path: Path, count: int) -> None:
    rng = random.Random(19)
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            words = rng.choices(WORDS, k=40)
            record = {
                "external_key": f"doc-{n}",
                "title": f"Report {n}: {' '.join(words[:6])}",
                "body": f"Report number {n}. " + " ".join(words) + f". Figure {rng.randint(1, 999)} percent.",
                "published_at": "2026-11-01",
            }
            handle.write(json.dumps(record) + "\n")


def start_process(name: str, command: list[str], env: dict) -> subprocess.Popen:
    log_file = (ARTIFACTS / f"{name}.log").open("w")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)


def fresh_scratch(single: dict, env: dict, database: str) -> list[str]:
    """An empty scratch database (migrated), broker and cache database and search index for env, which this
    process takes too; returns the manage.py command line."""
    import psycopg
    import redis

    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    with psycopg.connect(single["DATABASE_URL"], autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {database}")
    redis.Redis.from_url(env["CELERY_BROKER_URL"]).flushdb()
    redis.Redis.from_url(env["REDIS_CACHE_URL"]).flushdb()
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "search_index", "--reset"], cwd=ROOT, env=env, check=True, capture_output=True)
    return manage


def outage(how: str, node: int, seconds: float, where: str) -> None:
    """Take one Elasticsearch node out (kill-node: SIGKILL; stop-node: a clean stop) and back after a while."""
    services("cluster", how, str(node))
    log(f"node {node}: {how} {where}")
    time.sleep(seconds)
    services("cluster", "start-node", str(node))
    log(f"node {node} back in the cluster")


def worker_command(n: int) -> list[str]:
    return [
        sys.executable, "-m", "celery", "-A", "workbench", "worker", "-n", f"check{n}@%h",
        "--concurrency", "1", "-l", "info", "--without-gossip", "--without-mingle",
    ]  # fmt: skip


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=positive_int, default=100_000)
    parser.add_argument("--claims", type=positive_int, default=2000)
    parser.add_argument("--nodes", type=positive_int, default=3)
    parser.add_argument("--workers", type=positive_int, default=3)
    parser.add_argument("--deadline", type=int, default=420, help="Seconds to wait for the work to finish.")
    args = parser.parse_args(argv)
    started = time.monotonic()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    log(f"starting PostgreSQL, Redis and a {args.nodes}-node Elasticsearch cluster")
    services("start", "postgres")
    services("start", "redis")
    services("cluster", "up", str(args.nodes))
    single = read_env(ROOT / ".services" / "env")
    cluster = read_env(ROOT / ".services" / "cluster.env")
    database_url = single["DATABASE_URL"].rsplit("/", 1)[0] + f"/{DATABASE}"
    broker = single["CELERY_BROKER_URL"].rsplit("/", 1)[0] + "/7"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workbench.settings.base",
        "DEBUG": "0",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker,
        "REDIS_CACHE_URL": broker.rsplit("/", 1)[0] + "/8",
        "ELASTICSEARCH_URL": cluster["ELASTICSEARCH_URL"],
        "SEARCH_INDEX_REPLICAS": cluster["SEARCH_INDEX_REPLICAS"],
        "SEARCH_INDEX_PREFIX": "cluster-check",
        "SEARCH_EMBEDDINGS": "0",
        # A killed worker's task goes back to the queue after this long (production: 600 s).
        "CELERY_VISIBILITY_TIMEOUT": "60",
    }
    manage = fresh_scratch(single, env, DATABASE)

    import django

    django.setup()
    from search.backends import get_backend

    workers = [start_process(f"worker-{n}", worker_command(n), env) for n in range(1, args.workers + 1)]
    beat = start_process(
        "beat",
        [sys.executable, "-m", "celery", "-A", "workbench", "beat", "-l", "info",
         "-s", str(ARTIFACTS / "beat-schedule")],
        env,
    )  # fmt: skip
    try:
        # 1. The import, with a node killed halfway.
        documents = ARTIFACTS / "documents.jsonl"
        if not documents.exists() or sum(1 for _ in documents.open()) != args.documents:
            write_documents(documents, args.documents)
        log(f"importing {args.documents:,} documents; node 2 is killed halfway")
        t0 = time.monotonic()
        importer = start_process(
            "import",
            [
                *manage,
                "import_documents",
                str(documents),
                "--source",
                SOURCE,
                "--kind",
                "wire",
                "--no-progress",
            ],
            env,
        )
        from search.models import Document

        while Document.objects.count() < args.documents // 2 and importer.poll() is None:
            time.sleep(1)
        outage("kill-node", 2, 15, f"at {Document.objects.count():,} documents saved")
        importer.wait()
        log(f"import finished in {time.monotonic() - t0:.0f}s (exit {importer.returncode})")

        # 2. Evidence for the claims, a worker SIGKILLed and a node stopped while they run.
        from claims.services.claim_lists import claim_list_import

        rng = random.Random(2)
        items = [(f"c{n}", f"Claim {n}: {' '.join(rng.choices(WORDS, k=12))} rose by {n % 90 + 5} percent.")
                 for n in range(args.claims)]  # fmt: skip
        log(f"queueing evidence for {args.claims:,} claims")
        t1 = time.monotonic()
        from claims.services.dispatch import evidence_search_queue

        claim_ids = [c.id for c in claim_list_import(name="the cluster check", items=items)]
        evidence_search_queue(claim_ids)  # as an article's ingestion queues its claims
        from claims.models import Claim

        def waiting() -> int:
            return Claim.objects.filter(id__in=claim_ids).exclude(evidence_status="done").count()

        while waiting() > args.claims * 0.8:
            time.sleep(0.5)
        victim = workers[0]
        busy = children(victim.pid)
        for pid in [*busy, victim.pid]:
            os.kill(pid, signal.SIGKILL)
        log(f"worker 1 SIGKILLed (pids {[*busy, victim.pid]}) with {waiting():,} claims waiting")
        workers[0] = start_process("worker-1b", worker_command(4), env)
        while waiting() > args.claims * 0.5:
            time.sleep(0.5)
        outage("stop-node", 3, 20, f"with {waiting():,} claims waiting")

        # 3. Wait for the work (and the sweepers) to finish.
        deadline = time.monotonic() + args.deadline
        while time.monotonic() < deadline:
            left_claims, left_documents = waiting(), Document.objects.needing_index().count()
            if not left_claims and not left_documents:
                break
            time.sleep(2)
        log(f"claims' evidence finished in {time.monotonic() - t1:.0f}s")

        # 4. The checks.
        backend = get_backend()
        backend.client.indices.refresh(index=backend.alias)
        saved = set(Document.objects.values_list("id", flat=True))
        from elasticsearch import helpers

        seen: dict[int, int] = {}
        for hit in helpers.scan(
            backend.client, index=backend.alias, query={"query": {"match_all": {}}}, _source=False
        ):
            seen[int(hit["_id"])] = seen.get(int(hit["_id"]), 0) + 1
        lost_documents = len(saved - seen.keys()) + max(0, args.documents - len(saved))
        duplicated_documents = sum(n - 1 for n in seen.values() if n > 1)
        from django.db.models import Count

        from claims.models import EvidenceCandidate

        lost_claims = args.claims - Claim.objects.filter(id__in=claim_ids).count()
        duplicated_candidates = (
            EvidenceCandidate.objects.filter(claim_id__in=claim_ids)
            .values("claim_id", "document_id")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .count()
        )
        without = Claim.objects.filter(
            id__in=claim_ids, evidence_status="done", candidates__isnull=True
        ).count()
        stuck = waiting() + Document.objects.needing_index().count()
        # A request to a node that is down goes on to the next node (the client logs the refused connection);
        # a task that still could not search is retried by Celery ("Retry in"): those are the errors tasks saw.
        task_errors, node_retries = 0, 0
        for path in [*ARTIFACTS.glob("worker-*.log"), ARTIFACTS / "import.log"]:
            text = path.read_text(errors="replace")
            task_errors += len(re.findall(r"retry: Retry in|failed for good", text))
            node_retries += text.count("Retrying request after failure")
        lost = lost_documents + lost_claims
        duplicated = duplicated_documents + duplicated_candidates
        log(
            f"documents: {len(saved):,} saved, {len(seen):,} searchable; claims: {args.claims:,}, "
            f"{args.claims - waiting():,} with evidence ({without:,} with no candidate found)"
        )
        log(
            f"searches that went on to another node: {node_retries}; errors the tasks saw (retried): {task_errors}"
        )
        log(f"cluster at the end: {services('cluster', 'status').splitlines()[-1]}")
        print(f"lost {lost}, duplicated {duplicated}, stuck {stuck}")
        log(f"done in {time.monotonic() - started:.0f}s")
        return 0 if lost == duplicated == stuck == 0 else 1
    finally:
        for process in [*workers, beat]:
            if process.poll() is None:
                process.terminate()
        for process in [*workers, beat]:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    sys.exit(main())
