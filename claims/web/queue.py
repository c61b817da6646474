"""The review queue: the page, taking and releasing claims from a row, bulk actions and the CSV export."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from claims import services
from claims.priority import RECENCY_POINTS_PER_DAY, SOURCE_POINTS, SPREAD_DOUBLINGS, SPREAD_POINTS
from claims.selectors import queue as queue_reads
from claims.web.forms import QueueBulkForm, QueueFilterForm, problems, record_ids
from claims.web.fragments import fragment


@login_required
def queue(request):
    return _queue_page(request, request.GET)


def _queue_page(request, query: QueryDict, *, status: int = 200):
    """The queue as `query` asks for it: the whole page, or (htmx) the table and pager it swaps."""
    form = QueueFilterForm(query)
    filters = form.filters()
    after, before = (
        queue_reads.Cursor.parse(query.get("after")),
        queue_reads.Cursor.parse(query.get("before")),
    )
    page = queue_reads.queue_page(user=request.user, filters=filters, after=after, before=before)
    sources, people = queue_reads.queue_choices()
    context = {
        "query": query,
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
        "spread_points": round(SPREAD_POINTS * 100),
        "spread_step": round(SPREAD_POINTS * 100 / SPREAD_DOUBLINGS, 1),
        "spread_full": 2**SPREAD_DOUBLINGS,
    }
    if request.htmx:
        return fragment(request, "claims/queue/_area.html", context, status=status)
    return render(request, "claims/queue.html", context, status=status)


def _back_to_queue(request):
    """The queue as the fact-checker left it: same filters, same page (with htmx, its table at once)."""
    if request.htmx:
        return _queue_page(request, QueryDict(request.POST.get("query", "")[:2_000]))
    query = QueryDict(request.POST.get("query", "")).urlencode()
    return redirect(reverse("claims:queue") + (f"?{query}" if query else ""))


def _queue_claim(request):
    claim_id = request.POST.get("claim_id", "")
    claims = queue_reads.claims_get_for_user(user=request.user, ids=record_ids([claim_id]))
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
    form = QueueBulkForm(request.POST)
    if not form.is_valid():
        # The queue as it was, saying what was wrong, as 400; nothing was changed.
        for problem in problems(form):
            messages.error(request, problem)
        return _queue_page(request, QueryDict(form.data.get("query", "")[:2_000]), status=400)
    data = form.cleaned_data
    ids = set(record_ids(request.POST.getlist("claim_ids")))
    claims = queue_reads.claims_get_for_user(user=request.user, ids=ids)
    action = data["action"]
    try:
        if not claims:
            raise services.WorkflowError("Select claims first (x, or the boxes on the left).")
        if action == "assign":
            to = data["assignee"] or "me"
            assignee = request.user if to == "me" else queue_reads.checker_get(user_id=to)
            if assignee is None:
                raise services.WorkflowError("Choose someone who checks claims.")
            services.claims_assign(claims=claims, user=request.user, assignee=assignee)
            messages.success(request, f"{_claims(len(claims))} assigned to {assignee.get_username()}.")
        elif action == "dismiss":
            services.claims_dismiss(claims=claims, user=request.user, reason=data["reason"])
            messages.success(request, f"{_claims(len(claims))} dismissed.")
        elif action == "duplicates":
            wanted = data["original"].lstrip("#")
            kept = (
                queue_reads.claims_get_for_user(user=request.user, ids=record_ids([wanted]))
                if record_ids([wanted])
                else claims[:1]
            )
            if not kept:
                raise services.WorkflowError(f"There is no claim #{wanted} to keep.")
            linked = services.claims_mark_duplicates(claims=claims, user=request.user, original=kept[0])
            messages.success(request, f"{_claims(len(linked))} linked as duplicates of #{kept[0].id}.")
        else:
            raise services.WorkflowError("Choose what to do with the selected claims.")
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return _back_to_queue(request)


def _claims(n: int) -> str:
    return f"{n} claim" if n == 1 else f"{n} claims"


@login_required
@require_GET
def queue_export(request):
    """The filtered queue as CSV, streamed: every matching claim, in queue order."""
    filters = QueueFilterForm(request.GET).filters()
    # One reverse() for every row: per row, it cost more than the query.
    head, tail = request.build_absolute_uri(reverse("claims:claim", args=[0])).rsplit("/0/", 1)
    rows = queue_reads.queue_csv(user=request.user, filters=filters, claim_url=lambda i: f"{head}/{i}/{tail}")
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="claims-{timezone.now():%Y%m%d-%H%M}.csv"'
    return response
