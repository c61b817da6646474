"""Workbench pages: thin views over selectors (reads) and services (writes)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from search.backends import SearchUnavailable
from search.models import Document
from search.retrieval import search_corpus

from . import selectors, services
from .forms import ArticleForm, CitationForm, ReturnForm, VerdictForm
from .models import ClaimStatus, Stance


@login_required
def queue(request):
    status = request.GET.get("status") or None
    if status and status not in ClaimStatus.values:
        status = None
    claims = selectors.claim_queue_for_user(user=request.user, status=status)
    return render(
        request,
        "claims/queue.html",
        {"claims": claims, "status": status, "statuses": ClaimStatus.choices},
    )


@login_required
@permission_required("claims.add_article", raise_exception=True)
def article_new(request):
    form = ArticleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        published = data.get("published_at")
        common = {
            "title": data.get("title") or "",
            "source": data.get("source"),
            "published_at": timezone.make_aware(timezone.datetime.combine(published, timezone.datetime.min.time()))
            if published
            else None,
            "submitted_by": request.user,
        }
        try:
            if data["fetch"]:
                result = services.article_ingest_url(url=data["url"], **common)
            else:
                result = services.article_ingest(
                    text=data["text"], url=data.get("url") or "", html=data.get("html"), **common
                )
        except services.ArticleRejected as exc:
            form.add_error(None, exc.message)
        else:
            if result.created:
                messages.success(request, f"Article saved: {len(result.claims)} claims entered the queue.")
            else:
                messages.info(request, "This article was already in the workbench; nothing was duplicated.")
            return redirect("claims:article", article_id=result.article.id)
    return render(request, "claims/article_form.html", {"form": form})


@login_required
def article_detail(request, article_id: int):
    article = selectors.article_get_for_user(user=request.user, article_id=article_id)
    claims = [c for c in article.claims.all() if c.status != ClaimStatus.DISMISSED]
    claims.sort(key=lambda c: c.start)
    rows = []
    for claim, following in zip(claims, [*claims[1:], None], strict=True):
        adjacent = following is not None and not article.text[claim.end : following.start].strip()
        rows.append((claim, following if adjacent else None))
    dismissed = [c for c in article.claims.all() if c.status == ClaimStatus.DISMISSED]
    return render(request, "claims/article_detail.html", {"article": article, "rows": rows, "dismissed": dismissed})


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
    return {
        "marks": marks,
        "stances": Stance.choices,
        "revisions": selectors.verdict_revisions(verdict=verdict) if verdict else [],
        "claim": claim,
        "article": claim.article,
        "before": text[max(0, claim.start - 1500) : claim.start],
        "after": text[claim.end : claim.end + 1500],
        "candidates": claim.candidates.all(),
        "verdict": verdict,
        "citations": verdict.citations.all() if verdict else [],
        "verdict_form": verdict_form,
        "citation_form": citation_form or CitationForm(),
        "history": selectors.claim_history(claim=claim),
        "editable": claim.status not in (ClaimStatus.PUBLISHED, ClaimStatus.DISMISSED, ClaimStatus.SUBMITTED),
        "split_options": [(at, claim.text[:at].strip()[-40:], claim.text[at:].strip()[:40]) for at in services.split_points(claim)],
    }


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
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return render(request, "claims/claim_workspace.html", _workspace_context(request, claim, verdict_form=form), status=400)
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
        return render(request, "claims/claim_workspace.html", _workspace_context(request, claim, verdict_form=form), status=status)
    return redirect("claims:claim", claim_id=claim.id)


@login_required
@require_POST
def citation_add(request, claim_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    form = CitationForm(request.POST)
    if not form.is_valid():
        return render(request, "claims/claim_workspace.html", _workspace_context(request, claim, citation_form=form), status=400)
    data = form.cleaned_data
    document = None
    if data.get("document_id"):
        document = Document.objects.filter(id=data["document_id"]).first()
        if document is None:
            raise Http404("No such document.")
    try:
        verdict = getattr(claim, "verdict", None) or services.verdict_save(
            claim=claim, user=request.user, rating="", explanation="", version=None
        )
        services.citation_add(
            verdict=verdict,
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
    services.evidence_request(claim=claim, user=request.user)
    messages.info(request, "Searching for evidence again.")
    return redirect("claims:claim", claim_id=claim.id)


@login_required
@require_GET
def evidence_status(request, claim_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    return JsonResponse(
        {
            "status": claim.evidence_status,
            "label": claim.get_evidence_status_display(),
            "error": claim.evidence_error,
            "candidates": len(claim.candidates.all()),
        }
    )


@login_required
@require_GET
def corpus_search(request, claim_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    q = request.GET.get("q", "")
    error, hits = "", []
    try:
        hits = search_corpus(q)
    except SearchUnavailable:
        error = "Search is unavailable right now; try again in a minute."
    documents = Document.objects.select_related("source").in_bulk([hit.document_id for hit in hits])
    results = [(hit, documents[hit.document_id]) for hit in hits if hit.document_id in documents]
    context = _workspace_context(request, claim)
    context.update({"search_query": q, "search_results": results, "search_error": error})
    return render(request, "claims/claim_workspace.html", context)


@login_required
def review_queue(request):
    if not request.user.has_perm("claims.review_verdict"):
        raise PermissionDenied("Only editors review verdicts.")
    return render(request, "claims/review_queue.html", {"verdicts": selectors.verdicts_awaiting_review(user=request.user)})


@login_required
def review_detail(request, verdict_id: int):
    verdict = selectors.verdict_get_for_review(user=request.user, verdict_id=verdict_id)
    form = ReturnForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "approve":
                services.verdict_approve(verdict=verdict, editor=request.user)
                messages.success(request, "Approved and published.")
                return redirect("claims:review_queue")
            if request.POST.get("decision") == "return" and form.is_valid():
                services.verdict_return(verdict=verdict, editor=request.user, comment=form.cleaned_data["comment"])
                messages.success(request, "Returned to the fact-checker.")
                return redirect("claims:review_queue")
        except (services.WorkflowError, PermissionDenied) as exc:
            messages.error(request, str(exc))
            return redirect("claims:review_detail", verdict_id=verdict.id)
    revisions = list(selectors.verdict_revisions(verdict=verdict))
    submissions = [r for r in revisions if r.status == "submitted"]
    return render(
        request,
        "claims/review_detail.html",
        {
            "verdict": verdict,
            "claim": verdict.claim,
            "form": form,
            "revisions": revisions,
            "previous_submission": submissions[1] if len(submissions) > 1 else (revisions[-1] if revisions else None),
            "blind_reviews": list(verdict.blind_reviews.select_related("reviewer")),
            "blind_required": services.blind_review_required(verdict),
        },
    )


@login_required
def published_list(request):
    return render(request, "claims/published_list.html", {"verdicts": selectors.published_verdicts()[:100]})


@login_required
@require_POST
def claim_edit(request, claim_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    try:
        services.claim_edit(claim=claim, user=request.user, text=request.POST.get("text", ""))
        messages.success(request, "Claim reworded; the sentence as extracted is kept, and evidence is searched again.")
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("claims:claim", claim_id=claim.id)


@login_required
@require_POST
def claim_split(request, claim_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    try:
        first, _ = services.claim_split(claim=claim, user=request.user, at=int(request.POST.get("at", "0")))
    except (services.WorkflowError, ValueError) as exc:
        messages.error(request, str(exc) if isinstance(exc, services.WorkflowError) else "Choose where to split.")
        return redirect("claims:claim", claim_id=claim.id)
    messages.success(request, "Split into two claims.")
    return redirect("claims:claim", claim_id=first.id)


@login_required
@require_POST
def claims_merge(request, article_id: int):
    article = selectors.article_get_for_user(user=request.user, article_id=article_id)
    ids = {int(i) for i in request.POST.getlist("claim_ids") if i.isdigit()}
    claims = [c for c in article.claims.all() if c.id in ids]
    try:
        merged = services.claim_merge(claims=claims, user=request.user)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("claims:article", article_id=article.id)
    messages.success(request, "Claims merged.")
    return redirect("claims:claim", claim_id=merged.id)


@login_required
@require_POST
def article_refetch(request, article_id: int):
    article = selectors.article_get_for_user(user=request.user, article_id=article_id)
    if not article.url:
        raise Http404("This article has no URL to fetch again.")
    try:
        result = services.article_ingest_url(url=article.url, submitted_by=request.user, refresh=True)
        messages.success(request, f"Fetched again: {len(result.claims)} open claims; unchanged sentences kept their claims.")
    except services.ArticleRejected as exc:
        messages.error(request, exc.message)
    return redirect("claims:article", article_id=article.id)


@login_required
@require_POST
def evidence_mark(request, claim_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    document = Document.objects.filter(id=request.POST.get("document_id") or 0).first()
    if document is None:
        raise Http404("No such document.")
    try:
        if request.POST.get("stance") == "clear":
            services.evidence_unmark(claim=claim, user=request.user, document=document)
        else:
            services.evidence_mark(
                claim=claim, user=request.user, document=document,
                stance=request.POST.get("stance", ""), note=request.POST.get("note", "").strip(),
            )
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect(f"{reverse('claims:claim', args=[claim.id])}#doc-{document.id}")


@login_required
def verdict_diff(request, verdict_id: int):
    try:
        older, newer = int(request.GET.get("from", "0")), int(request.GET.get("to", "0"))
    except ValueError as exc:
        raise Http404("No such revision.") from exc
    diff = selectors.verdict_diff(user=request.user, verdict_id=verdict_id, older_id=older, newer_id=newer)
    return render(request, "claims/verdict_diff.html", {"diff": diff, "verdict_id": verdict_id})


@login_required
def blind_review_queue(request):
    if not request.user.has_perm("claims.check_claim"):
        raise PermissionDenied("Only fact-checkers review blind.")
    return render(request, "claims/blind_review_queue.html", {"verdicts": selectors.blind_review_candidates(user=request.user)})


@login_required
def blind_review(request, verdict_id: int):
    verdict = selectors.blind_review_claim_for_user(user=request.user, verdict_id=verdict_id)
    form = VerdictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.blind_review_submit(
                verdict=verdict, user=request.user, rating=form.cleaned_data["rating"], note=form.cleaned_data["explanation"]
            )
            messages.success(request, "Blind review recorded.")
            return redirect("claims:blind_review_queue")
        except (services.WorkflowError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
    claim = verdict.claim
    return render(request, "claims/blind_review.html", {"verdict": verdict, "claim": claim, "form": form})


@login_required
def notifications(request):
    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        return redirect("claims:notifications")
    return render(request, "claims/notifications.html", {"notifications": selectors.notifications_for_user(user=request.user)})
