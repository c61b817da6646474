"""The claim workspace: the claim in its article, taking it, the next claim, rewording and splitting it, searching
the corpus, deciding an earlier fact-check's match. Evidence marks are in workspace_evidence.py, the
verdict and its citations in workspace_verdict.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims import selectors, services
from claims.selectors.next_claim import claim_after
from claims.web.forms import (
    ClaimEditForm,
    ClaimSplitForm,
    CorpusSearchForm,
    DecisionForm,
)
from claims.web.workspace_parts import (
    back_to_claim,
    refused,
    workspace_context,
)
from search.backends import SearchUnavailable
from search.selectors.documents import documents_search


@login_required
def claim_workspace(request, claim_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    return render(request, "claims/claim_workspace.html", workspace_context(request, claim))


@login_required
@require_GET
def claim_next(request, claim_id: int):
    """Key n: the next claim of the queue to work after this one, or the queue when there is none."""
    selectors.claim_get_for_change(user=request.user, claim_id=claim_id)
    following = claim_after(user=request.user, claim_id=claim_id)
    if following is None:
        messages.info(request, "No other claim in the queue needs work: you are at its end.")
        return redirect("claims:queue")
    return redirect("claims:claim", claim_id=following.id)


@login_required
@require_POST
def claim_take(request, claim_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    try:
        services.claim_take(claim=claim, user=request.user)
        messages.success(request, "The claim is yours.")
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return back_to_claim(request, claim.id)


@login_required
@require_GET
def corpus_search(request, claim_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    form = CorpusSearchForm(request.GET)
    if not form.is_valid():
        return refused(request, claim, form)
    q = form.cleaned_data["q"]
    error, results = "", []
    try:
        results = documents_search(user=request.user, text=q)
    except SearchUnavailable:
        error = "Search is unavailable right now; try again in a minute."
    context = workspace_context(request, claim)
    context.update({"search_query": q, "search_results": results, "search_error": error})
    return render(request, "claims/claim_workspace.html", context)


@login_required
@require_POST
def claim_edit(request, claim_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    form = ClaimEditForm(request.POST)
    if not form.is_valid():
        return refused(request, claim, form)
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
        return refused(request, claim, form)
    try:
        first, _ = services.claim_split(claim=claim, user=request.user, at=form.cleaned_data["at"])
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("claims:claim", claim_id=claim.id)
    messages.success(request, "Split into two claims.")
    return redirect("claims:claim", claim_id=first.id)


@login_required
@require_POST
def fact_check_match_decide(request, claim_id: int, match_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    match = next((m for m in claim.fact_check_matches.all() if m.id == match_id), None)
    if match is None:
        raise Http404("No such match.")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return refused(request, claim, form)
    try:
        services.fact_check_match_decide(
            match=match, user=request.user, confirmed=form.cleaned_data["decision"] == "confirm"
        )
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("claims:claim", claim_id=claim.id)
