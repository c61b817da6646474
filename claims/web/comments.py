"""A claim's discussion: sending a comment from the workspace or the editor's page (htmx swaps the thread)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.services.comments import MAX_COMMENT
from claims.web.fragments import fragment

COMMENTS = "claims/workspace/_comments.html"


def discussion_context(request, claim) -> dict:
    """The claim's thread and whom an @name tells: what the comments part needs wherever it is shown."""
    return {
        "comments": selectors.claim_comments(claim=claim),
        "mentionable": selectors.people_to_mention(user=request.user),
    }


class CommentForm(forms.Form):
    body = forms.CharField(label="Comment", required=False, max_length=MAX_COMMENT + 1000)
    on_verdict = forms.BooleanField(required=False)
    back = forms.CharField(required=False, max_length=2_000)


@login_required
@require_POST
def comment_add(request, claim_id: int):
    claim = selectors.claim_get_for_change(user=request.user, claim_id=claim_id)
    form = CommentForm(request.POST)
    form.is_valid()
    data = {"body": "", "on_verdict": False, "back": "", **form.cleaned_data}
    refusal = ""
    try:
        if form.errors:
            raise services.WorkflowError(" ".join(e for errors in form.errors.values() for e in errors))
        comment = services.comment_add(
            claim=claim, user=request.user, body=data["body"], on_verdict=data["on_verdict"]
        )
    except services.WorkflowError as exc:
        refusal = str(exc)
    if request.htmx:
        context = {
            "claim": claim,
            **discussion_context(request, claim),
            "comment_refusal": refusal,
            "comment_typed": request.POST.get("body", "")[:10_000] if refusal else "",
            "comment_on_verdict": data["on_verdict"] if refusal else False,
        }
        return fragment(request, COMMENTS, context, status=400 if refusal else 200)
    if refusal:
        messages.error(request, refusal)
    else:
        untold = comment.mention_outcome()[1]
        messages.success(
            request,
            "Comment sent."
            + (
                f" Nobody called {', '.join('@' + n for n in untold)} checks claims: nobody was told."
                if untold
                else ""
            ),
        )
    back = data["back"]
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("claims:claim", args=[claim.id])
    return redirect(back.split("#")[0] + "#comments")
