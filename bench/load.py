"""Load test: 50 simulated reviewers (45 fact-checkers, 5 editors) for 10 minutes, with locust.

    python bench/load.py [--users 50] [--minutes 10] [--gunicorn-workers 4] [--port 8765]

Needs the `bench` extra (locust) and the real services (scripts/services.sh up). It makes a scratch
PostgreSQL database, imports 2,000 documents, creates the reviewers and 10 claims per fact-checker, lets a
real Celery worker find their evidence, then serves the workbench with gunicorn (DEBUG off) and runs
locust headless against it (bench/_load_users.py): fact-checkers open the queue and their claims, mark
evidence, save drafts, cite and submit; editors open the review queue and approve. A worker keeps running
(submissions and saves queue tasks). It prints requests/s and p50/p95/p99 per page, the failures, and the
sign-in page as the baseline (a page that reads no claim).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from cluster_check import read_env, start_process, write_documents

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts" / "load"
DATABASE = "workbench_load"
PASSWORD = "load-test-password-1"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--gunicorn-workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # cluster_check's helpers write their logs to its folder; these go to ours.
    import cluster_check

    cluster_check.ARTIFACTS = ARTIFACTS
    single = read_env(ROOT / ".services" / "env")
    broker = single["CELERY_BROKER_URL"].rsplit("/", 1)[0] + "/9"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workbench.settings.base",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": single["DATABASE_URL"].rsplit("/", 1)[0] + f"/{DATABASE}",
        "CELERY_BROKER_URL": broker,
        "REDIS_CACHE_URL": broker.rsplit("/", 1)[0] + "/10",
        "ELASTICSEARCH_URL": single["ELASTICSEARCH_URL"],
        "SEARCH_INDEX_PREFIX": "load",
        "ORGANIZATION_URL": f"http://127.0.0.1:{args.port}/",
        "SEARCH_ONNX_THREADS": "1",  # gunicorn workers, a Celery worker and Elasticsearch share two cores
    }
    manage = cluster_check.fresh_scratch(single, env, DATABASE)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "search_index", "--reset"], cwd=ROOT, env=env, check=True, capture_output=True)
    documents = ARTIFACTS / "documents.jsonl"
    write_documents(documents, 2000)
    print("importing 2,000 documents ...", flush=True)
    subprocess.run(
        [*manage, "import_documents", str(documents), "--source", "Load wire", "--kind", "wire", "--no-progress"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip

    import django

    django.setup()
    from claims.models import Claim
    from claims.roles import EDITOR, FACT_CHECKER, sync_roles
    from claims.services.accounts import user_create_with_role
    from claims.services.claim_lists import claim_list_import
    from claims.services.dispatch import evidence_search_requeue

    sync_roles()
    checkers = max(1, args.users * 9 // 10)
    editors = max(1, args.users - checkers)
    plan = {"password": PASSWORD, "checkers": {}, "editors": []}
    words = cluster_check.WORDS
    for n in range(1, checkers + 1):
        user_create_with_role(username=f"checker{n}", role=FACT_CHECKER, password=PASSWORD, validate=False)
        items = [
            (f"{n}-{k}", f"The {words[(n + k) % len(words)]} {words[(3 * n + k) % len(words)]} figure rose by "
             f"{(n * k) % 90 + 5} percent last year, says the report.")
            for k in range(10)
        ]  # fmt: skip
        plan["checkers"][f"checker{n}"] = [
            c.id for c in claim_list_import(name=f"load list {n}", items=items)
        ]
    for n in range(1, editors + 1):
        user_create_with_role(username=f"editor{n}", role=EDITOR, password=PASSWORD, validate=False)
        plan["editors"].append(f"editor{n}")
    plan_path = ARTIFACTS / "plan.json"
    plan_path.write_text(json.dumps(plan))
    claim_ids = [c for ids in plan["checkers"].values() for c in ids]

    worker = start_process(
        "worker",
        [sys.executable, "-m", "celery", "-A", "workbench", "worker", "--concurrency", "1", "-l", "info",
         "--without-gossip", "--without-mingle"],
        env,
    )  # fmt: skip
    server = start_process(
        "gunicorn",
        [sys.executable, "-m", "gunicorn", "workbench.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.gunicorn_workers), "--access-logfile", "-"],
        env,
    )  # fmt: skip
    try:
        evidence_search_requeue(claim_ids)
        print(f"finding evidence for {len(claim_ids)} claims on the worker ...", flush=True)
        deadline = time.monotonic() + 600
        while Claim.objects.filter(id__in=claim_ids).exclude(evidence_status="done").exists():
            if time.monotonic() > deadline:
                raise SystemExit("evidence did not finish within 10 minutes")
            time.sleep(2)
        for _ in range(120):  # until every gunicorn worker has its model
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=5) as response:
                    if json.load(response)["status"] == "ok":
                        break
            except OSError:
                pass
            time.sleep(1)
        prefix = ARTIFACTS / "load"
        print(f"{args.users} reviewers for {args.minutes:g} minutes ...", flush=True)
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "_load_users.py"), "--headless",
             "-u", str(args.users), "-r", "10", "-t", f"{int(args.minutes * 60)}s",
             "--host", f"http://127.0.0.1:{args.port}", "--csv", str(prefix), "--only-summary"],
            cwd=ROOT, env={**env, "LOAD_PLAN": str(plan_path)}, check=False,
            stdout=(ARTIFACTS / "locust.log").open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
    finally:
        for process in (server, worker):
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
    return report(prefix.with_name("load_stats.csv"), args)


def report(stats: Path, args) -> int:
    rows = list(csv.DictReader(stats.open()))
    print(
        f"\n{args.users} reviewers, {args.minutes:g} min, gunicorn {args.gunicorn_workers} workers, PostgreSQL, "
        f"1 Celery worker, Elasticsearch; {os.cpu_count()} CPU cores (locust on the same machine)"
    )
    header = (
        f"{'page':22} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>7}"
    )
    print(f"{header}\n{'-' * len(header)}")
    failures = 0
    worst = 0.0
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "all pages"
        print(
            f"{name:22} {row['Request Count']:>9} {float(row['Requests/s']):7.1f} {row['50%']:>7} "
            f"{row['95%']:>7} {row['99%']:>7} {row['Failure Count']:>7}"
        )
        if row["Name"] != "Aggregated":
            failures += int(row["Failure Count"])
            worst = max(worst, float(row["95%"] or 0))
    print(f"\nerrors {failures}; worst p95 {worst:.0f} ms (goal: 0 errors, p95 <= 300 ms per page)")
    print("baseline: 'login page' (the sign-in form: a session and a template, no claim read)")
    return 0 if failures == 0 and worst <= 300 else 1


if __name__ == "__main__":
    sys.exit(main())
