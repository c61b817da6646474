"""A fact-check's record holds: the holder alone changes a claim's work, four eyes on every decision, no lost
draft, a frozen published claim, and every status move recorded (issue 13's attacks, each as a test)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from claims import services
from claims.models import ClaimStatus, ClaimStatusChange, Stance, Verdict, VerdictCorrection, VerdictStatus
from tests.factories import ClaimFactory, DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _draft(claim, user, *, version=None):
    verdict = services.verdict_save(
        claim=claim, user=user, rating="false", explanation="Because.", version=version
    )
    services.citation_add(verdict=verdict, user=user, url="https://stats.example.org/t1")
    return Verdict.objects.get(id=verdict.id)


def _published(claim, fact_checker, editor):
    verdict = _draft(claim, fact_checker)
    services.verdict_submit(verdict=verdict, user=fact_checker)
    services.verdict_approve(verdict=verdict, editor=editor)
    return Verdict.objects.get(id=verdict.id)


# -- holding -------------------------------------------------------------------------------------------------


def test_only_the_holder_changes_a_claims_verdict_citations_marks_and_wording(fact_checker):
    claim = ClaimFactory()
    verdict = _draft(claim, fact_checker)  # saving an unheld claim takes it
    claim.refresh_from_db()
    assert claim.assignee == fact_checker
    other = UserFactory(role="Fact-checker")
    citation = verdict.citations.get()
    attempts = [
        lambda: services.verdict_save(
            claim=claim, user=other, rating="true", explanation="Mine.", version=verdict.version
        ),
        lambda: services.citation_add(verdict=verdict, user=other, url="https://b.example.org/"),
        lambda: services.citation_remove(citation=citation, user=other),
        lambda: services.verdict_submit(verdict=verdict, user=other),
        lambda: services.evidence_mark(
            claim=claim, user=other, document=DocumentFactory(), stance=Stance.SUPPORTS
        ),
        lambda: services.claim_edit(claim=claim, user=other, text="Reworded by someone else."),
        lambda: services.claim_split(claim=claim, user=other, at=5),
    ]
    for attempt in attempts:
        with pytest.raises(services.ClaimHeld, match="holds claim"):
            attempt()
    verdict.refresh_from_db()
    assert (verdict.rating, verdict.explanation, verdict.citations.count()) == ("false", "Because.", 1)


def test_an_editor_taking_a_claim_over_is_recorded_and_the_holder_is_told(fact_checker, editor):
    claim = ClaimFactory()
    services.claim_take(claim=claim, user=fact_checker)
    services.claim_assign(claim=claim, user=editor, assignee=editor)
    claim.refresh_from_db()
    assert claim.assignee == editor
    assert fact_checker.notifications.filter(kind="unassigned", claim=claim).exists()
    services.verdict_save(claim=claim, user=editor, rating="true", explanation="Taken over.", version=None)


def test_a_published_claim_is_frozen(fact_checker, editor):
    claim = ClaimFactory()
    _published(claim, fact_checker, editor)
    claim.refresh_from_db()
    for attempt in (
        lambda: services.evidence_mark(
            claim=claim, user=fact_checker, document=DocumentFactory(), stance="supports"
        ),
        lambda: services.evidence_request(claim=claim, user=fact_checker),
        lambda: services.claim_edit(claim=claim, user=fact_checker, text="Changed after publication."),
    ):
        with pytest.raises(services.WorkflowError, match="correction|cannot be reworded"):
            attempt()


# -- no lost updates --------------------------------------------------------------------------------------------


def test_a_second_first_draft_without_the_version_is_a_conflict_not_an_overwrite(fact_checker):
    claim = ClaimFactory()
    services.verdict_save(claim=claim, user=fact_checker, rating="false", explanation="First.", version=None)
    with pytest.raises(services.VerdictConflict):
        services.verdict_save(
            claim=claim, user=fact_checker, rating="true", explanation="Second.", version=None
        )
    assert Verdict.objects.get(claim=claim).explanation == "First."


# -- four eyes ------------------------------------------------------------------------------------------------


def test_an_editor_who_rewrote_a_draft_cannot_approve_or_return_it(fact_checker, editor):
    claim = ClaimFactory()
    verdict = _draft(claim, fact_checker)
    services.claim_assign(claim=claim, user=editor, assignee=editor)  # takes it over
    verdict = services.verdict_save(
        claim=claim, user=editor, rating="true", explanation="The editor's text.", version=verdict.version
    )
    services.verdict_submit(verdict=verdict, user=editor)
    assert verdict.author == fact_checker
    with pytest.raises(PermissionDenied, match="wrote part"):
        services.verdict_approve(verdict=verdict, editor=editor)
    with pytest.raises(PermissionDenied, match="wrote part"):
        services.verdict_return(verdict=verdict, editor=editor, comment="Looks fine to me.")
    services.verdict_approve(verdict=verdict, editor=UserFactory(role="Editor"))


def test_an_editor_who_only_added_a_citation_cannot_approve(fact_checker, editor):
    claim = ClaimFactory()
    verdict = _draft(claim, fact_checker)
    services.claim_assign(claim=claim, user=editor, assignee=editor)
    services.citation_add(verdict=verdict, user=editor, url="https://editor.example.org/source")
    services.verdict_submit(verdict=verdict, user=editor)
    with pytest.raises(PermissionDenied):
        services.verdict_approve(verdict=verdict, editor=editor)


def test_blind_review_is_blind_and_its_reviewer_does_not_approve(settings, fact_checker, editor):
    settings.WORKBENCH = {**settings.WORKBENCH, "BLIND_SECOND_REVIEW": True}
    claim = ClaimFactory()
    verdict = _draft(claim, fact_checker)
    services.verdict_submit(verdict=verdict, user=fact_checker)
    verdict.refresh_from_db()
    second = UserFactory(role="Fact-checker")
    assert (
        verdict.hidden_from(second) and verdict.hidden_from(editor) and not verdict.hidden_from(fact_checker)
    )
    with pytest.raises(PermissionDenied):
        services.blind_review_submit(verdict=verdict, user=fact_checker, rating="false")
    services.blind_review_submit(verdict=verdict, user=editor, rating="false")
    assert not verdict.hidden_from(second)
    with pytest.raises(PermissionDenied, match="rated this verdict blind"):
        services.verdict_approve(verdict=verdict, editor=editor)
    services.verdict_approve(verdict=verdict, editor=UserFactory(role="Editor"))


def test_a_correction_needs_a_second_editor_who_wrote_none_of_it(fact_checker, editor):
    claim = ClaimFactory()
    verdict = _published(claim, fact_checker, editor)
    correction = services.verdict_correct(
        verdict=verdict, editor=editor, explanation="The March figure was revised.", rating="mostly-false"
    )
    verdict.refresh_from_db()
    assert correction.status == VerdictCorrection.Status.PROPOSED and verdict.rating == "false"
    with pytest.raises(PermissionDenied, match="proposed"):
        services.correction_approve(correction=correction, editor=editor)
    services.correction_approve(correction=correction, editor=UserFactory(role="Editor"))
    verdict.refresh_from_db()
    assert verdict.rating == "mostly-false" and verdict.modified_at is not None
    retraction = services.verdict_retract(
        verdict=verdict, editor=editor, explanation="The source was withdrawn."
    )
    services.correction_reject(correction=retraction, editor=UserFactory(role="Editor"), reason="It stands.")
    verdict.refresh_from_db()
    assert verdict.status == VerdictStatus.PUBLISHED


# -- the state machine -------------------------------------------------------------------------------------------


def test_every_status_move_is_recorded_with_who_and_why(fact_checker, editor):
    claim = ClaimFactory()
    services.claim_take(claim=claim, user=fact_checker)
    verdict = _draft(claim, fact_checker)
    services.verdict_submit(verdict=verdict, user=fact_checker)
    services.verdict_return(verdict=verdict, editor=editor, comment="Cite the release itself.")
    verdict = _draft(claim, fact_checker, version=Verdict.objects.get(id=verdict.id).version)
    services.verdict_submit(verdict=verdict, user=fact_checker)
    services.verdict_approve(verdict=verdict, editor=editor)
    moves = list(
        ClaimStatusChange.objects.filter(claim=claim).values_list("from_status", "to_status", "actor")
    )
    assert moves == [
        (ClaimStatus.QUEUED, ClaimStatus.IN_PROGRESS, fact_checker.id),
        (ClaimStatus.IN_PROGRESS, ClaimStatus.SUBMITTED, fact_checker.id),
        (ClaimStatus.SUBMITTED, ClaimStatus.RETURNED, editor.id),
        (ClaimStatus.RETURNED, ClaimStatus.IN_PROGRESS, fact_checker.id),
        (ClaimStatus.IN_PROGRESS, ClaimStatus.SUBMITTED, fact_checker.id),
        (ClaimStatus.SUBMITTED, ClaimStatus.PUBLISHED, editor.id),
    ]


def test_a_move_the_machine_does_not_allow_is_refused(fact_checker, editor):
    claim = ClaimFactory()
    _published(claim, fact_checker, editor)
    claim.refresh_from_db()
    with pytest.raises(services.WorkflowError, match="published"):
        services.claims_dismiss(claims=[claim], user=editor, reason="Not checkable")
