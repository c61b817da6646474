"""Published verdicts as fact-checks: searchable for matching, corrected or retracted in the open."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from search import services as search_services
from search.models import Source, SourceKind

from ..models import Verdict, VerdictCorrection, VerdictStatus
from .common import WorkflowError, require
from .records import audit, notify, revision_record


def organization_source() -> Source:
    return search_services.source_ensure(
        name=settings.WORKBENCH["ORGANIZATION_NAME"],
        kind=SourceKind.FACT_CHECKER,
        reliability=0.9,
        homepage=settings.WORKBENCH["ORGANIZATION_URL"],
        notes="This workbench's own published fact-checks.",
    )


def verdict_sync_document(*, verdict: Verdict) -> None:
    """Keep the fact-check's search document in step with the verdict (indexed after commit); retracted = removed."""
    if verdict.status == VerdictStatus.RETRACTED:
        if verdict.document_id:
            document_id = verdict.document_id
            Verdict.objects.filter(id=verdict.id).update(document=None)
            search_services.documents_delete(document_ids=[document_id])
        return
    if verdict.status != VerdictStatus.PUBLISHED:
        return
    claim = verdict.claim
    body = f"{claim.text}\nRating: {verdict.rating_label}.\n{verdict.explanation}"
    document, _ = search_services.document_save(
        source=organization_source(),
        url=verdict.public_url,
        title=claim.text,
        body=body,
        published_at=verdict.published_at,
        language=claim.article.language if claim.article.language not in ("", "und") else "en",
        external_key=f"verdict-{verdict.id}",
    )
    if verdict.document_id != document.id:
        Verdict.objects.filter(id=verdict.id).update(document=document)
        verdict.document = document


def verdict_correct(
    *, verdict: Verdict, editor, explanation: str, rating: str = "", new_explanation: str = ""
) -> VerdictCorrection:
    """Propose a correction of a published verdict. Nothing changes for readers until a second editor, who wrote
    no part of the verdict, approves it (correction_approve)."""
    if rating and rating not in dict(settings.WORKBENCH["VERDICT_RATINGS"]):
        raise WorkflowError(f"Unknown rating {rating!r}.")
    return _propose(
        verdict=verdict,
        editor=editor,
        kind=VerdictCorrection.Kind.CORRECTION,
        explanation=explanation,
        new_rating=rating,
        new_explanation=new_explanation.strip(),
    )


def verdict_retract(*, verdict: Verdict, editor, explanation: str) -> VerdictCorrection:
    """Propose retracting a published verdict; a second editor's approval retracts it (its page stays, marked
    retracted with the reason; it leaves the ClaimReview list and the index)."""
    return _propose(
        verdict=verdict, editor=editor, kind=VerdictCorrection.Kind.RETRACTION, explanation=explanation
    )


def _propose(*, verdict: Verdict, editor, kind: str, explanation: str, **change) -> VerdictCorrection:
    require(editor, "claims.review_verdict")
    noun = "correction" if kind == VerdictCorrection.Kind.CORRECTION else "retraction"
    if not explanation.strip():
        raise WorkflowError(f"Explain the {noun} for readers.")
    with transaction.atomic():
        verdict = Verdict.objects.select_for_update().select_related("claim").get(id=verdict.id)
        if verdict.status != VerdictStatus.PUBLISHED:
            raise WorkflowError(f"Only a published verdict can have a {noun}.")
        if verdict.corrections.filter(status=VerdictCorrection.Status.PROPOSED).exists():
            raise WorkflowError(
                "A change to this fact-check already awaits a second editor; decide on it first."
            )
        correction = VerdictCorrection.objects.create(
            verdict=verdict,
            kind=kind,
            status=VerdictCorrection.Status.PROPOSED,
            explanation=explanation.strip(),
            previous_rating=verdict.rating,
            new_rating=change.get("new_rating")
            or (verdict.rating if kind == VerdictCorrection.Kind.CORRECTION else ""),
            previous_explanation=verdict.explanation,
            new_explanation=change.get("new_explanation", ""),
            corrected_by=editor,
        )
        audit(actor=editor, action=f"verdict.{noun}_proposed", claim=verdict.claim, note=explanation.strip())
    return correction


