"""Verdicts: drafts with conflict detection, citations, submission, and editorial approval or return."""

from __future__ import annotations

import difflib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from search.models import Document

from ..models import (
    BlindReview,
    Citation,
    Claim,
    ClaimStatus,
    Notification,
    Verdict,
    VerdictStatus,
)
from .claim_status import claim_hold_for_work, claim_move
from .common import VerdictConflict, WorkflowError, require
from .publishing import verdict_sync_document
from .records import audit, notify, revision_record, shortened


def verdict_save(*, claim: Claim, user, rating: str, explanation: str, version: int | None) -> Verdict:
    """Save the fact-checker's draft verdict. `version` is what the form was loaded with; a stale one conflicts."""
    require(user, "claims.check_claim")
    ratings = dict(settings.WORKBENCH["VERDICT_RATINGS"])
    if rating and rating not in ratings:
        raise WorkflowError(f"Unknown rating {rating!r}.")
    with transaction.atomic():
        claim = _locked_claim(claim.id)
        claim_hold_for_work(claim=claim, user=user)
        verdict = Verdict.objects.select_for_update().filter(claim=claim).first()
        if verdict is None:
            verdict = Verdict.objects.create(claim=claim, author=user, rating=rating, explanation=explanation)
        else:
            if verdict.status == VerdictStatus.SUBMITTED:
                raise WorkflowError("This verdict is with an editor; wait for approval or return.")
            if version != verdict.version:
                raise VerdictConflict(
                    "Someone saved this verdict after you opened it. Your text is below; reload to see theirs, then merge."
                    if version is not None
                    else "This claim has a verdict already: reload to see it, then add your text to it."
                )
            verdict.rating, verdict.explanation = rating, explanation
            verdict.version += 1
            if verdict.status == VerdictStatus.RETURNED:
                verdict.status = VerdictStatus.DRAFT
            verdict.save()
        if claim.status in (ClaimStatus.QUEUED, ClaimStatus.RETURNED):
            claim_move(claim=claim, to=ClaimStatus.IN_PROGRESS, user=user, reason="verdict saved")
        revision_record(verdict, user, "saved")
        audit(actor=user, action="verdict.saved", claim=claim, rating=rating, version=verdict.version)
    return verdict


def citation_add(
    *,
    user,
    verdict: Verdict | None = None,
    claim: Claim | None = None,
    url: str,
    title: str = "",
    quote: str = "",
    note: str = "",
    document: Document | None = None,
) -> Citation:
    """Cite a source for the claim's verdict: the verdict given, or the claim's, begun as a blank draft if it has none."""
    require(user, "claims.check_claim")
    if verdict is None:
        verdict = Verdict.objects.filter(claim_id=claim.id).first() or verdict_save(
            claim=claim, user=user, rating="", explanation="", version=None
        )
    if document is not None:
        url, title = url or document.url, title or document.title
    if not url:
        raise WorkflowError("A citation needs a URL or a document.")
    with transaction.atomic():
        claim_hold_for_work(claim=_locked_claim(verdict.claim_id), user=user)
        _require_citable(Verdict.objects.select_for_update().get(id=verdict.id))
        citation = Citation.objects.create(
            verdict=verdict,
            document=document,
            url=url,
            title=title[:500],
            quote=quote,
            note=note,
            added_by=user,
        )
        audit(
            actor=user,
            action="citation.added",
            claim=verdict.claim,
            url=url,
            document_id=document.id if document else None,
        )
    return citation


def _require_citable(verdict: Verdict) -> None:
    if verdict.status not in (VerdictStatus.DRAFT, VerdictStatus.RETURNED):
        raise WorkflowError("Citations cannot be changed while the verdict is with an editor or published.")


def citation_remove(*, citation: Citation, user) -> None:
    require(user, "claims.check_claim")
    with transaction.atomic():
        claim_hold_for_work(claim=_locked_claim(citation.verdict.claim_id), user=user)
        _require_citable(Verdict.objects.select_for_update().get(id=citation.verdict_id))
        audit(actor=user, action="citation.removed", claim=citation.verdict.claim, url=citation.url)
        citation.delete()


