"""The claim queue, read side: filters, priority order, keyset pages and CSV rows. Writes are in services/queue.py."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, F, Q, Subquery, Value
from django.utils import timezone

from claims.extraction.types import ClaimType
from claims.models import Claim, ClaimStatus
from claims.priority import BONUS_POINTS, PriorityBase
from search.models import Source

PAGE_SIZE = 50
# Statuses still waiting on someone at the desk; the default view and the stale flag use them.
OPEN_STATUSES = (ClaimStatus.QUEUED, ClaimStatus.IN_PROGRESS, ClaimStatus.RETURNED, ClaimStatus.SUBMITTED)
CLAIM_TYPES = [(t.value, t.label) for t in ClaimType if t is not ClaimType.NOT_A_CLAIM]
STATUS_CHOICES = [("", "Open claims"), *ClaimStatus.choices, ("all", "All statuses")]
# What the queue's rows and the CSV show; the rest (article text, reasons, provenance) stays in the database.
QUEUE_FIELDS = (
    "id",
    "text",
    "score",
    "spread_points",
    "claim_type",
    "attribution",
    "standalone",
    "status",
    "evidence_status",
    "evidence_strength",
    "dismissed_reason",
    "duplicate_of_id",
    "assigned_at",
    "created_at",
    "updated_at",
    "article__id",
    "article__title",
    "article__url",
    "article__source__id",
    "article__source__name",
    "article__source__reliability",
    "assignee__id",
    "assignee__username",
)


def claim_type_label(value: str) -> str:
    """The one label of a claim type (ClaimType.label), wherever a claim's type is shown: the queue, its filter,
    the workspace and the API. A value no longer in the taxonomy is shown as it is stored, readably."""
    try:
        return ClaimType(value).label
    except ValueError:
        return value.replace("_", " ").capitalize()


def can_see_queue(user) -> bool:
    return user.is_authenticated and user.has_perm("claims.check_claim")


@dataclass(frozen=True)
class QueueFilters:
    """What the fact-checker asked the queue for; empty values mean 'any'."""

    q: str = ""
    status: str = ""  # "" open claims, "all", or one ClaimStatus
    source: int | None = None
    claim_type: str = ""
    assignee: str = ""  # "" anyone, "me", "none" (unassigned), or a user id
    created_from: date | None = None
    created_to: date | None = None
    score_min: int | None = None  # percent, as the queue shows scores
    score_max: int | None = None
    stale: bool = False


@dataclass(frozen=True)
class Cursor:
    """A position in the queue: the priority and id of a claim. Written `<priority>_<id>` in links."""

    priority: float
    id: int

    @classmethod
    def parse(cls, value: str | None) -> Cursor | None:
        priority, _, claim_id = (value or "").rpartition("_")
        try:
            cursor = cls(float(priority), int(claim_id))
        except ValueError:
            return None
        return cursor if math.isfinite(cursor.priority) else None

    def __str__(self) -> str:
        return f"{self.priority!r}_{self.id}"


@dataclass(frozen=True)
class QueuePage:
    claims: list[Claim]
    next: Cursor | None
    previous: Cursor | None


def queue_claims(*, user, filters: QueueFilters):
    """Every claim the filters select, in priority order, with `priority` and `is_stale` on each; none without a role."""
    if not can_see_queue(user):
        return Claim.objects.none()
    stale_before = timezone.now() - timedelta(hours=settings.WORKBENCH["STALE_CLAIM_HOURS"])
    claims = (
        Claim.objects.select_related("article", "article__source", "assignee")
        .only(*QUEUE_FIELDS)
        .annotate(
            is_stale=ExpressionWrapper(
                Q(status__in=OPEN_STATUSES, updated_at__lt=stale_before), output_field=BooleanField()
            ),
        )
    )
    return _filtered(claims, user=user, filters=filters, stale_before=stale_before).by_priority()


def _filtered(claims, *, user, filters: QueueFilters, stale_before: datetime):
    if filters.status == "all":
        pass
    elif filters.status:
        claims = claims.filter(status=filters.status)
    else:
        claims = claims.filter(status__in=OPEN_STATUSES)
    if filters.source:
        claims = claims.filter(article__source_id=filters.source)
    if filters.claim_type:
        claims = claims.filter(claim_type=filters.claim_type)
    if filters.assignee == "me":
        claims = claims.filter(assignee=user)
    elif filters.assignee == "none":
        claims = claims.filter(assignee__isnull=True)
    elif filters.assignee:
        claims = claims.filter(assignee_id=int(filters.assignee))
    if filters.created_from:
        claims = claims.filter(created_at__gte=start_of_day(filters.created_from))
    if filters.created_to:
        claims = claims.filter(created_at__lt=start_of_day(filters.created_to + timedelta(days=1)))
    if filters.score_min is not None:
        claims = claims.filter(score__gte=filters.score_min / 100)
    if filters.score_max is not None:
        claims = claims.filter(score__lte=filters.score_max / 100)
    if filters.stale:
        claims = claims.filter(status__in=OPEN_STATUSES, updated_at__lt=stale_before)
    if filters.q.strip():
        claims = _matching(claims, filters.q.strip())
    return claims


def start_of_day(day: date) -> datetime:
    """Midnight at the start of `day`, in the workbench's time zone: where a date filter begins."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _matching(claims, q: str):
    """Full-text search over the claim's text: PostgreSQL's English full text, or a plain substring on SQLite."""
    if connections[claims.db].vendor == "postgresql":
        # Written exactly as the GIN index `claim_text_search` is, so PostgreSQL can use it.
        return claims.alias(document=SearchVector("text", config="english")).filter(
            document=SearchQuery(q, config="english", search_type="websearch")
        )
    return claims.filter(text__icontains=q)