def correction_approve(*, correction: VerdictCorrection, editor) -> VerdictCorrection:
    """A second editor applies the proposed correction or retraction: the page, ClaimReview, feeds and the
    matching index follow at once. Not its proposer, and nobody who wrote any part of the verdict."""
    with transaction.atomic():
        correction, verdict = _decidable(correction, editor)
        now = timezone.now()
        if correction.kind == VerdictCorrection.Kind.CORRECTION:
            verdict.rating = correction.new_rating or verdict.rating
            verdict.explanation = correction.new_explanation or verdict.explanation
            verdict.modified_at = now
            verdict.version += 1
            verdict.save(update_fields=["rating", "explanation", "modified_at", "version", "updated_at"])
            note = f"corrected: {correction.explanation[:250]}"
        else:
            verdict.status, verdict.modified_at = VerdictStatus.RETRACTED, now
            verdict.save(update_fields=["status", "modified_at", "updated_at"])
            note = f"retracted: {correction.explanation[:250]}"
        correction.status, correction.decided_by, correction.decided_at = (
            VerdictCorrection.Status.APPLIED,
            editor,
            now,
        )
        correction.save(update_fields=["status", "decided_by", "decided_at"])
        revision_record(verdict, editor, note)
        verdict_sync_document(verdict=verdict)
        action = (
            "verdict.corrected"
            if correction.kind == VerdictCorrection.Kind.CORRECTION
            else "verdict.retracted"
        )
        audit(
            actor=editor,
            action=action,
            claim=verdict.claim,
            rating=verdict.rating,
            note=correction.explanation,
        )
        notify(
            correction.corrected_by,
            kind="correction",
            claim=verdict.claim,
            message=f"{editor} approved your {correction.get_kind_display().lower()} of fact-check #{verdict.id}.",
        )
    return correction


def correction_reject(*, correction: VerdictCorrection, editor, reason: str = "") -> VerdictCorrection:
    """A second editor turns the proposal down; the fact-check stays as published."""
    with transaction.atomic():
        correction, verdict = _decidable(correction, editor)
        correction.status, correction.decided_by = VerdictCorrection.Status.REJECTED, editor
        correction.decided_at = timezone.now()
        correction.save(update_fields=["status", "decided_by", "decided_at"])
        audit(actor=editor, action="verdict.change_rejected", claim=verdict.claim, reason=reason.strip())
        notify(
            correction.corrected_by,
            kind="correction",
            claim=verdict.claim,
            message=f"{editor} turned down your {correction.get_kind_display().lower()} of fact-check #{verdict.id}"
            + (f": {reason.strip()}" if reason.strip() else "."),
        )
    return correction


def _decidable(correction: VerdictCorrection, editor) -> tuple[VerdictCorrection, Verdict]:
    require(editor, "claims.review_verdict")
    correction = VerdictCorrection.objects.select_for_update().get(id=correction.id)
    verdict = (
        Verdict.objects.select_for_update()
        .select_related("claim", "claim__article")
        .get(id=correction.verdict_id)
    )
    if correction.status != VerdictCorrection.Status.PROPOSED:
        raise WorkflowError("This change was decided already.")
    if verdict.status != VerdictStatus.PUBLISHED:
        raise WorkflowError("Only a published fact-check can be corrected or retracted.")
    if editor.id == correction.corrected_by_id:
        raise PermissionDenied("You proposed this change; a second editor must approve it.")
    if verdict.written_by(editor):
        raise PermissionDenied(
            "You wrote part of this verdict; an editor who did not must approve the change."
        )
    return correction, verdict
