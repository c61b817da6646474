"""Editorial review: the editors' queue and decision page, revisions' diffs, blind reviews, notifications, published list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.web.comments import discussion_context
from claims.web.forms import BlindReviewForm, DecisionForm, ReturnForm, ReviewEditForm, problems, record_ids
from claims.web.fragments import fragment


@login_required
def review_queue(request, *, status: int = 200):
    if not request.user.has_perm("claims.review_verdict"):
        raise PermissionDenied("Only editors review verdicts.")
    return render(
        request,
        "claims/review_queue.html",
        {
            "verdicts": selectors.verdicts_awaiting_review(user=request.user),
            "corrections": selectors.corrections_awaiting_review(user=request.user),
        },
        status=status,
    )


@login_required
@require_POST
def correction_decide(request, correction_id: int):
    """A second editor approves or turns down a proposed correction or retraction of a published fact-check."""
    correction = selectors.correction_get_for_review(user=request.user, correction_id=correction_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for problem in problems(form):
            messages.error(request, problem)
        return review_queue(request, status=400)
    try:
        if form.cleaned_data["decision"] == "approve":
            services.correction_approve(correction=correction, editor=request.user)
            messages.success(
                request, "Approved: the fact-check's page, ClaimReview and feeds show the change now."
            )
        else:
            services.correction_reject(
                correction=correction, editor=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, "Turned down; the fact-check stays as published.")
    except (services.WorkflowError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    return redirect("claims:review_queue")


DECIDE = "claims/review/_decide.html"
DECIDED = "claims/review/_decided.html"
VERDICT_STATE = "claims/review/_verdict_state.html"  # the page's "Published · version 3", out of band


@login_required
def review_detail(request, verdict_id: int):
    """The editor's page for one verdict. Approving or returning it with htmx answers with the decision panel
    alone (what happened, the next verdict waiting); without, with a redirect to the review queue."""
    verdict = selectors.verdict_get_for_review(user=request.user, verdict_id=verdict_id)
    form = ReturnForm(request.POST if request.POST.get("decision") == "return" else None)
    edit_form = _edit_form(verdict, request.POST if request.POST.get("decision") == "edit" else None)
    if request.method == "POST":
        answer = _decide(request, verdict, form, edit_form)
        if answer is not None:
            return answer
        if request.htmx:  # a refused return (no comment): the panel again, with the reason
            context = {**decide_context(request, verdict), "form": form, "edit_form": edit_form}
            return fragment(request, DECIDE, context, status=400)
    context = review_context(request, verdict)
    context.update(form=form, edit_form=edit_form)
    return render(
        request,
        "claims/review_detail.html",
        context,
        status=400 if request.method == "POST" else 200,  # a POST that gets here changed nothing
    )


def _decide(request, verdict, form, edit_form):
    """Carry out the editor's decision; the answer to send, or None to show the form again with its errors."""
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            verdict = services.verdict_approve(verdict=verdict, editor=request.user)
            messages.success(request, "Approved and published.")
            return _decided(request, verdict)
        if decision == "return" and form.is_valid():
            verdict = services.verdict_return(
                verdict=verdict, editor=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, "Returned to the fact-checker.")
            return _decided(request, verdict)
        if decision == "edit" and edit_form.is_valid():
            services.verdict_edit_in_review(
                verdict=verdict,
                editor=request.user,
                explanation=edit_form.cleaned_data["explanation"],
                version=edit_form.cleaned_data["version"],
            )
            messages.success(
                request,
                "Edit saved as your revision. You have now written part of it: another editor approves it.",
            )
            return redirect("claims:review_detail", verdict_id=verdict.id)
    except services.WorkflowError as exc:
        if decision == "edit":
            edit_form.add_error(None, str(exc))  # what the editor typed stays in the form
            return None
        return _refused(request, verdict.id, str(exc))
    except PermissionDenied as exc:
        return _refused(request, verdict.id, str(exc))
    return None


