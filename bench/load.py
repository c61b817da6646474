"""Load test: 50 simulated reviewers (45 fact-checkers, 5 editors) for 10 minutes, with locust.

    python bench/load.py [--users 50] [--minutes 10] [--think 5,15] [--gunicorn-workers 4] [--port 8765]

Needs the `bench` extra (locust) and the real services (scripts/services.sh up). It makes a scratch
PostgreSQL database, imports 2,000 documents, creates the reviewers and 10 claims per fact-checker, lets a
real Celery worker find their evidence, then serves the workbench with gunicorn (DEBUG off) and runs
locust headless against it (bench/_load_users.py): fact-checkers open the queue and their claims, mark
evidence, save drafts, cite and submit; editors open the review queue and approve. A worker keeps running
(submissions and saves queue tasks). It prints requests/s and p50/p95/p99 per page, the failures, and the
sign-in page as the baseline (a page that reads no claim), and how many cores each part kept busy.

Between two actions a reviewer reads for 5 to 15 seconds (--think): a passage before marking it, the claim
before opening the next. At --think 1,3, a pace nobody reads at, the two cores saturate and the run measures
capacity (requests/s) rather than what reviewers see.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

from _common import positive_int
from cluster_check import WORDS, read_env, start_process

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts" / "load"
DATABASE = "workbench_load"
PASSWORD = "load-test-password-1"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=positive_int, default=50)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--gunicorn-workers", type=positive_int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--arrivals", type=float, default=2, help="reviewers who sign in per second (default 2)"
    )
    parser.add_argument(
        "--worker-nice", type=int, default=10, help="the Celery worker's nice value (default 10)"
    )
    parser.add_argument(
        "--think",
        type=_think_time,
        default="5,15",
        help="seconds a reviewer reads between two actions, 'MIN,MAX' (default 5,15; '1,3' is a stress pace)",
    )
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
    write_desk_documents(documents, 2000)
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
    rng = random.Random(50)
    for n in range(1, checkers + 1):
        user_create_with_role(username=f"checker{n}", role=FACT_CHECKER, password=PASSWORD, validate=False)
        items = [(f"{n}-{k}", desk_claim(rng)) for k in range(10)]
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
        # nice: on one machine, background work yields the cores to the pages people wait for
        # (docs/operations.md); on its own machine a worker runs at normal priority.
        ["nice", "-n", str(args.worker_nice), sys.executable, "-m", "celery", "-A", "workbench", "worker",
         "--concurrency", "1", "-l", "info", "--without-gossip", "--without-mingle"],
        env,
    )  # fmt: skip
    server = start_process(
        "gunicorn",
        [sys.executable, "-m", "gunicorn", "workbench.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.gunicorn_workers), "--access-logfile", "-",
         "--access-logformat", '%(t)s "%(r)s" %(s)s %(M)sms'],  # each request's time in the server
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
        # Until every gunicorn worker has its model: any one of them answers /healthz, so ask until many
        # answers in a row say ready.
        ready = 0
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=5) as response:
                    ready = ready + 1 if json.load(response)["status"] == "ok" else 0
            except OSError:
                ready = 0
            if ready >= 4 * args.gunicorn_workers:
                break
            time.sleep(0.5)
        _wait_until_idle(broker)
        prefix = ARTIFACTS / "load"
        print(f"{args.users} reviewers for {args.minutes:g} minutes ...", flush=True)
        access_log = ARTIFACTS / "gunicorn.log"
        log_start = access_log.stat().st_size if access_log.exists() else 0  # the setup's requests end here
        before, started, ours = cpu_by_part(), time.monotonic(), os.times()
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "_load_users.py"), "--headless",
             "-u", str(args.users), "-r", str(args.arrivals), "-t", f"{int(args.minutes * 60)}s",
             "--host", f"http://127.0.0.1:{args.port}", "--csv", str(prefix), "--only-summary"],
            cwd=ROOT, env={**env, "LOAD_PLAN": str(plan_path), "LOAD_THINK": args.think}, check=False,
            stdout=(ARTIFACTS / "locust.log").open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        seconds, done = time.monotonic() - started, os.times()
        cores = cores_used(before, cpu_by_part(), seconds)
        # locust is the only child process that ends during the run: its CPU is our children's growth.
        children = done.children_user + done.children_system - ours.children_user - ours.children_system
        cores["locust"] = children / seconds
    finally:
        for process in (server, worker):
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
    return report(prefix.with_name("load_stats.csv"), args, cores, log_start=log_start)


PLACES = (
    "Leeds Bristol Cardiff Glasgow Belfast Norwich Exeter Hull Derby Swansea Aberdeen Dundee Carlisle York "
    "Lincoln Bath Oxford Cambridge Reading Slough Luton Preston Bolton Wigan Salford Sunderland Durham Bangor "
    "Inverness Stirling Perth Truro Plymouth Dover Ipswich Chester Wrexham Newport Gloucester Worcester "
    "Hereford Stafford Telford Crewe Blackpool"
).split()
CLAIM_TEMPLATES = (
    "{place} {topic} spending rose by {n} percent last year, the council says.",
    "Since 2019 {place} has lost {n} {topic} posts, according to the union.",
    "{place} now has the highest {topic} rate in the country at {n} per thousand.",
    "The minister said {topic} in {place} fell {n} percent under this government.",
    "Half of {place} households cannot afford {topic}, a survey of {n} people found.",
    "{place} receives {n} million pounds less for {topic} than it did in 2010.",
    "{topic} complaints in {place} doubled to {n} this year, the regulator reports.",
    "Every week {n} families in {place} are refused help with {topic}.",
    "{place} was promised {n} new {topic} projects and got none, the opposition claims.",
    "One in {n} {topic} cases in {place} waits more than a year.",
)


def desk_claim(rng: random.Random) -> str:
    """A claim as a desk sees them: a place, a subject and a figure, in one of ten ways of saying it."""
    return rng.choice(CLAIM_TEMPLATES).format(
        place=rng.choice(PLACES), topic=rng.choice(WORDS), n=rng.randint(3, 95)
    )


def write_desk_documents(path: Path, count: int) -> None:
    """Wire reports, each about one place and two subjects, so a document is evidence for a few claims, not all
    (a corpus where every document shares most words with every claim makes each new one match them all)."""
    rng = random.Random(19)
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            place, topics = rng.choice(PLACES), rng.sample(WORDS, 2)
            body = " ".join(
                rng.choice(CLAIM_TEMPLATES).format(
                    place=place, topic=rng.choice(topics), n=rng.randint(3, 95)
                )
                for _ in range(4)
            )
            record = {
                "external_key": f"doc-{n}",
                "title": f"{place}: {topics[0]} and {topics[1]}, report {n}",
                "body": f"{body} Figures for {place} were published on {rng.randint(1, 28)} November.",
                "published_at": "2026-11-01",
            }
            handle.write(json.dumps(record) + "\n")


def _think_time(value: str) -> str:
    """'MIN,MAX' seconds, checked before the setup's minutes are spent (locust would fail only after them)."""
    try:
        low, high = (float(part) for part in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r}: give two numbers of seconds, 'MIN,MAX'") from None
    if not 0 <= low <= high:
        raise argparse.ArgumentTypeError(f"{value!r}: MIN and MAX need 0 <= MIN <= MAX")
    return f"{low:g},{high:g}"