def queue_page(
    *,
    user,
    filters: QueueFilters,
    after: Cursor | None = None,
    before: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> QueuePage:
    """One page of the queue by keyset: the claims just after `after` (or just before `before`), never OFFSET."""
    if not can_see_queue(user):
        return QueuePage([], next=None, previous=None)
    claims = queue_claims(user=user, filters=filters)
    if before is not None:
        rows = seek(claims, cursor=before, backwards=True, size=size)
        if len(rows) < size:
            # Back at the top (claims above may have left the queue): show the first page whole.
            return queue_page(user=user, filters=filters, size=size)
        more_above = len(rows) > size
        rows = rows[:size][::-1]
        return QueuePage(rows, next=cursor_at(rows[-1]), previous=cursor_at(rows[0]) if more_above else None)
    rows = seek(claims, cursor=after, backwards=False, size=size)
    more_below = len(rows) > size
    rows = rows[:size]
    return QueuePage(
        rows,
        next=cursor_at(rows[-1]) if more_below else None,
        previous=(cursor_at(rows[0]) if rows else after) if after else None,
    )


def cursor_at(claim: Claim) -> Cursor:
    return Cursor(claim.priority, claim.id)


def seek(claims, *, cursor: Cursor | None, backwards: bool, size: int) -> list[Claim]:
    """Up to size + 1 claims past the cursor, in the direction walked. Two queries, however long the queue.

    priority = base + source and spread bonuses, where base (score and recency) is indexed and the bonuses
    lie in [0, BONUS_POINTS]. Walking down, no claim whose base is more than BONUS_POINTS below the (size + 1)-th
    largest base can make the page (and symmetrically walking up). The first query finds that edge on the
    base index; the second ranks only the claims inside the band and joins article, source and holder to
    the page's rows alone. The edge goes in as a literal, not a subquery: PostgreSQL then estimates the
    band from the index's statistics, where a subquery's unknown value made it expect a third of the table.
    """
    band = claims.annotate(base=PriorityBase())
    if cursor is not None and backwards:
        band = band.filter(
            Q(priority__gt=cursor.priority) | Q(priority=cursor.priority, id__gt=cursor.id),
            base__gte=cursor.priority - BONUS_POINTS,
        )
    elif cursor is not None:
        band = band.filter(
            Q(priority__lt=cursor.priority) | Q(priority=cursor.priority, id__lt=cursor.id),
            base__lte=cursor.priority,
        )
    edge = next(
        iter(band.order_by("base" if backwards else "-base").values_list("base", flat=True)[size : size + 1]),
        None,
    )
    if edge is not None:
        band = (
            band.filter(base__lte=edge + BONUS_POINTS)
            if backwards
            else band.filter(base__gte=edge - BONUS_POINTS)
        )
    order = ("priority", "id") if backwards else ("-priority", "-id")
    # The page's ids first, then its rows with their article, source and holder: the joins see 51 rows, not the band.
    page_ids = band.order_by(*order).values("id")[: size + 1]
    return list(claims.filter(id__in=Subquery(page_ids)).order_by(*order))


def queue_choices() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The sources and the people who can check claims, for the filters and the assign menu: one round trip."""
    people = (
        people_who_check()
        .annotate(choice=Value("person"), label=F("username"))
        .values_list("choice", "id", "label")
    )
    sources = (
        Source.objects.order_by()
        .annotate(choice=Value("source"), label=F("name"))
        .values_list("choice", "id", "label")
    )
    rows = sorted(sources.union(people), key=lambda row: (row[0], row[2].lower()))
    return [(i, label) for kind, i, label in rows if kind == "source"], [
        (i, label) for kind, i, label in rows if kind == "person"
    ]


def people_who_check():
    """Users whose role lets them check claims (and so hold one)."""
    granted = Permission.objects.filter(codename="check_claim", content_type__app_label="claims")
    return (
        get_user_model()
        .objects.filter(
            Q(is_superuser=True) | Q(groups__permissions__in=granted) | Q(user_permissions__in=granted),
            is_active=True,
        )
        .order_by()
    )


def checker_get(*, user_id) -> object | None:
    """The user named in an assign form, if they can check claims; else None."""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    return people_who_check().filter(id=user_id).first()


def claims_get_for_user(*, user, ids) -> list[Claim]:
    """The claims a queue action names, highest priority first; none without a role (the caller 404s)."""
    if not can_see_queue(user) or not ids:
        return []
    return list(Claim.objects.select_related("assignee").filter(id__in=list(ids)).by_priority())


CSV_HEADER = [
    "id",
    "url",
    "score",
    "status",
    "claim_type",
    "text",
    "attribution",
    "article",
    "article_url",
    "source",
    "assignee",
    "assigned_at",
    "created_at",
    "updated_at",
    "stale",
    "duplicate_of",
    "dismissed_reason",
]


def defuse(value) -> str:
    """A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula; a leading quote stops it."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def queue_csv(*, user, filters: QueueFilters, claim_url) -> Iterator[str]:
    """The filtered queue as CSV lines, streamed from one query; `claim_url(id)` gives each claim's link."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    if not can_see_queue(user):
        return
    rows = queue_claims(user=user, filters=filters).values_list(
        "id",
        "score",
        "status",
        "claim_type",
        "text",
        "attribution",
        "article__title",
        "article__url",
        "article__source__name",
        "assignee__username",
        "assigned_at",
        "created_at",
        "updated_at",
        "is_stale",
        "duplicate_of_id",
        "dismissed_reason",
    )
    for (
        claim_id,
        score,
        status,
        claim_type,
        text,
        attribution,
        title,
        url,
        source,
        assignee,
        assigned_at,
        created_at,
        updated_at,
        is_stale,
        duplicate_of,
        dismissed_reason,
    ) in rows.iterator(chunk_size=2000):
        row = [
            claim_id,
            claim_url(claim_id),
            f"{score:.3f}",
            status,
            claim_type,
            text,
            attribution,
            title,
            url,
            source,
            assignee,
            assigned_at.isoformat() if assigned_at else "",
            created_at.isoformat(),
            updated_at.isoformat(),
            "yes" if is_stale else "",
            duplicate_of or "",
            dismissed_reason,
        ]
        yield writer.writerow([defuse(cell) for cell in row])
