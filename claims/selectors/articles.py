"""The article list: every article in the workbench, newest first, with how far its claims have got."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from claims.models import Article, ClaimStatus
from claims.selectors.claims import can_check
from claims.selectors.queue import start_of_day

PAGE_SIZE = 50


@dataclass(frozen=True)
class ArticleFilters:
    """What the list was asked for; empty values mean 'any'."""

    q: str = ""  # words of the title, or the article's URL
    source: int | None = None
    mine: bool = False  # submitted by me
    added_from: date | None = None
    added_to: date | None = None
    open_only: bool = False  # with claims still to check


def articles_for_user(*, user, filters: ArticleFilters) -> QuerySet[Article]:
    """The articles the filters select, newest first, each with `claims_total`, `claims_open` and
    `claims_published`; none for someone without a role. One query a page."""
    if not can_check(user):
        return Article.objects.none()
    articles = (
        Article.objects.select_related("source", "submitted_by")
        .defer("text", "raw_text")
        .annotate(
            claims_total=Count("claims", filter=~Q(claims__status=ClaimStatus.DISMISSED)),
            claims_open=Count(
                "claims",
                filter=Q(
                    claims__status__in=[ClaimStatus.QUEUED, ClaimStatus.IN_PROGRESS, ClaimStatus.RETURNED]
                ),
            ),
            claims_published=Count("claims", filter=Q(claims__status=ClaimStatus.PUBLISHED)),
        )
        .order_by("-created_at", "-id")
    )
    if filters.q:
        articles = articles.filter(Q(title__icontains=filters.q) | Q(url=filters.q.strip()))
    if filters.source:
        articles = articles.filter(source_id=filters.source)
    if filters.mine:
        articles = articles.filter(submitted_by=user)
    if filters.added_from:
        articles = articles.filter(created_at__gte=start_of_day(filters.added_from))
    if filters.added_to:
        articles = articles.filter(created_at__lt=start_of_day(filters.added_to + timedelta(days=1)))
    if filters.open_only:
        articles = articles.filter(claims_open__gt=0)
    return articles
