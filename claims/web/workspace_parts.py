"""The claim workspace's parts: what each shows (its context) and how a view answers with the whole workspace or,
for a partial update (htmx), with the part that changed. The views are in workspace*.py."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from claims import selectors, services
from claims.models import ClaimStatus, Stance
from claims.services.repeats import repeat_of
from claims.web.comments import discussion_context
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
    VerdictForm,
    problems,
)
from claims.web.fragments import fragment, whole_instead
from search.selectors.documents import search_preparing

WORKSPACE = "claims/workspace/_workspace.html"
EVIDENCE_PANEL = "claims/workspace/_evidence.html"
CANDIDATE = "claims/workspace/_candidate.html"
VERDICT_BOX = "claims/workspace/_verdict_form.html"
CITATIONS = "claims/workspace/_citations.html"
CITATION_FORM = "claims/workspace/_citation_form.html"
HISTORY = "claims/workspace/_history.html"
REVISIONS = "claims/workspace/_revisions.html"
VERDICT_VERSION = "claims/workspace/_verdict_version.html"


def evidence_context(claim) -> dict:
    """The evidence panel's: marks, candidates with their passages, the badge and what the suggestions mean."""
    shown = shown_candidates(claim.candidates.all())
    return {
        "marks": {mark.document_id: mark for mark in claim.evidence_marks.all()},
        "shown_candidates": shown,
        "any_suggestion": any(passage.suggestion for row in shown for passage in row.passages),
        "evidence": evidence_label(claim.evidence_status, claim.evidence_strength),
        "search_preparing": search_preparing(),
        "repeat": repeat_of(claim=claim),
        **candidate_words(),
    }


def candidate_words() -> dict:
    return {
        "stances": Stance.choices,
        "suggestion_help": SUGGESTION_HELP,
        "suggestion_note": SUGGESTION_NOTE,
        "suggestion_spoken": SUGGESTION_SPOKEN,
        "relevance_help": RELEVANCE_HELP,
    }


def who_may_change(request, claim) -> dict:
    """Whether this person may change the claim's work, who holds it otherwise, and a blind review's veil."""
    verdict = getattr(claim, "verdict", None)
    return {
        "claim": claim,
        "verdict": verdict,
        "editable": claim.status not in (ClaimStatus.PUBLISHED, ClaimStatus.DISMISSED, ClaimStatus.SUBMITTED)
        and claim.assignee_id in (None, request.user.id),
        "held_by_other": claim.assignee if claim.assignee_id not in (None, request.user.id) else None,
        "hidden": verdict is not None and verdict.hidden_from(request.user),  # a blind second review
    }


def history_context(claim, *, verdict=None, hidden: bool = False) -> dict:
    """The claim's history and, given its verdict, the verdict's revisions."""
    return {
        "revisions": selectors.verdict_revisions(verdict=verdict) if verdict and not hidden else [],
        "history": selectors.claim_history(claim=claim),
    }


def verdict_context(request, claim, *, verdict_form=None) -> dict:
    """The verdict column's: who may change it, the form as saved (or as typed), citations, history."""
    context = who_may_change(request, claim)
    verdict = context["verdict"]
    if verdict_form is None:
        verdict_form = VerdictForm(
            initial={
                "rating": verdict.rating if verdict else "",
                "explanation": verdict.explanation if verdict else "",
                "version": verdict.version if verdict else None,
            }
        )
    context.update(
        verdict_form=verdict_form,
        citations=verdict.citations.all() if verdict else [],
        **history_context(claim, verdict=verdict, hidden=context["hidden"]),
    )
    return context


def workspace_context(request, claim, *, verdict_form=None, citation_form=None):
    text = claim.article.text
    return {
        **evidence_context(claim),
        **verdict_context(request, claim, verdict_form=verdict_form),
        "article": claim.article,
        "before": text[max(0, claim.start - 1500) : claim.start],
        "after": text[claim.end : claim.end + 1500],
        "citation_form": citation_form or CitationForm(),
        **discussion_context(request, claim),
        "split_options": [
            (at, claim.text[:at].strip()[-40:], claim.text[at:].strip()[:40])
            for at in services.split_points(claim)
        ],
    }


def whole_workspace(request, claim_id: int, *, status: int = 200, **forms):
    """The whole workspace, read afresh: as a page, or (htmx) as the fragment that replaces #workspace."""
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    context = workspace_context(request, claim, **forms)
    if request.htmx:
        return whole_instead(fragment(request, WORKSPACE, context, status=status), "#workspace")
    return render(request, "claims/claim_workspace.html", context, status=status)


def back_to_claim(request, claim_id: int, anchor: str = ""):
    """After an action: without htmx, the claim's page again (the redirect); with it, the whole workspace."""
    if request.htmx:
        return whole_workspace(request, claim_id)
    return redirect(reverse("claims:claim", args=[claim_id]) + anchor)


def refused(request, claim, form):
    """Input a form refuses (a NUL character, an id that is no id, ...): the claim's page again, saying why, as 400."""
    for problem in problems(form):
        messages.error(request, problem)
    return whole_workspace(request, claim.id, status=400)
