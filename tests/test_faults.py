"""Faults survived on the real services: Elasticsearch or Redis stopped, a worker killed mid-task.

These stop and restart real services, so they run last (see conftest) and need REQUIRE_SERVICES' services.
"""

import os
import re
import signal
import uuid
from pathlib import Path

import pytest

from claims import services
from claims.models import Claim, ClusterMembership, EvidenceCandidate, EvidenceStatus
from claims.tasks import sweep_claims_waiting_for_evidence
from search.backends import get_backend, get_claim_backend, reset_backend_cache
from tests.conftest import index_documents
from tests.factories import DocumentFactory, SourceFactory, UserFactory
from tests.paths import SERVICES
from tests.workers import services as service
from tests.workers import start_worker, stop_worker, wait_for
from workbench.celery import app

pytestmark = [pytest.mark.faults, pytest.mark.postgres, pytest.mark.redis, pytest.mark.elasticsearch]

ARTICLE = (
    "Jobs and prices\n\n"
    "Unemployment fell to 3.5% in March, the labour minister said on Friday. "
    "Inflation reached 7.1% in June, the highest rate since 1992, the statistics office said. "
    "Exports rose 12% to $4.5 billion in March, the trade ministry said."
)


@pytest.fixture
def corpus(transactional_db, settings):
    settings.SEARCH_BACKEND = {
        **settings.SEARCH_BACKEND,
        "BACKEND": "elasticsearch",
        "URL": settings.ELASTICSEARCH_URL,
        "TIMEOUT": 5,
    }
    reset_backend_cache()
    get_backend().reset()
    get_claim_backend().reset()
    source = SourceFactory(name="Statistics Office", kind="statistics", reliability=0.9)
    for title, body in [
        ("Labour market: March", "Unemployment fell to 3.9 percent in March, the statistics office said."),
        ("Consumer prices: June", "Inflation reached 7.1 percent in June, the highest since 1992."),
        ("Trade: March", "Exports rose 12 percent in March to 4.5 billion dollars."),
    ]:
        DocumentFactory(source=source, title=title, body=body)
    index_documents()
    yield
    reset_backend_cache()


@pytest.fixture
def real_tasks():
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    old = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    yield queue
    app.conf.task_always_eager, app.conf.task_default_queue = old


def task_ids(log: Path, event: str) -> set[str]:
    """Ids of evidence tasks the worker log says were `received` or `succeeded`."""
    return set(re.findall(r"find_evidence\[([0-9a-f-]{36})\] " + event, log.read_text()))


def all_done(claim_ids):
    return lambda: (
        not Claim.objects.filter(id__in=claim_ids).exclude(evidence_status=EvidenceStatus.DONE).exists()
    )


def all_clustered(claim_ids):
    return lambda: ClusterMembership.objects.filter(claim_id__in=claim_ids).count() == len(claim_ids)


def assert_no_duplicate_candidates(claim_ids):
    for claim_id in claim_ids:
        ranks = list(EvidenceCandidate.objects.filter(claim_id=claim_id).values_list("rank", flat=True))
        documents = list(
            EvidenceCandidate.objects.filter(claim_id=claim_id).values_list("document_id", flat=True)
        )
        assert ranks == sorted(set(ranks)) and len(documents) == len(set(documents)) and ranks


def test_healthz_turns_503_while_elasticsearch_is_stopped(client, transactional_db, settings):
    settings.SEARCH_BACKEND = {
        **settings.SEARCH_BACKEND,
        "BACKEND": "elasticsearch",
        "URL": settings.ELASTICSEARCH_URL,
        "TIMEOUT": 2,
    }
    reset_backend_cache()
    service("stop", "elasticsearch")
    try:
        down = client.get("/healthz")
    finally:
        service("start", "elasticsearch")
    assert down.status_code == 503 and down.json()["search"]["ok"] is False
    assert client.get("/healthz").status_code == 200
    reset_backend_cache()


