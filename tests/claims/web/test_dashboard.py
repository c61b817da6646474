"""The editors' dashboard: every figure from the data, editors only, bounded SQL, labels escaped in the charts."""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Claim, ClaimStatus, ClaimStatusChange, VerdictStatus
from claims.selectors.dashboard import (
    blind_review_agreement,
    dashboard_period,
    editor_throughput,
    fact_checker_throughput,
    publish_time_median,
    queue_size_by_day,
    verdicts_by_rating,
    verdicts_by_source,
    verdicts_per_day,
)
from claims.web import charts
from tests.claims.world import SPLITTABLE
from tests.factories import (
    AuditEventFactory,
    BlindReviewFactory,
    CitationFactory,
    ClaimFactory,
    SourceFactory,
    UserFactory,
    VerdictFactory,
)

TODAY = date(2026, 3, 10)
WEEK = dashboard_period(days=7, today=TODAY)


def moment(days_ago: int, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(TODAY - timedelta(days=days_ago), time(hour)))


@contextmanager
def clock(when: datetime):
    """Everything saved inside happens at `when` (auto_now fields and the services' timestamps)."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        yield


def published_verdict(
    *, days_ago: int, waited_hours: float, author, reviewer=None, rating="false", source=None
):
    """A verdict published `days_ago` at noon, on a claim created `waited_hours` before that."""
    published = moment(days_ago)
    with clock(published - timedelta(hours=waited_hours)):
        claim = ClaimFactory(article__source=source, status=ClaimStatus.PUBLISHED)
    with clock(published):
        return VerdictFactory(
            claim=claim,
            author=author,
            reviewer=reviewer,
            rating=rating,
            status=VerdictStatus.PUBLISHED,
            published_at=published,
        )


# Figures


def test_queue_size_per_day_matches_the_statuses_claims_really_had_each_evening(
    fact_checker, editor, embedded_backend
):
    """Drive the real workflow day by day, note the actual statuses each evening, and compare the derived series."""
    evenings = {}

    def evening(days_ago):
        counts = Counter(Claim.objects.values_list("status", flat=True))
        evenings[TODAY - timedelta(days=days_ago)] = {status: counts[status] for status in ClaimStatus.values}

    with clock(moment(9)):
        ClaimFactory()  # queued before the period and never touched
    with clock(moment(8)):
        early = ClaimFactory()
        services.claim_take(claim=early, user=fact_checker)
    evening(6)
    with clock(moment(5)):
        a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory(article__text=SPLITTABLE)
        ClaimFactory(
            status=ClaimStatus.DISMISSED, dismissed_reason="Repeats a claim"
        )  # no audit event at all
    evening(5)
    with clock(moment(4)):
        services.claim_take(claim=a, user=fact_checker)
        verdict_b = services.verdict_save(
            claim=b, user=fact_checker, rating="false", explanation="No.", version=None
        )
    evening(4)
    with clock(moment(3)):
        verdict_a = services.verdict_save(
            claim=a, user=fact_checker, rating="false", explanation="No.", version=None
        )
        CitationFactory(verdict=verdict_a, added_by=fact_checker)
        services.verdict_submit(verdict=verdict_a, user=fact_checker)
    evening(3)
    with clock(moment(2)):
        services.verdict_return(verdict=verdict_a, editor=editor, comment="Cite the release itself.")
        services.claim_split(claim=c, user=fact_checker, at=services.split_points(c)[0])
    evening(2)
    with clock(moment(1)):
        verdict_a.refresh_from_db()
        services.verdict_save(
            claim=a, user=fact_checker, rating="false", explanation="No, 3.9%.", version=verdict_a.version
        )
        services.verdict_submit(verdict=verdict_a, user=fact_checker)
        CitationFactory(verdict=verdict_b, added_by=fact_checker)
        services.verdict_submit(verdict=verdict_b, user=fact_checker)
    evening(1)
    with clock(moment(0)):
        services.verdict_approve(verdict=verdict_a, editor=editor)
        services.claim_take(claim=b, user=fact_checker)  # assigned while with the editor: the status stays
        # A dismissal the audit trail does not record (as a merge dismisses its parts): dated by the last update.
        Claim.objects.filter(id=early.id).update(status=ClaimStatus.DISMISSED, updated_at=timezone.now())
    evening(0)
    with clock(moment(-3)):  # after the period: undone too, so the period's days stay as they were
        services.verdict_approve(verdict=verdict_b, editor=editor)
        ClaimFactory()

    series = {day.day: day.counts for day in queue_size_by_day(period=WEEK)}

    assert series == evenings
    assert (
        series[TODAY][ClaimStatus.PUBLISHED] == 1
        and series[TODAY - timedelta(days=2)][ClaimStatus.RETURNED] == 1
    )


def test_a_released_claim_is_back_in_the_queue_and_a_dismissed_one_leaves_it(fact_checker):
    with clock(moment(5)):
        claim = ClaimFactory()
    previous = ClaimStatus.QUEUED
    for days_ago, status in (
        (4, ClaimStatus.IN_PROGRESS),  # assigned
        (3, ClaimStatus.QUEUED),  # released
        (2, ClaimStatus.QUEUED),  # released again while nobody held it: nothing changes, nothing recorded
        (1, ClaimStatus.DISMISSED),
    ):
        with clock(moment(days_ago)):
            if status != previous:
                ClaimStatusChange.objects.create(
                    claim=claim, from_status=previous, to_status=status, actor=fact_checker
                )
            Claim.objects.filter(id=claim.id).update(status=status, updated_at=timezone.now())
            previous = status

    series = [
        (day.counts[ClaimStatus.QUEUED], day.counts[ClaimStatus.IN_PROGRESS], day.open_total)
        for day in queue_size_by_day(period=WEEK)
    ]

    assert series == [(0, 0, 0), (1, 0, 1), (0, 1, 1), (1, 0, 1), (1, 0, 1), (0, 0, 0), (0, 0, 0)]


def test_verdicts_per_day_rating_source_and_median_come_from_the_published_verdicts(fact_checker):
    planet, post = SourceFactory(name="Daily Planet"), SourceFactory(name="Evening Post")
    published_verdict(days_ago=2, waited_hours=2, author=fact_checker, source=planet)
    published_verdict(days_ago=2, waited_hours=10, author=fact_checker, source=planet)
    published_verdict(days_ago=0, waited_hours=4, author=fact_checker, source=post, rating="mostly-true")
    published_verdict(days_ago=12, waited_hours=1, author=fact_checker, source=post)  # before the period
    with clock(moment(1)):
        VerdictFactory(author=fact_checker, status=VerdictStatus.SUBMITTED)  # not published

    per_day = dict(verdicts_per_day(period=WEEK))
    assert len(per_day) == 7 and sum(per_day.values()) == 3
    assert (
        per_day[TODAY - timedelta(days=2)] == 2
        and per_day[TODAY] == 1
        and per_day[TODAY - timedelta(days=1)] == 0
    )
    assert verdicts_by_rating(period=WEEK) == [("Mostly true", 1), ("False", 2)]
    assert verdicts_by_source(period=WEEK) == [("Daily Planet", 2), ("Evening Post", 1)]
    median = publish_time_median(period=WEEK)
    assert median.duration == timedelta(hours=4) and median.verdicts == 3 and median.text == "4 h 0 min"


def test_median_of_an_even_number_of_verdicts_is_the_mean_of_the_middle_two(fact_checker):
    for hours in (1, 3, 5, 30):
        published_verdict(days_ago=1, waited_hours=hours, author=fact_checker)

    assert publish_time_median(period=WEEK).duration == timedelta(hours=4)


def test_no_published_verdict_means_no_median_and_empty_distributions(db):
    assert publish_time_median(period=WEEK) is None
    assert verdicts_by_rating(period=WEEK) == [] and verdicts_by_source(period=WEEK) == []
    assert verdicts_per_day(period=WEEK) == [(day, 0) for day in WEEK.dates()]


def test_a_retracted_verdict_still_counts_on_the_day_it_was_published(fact_checker):
    verdict = published_verdict(days_ago=1, waited_hours=2, author=fact_checker)
    verdict.status = VerdictStatus.RETRACTED
    verdict.save()

    assert dict(verdicts_per_day(period=WEEK))[TODAY - timedelta(days=1)] == 1


def test_throughput_counts_verdicts_per_fact_checker_and_reviews_per_editor(db):
    alice, bob = (
        UserFactory(username="alice", role="Fact-checker"),
        UserFactory(username="bob", role="Fact-checker"),
    )
    ed, eve = UserFactory(username="ed", role="Editor"), UserFactory(username="eve", role="Editor")
    for days_ago, author in ((3, alice), (2, alice), (2, bob)):
        verdict = published_verdict(days_ago=days_ago, waited_hours=5, author=author, reviewer=ed)
        with clock(moment(days_ago)):
            AuditEventFactory(
                claim=verdict.claim, actor=eve if author == bob else ed, action="verdict.published"
            )
    with clock(moment(4)):
        draft = VerdictFactory(author=bob)
        AuditEventFactory(claim=draft.claim, actor=ed, action="verdict.returned")
        AuditEventFactory(claim=draft.claim, actor=ed, action="verdict.saved")  # not a review
    with clock(moment(20)):
        AuditEventFactory(claim=draft.claim, actor=eve, action="verdict.returned")  # before the period

    checkers = {(row.username, row.written, row.published) for row in fact_checker_throughput(period=WEEK)}
    editors = [
        (row.username, row.approved, row.returned, row.reviews) for row in editor_throughput(period=WEEK)
    ]

    assert checkers == {("alice", 2, 2), ("bob", 2, 1)}
    assert editors == [("ed", 2, 1, 3), ("eve", 1, 0, 1)]


def test_blind_review_agreement_is_the_share_of_matching_ratings(db):
    verdict = VerdictFactory(rating="false")
    with clock(moment(1)):
        BlindReviewFactory(verdict=verdict, rating="false")
        BlindReviewFactory(verdict=verdict, rating="false")
        BlindReviewFactory(verdict=verdict, rating="half-true")

    agreement = blind_review_agreement(period=WEEK)

    assert (agreement.reviews, agreement.agreed, agreement.percent) == (3, 2, "67%")


def test_no_blind_review_means_no_agreement_rate(db):
    assert blind_review_agreement(period=WEEK) is None


def test_an_unknown_period_falls_back_to_thirty_days():
    assert dashboard_period(days="7", today=TODAY).first_day == TODAY - timedelta(days=6)
    assert dashboard_period(days="365", today=TODAY).days == 30
    assert dashboard_period(days="<script>", today=TODAY).days == 30


# The page


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_fact_checkers_are_refused_the_dashboard(client, fact_checker):
    client.force_login(fact_checker)
    assert client.get(reverse("claims:dashboard")).status_code == 403
    assert b'href="/dashboard/"' not in client.get(reverse("claims:queue")).content


@pytest.mark.parametrize("role", ["Editor", "Admin"])
def test_editors_and_admins_see_the_dashboard_and_its_link(client, db, role):
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("claims:dashboard"))
    assert response.status_code == 200
    assert b'href="/dashboard/"' in response.content
    assert response.content.count(b'<svg class="chart"') >= 2


def test_the_page_shows_the_figures_as_charts_and_tables(editor_client, fact_checker, editor):
    planet = SourceFactory(name="Daily Planet")
    today = timezone.now() - timedelta(minutes=1)
    for hours in (2, 6):
        with clock(today - timedelta(hours=hours)):
            claim = ClaimFactory(article__source=planet, status=ClaimStatus.PUBLISHED)
        VerdictFactory(
            claim=claim,
            author=fact_checker,
            reviewer=editor,
            status=VerdictStatus.PUBLISHED,
            published_at=today,
        )
    BlindReviewFactory(verdict=claim.verdict, rating="true")

    response = editor_client.get(reverse("claims:dashboard"), {"days": "7"})
    page = response.content.decode()

    assert response.context["period"].days == 7 and len(response.context["per_day"]) == 7
    assert '<th scope="row">Daily Planet</th><td>2</td>' in page
    assert "4 h 0 min" in page  # median of 2 h and 6 h
    assert "Blind second review agreement" in page and "0%" in page
    assert 'aria-labelledby="chart-verdicts-published-per-day-title' in page
    assert "<title" in page and "<table" in page
    # The tables fold away under their charts, and list only the days something happened: 7 days, 1 row.
    assert page.count('<details class="figure-table"><summary>The figures as a table</summary>') >= 2
    per_day_table = page.split("Verdicts published each day")[1].split("</tbody>")[0]
    assert per_day_table.count('<th scope="row">') == 1 and "<td>2</td>" in per_day_table


def test_no_agreement_rate_is_shown_without_blind_reviews(editor_client):
    assert b"Blind second review agreement" not in editor_client.get(reverse("claims:dashboard")).content


def seed(n: int, *, checker, editor, batch: str):
    """n published verdicts from n sources and authors, each with a blind review and its audit trail."""
    for i in range(n):
        author = UserFactory(role="Fact-checker") if i else checker
        claim = ClaimFactory(article__source=SourceFactory(name=f"Source {batch}{i}"))
        ClaimFactory.create_batch(2)
        verdict = services.verdict_save(
            claim=claim, user=author, rating="false", explanation="No.", version=None
        )
        CitationFactory(verdict=verdict, added_by=author)
        services.verdict_submit(verdict=verdict, user=author)
        BlindReviewFactory(verdict=verdict, rating="false" if i % 2 else "true")
        services.verdict_approve(verdict=verdict, editor=editor)


def test_the_number_of_queries_does_not_grow_with_the_data(
    editor_client, fact_checker, editor, embedded_backend, django_assert_max_num_queries
):
    url = reverse("claims:dashboard") + "?days=90"
    seed(2, checker=fact_checker, editor=editor, batch="a")
    with CaptureQueriesContext(connection) as few:
        editor_client.get(url)
    seed(12, checker=fact_checker, editor=UserFactory(role="Editor"), batch="b")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = editor_client.get(url)

    assert response.status_code == 200
    assert len(response.context["checkers"]) == 13 and len(response.context["by_source"]) == 14
    assert len(few.captured_queries) <= 25


def test_labels_with_script_are_escaped_in_the_svg(editor_client, fact_checker, editor):
    source = SourceFactory(name='<script>alert("source")</script>')
    author = UserFactory(username="<script>x</script>", role="Fact-checker")
    claim = ClaimFactory(article__source=source, status=ClaimStatus.PUBLISHED)
    VerdictFactory(
        claim=claim,
        author=author,
        reviewer=editor,
        status=VerdictStatus.PUBLISHED,
        published_at=timezone.now(),
    )

    page = editor_client.get(reverse("claims:dashboard")).content.decode()

    assert "<script>alert" not in page and "<script>x" not in page
    svg = page[page.index('<svg class="chart" viewBox="0 0 640') :]
    assert "&lt;script&gt;alert(&quot;source&quot;)&lt;/script&gt;" in page
    assert "&lt;script&gt;" in svg


def test_chart_helpers_escape_titles_and_labels_and_describe_the_data():
    svg = charts.bar_chart(title="A & <b>", items=[("<i>x</i>", 3), ("y", 5)])
    assert "<i>" not in svg and "<b>" not in svg
    assert "&lt;i&gt;x&lt;/i&gt;: 3" in svg and "A &amp; &lt;b&gt;" in svg
    assert "the largest is y with 5" in svg

    columns = charts.column_chart(title="Per day", items=[(date(2026, 3, 1), 2), (date(2026, 3, 2), 0)])
    assert "1 Mar: 2" in columns and "2 in all; the highest is 2 on 1 Mar" in columns

    stacked = charts.stacked_column_chart(
        title="Queue",
        labels=[date(2026, 3, 1)],
        series=[("In <queue>", "queued", [4]), ("Being checked", "in_progress", [1])],
    )
    assert "In &lt;queue&gt;" in stacked and "<queue>" not in stacked and "5 in all" in stacked


def test_axis_maximum_is_a_round_number_at_or_above_the_data():
    assert charts.nice_ceiling(0) == (1, 1)
    assert charts.nice_ceiling(3) == (3, 1)
    assert charts.nice_ceiling(7) == (8, 2)
    assert charts.nice_ceiling(46) == (60, 20)