def _decided(request, verdict):
    if not request.htmx:
        return redirect("claims:review_queue")
    next_verdict = selectors.verdict_next_for_review(user=request.user, after=verdict)
    context = {"verdict": verdict, "next_verdict": next_verdict}
    return fragment(request, DECIDED, context, oob=[VERDICT_STATE])


def _refused(request, verdict_id: int, reason: str):
    """A decision refused (someone else decided first, a blind review is missing): why, and the panel as it is
    now."""
    messages.error(request, reason)
    if not request.htmx:
        return redirect("claims:review_detail", verdict_id=verdict_id)
    verdict = selectors.verdict_get_for_review(user=request.user, verdict_id=verdict_id)
    context = {**decide_context(request, verdict), "form": ReturnForm(), "edit_form": _edit_form(verdict)}
    return fragment(request, DECIDE, context, status=409, oob=[VERDICT_STATE])


def _edit_form(verdict, data=None) -> ReviewEditForm:
    """The small edit, as the verdict is now: its text and the version it was loaded at."""
    return ReviewEditForm(data, initial={"explanation": verdict.explanation, "version": verdict.version})


def decide_context(request, verdict) -> dict:
    wrote = verdict.written_by(request.user)
    return {"verdict": verdict, "hidden": verdict.hidden_from(request.user, wrote=wrote), "wrote_part": wrote}


def review_context(request, verdict) -> dict:
    """All an editor needs to decide: the claim in its article, the evidence marked with stances and notes,
    the citations, what changed since the last submission, the discussion, and who wrote what."""
    claim = verdict.claim
    revisions = list(selectors.verdict_revisions(verdict=verdict))
    submissions = [r for r in revisions if r.status == "submitted"]
    previous = submissions[1] if len(submissions) > 1 else None
    decide = decide_context(request, verdict)
    hidden = decide["hidden"]
    text = claim.article.text
    return {
        **decide,
        "claim": claim,
        "before": text[max(0, claim.start - 600) : claim.start],
        "after": text[claim.end : claim.end + 600],
        "marks": selectors.evidence_marks_for_claim(claim=claim),
        "revisions": revisions,
        "previous_submission": previous,
        "diff": selectors.verdict_diff(
            user=request.user, verdict_id=verdict.id, older_id=previous.id, newer_id=revisions[0].id
        )
        if previous and revisions and not hidden
        else None,
        **discussion_context(request, claim),
        "blind_reviews": list(verdict.blind_reviews.select_related("reviewer")),
        "blind_required": services.blind_review_required(verdict),
    }


@login_required
def published_list(request):
    return render(request, "claims/published_list.html", {"verdicts": selectors.published_verdicts()[:100]})


@login_required
def verdict_diff(request, verdict_id: int):
    older, newer = ((record_ids([request.GET.get(k, "")]) or [0])[0] for k in ("from", "to"))
    diff = selectors.verdict_diff(user=request.user, verdict_id=verdict_id, older_id=older, newer_id=newer)
    return render(request, "claims/verdict_diff.html", {"diff": diff, "verdict_id": verdict_id})


@login_required
def blind_review_queue(request):
    if not request.user.has_perm("claims.check_claim"):
        raise PermissionDenied("Only fact-checkers review blind.")
    return render(
        request,
        "claims/blind_review_queue.html",
        {"verdicts": selectors.blind_review_candidates(user=request.user)},
    )


@login_required
def blind_review(request, verdict_id: int):
    verdict = selectors.blind_review_claim_for_user(user=request.user, verdict_id=verdict_id)
    form = BlindReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.blind_review_submit(
                verdict=verdict,
                user=request.user,
                rating=form.cleaned_data["rating"],
                note=form.cleaned_data["explanation"],
            )
            messages.success(request, "Blind review recorded.")
            return redirect("claims:blind_review_queue")
        except (services.WorkflowError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
    claim = verdict.claim
    return render(
        request,
        "claims/blind_review.html",
        {"verdict": verdict, "claim": claim, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def notifications(request):
    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        return redirect("claims:notifications")
    return render(
        request,
        "claims/notifications.html",
        {"notifications": selectors.notifications_for_user(user=request.user)},
    )