def test_claims_wait_while_elasticsearch_is_down_and_complete_when_it_is_back(corpus, real_tasks, tmp_path):
    worker = start_worker(
        real_tasks, tmp_path / "worker.log", ELASTICSEARCH_TIMEOUT=2, EVIDENCE_RETRY_BACKOFF_MAX=8
    )
    try:
        service("stop", "elasticsearch")
        try:
            result = services.article_ingest(text=ARTICLE, submitted_by=UserFactory(role="Fact-checker"))
            claim_ids = [c.id for c in result.claims]
            assert len(claim_ids) >= 3
            wait_for(
                lambda: "Retry in" in (tmp_path / "worker.log").read_text(),
                timeout=60,
                message="tasks should retry",
            )
            assert not Claim.objects.filter(id__in=claim_ids, evidence_status=EvidenceStatus.DONE).exists()
            assert Claim.objects.filter(id__in=claim_ids).count() == len(claim_ids)
        finally:
            service("start", "elasticsearch")
        wait_for(
            all_done(claim_ids), timeout=120, message="claims should complete once Elasticsearch is back"
        )
        assert_no_duplicate_candidates(claim_ids)
        wait_for(all_clustered(claim_ids), timeout=120, message="claims should be clustered once it is back")
    finally:
        stop_worker(worker)


def test_article_saved_while_the_broker_is_down_is_searched_by_the_sweeper(
    corpus, real_tasks, tmp_path, settings
):
    settings.WORKBENCH = {**settings.WORKBENCH, "SWEEP_PENDING_AFTER_SECONDS": 0}
    service("stop", "redis")
    try:
        result = services.article_ingest(text=ARTICLE, submitted_by=UserFactory(role="Fact-checker"))
    finally:
        service("start", "redis")
    claim_ids = [c.id for c in result.claims]
    assert claim_ids and set(
        Claim.objects.filter(id__in=claim_ids).values_list("evidence_status", flat=True)
    ) == {EvidenceStatus.PENDING}
    worker = start_worker(real_tasks, tmp_path / "worker.log")
    try:
        assert not ClusterMembership.objects.filter(claim_id__in=claim_ids).exists()  # its task was lost too
        assert sweep_claims_waiting_for_evidence() == len(claim_ids)
        wait_for(all_done(claim_ids), timeout=90, message="the sweeper's tasks should complete")
        assert_no_duplicate_candidates(claim_ids)
        wait_for(all_clustered(claim_ids), timeout=90, message="the sweeper should cluster them too")
    finally:
        stop_worker(worker)


def test_a_worker_killed_mid_task_has_its_task_run_again_without_duplicates(corpus, real_tasks, tmp_path):
    es_pid = int((SERVICES / "elasticsearch" / "run" / "elasticsearch.pid").read_text().strip())
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    first = start_worker(real_tasks, first_log, ELASTICSEARCH_TIMEOUT=60, CELERY_VISIBILITY_TIMEOUT=5)
    os.kill(es_pid, signal.SIGSTOP)  # the search hangs, so the worker is caught mid-task
    try:
        result = services.article_ingest(text=ARTICLE, submitted_by=UserFactory(role="Fact-checker"))
        claim_ids = [c.id for c in result.claims]
        wait_for(
            lambda: Claim.objects.filter(id__in=claim_ids, evidence_status=EvidenceStatus.SEARCHING).exists(),
            timeout=60,
            message="a task should be in flight",
        )
        first.kill()
        first.wait(timeout=30)
    finally:
        os.kill(es_pid, signal.SIGCONT)
    interrupted = task_ids(first_log, "received") - task_ids(first_log, "succeeded")
    assert interrupted, "the first worker was killed while it held a task"
    second = start_worker(real_tasks, second_log, CELERY_VISIBILITY_TIMEOUT=5)
    try:
        # The broker hands the killed task back once its visibility timeout (5 s) has passed, at the second
        # worker's next look for unacknowledged tasks (every 10 s; kombu's default was every 100 s). Its run
        # may come after the claim's work was re-queued and done, and must add nothing: duplicates are
        # checked after it.
        wait_for(
            lambda: all_done(claim_ids)() and interrupted <= task_ids(second_log, "succeeded"),
            timeout=60,
            message="the killed task should be handed back and run on the second worker within a minute",
        )
        assert_no_duplicate_candidates(claim_ids)
    finally:
        stop_worker(second)
