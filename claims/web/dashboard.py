"""The editors' dashboard: the figures of a period, each chart beside its table."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from claims.models import ClaimStatus
from claims.selectors import dashboard as figures
from claims.web import charts


@login_required
def dashboard(request):
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
