"""The evidence sweeper re-queues claims still waiting for their search, and never dismissed or duplicate ones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import ClaimStatus, EvidenceStatus
from claims.selectors.claims import claims_waiting_for_evidence
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_ago(settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "SWEEP_PENDING_AFTER_SECONDS": 120}
    return timezone.now() - timedelta(seconds=600)


def test_a_pending_claim_is_requeued_but_a_dismissed_one_and_a_duplicate_are_not(long_ago):
    pending = ClaimFactory(evidence_status=EvidenceStatus.PENDING, evidence_requested_at=long_ago)
    searching = ClaimFactory(evidence_status=EvidenceStatus.SEARCHING, evidence_requested_at=long_ago)
    dismissed = ClaimFactory(
        status=ClaimStatus.DISMISSED,
        dismissed_reason="Opinion, not checkable",
        evidence_status=EvidenceStatus.PENDING,
        evidence_requested_at=long_ago,
    )
    duplicate = ClaimFactory(
        duplicate_of=pending, evidence_status=EvidenceStatus.PENDING, evidence_requested_at=long_ago
    )

    waiting = claims_waiting_for_evidence()

    assert pending.id in waiting and searching.id in waiting
    assert dismissed.id not in waiting
    assert duplicate.id not in waiting


def test_a_claim_asked_for_recently_or_already_searched_waits_for_its_own_task(long_ago):
    recent = ClaimFactory(evidence_status=EvidenceStatus.PENDING, evidence_requested_at=timezone.now())
    done = ClaimFactory(evidence_status=EvidenceStatus.DONE, evidence_requested_at=long_ago)

    waiting = claims_waiting_for_evidence()

    assert recent.id not in waiting and done.id not in waiting
