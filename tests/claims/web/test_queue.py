"""The claim queue as fact-checkers and editors see it: order, filters, keyset pages, SQL per page, escaping."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import Claim, ClaimStatus
from claims.priority import RECENCY_POINTS_PER_DAY, priority, priority_in_points, spread_points
from claims.selectors import queue as queue_reads
from tests.claims.web.queueing import EXPORT, QUEUE, make_claim, shown_ids
from tests.factories import ClaimFactory, SourceFactory, UserFactory

# Order ------------------------------------------------------------------------------------------------------


def test_queue_ranks_by_check_worthiness_recency_and_source_reliability(checker_client):
    fresh = make_claim(score=0.9, age_days=0, reliability=1.0)
    older = make_claim(score=0.9, age_days=3, reliability=1.0)
    weaker = make_claim(score=0.6, age_days=0, reliability=1.0)
    # 5 points less check-worthy, but from a wholly unreliable source: its 10-point bonus more than makes up the gap.
    unreliable = make_claim(score=0.85, age_days=0, reliability=0.0)
    assert shown_ids(checker_client.get(QUEUE)) == [unreliable.id, fresh.id, older.id, weaker.id]


def test_priority_rule_is_explained_on_the_page(checker_client):
    content = checker_client.get(QUEUE).content.decode()
    assert "How the queue is ordered" in content
    assert "5 points for each day" in content and "up to 10 points" in content
    assert "up to 10 points when the claim was said again" in content


def test_each_rows_score_says_how_its_priority_was_reached(checker_client):
    import re

    claim = make_claim(score=0.85, age_days=2, reliability=0.0)
    Claim.objects.filter(id=claim.id).update(spread_points=spread_points(4))
    loose = make_claim(score=0.6)

    content = checker_client.get(QUEUE).content.decode()

    def title(row_claim):
        row = re.search(rf'<tr data-href="[^"]*/{row_claim.id}/".*?</tr>', content, re.S).group(0)
        return re.search(r'<td class="score" title="([^"]*)">', row).group(1)

    assert title(claim) == (
        "Priority 90.0: check-worthiness 85 − 10.0 for 2.0 days in the queue + 10.0 for its source "
        "+ 5.0 as said again"
    )
    assert title(loose) == (
        "Priority 65.0: check-worthiness 60 − 0.0 for 0.0 days in the queue "
        "+ 5.0 for its source (none, counted as 50% reliable)"
    )


def test_a_claim_said_again_elsewhere_outranks_an_equal_claim_said_once(checker_client, backend):
    from claims.services.clusters import claims_cluster

    said = "Unemployment in Wales fell to 3.5 percent in January, the lowest rate in fifty years."
    once = make_claim(score=0.8, text="The council will close four village libraries next spring.")
    repeated = [make_claim(score=0.8, text=said, age_days=0.01) for _ in range(4)]
    claims_cluster(claim_ids=[c.id for c in [once, *repeated]])

    shown = shown_ids(checker_client.get(QUEUE))

    assert shown.index(once.id) == len(shown) - 1  # newer, but said once: 5 points below the repeated claim
    assert Claim.objects.get(id=repeated[0].id).spread_points == pytest.approx(0.05)  # 4 times: two doublings


def test_keyboard_shortcuts_are_listed_on_screen(checker_client):
    ClaimFactory()
    content = checker_client.get(QUEUE).content.decode()
    for key in (
        "<kbd>j</kbd>",
        "<kbd>k</kbd>",
        "<kbd>Enter</kbd>",
        "<kbd>x</kbd>",
        "<kbd>a</kbd>",
        "<kbd>/</kbd>",
    ):
        assert key in content
    assert 'name="claim_ids"' in content and 'data-key="assign"' in content and 'id="queue-search"' in content


# Filters ----------------------------------------------------------------------------------------------------


def test_default_view_shows_open_claims_and_status_filter_picks_one(checker_client):
    queued = ClaimFactory()
    submitted = ClaimFactory(status=ClaimStatus.SUBMITTED)
    dismissed = ClaimFactory(status=ClaimStatus.DISMISSED)
    published = ClaimFactory(status=ClaimStatus.PUBLISHED)
    assert set(shown_ids(checker_client.get(QUEUE))) == {queued.id, submitted.id}
    assert shown_ids(checker_client.get(QUEUE, {"status": "dismissed"})) == [dismissed.id]
    assert set(shown_ids(checker_client.get(QUEUE, {"status": "all"}))) == {
        queued.id,
        submitted.id,
        dismissed.id,
        published.id,
    }


def test_source_filter(checker_client):
    wire = SourceFactory(name="Wire")
    from_wire = ClaimFactory(article__source=wire)
    ClaimFactory(article__source=SourceFactory(name="Blog"))
    response = checker_client.get(QUEUE, {"source": wire.id})
    assert shown_ids(response) == [from_wire.id]
    assert f'<option value="{wire.id}" selected>Wire</option>' in response.content.decode()


def test_claim_type_filter(checker_client):
    prediction = ClaimFactory(claim_type="prediction")
    ClaimFactory(claim_type="quantity")
    assert shown_ids(checker_client.get(QUEUE, {"claim_type": "prediction"})) == [prediction.id]


def test_assignee_filter_me_unassigned_and_named(checker_client, fact_checker):
    colleague = UserFactory(role="Fact-checker")
    mine = ClaimFactory(assignee=fact_checker)
    theirs = ClaimFactory(assignee=colleague)
    free = ClaimFactory()
    assert shown_ids(checker_client.get(QUEUE, {"assignee": "me"})) == [mine.id]
    assert shown_ids(checker_client.get(QUEUE, {"assignee": "none"})) == [free.id]
    assert shown_ids(checker_client.get(QUEUE, {"assignee": colleague.id})) == [theirs.id]


def test_date_range_filter_is_inclusive_of_both_days(checker_client):
    today = make_claim(age_days=0)
    week_ago = make_claim(age_days=7)
    make_claim(age_days=30)
    start = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert set(shown_ids(checker_client.get(QUEUE, {"created_from": start}))) == {today.id, week_ago.id}
    assert shown_ids(checker_client.get(QUEUE, {"created_from": start, "created_to": start})) == [week_ago.id]


def test_score_range_filter_is_in_percent(checker_client):
    ClaimFactory(score=0.4)
    middle = ClaimFactory(score=0.65)
    ClaimFactory(score=0.95)
    assert shown_ids(checker_client.get(QUEUE, {"score_min": 50, "score_max": 80})) == [middle.id]


def test_search_finds_claims_by_their_words(checker_client):
    match = ClaimFactory(
        text="Unemployment fell to 3.5% in March.", article__text="Unemployment fell to 3.5% in March."
    )
    ClaimFactory(text="Exports rose 5% in May.", article__text="Exports rose 5% in May.")
    assert shown_ids(checker_client.get(QUEUE, {"q": "unemployment"})) == [match.id]


@pytest.mark.postgres
def test_search_uses_postgres_full_text_with_word_forms(checker_client):
    match = ClaimFactory(text="House prices are rising fast.", article__text="House prices are rising fast.")
    ClaimFactory(text="Exports fell in May.", article__text="Exports fell in May.")
    assert shown_ids(checker_client.get(QUEUE, {"q": "rise"})) == [match.id]
    assert shown_ids(checker_client.get(QUEUE, {"q": "prices -house"})) == []


def test_invalid_filters_are_named_and_ignored(checker_client):
    claim = ClaimFactory()
    response = checker_client.get(QUEUE, {"score_min": "lots", "created_from": "yesterday"})
    assert shown_ids(response) == [claim.id]
    assert "Ignored: " in response.content.decode()


def test_stale_claims_are_flagged_and_filterable(checker_client, settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "STALE_CLAIM_HOURS": 48}
    stale = make_claim(age_days=5, unchanged_hours=50)
    make_claim(age_days=5, unchanged_hours=10)  # old, but someone touched it recently
    make_claim(age_days=5, unchanged_hours=50, status=ClaimStatus.PUBLISHED)  # closed claims are never stale
    response = checker_client.get(QUEUE, {"status": "all"})
    flagged = [c.id for c in response.context["claims"] if c.is_stale]
    assert flagged == [stale.id]
    assert response.content.decode().count(">Stale</span>") == 1
    assert shown_ids(checker_client.get(QUEUE, {"stale": "on", "status": "all"})) == [stale.id]


# Pages ------------------------------------------------------------------------------------------------------


def test_next_and_previous_pages_keep_the_filters_and_cover_every_claim_once(checker_client):
    claims = [make_claim(score=0.5 + (i % 10) / 20, age_days=i % 4) for i in range(120)]
    ClaimFactory.create_batch(5, claim_type="prediction")  # filtered out throughout
    expected = [c.id for c in sorted(claims, key=lambda c: c.id)]
    seen, pages, url = [], [], f"{QUEUE}?claim_type=quantity"
    while url:
        response = checker_client.get(url)
        pages.append(shown_ids(response))
        seen += pages[-1]
        page = response.context["page"]
        url = f"{QUEUE}?claim_type=quantity&after={page.next}" if page.next else None
        if page.next:
            assert f'href="?claim_type=quantity&amp;after={page.next}"' in response.content.decode()
    assert [len(p) for p in pages] == [50, 50, 20]
    assert sorted(seen) == expected
    back = checker_client.get(
        QUEUE, {"claim_type": "quantity", "before": str(response.context["page"].previous)}
    )
    assert shown_ids(back) == pages[1]


def test_keyset_walk_matches_the_full_priority_order_both_ways(fact_checker):
    """Sources, scores, ages and spread chosen so the source and spread bonuses reorder claims across page
    boundaries."""
    rng = random.Random(7)
    sources = [SourceFactory(reliability=r) for r in (0.0, 0.3, 0.6, 1.0)]
    for _ in range(90):
        source = rng.choice([*sources, None])
        claim = ClaimFactory(score=rng.choice([0.4, 0.5, 0.6, 0.7]), article__source=source)
        age = timedelta(days=rng.choice([0, 1, 2, 4]))
        Claim.objects.filter(id=claim.id).update(
            created_at=timezone.now() - age, spread_points=spread_points(rng.choice([1, 1, 2, 5, 40]))
        )
    filters = queue_reads.QueueFilters()
    full = [c.id for c in queue_reads.queue_claims(user=fact_checker, filters=filters)]
    walked, cursor, pages = [], None, []
    while True:
        page = queue_reads.queue_page(user=fact_checker, filters=filters, after=cursor, size=7)
        pages.append(page)
        walked += [c.id for c in page.claims]
        if not page.next:
            break
        cursor = page.next
    assert walked == full
    walked_back = []
    for page in reversed(pages[1:]):
        above = queue_reads.queue_page(user=fact_checker, filters=filters, before=page.previous, size=7)
        walked_back = [c.id for c in above.claims] + walked_back
    assert walked_back == full[: len(walked_back)] and len(walked_back) == len(full) - len(pages[-1].claims)


def test_the_priority_a_row_explains_is_the_one_the_queue_orders_by(db):
    """The row's sum (Python, relative to now) and the queue's SQL priority (relative to 1970) differ by the
    same constant for every claim: the words on the row can never drift from the order of the rows."""
    now = timezone.now()
    rng = random.Random(11)
    sources = [SourceFactory(reliability=r) for r in (0.0, 0.35, 1.0)]
    for _ in range(12):
        claim = ClaimFactory(score=rng.random(), article__source=rng.choice([*sources, None]))
        Claim.objects.filter(id=claim.id).update(
            created_at=now - timedelta(hours=rng.randint(0, 24 * 9)),
            spread_points=spread_points(rng.choice([1, 2, 7, 40])),
        )
    rows = Claim.objects.annotate(rule=priority()).select_related("article__source")
    gaps = [
        row.rule
        - priority_in_points(
            score=row.score,
            created_at=row.created_at,
            reliability=row.article.source.reliability if row.article.source else None,
            spread=row.spread_points,
            now=now,
        ).total
        / 100
        for row in rows
    ]
    days_since_1970 = now.timestamp() / 86400
    assert gaps == pytest.approx([days_since_1970 * RECENCY_POINTS_PER_DAY] * len(gaps), abs=1e-6)


def test_a_mangled_cursor_shows_the_first_page(checker_client):
    claim = ClaimFactory()
    assert shown_ids(checker_client.get(QUEUE, {"after": "nan_x"})) == [claim.id]


# SQL per page -----------------------------------------------------------------------------------------------


# Every state of the evidence column: waiting, each strength, searched before strength was graded, failed.
_EVIDENCE = [
    ("pending", ""),
    ("done", "strong"),
    ("done", "partial"),
    ("done", "none"),
    ("done", ""),
    ("failed", ""),
]


def _varied_claims(n: int) -> None:
    for i in range(n):
        evidence_status, evidence_strength = _EVIDENCE[i % len(_EVIDENCE)]
        ClaimFactory(
            article__source=SourceFactory(),
            assignee=UserFactory(role="Fact-checker") if i % 2 else None,
            evidence_status=evidence_status,
            evidence_strength=evidence_strength,
        )


@pytest.mark.permissions
def test_queue_page_queries_stay_constant_as_claims_grow(checker_client, django_assert_max_num_queries):
    _varied_claims(5)
    # Session, user, permissions (2), role, unread notifications; then filter choices, the band's edge, the page,
    # and the page's spread (its claims' clusters, and their counts).
    with django_assert_max_num_queries(11) as few:
        checker_client.get(QUEUE, {"q": "unemployment", "assignee": "none"})
    _varied_claims(60)
    with django_assert_max_num_queries(len(few)):
        response = checker_client.get(QUEUE)
    assert len(response.context["claims"]) == 50
    content = response.content.decode()
    labels = (
        "Waiting for search",
        "Strong evidence",
        "No strong evidence yet",
        "No evidence found",
        "Searched",
    )
    for label in (*labels, "Search failed"):
        assert f">{label}</span>" in content, label
    with django_assert_max_num_queries(len(few)):
        checker_client.get(QUEUE, {"after": str(response.context["page"].next), "status": "all"})


@pytest.mark.permissions
def test_csv_export_queries_stay_constant_as_claims_grow(checker_client, django_assert_max_num_queries):
    _varied_claims(5)
    with django_assert_max_num_queries(6) as few:
        b"".join(checker_client.get(EXPORT).streaming_content)
    _varied_claims(60)
    with django_assert_max_num_queries(len(few)):
        body = b"".join(checker_client.get(EXPORT).streaming_content)
    assert len(body.decode().splitlines()) == 66


# Escaping ---------------------------------------------------------------------------------------------------


@pytest.mark.permissions
def test_queue_rows_render_user_text_inert(checker_client):
    text = "<script>alert('x')</script> Exports rose 5% in May."
    ClaimFactory(
        text=text,
        article__text=text,
        attribution="<b>the minister</b>",
        article__title="<i>Budget</i>",
        article__source=SourceFactory(name="<img src=x onerror=alert(1)>"),
    )
    content = checker_client.get(QUEUE).content.decode()
    assert "<script>alert" not in content and "&lt;script&gt;alert" in content
    assert "<b>the minister</b>" not in content and "<i>Budget</i>" not in content
    assert "<img src=x" not in content
