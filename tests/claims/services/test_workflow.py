"""Verdicts: drafts, citations, submission, editorial approval or return, and conflicts."""

import pytest
from django.core.exceptions import PermissionDenied

from claims import services
from claims.models import AuditEvent, ClaimStatus, VerdictStatus
from tests.factories import ClaimFactory, UserFactory


@pytest.fixture
def claim(db):
    return ClaimFactory()


def draft_with_citation(claim, user):
    verdict = services.verdict_save(
        claim=claim, user=user, rating="false", explanation="The figure was 3.9%.", version=None
    )
    services.citation_add(verdict=verdict, user=user, url="https://stats.example.org/r", quote="3.9%")
    return verdict


def test_fact_checker_drafts_submits_and_editor_publishes(claim, fact_checker, editor):
    verdict = draft_with_citation(claim, fact_checker)
    services.verdict_submit(verdict=verdict, user=fact_checker)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    services.verdict_approve(verdict=verdict, editor=editor)
    verdict.refresh_from_db()
    claim.refresh_from_db()
    assert verdict.status == VerdictStatus.PUBLISHED and verdict.published_at and verdict.reviewer == editor
    assert claim.status == ClaimStatus.PUBLISHED
    actions = list(AuditEvent.objects.filter(claim=claim).values_list("action", flat=True))
    assert {"verdict.saved", "citation.added", "verdict.submitted", "verdict.published"} <= set(actions)


def test_submission_needs_rating_explanation_and_a_citation(claim, fact_checker):
    verdict = services.verdict_save(claim=claim, user=fact_checker, rating="", explanation="", version=None)
    with pytest.raises(services.WorkflowError, match="a rating, an explanation, at least one citation"):
        services.verdict_submit(verdict=verdict, user=fact_checker)


def test_editor_returns_with_comment_and_fact_checker_revises(claim, fact_checker, editor):
    verdict = draft_with_citation(claim, fact_checker)
    services.verdict_submit(verdict=verdict, user=fact_checker)
    with pytest.raises(services.WorkflowError):
        services.verdict_return(verdict=verdict, editor=editor, comment="  ")
    services.verdict_return(verdict=verdict, editor=editor, comment="Cite the March release itself.")
    verdict.refresh_from_db()
    assert (
        verdict.status == VerdictStatus.RETURNED
        and verdict.review_comment == "Cite the March release itself."
    )
    revised = services.verdict_save(
        claim=claim, user=fact_checker, rating="false", explanation="Revised.", version=verdict.version
    )
    assert revised.status == VerdictStatus.DRAFT
    services.verdict_submit(verdict=revised, user=fact_checker)
    services.verdict_approve(verdict=revised, editor=editor)


def test_nobody_approves_their_own_verdict(claim):
    editor_author = UserFactory(role="Editor")
    verdict = draft_with_citation(claim, editor_author)
    services.verdict_submit(verdict=verdict, user=editor_author)
    with pytest.raises(PermissionDenied):
        services.verdict_approve(verdict=verdict, editor=editor_author)


def test_a_fact_checker_cannot_approve(claim, fact_checker):
    author = UserFactory(role="Fact-checker")
    verdict = draft_with_citation(claim, author)
    services.verdict_submit(verdict=verdict, user=author)
    with pytest.raises(PermissionDenied):
        services.verdict_approve(verdict=verdict, editor=fact_checker)


def test_two_people_saving_the_same_verdict_get_a_conflict_not_an_overwrite(claim, fact_checker):
    other = UserFactory(role="Fact-checker")
    verdict = services.verdict_save(
        claim=claim, user=fact_checker, rating="false", explanation="First.", version=None
    )
    opened_version = verdict.version
    services.claim_release(claim=claim, user=fact_checker)  # only the claim's holder saves its verdict
    services.verdict_save(
        claim=claim, user=other, rating="true", explanation="Second.", version=opened_version
    )
    services.claim_release(claim=claim, user=other)
    with pytest.raises(services.VerdictConflict):
        services.verdict_save(
            claim=claim, user=fact_checker, rating="false", explanation="Stale.", version=opened_version
        )
    verdict.refresh_from_db()
    assert verdict.explanation == "Second."


def test_claim_lock_stops_a_second_fact_checker(claim, fact_checker):
    services.claim_take(claim=claim, user=fact_checker)
    with pytest.raises(services.WorkflowError, match="already working"):
        services.claim_take(claim=claim, user=UserFactory(role="Fact-checker"))


def test_published_verdict_becomes_a_searchable_fact_check_and_follows_corrections(
    claim, fact_checker, editor, embedded_backend, django_capture_on_commit_callbacks
):
    from search.backends import EvidenceQuery, get_backend

    verdict = draft_with_citation(claim, fact_checker)
    services.verdict_submit(verdict=verdict, user=fact_checker)
    with django_capture_on_commit_callbacks(execute=True):
        services.verdict_approve(verdict=verdict, editor=editor)
    verdict.refresh_from_db()
    assert verdict.document and verdict.document.source.kind == "fact_checker"
    assert verdict.document.url.endswith(f"/fact-checks/{verdict.id}/")
    hits = get_backend().search(EvidenceQuery(text=claim.text, size=3))
    assert hits[0].document_id == verdict.document_id
    second_editor = UserFactory(role="Editor")  # a correction is proposed by one editor, applied by another
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.verdict_correct(
            verdict=verdict, editor=editor, explanation="The March figure was revised.", rating="mostly-false"
        )
        services.correction_approve(correction=proposal, editor=second_editor)
    verdict.refresh_from_db()
    assert "Mostly false" in verdict.document.body and verdict.corrections.get().previous_rating == "false"
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.verdict_retract(
            verdict=verdict, editor=editor, explanation="The source was withdrawn."
        )
        services.correction_approve(correction=proposal, editor=second_editor)
    verdict.refresh_from_db()
    assert verdict.status == VerdictStatus.RETRACTED and verdict.document is None
    assert verdict.id not in [
        h.document_id for h in get_backend().search(EvidenceQuery(text=claim.text, size=3))
    ]
