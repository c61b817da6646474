"""Public fact-check pages and their index (no login), and the editors' corrections and retractions made from them."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_POST, require_safe

from claims import selectors, services
from claims.models import VerdictCorrection, VerdictStatus
from claims.selectors import claimreview
from claims.web.forms import CorrectionForm, RetractionForm

INDEX_PAGE_SIZE = 20


def _organization() -> dict:
    """For the page itself the shipped logo is a relative URL, so it shows whatever host serves the page."""
    return {
        "name": settings.WORKBENCH["ORGANIZATION_NAME"],
        "url": settings.WORKBENCH["ORGANIZATION_URL"],
        "logo": settings.WORKBENCH.get("ORGANIZATION_LOGO_URL") or static(claimreview.LOGO_STATIC_PATH),
    }


def _can_correct(user) -> bool:
    return user.is_authenticated and user.has_perm("claims.review_verdict")


@require_safe
def factcheck_index(request):
    page = Paginator(selectors.public_index_verdicts(), INDEX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/factcheck_index.html", {"page": page, "organization": _organization()})


def _page_context(request, verdict, *, correction_form=None, retraction_form=None) -> dict:
    labels = dict(settings.WORKBENCH["VERDICT_RATINGS"])
    corrections = [
        {
            "correction": c,
            "retraction": c.kind == VerdictCorrection.Kind.RETRACTION,
            "previous_rating": labels.get(c.previous_rating, c.previous_rating),
            "new_rating": labels.get(c.new_rating, c.new_rating),
            "rating_changed": bool(c.new_rating) and c.new_rating != c.previous_rating,
        }
        for c in verdict.corrections.all()
    ]
    retraction = next((c["correction"] for c in corrections if c["retraction"]), None)
    published = verdict.status == VerdictStatus.PUBLISHED
    editable = published and _can_correct(request.user)
    return {
        "verdict": verdict,
        "claim": verdict.claim,
        "article": verdict.claim.article,
        "claimant": claimreview.claim_author(verdict.claim),
        "citations": list(verdict.citations.all()),
        "corrections": corrections,
        "retraction": retraction,
        "organization": _organization(),
        # A retracted fact-check no longer stands behind a rating, so its page carries no ClaimReview.
        "claimreview_jsonld": claimreview.jsonld_script(claimreview.claimreview(verdict))
        if published
        else "",
        "canonical_url": verdict.public_url,
        "editable": editable,
        "correction_form": (correction_form or CorrectionForm()) if editable else None,
        "retraction_form": (retraction_form or RetractionForm()) if editable else None,
    }


@require_safe
def factcheck_public(request, verdict_id: int):
    verdict = selectors.public_verdict_get(verdict_id=verdict_id)
    return render(request, "claims/factcheck_public.html", _page_context(request, verdict))


@login_required
@require_safe
def factcheck_preview(request, verdict_id: int):
    """The public page as it will read once published, for the editor deciding (and the verdict's author)."""
    verdict = selectors.verdict_get_for_preview(user=request.user, verdict_id=verdict_id)
    context = _page_context(request, verdict)
    context.update(preview=True, editable=False, correction_form=None, retraction_form=None)
    return render(request, "claims/factcheck_public.html", context)


def _editor_verdict(request, verdict_id: int):
    if not _can_correct(request.user):
        raise PermissionDenied("Only editors correct or retract published fact-checks.")
    return selectors.public_verdict_get(verdict_id=verdict_id)


@login_required
@require_POST
def factcheck_correct(request, verdict_id: int):
    verdict = _editor_verdict(request, verdict_id)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            services.verdict_correct(
                verdict=verdict,
                editor=request.user,
                explanation=form.cleaned_data["explanation"],
                rating=form.cleaned_data["rating"],
                new_explanation=form.cleaned_data["new_explanation"],
            )
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect("claims:factcheck_public", verdict_id=verdict.id)
        else:
            messages.success(
                request,
                "Correction proposed: a second editor approves it in the review queue, then readers see it.",
            )
            return redirect("claims:factcheck_public", verdict_id=verdict.id)
    context = _page_context(request, verdict, correction_form=form)
    return render(request, "claims/factcheck_public.html", context, status=400)


@login_required
@require_POST
def factcheck_retract(request, verdict_id: int):
    verdict = _editor_verdict(request, verdict_id)
    form = RetractionForm(request.POST)
    if form.is_valid():
        try:
            services.verdict_retract(
                verdict=verdict, editor=request.user, explanation=form.cleaned_data["explanation"]
            )
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect("claims:factcheck_public", verdict_id=verdict.id)
        else:
            messages.success(
                request,
                "Retraction proposed: a second editor approves it in the review queue, then the page says so.",
            )
            return redirect("claims:factcheck_public", verdict_id=verdict.id)
    context = _page_context(request, verdict, retraction_form=form)
    return render(request, "claims/factcheck_public.html", context, status=400)
