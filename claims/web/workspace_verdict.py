"""The workspace's verdict: saving the draft, submitting it, its citations. With htmx each answers with the part it
changed (the verdict box, the citations); without, it redirects to the claim's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.web.forms import (
    CitationForm,
    VerdictForm,
)
from claims.web.fragments import fragment
from claims.web.workspace_parts import (
    CITATION_FORM,
    CITATIONS,
    HISTORY,
    REVISIONS,
    VERDICT_BOX,
    VERDICT_VERSION,
    back_to_claim,
    verdict_context,
    whole_workspace,
)
from search.selectors.documents import document_get_for_user


def _verdict_box(request, claim_id: int, *, verdict_form=None, status: int = 200):
    """The verdict box (htmx), with the history that the save added to, out of band."""
    claim = selectors.claim_get_with_verdict(user=request.user, claim_id=claim_id)
    context = verdict_context(request, claim, verdict_form=verdict_form)
    return fragment(request, VERDICT_BOX, context, status=status, oob=[REVISIONS, HISTORY])


@login_required
@require_POST
def verdict_save(request, claim_id: int):
    claim = selectors.claim_get_for_change(user=request.user, claim_id=claim_id)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return _verdict_box(request, claim_id, verdict_form=form, status=400)
        return whole_workspace(request, claim_id, status=400, verdict_form=form)
    submitting = "submit" in request.POST
    verdict = None
    try:
        verdict = services.verdict_save(
            claim=claim,
            user=request.user,
            rating=form.cleaned_data["rating"],
            explanation=form.cleaned_data["explanation"],
            version=form.cleaned_data["version"],
        )
        if submitting:
            services.verdict_submit(verdict=verdict, user=request.user)
            messages.success(request, "Verdict submitted to the editors.")
        else:
            messages.success(request, f"Draft saved (version {verdict.version}).")
    except services.WorkflowError as exc:
        if verdict is not None:
            # The draft was saved and only its submission refused: the form carries the version just saved.
            messages.success(request, f"Draft saved (version {verdict.version}); not submitted.")
            form = VerdictForm(
                {"rating": verdict.rating, "explanation": verdict.explanation, "version": verdict.version}
            )
            form.is_valid()
        # Keep what the fact-checker typed on screen: nothing they wrote is thrown away.
        form.add_error(None, str(exc))
        status = 409 if isinstance(exc, services.VerdictConflict) else 400
        if request.htmx:
            return _verdict_box(request, claim_id, verdict_form=form, status=status)
        return whole_workspace(request, claim_id, status=status, verdict_form=form)
    if request.htmx and not submitting:
        return _verdict_box(request, claim_id)
    return back_to_claim(
        request, claim.id
    )  # submitted: nothing on the page is this person's to change any more


def _citations(request, claim_id: int, *, status: int = 200, citation_form=None, began_verdict: bool = False):
    """The citations (htmx) and, when the outside-URL form was used, that form again: empty once it added
    its citation, or as typed with the reason it was refused. A citation that began the verdict also sends
    the verdict form its version."""
    claim = selectors.claim_get_with_verdict(user=request.user, claim_id=claim_id)
    context = verdict_context(request, claim)
    oob = [HISTORY, VERDICT_VERSION] if began_verdict and context["verdict"] else [HISTORY]
    if citation_form is None:
        return fragment(request, CITATIONS, context, status=status, oob=oob)
    context["citation_form"] = citation_form
    return fragment(request, CITATION_FORM, context, status=status, oob=[CITATIONS, *oob])


@login_required
@require_POST
def citation_add(request, claim_id: int):
    claim = selectors.claim_get_for_change(user=request.user, claim_id=claim_id)
    form = CitationForm(request.POST)
    external = bool(request.POST.get("external"))
    if not form.is_valid():
        if request.htmx and external:
            return _citations(request, claim_id, status=400, citation_form=form)
        return whole_workspace(request, claim_id, status=400, citation_form=form)
    data = form.cleaned_data
    had_verdict = getattr(claim, "verdict", None) is not None
    document = None
    if data.get("document_id"):
        document = document_get_for_user(user=request.user, document_id=data["document_id"])
    try:
        services.citation_add(
            claim=claim,
            user=request.user,
            url=data.get("url") or "",
            title=data.get("title") or "",
            quote=data.get("quote") or "",
            note=data.get("note") or "",
            document=document,
        )
        messages.success(request, "Citation added.")
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
        if request.htmx:
            return _citations(request, claim_id, status=400, citation_form=form if external else None)
    if request.htmx:
        return _citations(
            request,
            claim_id,
            citation_form=CitationForm() if external else None,
            began_verdict=not had_verdict,
        )
    return redirect("claims:claim", claim_id=claim.id)


@login_required
@require_POST
def citation_remove(request, claim_id: int, citation_id: int):
    claim = selectors.claim_get_with_verdict(user=request.user, claim_id=claim_id)
    verdict = getattr(claim, "verdict", None)
    citation = verdict.citations.filter(id=citation_id).first() if verdict else None
    if citation is None:
        raise Http404("No such citation.")
    try:
        services.citation_remove(citation=citation, user=request.user)
        messages.success(request, "Citation removed.")
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    if request.htmx:
        return _citations(request, claim_id)
    return redirect("claims:claim", claim_id=claim.id)
