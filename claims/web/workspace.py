"""The claim workspace: the claim in its article, evidence, marks, citations, the verdict draft and the claim's wording."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims import selectors, services
from claims.models import ClaimStatus, Stance
from claims.services.repeats import repeat_of
from claims.web.evidence import (
    RELEVANCE_HELP,
    SUGGESTION_HELP,
    SUGGESTION_NOTE,
    SUGGESTION_SPOKEN,
    evidence_label,
    shown_candidates,
)
from claims.web.forms import (
    CitationForm,
    ClaimEditForm,
    ClaimSplitForm,
    CorpusSearchForm,
    DecisionForm,
    EvidenceMarkForm,
    VerdictForm,
    problems,
)
from search.backends import SearchUnavailable
from search.selectors.documents import document_get_for_user, documents_search, search_preparing


def _workspace_context(request, claim, *, verdict_form=None, citation_form=None):
    verdict = getattr(claim, "verdict", None)
    if verdict_form is None:
        verdict_form = VerdictForm(
            initial={
                "rating": verdict.rating if verdict else "",
                "explanation": verdict.explanation if verdict else "",
                "version": verdict.version if verdict else None,
            }
        )
    text = claim.article.text
    marks = {mark.document_id: mark for mark in claim.evidence_marks.all()}
    hidden = verdict is not None and verdict.hidden_from(request.user)  # a blind second review
    shown = shown_candidates(claim.candidates.all())
    return {
        "marks": marks,
        "stances": Stance.choices,
        "revisions": selectors.verdict_revisions(verdict=verdict) if verdict and not hidden else [],
        "claim": claim,
        "article": claim.article,
        "before": text[max(0, claim.start - 1500) : claim.start],
        "after": text[claim.end : claim.end + 1500],
        "candidates": claim.candidates.all(),
        "shown_candidates": shown,
        "any_suggestion": any(passage.suggestion for row in shown for passage in row.passages),
        "evidence": evidence_label(claim.evidence_status, claim.evidence_strength),
        "search_preparing": search_preparing(),
        "suggestion_help": SUGGESTION_HELP,
        "suggestion_note": SUGGESTION_NOTE,
        "suggestion_spoken": SUGGESTION_SPOKEN,
        "relevance_help": RELEVANCE_HELP,
        "verdict": verdict,
        "citations": verdict.citations.all() if verdict else [],
        "verdict_form": verdict_form,
        "citation_form": citation_form or CitationForm(),
        "history": selectors.claim_history(claim=claim),
        "repeat": repeat_of(claim=claim),
        "editable": claim.status not in (ClaimStatus.PUBLISHED, ClaimStatus.DISMISSED, ClaimStatus.SUBMITTED)
        and claim.assignee_id in (None, request.user.id),
        "held_by_other": claim.assignee if claim.assignee_id not in (None, request.user.id) else None,
        "hidden": hidden,
        "split_options": [
            (at, claim.text[:at].strip()[-40:], claim.text[at:].strip()[:40])
            for at in services.split_points(claim)
        ],
    }


def _refused(request, claim, form):
    """Input a form refuses (a NUL character, an id that is no id, ...): the claim's page again, saying why, as 400."""
    for problem in problems(form):
        messages.error(request, problem)
    return render(request, "claims/claim_workspace.html", _workspace_context(request, claim), status=400)


