"""Dashboard selectors: one read per figure, aggregated in the database, over a period of whole days."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from claims.models import (
    AuditEvent,
    BlindReview,
    Claim,
    ClaimStatus,
    ClaimStatusChange,
    Verdict,
    VerdictStatus,
)

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30

OPEN_STATUSES = (ClaimStatus.QUEUED, ClaimStatus.IN_PROGRESS, ClaimStatus.RETURNED, ClaimStatus.SUBMITTED)
CLOSED_STATUSES = (ClaimStatus.PUBLISHED, ClaimStatus.DISMISSED)
QUEUE_COLUMNS = (
    *(ClaimStatus(s).label for s in OPEN_STATUSES),
    "Open",
    *(ClaimStatus(s).label for s in CLOSED_STATUSES),
)

REVIEW_ACTIONS = ("verdict.published", "verdict.returned")


@dataclass(frozen=True)
class Period:
    """The last `days` whole days, today included, in the site's time zone."""

    days: int
    first_day: date
    last_day: date

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first_day, time.min))

    @property
    def end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.last_day + timedelta(days=1), time.min))

    def dates(self) -> list[date]:
        return [self.first_day + timedelta(days=n) for n in range(self.days)]


@dataclass(frozen=True)
class QueueDay:
    day: date
    counts: dict[str, int]

    @property
    def open_total(self) -> int:
        return sum(self.counts[status] for status in OPEN_STATUSES)

    @property
    def row(self) -> list[int]:
        """The open statuses, their total, then the closed statuses: the columns of QUEUE_COLUMNS."""
        return [
            *(self.counts[status] for status in OPEN_STATUSES),
            self.open_total,
            *(self.counts[status] for status in CLOSED_STATUSES),
        ]


@dataclass(frozen=True)
class MedianTime:
    duration: timedelta
    verdicts: int

    @property
    def text(self) -> str:
        minutes = round(self.duration.total_seconds() / 60)
        days, minutes = divmod(minutes, 24 * 60)
        hours, minutes = divmod(minutes, 60)
        if days:
            return f"{days} d {hours} h"
        if hours:
            return f"{hours} h {minutes} min"
        return f"{minutes} min"


@dataclass(frozen=True)
class FactCheckerThroughput:
    username: str
    written: int
    published: int


@dataclass(frozen=True)
class EditorThroughput:
    username: str
    approved: int
    returned: int

    @property
    def reviews(self) -> int:
        return self.approved + self.returned


@dataclass(frozen=True)
class Agreement:
    reviews: int
    agreed: int

    @property
    def rate(self) -> float:
        return self.agreed / self.reviews

    @property
    def percent(self) -> str:
        return f"{self.rate:.0%}"


def dashboard_period(*, days: int | str | None, today: date | None = None) -> Period:
    """The period asked for, or the default one when the request names no period we offer."""
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = DEFAULT_PERIOD
    if days not in PERIODS:
        days = DEFAULT_PERIOD
    today = today or timezone.localdate()
    return Period(days=days, first_day=today - timedelta(days=days - 1), last_day=today)