def verdict_submit(*, verdict: Verdict, user) -> Verdict:
    """Send the verdict to the editors. It needs a rating, an explanation and at least one citation."""
    require(user, "claims.check_claim")
    with transaction.atomic():
        claim = claim_hold_for_work(claim=_locked_claim(verdict.claim_id), user=user)
        verdict = Verdict.objects.select_for_update().get(id=verdict.id)
        verdict.claim = claim
        if verdict.status not in (VerdictStatus.DRAFT, VerdictStatus.RETURNED):
            raise WorkflowError(
                f"A verdict that is {verdict.get_status_display().lower()} cannot be submitted."
            )
        missing = [
            label
            for label, ok in (
                ("a rating", bool(verdict.rating)),
                ("an explanation", bool(verdict.explanation.strip())),
                ("at least one citation", verdict.citations.exists()),
            )
            if not ok
        ]
        if missing:
            raise WorkflowError("Before submitting, add " + ", ".join(missing) + ".")
        verdict.status, verdict.submitted_at = VerdictStatus.SUBMITTED, timezone.now()
        verdict.save(update_fields=["status", "submitted_at", "updated_at"])
        claim_move(claim=claim, to=ClaimStatus.SUBMITTED, user=user, reason="verdict submitted")
        revision_record(verdict, user, "submitted for review")
        audit(actor=user, action="verdict.submitted", claim=verdict.claim, rating=verdict.rating)
    return verdict


def _reviewable(verdict: Verdict, editor) -> Verdict:
    """The verdict, locked with its claim, if `editor` may decide on it: four eyes, strictly."""
    require(editor, "claims.review_verdict")
    claim = _locked_claim(verdict.claim_id)
    verdict = Verdict.objects.select_for_update().get(id=verdict.id)
    verdict.claim = claim
    if verdict.status != VerdictStatus.SUBMITTED:
        if verdict.status == VerdictStatus.DRAFT:
            raise WorkflowError("Only a submitted verdict can be reviewed: this one is a draft.")
        # Decided already: most often by another editor after this one opened it.
        raise WorkflowError(
            f"This verdict no longer waits for review: it is {verdict.get_status_display().lower()} now."
        )
    if verdict.written_by(editor):
        raise PermissionDenied(
            "You wrote part of this verdict (a draft, a submission or a citation); another editor must review it."
        )
    if verdict.blind_reviews.filter(reviewer=editor).exists():
        raise PermissionDenied("You rated this verdict blind; another editor must decide on it.")
    return verdict


def blind_review_required(verdict: Verdict) -> bool:
    return settings.WORKBENCH["BLIND_SECOND_REVIEW"] and not verdict.blind_reviews.exists()


def verdict_approve(*, verdict: Verdict, editor) -> Verdict:
    """An editor other than the author approves the verdict; it is published at once."""
    with transaction.atomic():
        verdict = _reviewable(verdict, editor)
        if blind_review_required(verdict):
            raise WorkflowError("A blind second review is required before this verdict can be approved.")
        now = timezone.now()
        verdict.status, verdict.reviewer, verdict.published_at = VerdictStatus.PUBLISHED, editor, now
        verdict.review_comment = ""
        verdict.save(update_fields=["status", "reviewer", "published_at", "review_comment", "updated_at"])
        claim_move(claim=verdict.claim, to=ClaimStatus.PUBLISHED, user=editor, reason="verdict approved")
        revision_record(verdict, editor, "approved and published")
        verdict_sync_document(verdict=verdict)
        notify(
            verdict.author,
            kind="approved",
            message=f"Your verdict on “{shortened(verdict.claim.text)}” was approved and published.",
            claim=verdict.claim,
        )
        audit(actor=editor, action="verdict.published", claim=verdict.claim, rating=verdict.rating)
    return verdict


