"""The workspace's evidence: marking a candidate's stance (and its note), searching again, the search's state.
With htmx each answers with the part it changed (the candidate, the evidence panel)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from claims import selectors, services
from claims.web.evidence import (
    evidence_label,
    shown_candidates,
)
from claims.web.forms import (
    EvidenceMarkForm,
)
from claims.web.fragments import fragment, whole_instead
from claims.web.workspace_parts import (
    CANDIDATE,
    EVIDENCE_PANEL,
    HISTORY,
    candidate_words,
    evidence_context,
    refused,
    who_may_change,
)
from search.selectors.documents import document_get_for_user


def _evidence_panel(request, claim_id: int):
    """The evidence panel (htmx), with the history out of band."""
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    context = {
        **who_may_change(request, claim),
        **evidence_context(claim),
        "history": selectors.claim_history(claim=claim),
    }
    return fragment(request, EVIDENCE_PANEL, context, oob=[HISTORY])


@login_required
@require_POST
def evidence_refresh(request, claim_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    try:
        services.evidence_request(claim=claim, user=request.user)
        messages.info(request, "Searching for evidence again.")
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    if request.htmx:
        return _evidence_panel(request, claim.id)
    return redirect("claims:claim", claim_id=claim.id)


@login_required
@require_GET
@vary_on_headers("HX-Request")  # one URL, two answers: a browser's cache must not give one for the other
def evidence_status(request, claim_id: int):
    """The evidence search's state: JSON (for scripts and the API's users), or for the workspace's badge
    (htmx) nothing until the state it shows (`shown`) has changed, then the whole evidence panel."""
    if request.htmx:
        claim = selectors.claim_get_for_change(user=request.user, claim_id=claim_id)
        if request.GET.get("shown") == claim.evidence_status:
            return HttpResponse(status=204)
        return _evidence_panel(request, claim_id)
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    shown = evidence_label(claim.evidence_status, claim.evidence_strength)
    return JsonResponse(
        {
            "status": claim.evidence_status,
            "strength": claim.evidence_strength,
            "badge": shown.key,
            "label": shown.label,
            "title": shown.title,
            "error": claim.evidence_error,
            "candidates": len(claim.candidates.all()),
        }
    )


def _candidate(request, claim_id: int, document_id: int, *, status: int = 200, **shown):
    """One candidate (htmx), as marked now, with the history out of band. If the search has replaced the
    candidate meanwhile, the whole evidence panel instead."""
    claim = selectors.claim_get_for_change(user=request.user, claim_id=claim_id)
    candidate = selectors.candidate_get(claim=claim, document_id=document_id)
    if candidate is None:
        return whole_instead(_evidence_panel(request, claim_id), "#evidence-panel")
    mark = selectors.evidence_mark_get(claim=claim, document_id=document_id)
    context = {
        **who_may_change(request, claim),
        **candidate_words(),
        "shown": shown_candidates([candidate])[0],
        "marks": {document_id: mark} if mark else {},
        **shown,
        "history": selectors.claim_history(claim=claim),
    }
    return fragment(request, CANDIDATE, context, status=status, oob=[HISTORY])


@login_required
@require_POST
def evidence_mark(request, claim_id: int):
    claim = selectors.claim_get_for_change(user=request.user, claim_id=claim_id)
    form = EvidenceMarkForm(request.POST)
    if not form.is_valid():
        return refused(request, claim, form)
    data = form.cleaned_data
    document = document_get_for_user(user=request.user, document_id=data["document_id"])
    try:
        if data["stance"] == "clear":
            services.evidence_unmark(claim=claim, user=request.user, document=document)
        elif data["stance"] == "note":
            services.evidence_note(claim=claim, user=request.user, document=document, note=data["note"])
        else:
            services.evidence_mark(
                claim=claim, user=request.user, document=document, stance=data["stance"], note=data["note"]
            )
    except services.WorkflowError as exc:
        if request.htmx:
            # Said beside the candidate, with the note as typed: nothing written is thrown away.
            return _candidate(
                request,
                claim.id,
                document.id,
                status=400,
                refusal=str(exc),
                keep_note=True,
                typed_note=data["note"],
            )
        messages.error(request, str(exc))
    if request.htmx:
        return _candidate(request, claim.id, document.id)
    return redirect(f"{reverse('claims:claim', args=[claim.id])}#doc-{document.id}")
