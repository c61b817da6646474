"""Reads of claims and articles for the people who check them; the same 404 for 'missing' and 'forbidden'."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.utils import timezone

from claims.models import (
    Article,
    AuditEvent,
    Claim,
    ClaimStatus,
    Comment,
    EvidenceCandidate,
    EvidenceMark,
    FactCheckMatch,
)
from claims.selectors.queue import people_who_check


def can_check(user) -> bool:
    return user.is_authenticated and user.has_perm("claims.check_claim")


def claim_get_for_user(*, user, claim_id: int) -> Claim:
    """The claim with what its workspace shows; the same 404 for 'missing' and 'forbidden'."""
    return _claim_or_404(
        user,
        Claim.objects.select_related(
            "article", "article__source", "assignee", "verdict", "verdict__author", "verdict__reviewer"
        ).prefetch_related(
            Prefetch(
                "candidates",
                queryset=EvidenceCandidate.objects.select_related("document", "document__source").order_by(
                    "rank"
                ),
            ),
            "verdict__citations",
            "evidence_marks",
            Prefetch(
                "fact_check_matches",
                queryset=FactCheckMatch.objects.exclude(status="rejected").select_related(
                    "document", "document__source", "decided_by"
                ),
            ),
        ),
        claim_id,
    )


def claim_get_for_change(*, user, claim_id: int) -> Claim:
    """The claim alone, for an action that changes it (the services read and lock what they need); the same
    404 as claim_get_for_user. Half the queries of the workspace's read."""
    return _claim_or_404(user, Claim.objects.select_related("assignee"), claim_id)


def claim_get_with_verdict(*, user, claim_id: int) -> Claim:
    """The claim with its article, holder and verdict, for a part of the workspace that shows the verdict (a
    partial update); the same 404 as claim_get_for_user."""
    return _claim_or_404(
        user,
        Claim.objects.select_related(
            "article", "assignee", "verdict", "verdict__author", "verdict__reviewer"
        ),
        claim_id,
    )


def candidate_get(*, claim: Claim, document_id: int) -> EvidenceCandidate | None:
    """The claim's candidate for one document, with its source, as the workspace shows it; None if the
    evidence search has since replaced it."""
    return (
        EvidenceCandidate.objects.select_related("document", "document__source")
        .filter(claim=claim, document_id=document_id)
        .first()
    )


def evidence_mark_get(*, claim: Claim, document_id: int) -> EvidenceMark | None:
    return (
        EvidenceMark.objects.select_related("reviewer").filter(claim=claim, document_id=document_id).first()
    )


def _claim_or_404(user, claims, claim_id: int) -> Claim:
    claim = claims.filter(id=claim_id).first() if can_check(user) else None
    if claim is None:
        raise Http404("No such claim.")
    return claim


def article_get_for_user(*, user, article_id: int) -> Article:
    if not can_check(user):
        raise Http404("No such article.")
    article = (
        Article.objects.select_related("source").prefetch_related("claims").filter(id=article_id).first()
    )
    if article is None:
        raise Http404("No such article.")
    return article


def evidence_marks_for_claim(*, claim: Claim):
    """The evidence the fact-checker marked, with each document's source and who marked it."""
    return EvidenceMark.objects.filter(claim=claim).select_related("document", "document__source", "reviewer")


def claim_comments(*, claim: Claim):
    """The claim's discussion, oldest first, each with its author and whom its @names told."""
    return Comment.objects.filter(claim=claim).select_related("author").prefetch_related("mentioned")


MENTIONABLE_SHOWN = 200


def people_to_mention(*, user) -> list[str]:
    """The usernames an @name in a comment tells (active people who check or review claims), not one's own;
    shown under the comment box, at most MENTIONABLE_SHOWN of them."""
    names = people_who_check().exclude(id=user.id).values_list("username", flat=True).distinct()
    return sorted(names.order_by("username")[:MENTIONABLE_SHOWN], key=str.lower)


def claim_history(*, claim: Claim, limit: int = 50):
    return AuditEvent.objects.filter(claim=claim).select_related("actor")[:limit]


def claims_for_user(
    *,
    user,
    status: str | None = None,
    claim_type: str | None = None,
    min_score: float | None = None,
    article_id: int | None = None,
):
    """The claim list of the API: the queue (open claims by default), filtered, in the queue's priority order
    (claims/priority.py: check-worthiness, recency, source reliability); empty for users without a role."""
    if not can_check(user):
        return Claim.objects.none()
    claims = Claim.objects.in_queue().select_related("article", "assignee")
    if status:
        claims = claims.filter(status=status)
    else:
        claims = claims.exclude(status=ClaimStatus.PUBLISHED)
    if claim_type:
        claims = claims.filter(claim_type=claim_type)
    if min_score is not None:
        claims = claims.filter(score__gte=min_score)
    if article_id is not None:
        claims = claims.filter(article_id=article_id)
    return claims.by_priority()


def claims_waiting_for_stance_hints(*, first: int, limit: int = 1000) -> list[int]:
    """Claims searched in the last day, a while ago, whose `first` candidates still wait for stance hints
    (the broker or a worker was down when the evidence task queued them), for the sweeper."""
    now = timezone.now()
    older_than = now - timezone.timedelta(seconds=settings.WORKBENCH["SWEEP_PENDING_AFTER_SECONDS"])
    unhinted = EvidenceCandidate.objects.filter(claim_id=OuterRef("id"), rank__lte=first, stance="")
    return list(
        Claim.objects.filter(
            evidence_searched_at__lt=older_than, evidence_searched_at__gte=now - timezone.timedelta(days=1)
        )
        .filter(Exists(unhinted))
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )


def claims_waiting_for_cluster(*, limit: int = 1000) -> list[int]:
    """Claims of the last week, a while old, in no cluster (the broker, a worker or search was down when they
    arrived), oldest first, for the sweeper; dismissed claims are left alone."""
    now = timezone.now()
    older_than = now - timezone.timedelta(seconds=settings.WORKBENCH["SWEEP_PENDING_AFTER_SECONDS"])
    return list(
        Claim.objects.filter(
            created_at__lt=older_than,
            created_at__gte=now - timezone.timedelta(days=7),
            cluster_membership__isnull=True,
        )
        .exclude(status=ClaimStatus.DISMISSED)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )


def claims_waiting_for_evidence(*, limit: int = 1000) -> list[int]:
    """Claims whose evidence search never ran or never finished (broker or worker down), for the sweeper;
    dismissed claims and duplicates are left alone (Claim.objects.waiting_for_evidence)."""
    older_than = timezone.now() - timezone.timedelta(
        seconds=settings.WORKBENCH["SWEEP_PENDING_AFTER_SECONDS"]
    )
    return list(
        Claim.objects.waiting_for_evidence(older_than=older_than)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
