"""Articles: submitting one (text or URL), its page with its claims, merging adjacent claims, fetching it again."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.models import ClaimStatus
from claims.selectors.articles import PAGE_SIZE, articles_for_user
from claims.selectors.queue import queue_choices
from claims.web.forms import ArticleFilterForm, ArticleForm, problems, record_ids


@login_required
def article_list(request):
    """Every article, newest first, with its claims' progress; filtered by title, source, who added it, when."""
    form = ArticleFilterForm(request.GET)
    filters = form.filters()
    page = Paginator(articles_for_user(user=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    sources, _ = queue_choices()
    return render(
        request,
        "claims/article_list.html",
        {
            "page": page,
            "articles": page.object_list,
            "filters": filters,
            "filtering": filters != type(filters)(),
            "sources": sources,
            "problems": problems(form) if form.errors else [],
        },
    )


@login_required
@permission_required("claims.add_article", raise_exception=True)
def article_new(request):
    form = ArticleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        published = data.get("published_at")
        try:
            result = services.article_submit(
                submitted_by=request.user,
                text=data.get("text") or "",
                url=data.get("url") or "",
                html=data.get("html"),
                title=data.get("title") or "",
                source=data.get("source"),
                published_at=timezone.make_aware(datetime.combine(published, time.min))
                if published
                else None,
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
    for claim, following in zip(claims, [*claims[1:], None], strict=False):
        adjacent = following is not None and not article.text[claim.end : following.start].strip()
        rows.append((claim, following if adjacent else None))
    dismissed = [c for c in article.claims.all() if c.status == ClaimStatus.DISMISSED]
    return render(
        request, "claims/article_detail.html", {"article": article, "rows": rows, "dismissed": dismissed}
    )


@login_required
@require_POST
def claims_merge(request, article_id: int):
    article = selectors.article_get_for_user(user=request.user, article_id=article_id)
    ids = set(record_ids(request.POST.getlist("claim_ids")))
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