@login_required
def claim_workspace(request, claim_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    return render(request, "claims/claim_workspace.html", _workspace_context(request, claim))


@login_required
@require_POST
def claim_take(request, claim_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    try:
        services.claim_take(claim=claim, user=request.user)
        messages.success(request, "The claim is yours.")
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("claims:claim", claim_id=claim.id)


@login_required
@require_POST
def verdict_save(request, claim_id: int):
    claim = selectors.claim_get_for_change(user=request.user, claim_id=claim_id)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
        return render(
            request,
            "claims/claim_workspace.html",
            _workspace_context(request, claim, verdict_form=form),
            status=400,
        )
    try:
        verdict = services.verdict_save(
            claim=claim,
            user=request.user,
            rating=form.cleaned_data["rating"],
            explanation=form.cleaned_data["explanation"],
            version=form.cleaned_data["version"],
        )
        if "submit" in request.POST:
            services.verdict_submit(verdict=verdict, user=request.user)
            messages.success(request, "Verdict submitted to the editors.")
        else:
            messages.success(request, "Draft saved.")
    except services.WorkflowError as exc:
        # Keep what the fact-checker typed on screen: nothing they wrote is thrown away.
        form.add_error(None, str(exc))
        status = 409 if isinstance(exc, services.VerdictConflict) else 400
        claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
        return render(
            request,
            "claims/claim_workspace.html",
            _workspace_context(request, claim, verdict_form=form),
            status=status,
        )
    return redirect("claims:claim", claim_id=claim.id)


@login_required
@require_POST
def citation_add(request, claim_id: int):
    claim = selectors.claim_get_for_change(user=request.user, claim_id=claim_id)
    form = CitationForm(request.POST)
    if not form.is_valid():
        claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
        return render(
            request,
            "claims/claim_workspace.html",
            _workspace_context(request, claim, citation_form=form),
            status=400,
        )
    data = form.cleaned_data
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
    return redirect("claims:claim", claim_id=claim.id)


@login_required
@require_POST
def citation_remove(request, claim_id: int, citation_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    verdict = getattr(claim, "verdict", None)
    citation = verdict.citations.filter(id=citation_id).first() if verdict else None
    if citation is None:
        raise Http404("No such citation.")
    try:
        services.citation_remove(citation=citation, user=request.user)
        messages.success(request, "Citation removed.")
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("claims:claim", claim_id=claim.id)


@login_required
@require_POST
def evidence_refresh(request, claim_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    try:
        services.evidence_request(claim=claim, user=request.user)
        messages.info(request, "Searching for evidence again.")
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("claims:claim", claim_id=claim.id)


@login_required
@require_GET
def evidence_status(request, claim_id: int):
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


@login_required
@require_GET
def corpus_search(request, claim_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    form = CorpusSearchForm(request.GET)
    if not form.is_valid():
        return _refused(request, claim, form)
    q = form.cleaned_data["q"]
    error, results = "", []
    try:
        results = documents_search(user=request.user, text=q)
    except SearchUnavailable:
        error = "Search is unavailable right now; try again in a minute."
    context = _workspace_context(request, claim)
    context.update({"search_query": q, "search_results": results, "search_error": error})
    return render(request, "claims/claim_workspace.html", context)


@login_required
@require_POST
def claim_edit(request, claim_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    form = ClaimEditForm(request.POST)
    if not form.is_valid():
        return _refused(request, claim, form)
    try:
        services.claim_edit(claim=claim, user=request.user, text=form.cleaned_data["text"])
        messages.success(
            request, "Claim reworded; the sentence as extracted is kept, and evidence is searched again."
        )
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("claims:claim", claim_id=claim.id)


@login_required
@require_POST
def claim_split(request, claim_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    form = ClaimSplitForm(request.POST)
    if not form.is_valid():
        return _refused(request, claim, form)
    try:
        first, _ = services.claim_split(claim=claim, user=request.user, at=form.cleaned_data["at"])
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("claims:claim", claim_id=claim.id)
    messages.success(request, "Split into two claims.")
    return redirect("claims:claim", claim_id=first.id)


@login_required
@require_POST
def evidence_mark(request, claim_id: int):
    claim = selectors.claim_get_for_change(user=request.user, claim_id=claim_id)
    form = EvidenceMarkForm(request.POST)
    if not form.is_valid():
        return _refused(request, selectors.claim_get_for_user(user=request.user, claim_id=claim_id), form)
    data = form.cleaned_data
    document = document_get_for_user(user=request.user, document_id=data["document_id"])
    try:
        if data["stance"] == "clear":
            services.evidence_unmark(claim=claim, user=request.user, document=document)
        else:
            services.evidence_mark(
                claim=claim, user=request.user, document=document, stance=data["stance"], note=data["note"]
            )
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect(f"{reverse('claims:claim', args=[claim.id])}#doc-{document.id}")


@login_required
@require_POST
def fact_check_match_decide(request, claim_id: int, match_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    match = next((m for m in claim.fact_check_matches.all() if m.id == match_id), None)
    if match is None:
        raise Http404("No such match.")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _refused(request, claim, form)
    try:
        services.fact_check_match_decide(
            match=match, user=request.user, confirmed=form.cleaned_data["decision"] == "confirm"
        )
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("claims:claim", claim_id=claim.id)
