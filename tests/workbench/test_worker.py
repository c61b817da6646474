"""A real Celery worker process consuming from Redis completes the evidence search end to end."""

import time
import uuid

import pytest

from claims import services
from claims.models import Claim, EvidenceCandidate, EvidenceStatus
from search.backends import get_backend, reset_backend_cache
from tests.conftest import index_documents
from tests.factories import DocumentFactory, SourceFactory, UserFactory
from tests.workers import start_worker, stop_worker
from workbench.celery import app

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


@pytest.fixture
def worker(transactional_db, tmp_path):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "worker.log"
    process = start_worker(queue, log)
    old = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    try:
        yield process, log
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = old
        stop_worker(process)


def test_worker_process_attaches_evidence_after_commit(worker):
    process, log = worker
    reset_backend_cache()
    backend = get_backend()
    backend.reset()
    source = SourceFactory(name="Labour Statistics", kind="statistics", reliability=0.9)
    DocumentFactory(
        source=source,
        title="Labour market: March",
        url="https://stats.example.org/labour/march",
        body="Unemployment fell to 3.9 percent in March, the statistics office said.",
    )
    index_documents()  # synchronously: this test is about the evidence task on the worker

    user = UserFactory(role="Fact-checker")
    result = services.article_ingest(
        text="Jobs report\n\nUnemployment fell to 3.5% in March, the labour minister said on Friday.",
        submitted_by=user,
    )
    claim_ids = [c.id for c in result.claims]
    assert claim_ids
    deadline = time.time() + 90
    while time.time() < deadline:
        if not Claim.objects.filter(id__in=claim_ids).exclude(evidence_status=EvidenceStatus.DONE).exists():
            break
        assert process.poll() is None, log.read_text()
        time.sleep(0.5)
    else:
        pytest.fail("worker did not finish the evidence search in 90 s:\n" + log.read_text()[-3000:])
    candidate = EvidenceCandidate.objects.filter(claim_id__in=claim_ids).order_by("rank").first()
    assert candidate and candidate.document.url == "https://stats.example.org/labour/march"
    assert "claims.tasks.find_evidence" in log.read_text() and "succeeded" in log.read_text()