def _wait_until_idle(broker: str, timeout: float = 600) -> None:
    """Until the worker has finished what the setup queued (stance suggestions follow the evidence), so the
    reviewers are measured against the work they cause, not the setup's."""
    import redis
    from django.conf import settings

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    connection = redis.Redis.from_url(broker)
    deadline = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < deadline:
        busy = connection.llen(queue) + connection.hlen("unacked")
        quiet = quiet + 1 if busy == 0 else 0
        if quiet >= 3:
            return
        time.sleep(2)
    print("the worker was still busy after 10 minutes; measuring anyway", flush=True)


def _part(process) -> str:
    name = process.name()
    command = " ".join(process.cmdline()[:4])
    if "gunicorn" in command:
        return "gunicorn"
    if "celery" in command:
        return "celery"
    if name.startswith("postgres"):
        return "postgres"
    if name == "java":
        return "elasticsearch"
    if name.startswith("redis"):
        return "redis"
    return "other"


def cpu_by_part() -> dict[int, tuple[str, float]]:
    """CPU seconds (user + system) each running process has used so far, with the part it belongs to."""
    import psutil

    seen = {}
    for process in psutil.process_iter():
        try:
            times = process.cpu_times()
            seen[process.pid] = (_part(process), times.user + times.system)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return seen


def cores_used(before: dict, after: dict, seconds: float) -> dict[str, float]:
    """Cores each part kept busy over the run (a process that ended during it is not counted)."""
    used: dict[str, float] = {}
    for pid, (part, cpu) in after.items():
        start = before.get(pid, (part, 0.0))[1]
        used[part] = used.get(part, 0.0) + max(0.0, cpu - start) / seconds
    return used


def report(stats: Path, args, cores: dict[str, float] | None = None, *, log_start: int = 0) -> int:
    rows = list(csv.DictReader(stats.open()))
    print(
        f"\n{args.users} reviewers, {args.minutes:g} min, gunicorn {args.gunicorn_workers} workers, PostgreSQL, "
        f"1 Celery worker, Elasticsearch; {os.cpu_count()} CPU cores (locust on the same machine); "
        f"{args.think.replace(',', '-')} s between a reviewer's actions"
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
    if cores:
        busy = ", ".join(
            f"{part} {value:.2f}" for part, value in sorted(cores.items(), key=lambda kv: -kv[1])
        )
        print(f"\ncores busy during the run (of {os.cpu_count()}): {busy}; total {sum(cores.values()):.2f}")
    statuses = answers_by_status(stats.parent / "gunicorn.log", start=log_start)
    if statuses:
        print("\nthe server's answers: " + ", ".join(f"{code} {n}" for code, n in sorted(statuses.items())))
        if statuses.get("409"):
            print(
                f"  409: decisions refused with the reason shown ({statuses['409']}): an editor approving a verdict "
                "another editor had decided on a moment before, or a save that would overwrite a newer one"
            )
        # A server error is an error even where the client was told to take the answer.
        failures = max(failures, sum(n for code, n in statuses.items() if code.startswith("5")))
    print(f"\nerrors {failures}; worst p95 {worst:.0f} ms (goal: 0 errors, p95 <= 300 ms per page)")
    print("baseline: 'login page' (the sign-in form: a session and a template, no claim read)")
    return 0 if failures == 0 and worst <= 300 else 1


def answers_by_status(access_log: Path, *, start: int = 0) -> Counter:
    """How many answers of each HTTP status gunicorn's access log records from byte `start` on (the run's,
    not the setup's readiness checks)."""
    if not access_log.exists():
        return Counter()
    with access_log.open("rb") as handle:
        handle.seek(start)
        text = handle.read().decode(errors="replace")
    return Counter(re.findall(r'" (\d{3}) \d+ms$', text, re.M))


if __name__ == "__main__":
    sys.exit(main())
