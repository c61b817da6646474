"""Published verdicts as fact-checks: searchable for matching, corrected or retracted in the open."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from search import services as search_services
from search.models import Source, SourceKind

from ..models import Verdict, VerdictCorrection, VerdictStatus
from .common import WorkflowError, require
from .records import audit, revision_record


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
    """Correct a published verdict: the change is dated and explained on the public page, and the ClaimReview,
    feed and matching index follow at once. The earlier text stays in the correction and the revisions."""
    require(editor, "claims.review_verdict")
    if not explanation.strip():
        raise WorkflowError("Explain the correction for readers.")
    if rating and rating not in dict(settings.WORKBENCH["VERDICT_RATINGS"]):
        raise WorkflowError(f"Unknown rating {rating!r}.")
    with transaction.atomic():
        verdict = (
            Verdict.objects.select_for_update().select_related("claim", "claim__article").get(id=verdict.id)
        )
        if verdict.status != VerdictStatus.PUBLISHED:
            raise WorkflowError("Only a published verdict can be corrected.")
        correction = VerdictCorrection.objects.create(
            verdict=verdict,
            kind=VerdictCorrection.Kind.CORRECTION,
            explanation=explanation.strip(),
            previous_rating=verdict.rating,
            new_rating=rating or verdict.rating,
            previous_explanation=verdict.explanation,
            corrected_by=editor,
        )
        verdict.rating = rating or verdict.rating
        verdict.explanation = new_explanation.strip() or verdict.explanation
        verdict.modified_at = timezone.now()
        verdict.version += 1
        verdict.save(update_fields=["rating", "explanation", "modified_at", "version", "updated_at"])
        revision_record(verdict, editor, f"corrected: {explanation.strip()[:250]}")
        verdict_sync_document(verdict=verdict)
        audit(
            actor=editor,
            action="verdict.corrected",
            claim=verdict.claim,
            rating=verdict.rating,
            note=explanation.strip(),
        )
    return correction


def verdict_retract(*, verdict: Verdict, editor, explanation: str) -> VerdictCorrection:
    """Retract a published verdict: its page stays, marked retracted with the reason; it leaves the feeds and the index."""
    require(editor, "claims.review_verdict")
    if not explanation.strip():
        raise WorkflowError("Explain the retraction for readers.")
    with transaction.atomic():
        verdict = Verdict.objects.select_for_update().select_related("claim").get(id=verdict.id)
        if verdict.status != VerdictStatus.PUBLISHED:
            raise WorkflowError("Only a published verdict can be retracted.")
        correction = VerdictCorrection.objects.create(
            verdict=verdict,
            kind=VerdictCorrection.Kind.RETRACTION,
            explanation=explanation.strip(),
            previous_rating=verdict.rating,
            previous_explanation=verdict.explanation,
            corrected_by=editor,
        )
        verdict.status, verdict.modified_at = VerdictStatus.RETRACTED, timezone.now()
        verdict.save(update_fields=["status", "modified_at", "updated_at"])
        revision_record(verdict, editor, f"retracted: {explanation.strip()[:250]}")
        verdict_sync_document(verdict=verdict)
        audit(actor=editor, action="verdict.retracted", claim=verdict.claim, note=explanation.strip())
    return correction
