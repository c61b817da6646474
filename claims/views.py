"""Workbench pages: thin views over selectors (reads) and services (writes)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from search.backends import SearchUnavailable
from search.models import Document
from search.retrieval import search_corpus

from . import queue as queue_reads
from . import selectors, services
from .forms import ArticleForm, CitationForm, ReturnForm, VerdictForm
from .models import ClaimStatus, Stance
from .priority import RECENCY_POINTS_PER_DAY, SOURCE_POINTS


@login_required
def queue(request):
    form = queue_reads.QueueFilterForm(request.GET)
    filters = form.filters()
    after, before = (
        queue_reads.Cursor.parse(request.GET.get("after")),
        queue_reads.Cursor.parse(request.GET.get("before")),
    )
    page = queue_reads.queue_page(user=request.user, filters=filters, after=after, before=before)
    sources, people = queue_reads.queue_choices()
    return render(
        request,
        "claims/queue.html",
        {
            "page": page,
            "claims": page.claims,
            "form": form,
            "filters": filters,
            "filtering": filters != queue_reads.QueueFilters(),
            "statuses": queue_reads.STATUS_CHOICES,
            "claim_types": queue_reads.CLAIM_TYPES,
            "sources": sources,
            "people": people,
            "can_reassign": request.user.has_perm(services.queue.REASSIGN_PERM),
            "stale_hours": settings.WORKBENCH["STALE_CLAIM_HOURS"],
            "recency_points": round(RECENCY_POINTS_PER_DAY * 100),
            "source_points": round(SOURCE_POINTS * 100),
        },
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
            "published_at": timezone.make_aware(
                timezone.datetime.combine(published, timezone.datetime.min.time())
            )
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
    return render(
        request, "claims/article_detail.html", {"article": article, "rows": rows, "dismissed": dismissed}
    )


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
        "split_options": [
            (at, claim.text[:at].strip()[-40:], claim.text[at:].strip()[:40])
            for at in services.split_points(claim)
        ],
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
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    form = CitationForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "claims/claim_workspace.html",
            _workspace_context(request, claim, citation_form=form),
            status=400,
        )
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
    return render(
        request,
        "claims/review_queue.html",
        {"verdicts": selectors.verdicts_awaiting_review(user=request.user)},
    )


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
                services.verdict_return(
                    verdict=verdict, editor=request.user, comment=form.cleaned_data["comment"]
                )
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
            "previous_submission": submissions[1]
            if len(submissions) > 1
            else (revisions[-1] if revisions else None),
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
    try:
        first, _ = services.claim_split(claim=claim, user=request.user, at=int(request.POST.get("at", "0")))
    except (services.WorkflowError, ValueError) as exc:
        messages.error(
            request, str(exc) if isinstance(exc, services.WorkflowError) else "Choose where to split."
        )
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
        messages.success(
            request,
            f"Fetched again: {len(result.claims)} open claims; unchanged sentences kept their claims.",
        )
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
                claim=claim,
                user=request.user,
                document=document,
                stance=request.POST.get("stance", ""),
                note=request.POST.get("note", "").strip(),
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
    return render(
        request,
        "claims/blind_review_queue.html",
        {"verdicts": selectors.blind_review_candidates(user=request.user)},
    )


@login_required
def blind_review(request, verdict_id: int):
    verdict = selectors.blind_review_claim_for_user(user=request.user, verdict_id=verdict_id)
    form = VerdictForm(request.POST or None)
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
    return render(request, "claims/blind_review.html", {"verdict": verdict, "claim": claim, "form": form})


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


@login_required
def dashboard(request):
    from . import charts
    from . import dashboard as figures

    if not request.user.has_perm("claims.review_verdict"):
        raise PermissionDenied("Only editors and admins see the dashboard.")
    period = figures.dashboard_period(days=request.GET.get("days"))
    queue = figures.queue_size_by_day(period=period)
    per_day = figures.verdicts_per_day(period=period)
    by_rating = figures.verdicts_by_rating(period=period)
    by_source = figures.verdicts_by_source(period=period)
    checkers = figures.fact_checker_throughput(period=period)
    editors = figures.editor_throughput(period=period)
    open_statuses = [
        (ClaimStatus(s).label, s, [day.counts[s] for day in queue]) for s in figures.OPEN_STATUSES
    ]
    return render(
        request,
        "claims/dashboard.html",
        {
            "period": period,
            "periods": figures.PERIODS,
            "queue": queue,
            "queue_columns": figures.QUEUE_COLUMNS,
            "per_day": per_day,
            "published_total": sum(n for _, n in per_day),
            "by_rating": by_rating,
            "by_source": by_source,
            "median": figures.publish_time_median(period=period),
            "checkers": checkers,
            "editors": editors,
            "agreement": figures.blind_review_agreement(period=period),
            "queue_chart": charts.stacked_column_chart(
                title="Open claims by status at the end of each day",
                labels=[d.day for d in queue],
                series=open_statuses,
            ),
            "per_day_chart": charts.column_chart(title="Verdicts published per day", items=per_day),
            "rating_chart": charts.bar_chart(title="Published verdicts by rating", items=by_rating),
            "source_chart": charts.bar_chart(title="Published verdicts by source", items=by_source),
            "checker_chart": charts.bar_chart(
                title="Verdicts published per fact-checker",
                items=[(c.username, c.published) for c in checkers],
            ),
            "editor_chart": charts.bar_chart(
                title="Reviews done per editor", items=[(e.username, e.reviews) for e in editors]
            ),
        },
    )


def _back_to_queue(request):
    """The queue as the fact-checker left it: same filters, same page."""
    query = QueryDict(request.POST.get("query", "")).urlencode()
    return redirect(reverse("claims:queue") + (f"?{query}" if query else ""))


def _queue_claim(request):
    claim_id = request.POST.get("claim_id", "")
    claims = queue_reads.claims_get_for_user(
        user=request.user, ids=[int(claim_id)] if claim_id.isdigit() else []
    )
    if not claims:
        raise Http404("No such claim.")
    return claims[0]


@login_required
@require_POST
def queue_take(request):
    """Assign to me (key a) from a queue row, or an editor taking over a claim someone else holds."""
    claim = _queue_claim(request)
    try:
        services.claim_assign(claim=claim, user=request.user, assignee=request.user)
        messages.success(request, f"Claim #{claim.id} is yours.")
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return _back_to_queue(request)


@login_required
@require_POST
def queue_release(request):
    """Nobody holds the claim any more: its holder lets go, or an editor frees it."""
    claim = _queue_claim(request)
    services.claim_release(claim=claim, user=request.user)
    messages.success(request, f"Claim #{claim.id} released.")
    return _back_to_queue(request)


@login_required
@require_POST
def queue_bulk(request):
    """The selected claims: assign them, dismiss them with a reason, or link them as duplicates of one."""
    ids = {int(i) for i in request.POST.getlist("claim_ids") if i.isdigit()}
    claims = queue_reads.claims_get_for_user(user=request.user, ids=ids)
    action = request.POST.get("action")
    try:
        if not claims:
            raise services.WorkflowError("Select claims first (x, or the boxes on the left).")
        if action == "assign":
            to = request.POST.get("assignee", "me")
            assignee = request.user if to == "me" else queue_reads.checker_get(user_id=to)
            if assignee is None:
                raise services.WorkflowError("Choose someone who checks claims.")
            services.claims_assign(claims=claims, user=request.user, assignee=assignee)
            messages.success(request, f"{len(claims)} claims assigned to {assignee.get_username()}.")
        elif action == "dismiss":
            services.claims_dismiss(claims=claims, user=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, f"{len(claims)} claims dismissed.")
        elif action == "duplicates":
            wanted = request.POST.get("original", "").strip().lstrip("#")
            kept = (
                queue_reads.claims_get_for_user(user=request.user, ids=[int(wanted)])
                if wanted.isdigit()
                else claims[:1]
            )
            if not kept:
                raise services.WorkflowError(f"There is no claim #{wanted} to keep.")
            linked = services.claims_mark_duplicates(claims=claims, user=request.user, original=kept[0])
            messages.success(request, f"{len(linked)} claims linked as duplicates of #{kept[0].id}.")
        else:
            raise services.WorkflowError("Choose what to do with the selected claims.")
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return _back_to_queue(request)


@login_required
@require_GET
def queue_export(request):
    """The filtered queue as CSV, streamed: every matching claim, in queue order."""
    filters = queue_reads.QueueFilterForm(request.GET).filters()
    # One reverse() for every row: per row, it cost more than the query.
    head, tail = request.build_absolute_uri(reverse("claims:claim", args=[0])).rsplit("/0/", 1)
    rows = queue_reads.queue_csv(user=request.user, filters=filters, claim_url=lambda i: f"{head}/{i}/{tail}")
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="claims-{timezone.now():%Y%m%d-%H%M}.csv"'
    return response


@login_required
@require_POST
def fact_check_match_decide(request, claim_id: int, match_id: int):
    claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    match = next((m for m in claim.fact_check_matches.all() if m.id == match_id), None)
    if match is None:
        raise Http404("No such match.")
    try:
        services.fact_check_match_decide(
            match=match, user=request.user, confirmed=request.POST.get("decision") == "confirm"
        )
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("claims:claim", claim_id=claim.id)
