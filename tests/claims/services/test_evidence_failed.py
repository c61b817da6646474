"""A claim whose evidence search keeps failing ends visibly FAILED, with the reason, and the sweeper leaves it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from claims import tasks
from claims.models import EvidenceStatus
from claims.selectors.claims import claims_waiting_for_evidence
from search.backends import SearchUnavailable
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _worker_task(retries: int):
    """What a worker's task sees of itself: not eager, on its nth retry; retry() raises like Celery's."""

    class Retry(Exception):
        pass

    def retry(exc, countdown):
        return Retry(countdown)

    return SimpleNamespace(request=SimpleNamespace(is_eager=False, retries=retries), retry=retry), Retry


def test_a_search_that_fails_after_every_retry_shows_failed_with_its_reason(
    client, fact_checker, settings, monkeypatch
):
    claim = ClaimFactory(evidence_status=EvidenceStatus.PENDING)

    def down(**kwargs):
        raise SearchUnavailable("Elasticsearch at 127.0.0.1:9200 refused the connection")

    monkeypatch.setattr(tasks, "evidence_find", down)
    task, retry = _worker_task(retries=settings.WORKBENCH["EVIDENCE_RETRY_MAX"] - 1)
    with pytest.raises(retry):
        tasks._find(task, [claim.id])
    claim.refresh_from_db()
    assert claim.evidence_status == EvidenceStatus.PENDING, "a retry is still to come"

    task, _ = _worker_task(retries=settings.WORKBENCH["EVIDENCE_RETRY_MAX"])
    assert tasks._find(task, [claim.id]) == 0
    claim.refresh_from_db()
    assert claim.evidence_status == EvidenceStatus.FAILED
    assert "refused the connection" in claim.evidence_error

    client.force_login(fact_checker)
    page = client.get(reverse("claims:claim", args=[claim.id])).content.decode()
    assert "Search failed" in page and "refused the connection" in page
    settings.WORKBENCH = {**settings.WORKBENCH, "SWEEP_PENDING_AFTER_SECONDS": -60}
    assert claim.id not in claims_waiting_for_evidence()