def _in(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def _status_moves(*, period: Period) -> list[tuple[date, str, str, int]]:
    """(day, from, to, claims) from the period's start on, from each claim's status changes (two queries).

    A claim created as anything but queued (a repeat, dismissed as a duplicate) counts as a move out of the
    queue on its day. Where a claim's status differs from its last recorded change (a claim made before the
    records, or changed outside the services), the difference is put down to the claim's last update.
    """
    queued = str(ClaimStatus.QUEUED)
    moves = []
    changes = (
        ClaimStatusChange.objects.filter(at__gte=period.start)
        .order_by()
        .values("from_status", "to_status", day=TruncDate("at"))
        .annotate(n=Count("id"))
    )
    for row in changes:
        source = row["from_status"] or queued
        if source != row["to_status"]:
            moves.append((_as_date(row["day"]), source, row["to_status"], row["n"]))
    last = (
        ClaimStatusChange.objects.filter(claim=OuterRef("pk")).order_by("-at", "-id").values("to_status")[:1]
    )
    drift = (
        Claim.objects.filter(updated_at__gte=period.start)
        .annotate(recorded=Coalesce(Subquery(last), Value(queued)))
        .exclude(recorded=F("status"))
        .order_by()
        .values("recorded", "status", day=TruncDate("updated_at"))
        .annotate(n=Count("id"))
    )
    moves += [(_as_date(row["day"]), row["recorded"], row["status"], row["n"]) for row in drift]
    return moves


def _as_date(value) -> date:
    """SQLite hands back a raw query's dates as text."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def queue_size_by_day(*, period: Period) -> list[QueueDay]:
    """Claims in each status at the end of each day of the period, derived from the audit trail.

    The counts now are the claims table itself; each earlier day undoes that day's moves: the claims created
    that day (into the queue) and the day's recorded status changes (_status_moves). Four
    queries, whatever the number of claims; what they return is grouped by day and status.
    """
    counts = Counter({status: 0 for status in ClaimStatus.values})
    current = Claim.objects.order_by().values("status").annotate(n=Count("id"))
    counts.update({row["status"]: row["n"] for row in current})
    moves: dict[date, Counter] = defaultdict(Counter)
    created = (
        Claim.objects.filter(created_at__gte=period.start)
        .order_by()
        .values(day=TruncDate("created_at"))
        .annotate(n=Count("id"))
    )
    for row in created:
        moves[row["day"]][ClaimStatus.QUEUED] += row["n"]
    for day, source, target, n in _status_moves(period=period):
        moves[day][source] -= n
        moves[day][target] += n

    series = []
    day = max([period.last_day, *moves])
    while day >= period.first_day:
        if day <= period.last_day:
            # A gap in the audit trail must not draw a negative bar; the counts now stay exact regardless.
            series.append(QueueDay(day=day, counts={status: max(0, n) for status, n in counts.items()}))
        counts.subtract(moves.get(day, Counter()))
        day -= timedelta(days=1)
    series.reverse()
    return series


def _published(period: Period):
    """Verdicts published in the period, counting any retracted since: on the day, they were published."""
    return Verdict.objects.filter(
        _in(period, "published_at"), status__in=[VerdictStatus.PUBLISHED, VerdictStatus.RETRACTED]
    )


def verdicts_per_day(*, period: Period) -> list[tuple[date, int]]:
    """Verdicts published on each day of the period, zero days included."""
    per_day = {
        row["day"]: row["n"]
        for row in _published(period).order_by().values(day=TruncDate("published_at")).annotate(n=Count("id"))
    }
    return [(day, per_day.get(day, 0)) for day in period.dates()]


def verdicts_by_rating(*, period: Period) -> list[tuple[str, int]]:
    """Published verdicts per rating, in the order of the rating scale; ratings nobody used are left out."""
    counts = {
        row["rating"]: row["n"]
        for row in _published(period).order_by().values("rating").annotate(n=Count("id"))
    }
    scale = list(settings.WORKBENCH["VERDICT_RATINGS"])
    known = [(label, counts.pop(value)) for value, label in scale if value in counts]
    return known + sorted(
        ((value or "Unrated", n) for value, n in counts.items()), key=lambda item: (-item[1], item[0])
    )


def verdicts_by_source(*, period: Period) -> list[tuple[str, int]]:
    """Published verdicts per source of the claim's article, most first."""
    rows = (
        _published(period)
        .order_by()
        .values(source=F("claim__article__source__name"))
        .annotate(n=Count("id"))
        .order_by("-n", "source")
    )
    return [(row["source"] or "No source", row["n"]) for row in rows]


def publish_time_median(*, period: Period) -> MedianTime | None:
    """Median time from a claim's creation to the publication of its verdict, over the period's publications.

    Two queries: the count, then the one or two middle durations; the database sorts, nothing is loaded in bulk.
    """
    published = _published(period)
    total = published.count()
    if not total:
        return None
    waits = (
        published.annotate(
            wait=ExpressionWrapper(F("published_at") - F("claim__created_at"), output_field=DurationField())
        )
        .order_by("wait", "id")
        .values_list("wait", flat=True)
    )
    middle = list(waits[(total - 1) // 2 : total // 2 + 1])
    return MedianTime(duration=sum(middle, timedelta()) / len(middle), verdicts=total)


def fact_checker_throughput(*, period: Period) -> list[FactCheckerThroughput]:
    """Per author: verdicts started in the period, and their verdicts published in it."""
    published = Q(status__in=[VerdictStatus.PUBLISHED, VerdictStatus.RETRACTED]) & _in(period, "published_at")
    rows = (
        Verdict.objects.filter(_in(period, "created_at") | published)
        .order_by()
        .values(username=F("author__username"))
        .annotate(
            written=Count("id", filter=_in(period, "created_at")), published=Count("id", filter=published)
        )
        .order_by("-published", "-written", "username")
    )
    return [FactCheckerThroughput(**row) for row in rows]


def editor_throughput(*, period: Period) -> list[EditorThroughput]:
    """Per editor: verdicts approved and returned in the period, from the audit trail (a return leaves no other trace)."""
    rows = (
        AuditEvent.objects.filter(_in(period, "at"), action__in=REVIEW_ACTIONS, actor__isnull=False)
        .order_by()
        .values(username=F("actor__username"))
        .annotate(
            approved=Count("id", filter=Q(action="verdict.published")),
            returned=Count("id", filter=Q(action="verdict.returned")),
        )
    )
    editors = [EditorThroughput(**row) for row in rows]
    return sorted(editors, key=lambda e: (-e.reviews, e.username))


def blind_review_agreement(*, period: Period) -> Agreement | None:
    """Share of the period's blind second reviews whose rating matches the verdict's; None when there were none."""
    totals = BlindReview.objects.filter(_in(period, "reviewed_at")).aggregate(
        reviews=Count("id"), agreed=Count("id", filter=Q(rating=F("verdict__rating")))
    )
    return Agreement(**totals) if totals["reviews"] else None
