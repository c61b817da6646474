"""Assigning, releasing and dismissing claims in the services: who may give a claim to whom, and who hears of it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from claims import services
from claims.models import ClaimStatus, Notification
from tests.factories import ClaimFactory, UserFactory


def test_claim_take_from_the_workspace_records_when(fact_checker):
    claim = ClaimFactory()
    services.claim_take(claim=claim, user=fact_checker)
    claim.refresh_from_db()
    assert claim.assigned_at is not None


@pytest.mark.permissions
def test_fact_checker_cannot_give_a_free_claim_to_someone_else(fact_checker):
    claim = ClaimFactory()
    with pytest.raises(PermissionDenied):
        services.claim_assign(claim=claim, user=fact_checker, assignee=UserFactory(role="Fact-checker"))


def test_nobody_is_notified_of_their_own_assignment(fact_checker):
    services.claim_assign(claim=ClaimFactory(), user=fact_checker, assignee=fact_checker)
    assert not Notification.objects.exists()


def test_claims_cannot_go_to_someone_without_a_role(editor):
    with pytest.raises(services.WorkflowError):
        services.claim_assign(claim=ClaimFactory(), user=editor, assignee=UserFactory())


def test_submitted_claims_cannot_be_dismissed(fact_checker):
    with pytest.raises(services.WorkflowError):
        services.claims_dismiss(
            claims=[ClaimFactory(status=ClaimStatus.SUBMITTED)], user=fact_checker, reason="dup"
        )
