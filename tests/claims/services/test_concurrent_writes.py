"""50 people at once on PostgreSQL: conflicting saves, submits and approvals lose nothing and duplicate nothing."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from claims import services
from claims.models import ClaimStatus, ClaimStatusChange, Verdict, VerdictRevision, VerdictStatus
from tests.factories import ClaimFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _all_at_once(work, count: int) -> Counter:
    """Run `work(i)` on `count` threads released together, each on its own database connection; count outcomes."""
    start, outcomes, lock = threading.Barrier(count), Counter(), threading.Lock()

    def run(i):
        try:
            start.wait()
            outcome = work(i)
        except services.VerdictConflict:
            outcome = "conflict"
        except (services.WorkflowError, PermissionDenied) as exc:
            outcome = type(exc).__name__
        finally:
            connection.close()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return outcomes


def test_fifty_saves_from_the_same_version_keep_exactly_one_and_lose_no_revision():
    holder = UserFactory(role="Fact-checker")
    claim = ClaimFactory()
    verdict = services.verdict_save(claim=claim, user=holder, rating="false", explanation="v1", version=None)
    loaded = verdict.version

    def save(i):
        services.verdict_save(
            claim=claim, user=holder, rating="false", explanation=f"tab {i}", version=loaded
        )
        return "saved"

    outcomes = _all_at_once(save, 50)
    assert outcomes == Counter(saved=1, conflict=49)
    verdict.refresh_from_db()
    assert verdict.version == loaded + 1 and verdict.explanation.startswith("tab ")
    saved = VerdictRevision.objects.filter(verdict=verdict, note="saved")
    assert saved.count() == 2 and saved.latest("id").explanation == verdict.explanation


def test_fifty_people_racing_for_an_unheld_claim_leave_one_holder_and_one_draft():
    claim = ClaimFactory()
    people = [UserFactory(role="Fact-checker") for _ in range(50)]

    def first_draft(i):
        services.verdict_save(claim=claim, user=people[i], rating="true", explanation=f"by {i}", version=None)
        return "saved"

    outcomes = _all_at_once(first_draft, 50)
    assert outcomes["saved"] == 1 and sum(outcomes.values()) == 50
    assert set(outcomes) <= {"saved", "ClaimHeld", "conflict"}
    claim.refresh_from_db()
    verdict = Verdict.objects.get(claim=claim)
    assert claim.assignee == verdict.author and verdict.explanation == f"by {people.index(verdict.author)}"
    assert ClaimStatusChange.objects.filter(claim=claim, to_status=ClaimStatus.IN_PROGRESS).count() == 1


def test_concurrent_submits_and_approvals_publish_once():
    holder, editors = UserFactory(role="Fact-checker"), [UserFactory(role="Editor") for _ in range(25)]
    claim = ClaimFactory()
    verdict = services.verdict_save(
        claim=claim, user=holder, rating="false", explanation="Because.", version=None
    )
    services.citation_add(verdict=verdict, user=holder, url="https://stats.example.org/race")

    def submit(i):
        services.verdict_submit(verdict=verdict, user=holder)
        return "submitted"

    assert _all_at_once(submit, 25) == Counter(submitted=1, WorkflowError=24)

    def approve(i):
        services.verdict_approve(verdict=verdict, editor=editors[i])
        return "approved"

    assert _all_at_once(approve, 25) == Counter(approved=1, WorkflowError=24)
    verdict.refresh_from_db()
    assert verdict.status == VerdictStatus.PUBLISHED
    assert VerdictRevision.objects.filter(verdict=verdict, note="approved and published").count() == 1
    moves = ClaimStatusChange.objects.filter(claim=claim).values_list("to_status", flat=True)
    assert list(moves).count(ClaimStatus.PUBLISHED) == 1 and list(moves).count(ClaimStatus.SUBMITTED) == 1
