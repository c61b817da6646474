"""Structured evidence, verdict revisions and diffs, blind second review, notifications."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from claims import selectors, services
from claims.models import EvidenceMark, Notification, RelevanceJudgment, VerdictRevision
from tests.factories import ClaimFactory, EvidenceCandidateFactory, UserFactory


@pytest.fixture
def claim(db):
    return ClaimFactory()


def submitted(claim, author):
    verdict = services.verdict_save(
        claim=claim, user=author, rating="false", explanation="The office said 3.9%.", version=None
    )
    services.citation_add(verdict=verdict, user=author, url="https://stats.example.org/r")
    return services.verdict_submit(verdict=verdict, user=author)


def test_marking_evidence_records_stance_passage_and_a_relevance_judgment(claim, fact_checker):
    candidate = EvidenceCandidateFactory(
        claim=claim, document__body="Unemployment was 3.9% in March.", rank=2
    )
    services.evidence_mark(
        claim=claim, user=fact_checker, document=candidate.document, stance="refutes", note="Says 3.9%"
    )
    services.evidence_mark(claim=claim, user=fact_checker, document=candidate.document, stance="context")
    mark = EvidenceMark.objects.get()
    assert mark.stance == "context" and mark.passage == candidate.passage and mark.reviewer == fact_checker
    judgments = list(RelevanceJudgment.objects.order_by("id").values_list("label", "relevant", "rank"))
    assert judgments == [("refutes", True, 2), ("context", True, 2)]
    services.evidence_mark(claim=claim, user=fact_checker, document=candidate.document, stance="irrelevant")
    assert RelevanceJudgment.objects.latest("id").relevant is False


def test_mark_with_explicit_offsets_quotes_the_document_exactly(claim, fact_checker):
    candidate = EvidenceCandidateFactory(
        claim=claim, document__body="Intro. Unemployment was 3.9% in March. Outro."
    )
    mark = services.evidence_mark(
        claim=claim,
        user=fact_checker,
        document=candidate.document,
        stance="refutes",
        passage_start=7,
        passage_end=38,
    )
    assert mark.passage == "Unemployment was 3.9% in March."
    with pytest.raises(services.WorkflowError):
        services.evidence_mark(
            claim=claim,
            user=fact_checker,
            document=candidate.document,
            stance="refutes",
            passage_start=5,
            passage_end=5000,
        )


def test_every_save_is_a_revision_and_the_diff_shows_changes(claim, fact_checker, editor, client):
    verdict = submitted(claim, fact_checker)
    services.verdict_return(verdict=verdict, editor=editor, comment="Cite the release.")
    verdict.refresh_from_db()
    services.verdict_save(
        claim=claim,
        user=fact_checker,
        rating="mostly-false",
        explanation="The office said 3.9% in March.",
        version=verdict.version,
    )
    revisions = list(VerdictRevision.objects.filter(verdict=verdict).order_by("id"))
    assert [r.note.split(":")[0] for r in revisions] == ["saved", "submitted for review", "returned", "saved"]
    client.force_login(fact_checker)
    response = client.get(
        reverse("claims:verdict_diff", args=[verdict.id]) + f"?from={revisions[0].id}&to={revisions[-1].id}"
    )
    # The ratings by their names, as readers see them, not their codes.
    assert b"<ins>March.</ins>" in response.content and b"<del>False</del>" in response.content


def test_return_and_approval_notify_the_author(claim, fact_checker, editor):
    verdict = submitted(claim, fact_checker)
    services.verdict_return(verdict=verdict, editor=editor, comment="Add the source.")
    verdict.refresh_from_db()
    services.verdict_save(
        claim=claim, user=fact_checker, rating="false", explanation="Fixed.", version=verdict.version
    )
    services.verdict_submit(verdict=verdict, user=fact_checker)
    services.verdict_approve(verdict=verdict, editor=editor)
    kinds = list(
        Notification.objects.filter(recipient=fact_checker).order_by("id").values_list("kind", flat=True)
    )
    assert kinds == ["returned", "approved"]
    assert selectors.unread_notification_count(user=fact_checker) == 2
    services.notifications_mark_read(user=fact_checker)
    assert selectors.unread_notification_count(user=fact_checker) == 0


def test_blind_second_review_gates_approval_when_enabled(claim, fact_checker, editor, settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "BLIND_SECOND_REVIEW": True}
    verdict = submitted(claim, fact_checker)
    with pytest.raises(services.WorkflowError, match="blind"):
        services.verdict_approve(verdict=verdict, editor=editor)
    with pytest.raises(PermissionDenied):
        services.blind_review_submit(verdict=verdict, user=fact_checker, rating="false")
    second = UserFactory(role="Fact-checker")
    assert list(selectors.blind_review_candidates(user=second)) == [verdict]
    services.blind_review_submit(verdict=verdict, user=second, rating="mostly-false")
    assert list(selectors.blind_review_candidates(user=second)) == []
    services.verdict_approve(verdict=verdict, editor=editor)


def test_blind_review_page_never_shows_the_first_verdict(claim, fact_checker, client, settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "BLIND_SECOND_REVIEW": True}
    verdict = submitted(claim, fact_checker)
    second = UserFactory(role="Fact-checker")
    client.force_login(second)
    page = client.get(reverse("claims:blind_review", args=[verdict.id]))
    assert page.status_code == 200 and b"The office said 3.9%." not in page.content
