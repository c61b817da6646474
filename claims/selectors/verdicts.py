"""Reads of verdicts at work: the editors' queue, revisions and their diffs, blind reviews, notifications."""

from __future__ import annotations

import difflib

from django.db.models import Count
from django.http import Http404

from claims.models import Citation, Notification, Verdict, VerdictCorrection, VerdictRevision, VerdictStatus
from claims.selectors.claims import can_check


def _submitted():
    return Verdict.objects.filter(status=VerdictStatus.SUBMITTED).order_by("submitted_at")


def verdicts_awaiting_review(*, user):
    """The submitted verdicts, longest-waiting first, each with its citation count and `written_by_me` (this
    editor wrote part of it, so another editor decides); none for those who do not review."""
    if not user.has_perm("claims.review_verdict"):
        return Verdict.objects.none()
    return (
        _submitted()
        .select_related("claim", "claim__article", "author")
        .annotate(citation_count=Count("citations"))
        .marking_written_by(user)
    )


def verdict_next_for_review(*, user, after: Verdict) -> Verdict | None:
    """The longest-waiting submitted verdict this editor wrote no part of, other than `after`: where an editor
    goes on once they have decided on one."""
    if not user.has_perm("claims.review_verdict"):
        return None
    return _submitted().select_related("claim", "author").not_written_by(user).exclude(id=after.id).first()


def reviews_waiting_count(*, user) -> int | None:
    """How many submitted verdicts this editor could decide on (none they wrote any part of); None for others."""
    if not user.is_authenticated or not user.has_perm("claims.review_verdict"):
        return None
    return Verdict.objects.filter(status=VerdictStatus.SUBMITTED).not_written_by(user).count()


def verdict_get_for_preview(*, user, verdict_id: int) -> Verdict:
    """A verdict not yet public, for its preview: editors may see any (unless it is hidden from them for a blind
    review), its author theirs; the same 404 otherwise."""
    verdict = (
        Verdict.objects.select_related("claim", "claim__article", "claim__article__source", "author")
        .prefetch_related("citations", "corrections")
        .filter(id=verdict_id)
        .first()
    )
    allowed = verdict is not None and (verdict.author_id == user.id or user.has_perm("claims.review_verdict"))
    if not allowed or verdict.hidden_from(user):
        raise Http404("No such verdict.")
    return verdict


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
    verdict = Verdict.objects.get(id=verdict_id)
    if verdict.hidden_from(user):
        raise Http404("This verdict awaits a blind review; its revisions stay hidden until then.")
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
    """Submitted verdicts this person may rate blind: none they wrote any part of, none they rated already."""
    if not user.has_perm("claims.check_claim"):
        return Verdict.objects.none()
    written = VerdictRevision.objects.filter(
        saved_by=user, status__in=[VerdictStatus.DRAFT, VerdictStatus.SUBMITTED]
    ).values("verdict_id")
    cited = Citation.objects.filter(added_by=user).values("verdict_id")
    return (
        Verdict.objects.filter(status=VerdictStatus.SUBMITTED)
        .exclude(author=user)
        .exclude(id__in=written)
        .exclude(id__in=cited)
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


def verdict_get_for_user(*, user, verdict_id: int) -> Verdict:
    """A verdict for a fact-checker to work on (citations, submission); the same 404 for 'missing' and 'forbidden'."""
    if not can_check(user):
        raise Http404("No such verdict.")
    verdict = (
        Verdict.objects.select_related("claim").prefetch_related("citations").filter(id=verdict_id).first()
    )
    if verdict is None:
        raise Http404("No such verdict.")
    return verdict


def corrections_awaiting_review(*, user):
    """Proposed corrections and retractions of published fact-checks, for editors to approve or turn down."""
    if not user.has_perm("claims.review_verdict"):
        return VerdictCorrection.objects.none()
    return (
        VerdictCorrection.objects.filter(status=VerdictCorrection.Status.PROPOSED)
        .select_related("verdict", "verdict__claim", "corrected_by")
        .order_by("corrected_at")
    )


def correction_get_for_review(*, user, correction_id: int) -> VerdictCorrection:
    correction = corrections_awaiting_review(user=user).filter(id=correction_id).first()
    if correction is None:
        raise Http404("No such proposed change.")
    return correction