def verdict_return(*, verdict: Verdict, editor, comment: str) -> Verdict:
    """An editor sends the verdict back to its author with a comment saying what to change."""
    if not comment.strip():
        raise WorkflowError("Say what needs to change when you return a verdict.")
    with transaction.atomic():
        verdict = _reviewable(verdict, editor)
        verdict.status, verdict.reviewer, verdict.review_comment = (
            VerdictStatus.RETURNED,
            editor,
            comment.strip(),
        )
        verdict.save(update_fields=["status", "reviewer", "review_comment", "updated_at"])
        claim_move(claim=verdict.claim, to=ClaimStatus.RETURNED, user=editor, reason=comment.strip())
        revision_record(verdict, editor, f"returned: {comment.strip()[:250]}")
        notify(
            verdict.author,
            kind="returned",
            message=f"Your verdict on “{shortened(verdict.claim.text)}” was returned: {comment.strip()}",
            claim=verdict.claim,
        )
        audit(actor=editor, action="verdict.returned", claim=verdict.claim, comment=comment.strip())
    return verdict


def blind_review_submit(*, verdict: Verdict, user, rating: str, note: str = "") -> BlindReview:
    """A second fact-checker rates the claim independently; they never see the first verdict before this."""
    require(user, "claims.check_claim")
    if rating not in dict(settings.WORKBENCH["VERDICT_RATINGS"]):
        raise WorkflowError("Choose a rating.")
    with transaction.atomic():
        verdict = Verdict.objects.select_for_update().select_related("claim").get(id=verdict.id)
        if verdict.status != VerdictStatus.SUBMITTED:
            raise WorkflowError("Only a verdict awaiting review can get a blind second review.")
        if verdict.written_by(user):
            raise PermissionDenied(
                "You wrote part of this verdict, so you cannot be its blind second reviewer."
            )
        if verdict.blind_reviews.filter(reviewer=user).exists():
            raise WorkflowError("You have already reviewed this claim blind.")
        review = BlindReview.objects.create(verdict=verdict, reviewer=user, rating=rating, note=note)
        audit(
            actor=user,
            action="verdict.blind_reviewed",
            claim=verdict.claim,
            rating=rating,
            agrees=rating == verdict.rating,
        )
    return review


def notifications_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(id__in=notification_ids)
    return unread.update(read_at=timezone.now())


def _locked_claim(claim_id: int) -> Claim:
    return Claim.objects.select_for_update(of=("self",)).select_related("assignee").get(id=claim_id)


SMALL_EDIT_CHARACTERS = 200


def verdict_edit_in_review(*, verdict: Verdict, editor, explanation: str, version: int | None) -> Verdict:
    """An editor fixes a typo or a word of a submitted verdict's explanation without returning it. The edit is
    a revision by the editor, who has then written part of it: another editor approves it (four eyes). More
    than a small edit, or a different rating, goes back to the fact-checker with a comment instead."""
    explanation = explanation.strip()
    with transaction.atomic():
        require(editor, "claims.review_verdict")
        verdict = Verdict.objects.select_for_update().select_related("claim", "author").get(id=verdict.id)
        if verdict.status != VerdictStatus.SUBMITTED:
            raise WorkflowError("Only a verdict waiting for review can be edited here.")
        if version != verdict.version:
            raise VerdictConflict(
                "The verdict changed after you opened it. Your text is below; reload to see it."
            )
        if not explanation:
            raise WorkflowError("The explanation cannot be empty; return the verdict to have it rewritten.")
        changed = _characters_changed(verdict.explanation, explanation)
        if changed > SMALL_EDIT_CHARACTERS:
            raise WorkflowError(
                f"That changes {changed} characters; an editor's edit here is for a typo or a word "
                f"(up to {SMALL_EDIT_CHARACTERS}). Return the verdict with a comment instead."
            )
        if changed == 0:
            return verdict
        verdict.explanation, verdict.version = explanation, verdict.version + 1
        verdict.save(update_fields=["explanation", "version", "updated_at"])
        revision_record(verdict, editor, "small edit by an editor")
        notify(
            verdict.author,
            kind="edited",
            claim=verdict.claim,
            message=f"{editor} made a small edit to your verdict on “{shortened(verdict.claim.text)}”.",
        )
        audit(actor=editor, action="verdict.edited_in_review", claim=verdict.claim, version=verdict.version)
    return verdict


def _characters_changed(old: str, new: str) -> int:
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")
