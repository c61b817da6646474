"""Permission-aware reads: the only way views get claims, articles and verdicts."""

from __future__ import annotations

import difflib

from django.conf import settings
from django.db.models import Count, Prefetch
from django.http import Http404

from .models import (
    Article,
    AuditEvent,
    Claim,
    ClaimStatus,
    EvidenceCandidate,
    FactCheckMatch,
    Notification,
    Verdict,
    VerdictRevision,
    VerdictStatus,
)


def _can_check(user) -> bool:
    return user.is_authenticated and user.has_perm("claims.check_claim")


def claim_get_for_user(*, user, claim_id: int) -> Claim:
    """The claim with what its workspace shows; the same 404 for 'missing' and 'forbidden'."""
    if not _can_check(user):
        raise Http404("No such claim.")
    claim = (
        Claim.objects.select_related(
            "article", "article__source", "assignee", "verdict", "verdict__author", "verdict__reviewer"
        )
        .prefetch_related(
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
        )
        .filter(id=claim_id)
        .first()
    )
    if claim is None:
        raise Http404("No such claim.")
    return claim


def article_get_for_user(*, user, article_id: int) -> Article:
    if not _can_check(user):
        raise Http404("No such article.")
    article = (
        Article.objects.select_related("source").prefetch_related("claims").filter(id=article_id).first()
    )
    if article is None:
        raise Http404("No such article.")
    return article


def verdicts_awaiting_review(*, user):
    if not user.has_perm("claims.review_verdict"):
        return Verdict.objects.none()
    return (
        Verdict.objects.filter(status=VerdictStatus.SUBMITTED)
        .select_related("claim", "claim__article", "author")
        .annotate(citation_count=Count("citations"))
        .order_by("submitted_at")
    )


def verdict_get_for_review(*, user, verdict_id: int) -> Verdict:
    if not user.has_perm("claims.review_verdict"):
        raise Http404("No such verdict.")
    verdict = (
        Verdict.objects.select_related("claim", "claim__article", "author", "reviewer")
        .prefetch_related("citations")
        .filter(id=verdict_id)
        .first()
    )
    if verdict is None:
        raise Http404("No such verdict.")
    return verdict


def published_verdicts():
    return (
        Verdict.objects.filter(status=VerdictStatus.PUBLISHED)
        .select_related("claim", "claim__article", "author", "reviewer")
        .order_by("-published_at")
    )


def published_verdict_get(*, verdict_id: int) -> Verdict:
    verdict = published_verdicts().prefetch_related("citations").filter(id=verdict_id).first()
    if verdict is None:
        raise Http404("No such fact-check.")
    return verdict


def claim_history(*, claim: Claim, limit: int = 50):
    return AuditEvent.objects.filter(claim=claim).select_related("actor")[:limit]


def rating_choices() -> list[tuple[str, str]]:
    return list(settings.WORKBENCH["VERDICT_RATINGS"])


def verdict_revisions(*, verdict: Verdict, limit: int = 30):
    return VerdictRevision.objects.filter(verdict=verdict).select_related("saved_by")[:limit]


def verdict_diff(*, user, verdict_id: int, older_id: int, newer_id: int) -> dict:
    """A word-level diff of two revisions of one verdict (rating, explanation, citations)."""
    if not user.has_perm("claims.check_claim"):
        raise Http404("No such verdict.")
    revisions = {
        r.id: r for r in VerdictRevision.objects.filter(verdict_id=verdict_id, id__in=[older_id, newer_id])
    }
    if older_id not in revisions or newer_id not in revisions:
        raise Http404("No such revision.")
    older, newer = revisions[older_id], revisions[newer_id]

    def words(revision):
        return revision.explanation.split()

    chunks = []
    for token in difflib.ndiff(words(older), words(newer)):
        tag, word = token[:1], token[2:]
        if tag in ("-", "+", " "):
            chunks.append(({"-": "removed", "+": "added", " ": "same"}[tag], word))
    older_urls = {c["url"] for c in older.citations}
    newer_urls = {c["url"] for c in newer.citations}
    return {
        "older": older,
        "newer": newer,
        "rating_changed": older.rating != newer.rating,
        "explanation": chunks,
        "citations_added": sorted(newer_urls - older_urls),
        "citations_removed": sorted(older_urls - newer_urls),
    }


def blind_review_candidates(*, user):
    """Submitted verdicts this fact-checker may rate blind: not their own, not yet rated by them."""
    if not user.has_perm("claims.check_claim"):
        return Verdict.objects.none()
    return (
        Verdict.objects.filter(status=VerdictStatus.SUBMITTED)
        .exclude(author=user)
        .exclude(blind_reviews__reviewer=user)
        .select_related("claim", "claim__article")
        .order_by("submitted_at")
    )


def blind_review_claim_for_user(*, user, verdict_id: int) -> Verdict:
    verdict = blind_review_candidates(user=user).filter(id=verdict_id).first()
    if verdict is None:
        raise Http404("Nothing to review here.")
    return verdict


def notifications_for_user(*, user, limit: int = 50):
    return Notification.objects.filter(recipient=user).select_related("claim")[:limit]


def unread_notification_count(*, user) -> int:
    return (
        Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        if user.is_authenticated
        else 0
    )


# -- public reads: only what readers may see (published or retracted fact-checks, never work in progress) --


def _public_base():
    return Verdict.objects.select_related(
        "claim", "claim__article", "claim__article__source"
    ).prefetch_related("citations", "corrections")


def public_verdicts():
    """Published fact-checks, newest first: what the ClaimReview list shows."""
    return _public_base().filter(status=VerdictStatus.PUBLISHED).order_by("-published_at", "-id")


def public_index_verdicts():
    """Published and retracted fact-checks for the public index; a retraction stays listed, marked."""
    return (
        _public_base()
        .filter(status__in=[VerdictStatus.PUBLISHED, VerdictStatus.RETRACTED])
        .order_by("-published_at", "-id")
    )


def public_feed_verdicts(*, limit: int = 50):
    """The most recently published or changed fact-checks (a correction or retraction moves one to the top)."""
    from django.db.models.functions import Coalesce

    return (
        _public_base()
        .filter(status__in=[VerdictStatus.PUBLISHED, VerdictStatus.RETRACTED])
        .annotate(changed_at=Coalesce("modified_at", "published_at"))
        .order_by("-changed_at", "-id")[:limit]
    )


def public_verdict_get(*, verdict_id: int) -> Verdict:
    """A published or retracted fact-check for its public page; anything else is the same 404 as missing."""
    verdict = (
        _public_base()
        .filter(id=verdict_id, status__in=[VerdictStatus.PUBLISHED, VerdictStatus.RETRACTED])
        .first()
    )
    if verdict is None:
        raise Http404("No such fact-check.")
    return verdict


# -- API reads ---------------------------------------------------------------------------------------------


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
    if not _can_check(user):
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


def verdict_get_for_user(*, user, verdict_id: int) -> Verdict:
    """A verdict for a fact-checker to work on (citations, submission); the same 404 for 'missing' and 'forbidden'."""
    if not _can_check(user):
        raise Http404("No such verdict.")
    verdict = (
        Verdict.objects.select_related("claim").prefetch_related("citations").filter(id=verdict_id).first()
    )
    if verdict is None:
        raise Http404("No such verdict.")
    return verdict
