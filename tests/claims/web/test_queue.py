"""The claim queue as fact-checkers and editors use it: order, filters, keyset pages, the lock, bulk actions, CSV."""

from __future__ import annotations

import csv
import io
import random
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import AuditEvent, Claim, ClaimStatus, Notification
from claims.selectors import queue as queue_reads
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, UserFactory

QUEUE = reverse("claims:queue")
EXPORT = reverse("claims:queue_export")
BULK = reverse("claims:queue_bulk")
TAKE = reverse("claims:queue_take")
RELEASE = reverse("claims:queue_release")


def make_claim(*, score=0.8, age_days=0.0, reliability=None, unchanged_hours=None, **fields) -> Claim:
    """A claim that entered the queue `age_days` ago, from a source of `reliability` (None: no source)."""
    if reliability is not None:
        fields["article"] = ArticleFactory(source=SourceFactory(reliability=reliability))
    claim = ClaimFactory(score=score, **fields)
    created = timezone.now() - timedelta(days=age_days)
    updated = timezone.now() - timedelta(hours=unchanged_hours) if unchanged_hours is not None else created
    Claim.objects.filter(id=claim.id).update(created_at=created, updated_at=updated)
    claim.refresh_from_db()
    return claim


def shown_ids(response) -> list[int]:
    return [claim.id for claim in response.context["claims"]]


@pytest.fixture
def checker_client(client, fact_checker):
    client.force_login(fact_checker)
    return client


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
    """Sources, scores and ages chosen so the source bonus reorders claims across page boundaries."""
    rng = random.Random(7)
    sources = [SourceFactory(reliability=r) for r in (0.0, 0.3, 0.6, 1.0)]
    for _ in range(90):
        source = rng.choice([*sources, None])
        claim = ClaimFactory(score=rng.choice([0.4, 0.5, 0.6, 0.7]), article__source=source)
        age = timedelta(days=rng.choice([0, 1, 2, 4]))
        Claim.objects.filter(id=claim.id).update(created_at=timezone.now() - age)
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


def test_a_mangled_cursor_shows_the_first_page(checker_client):
    claim = ClaimFactory()
    assert shown_ids(checker_client.get(QUEUE, {"after": "nan_x"})) == [claim.id]


# SQL per page -----------------------------------------------------------------------------------------------


def _varied_claims(n: int) -> None:
    for i in range(n):
        ClaimFactory(
            article__source=SourceFactory(), assignee=UserFactory(role="Fact-checker") if i % 2 else None
        )


@pytest.mark.permissions
def test_queue_page_queries_stay_constant_as_claims_grow(checker_client, django_assert_max_num_queries):
    _varied_claims(5)
    # Session, user, permissions (2), role, unread notifications; then filter choices, the band's edge, the page.
    with django_assert_max_num_queries(9) as few:
        checker_client.get(QUEUE, {"q": "unemployment", "assignee": "none"})
    _varied_claims(60)
    with django_assert_max_num_queries(len(few)):
        response = checker_client.get(QUEUE)
    assert len(response.context["claims"]) == 50
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


# The lock and assignment ------------------------------------------------------------------------------------


def test_assign_to_me_takes_the_lock_and_shows_who_holds_it(client, fact_checker):
    claim = ClaimFactory()
    client.force_login(fact_checker)
    response = client.post(TAKE, {"claim_id": claim.id, "query": "status=queued"})
    assert response.status_code == 302 and response["Location"] == f"{QUEUE}?status=queued"
    claim.refresh_from_db()
    assert claim.assignee == fact_checker and claim.assigned_at is not None
    assert claim.status == ClaimStatus.IN_PROGRESS
    assert AuditEvent.objects.filter(claim=claim, action="claim.assigned", actor=fact_checker).exists()
    colleague = UserFactory(role="Fact-checker")
    client.force_login(colleague)
    content = client.get(QUEUE).content.decode()
    assert '<span class="lock" title="Held since' in content and f">{fact_checker.username}</span>" in content


def test_second_fact_checker_cannot_take_a_held_claim(client, fact_checker):
    claim = ClaimFactory()
    services.claim_assign(claim=claim, user=fact_checker, assignee=fact_checker)
    colleague = UserFactory(role="Fact-checker")
    client.force_login(colleague)
    response = client.post(TAKE, {"claim_id": claim.id}, follow=True)
    assert f"{fact_checker} is already working on claim #{claim.id}" in response.content.decode()
    claim.refresh_from_db()
    assert claim.assignee == fact_checker


def test_claim_take_from_the_workspace_records_when(fact_checker):
    claim = ClaimFactory()
    services.claim_take(claim=claim, user=fact_checker)
    claim.refresh_from_db()
    assert claim.assigned_at is not None


@pytest.mark.permissions
def test_fact_checker_cannot_reassign_someone_elses_claim(client, fact_checker):
    colleague = UserFactory(role="Fact-checker")
    claim = ClaimFactory(assignee=colleague, status=ClaimStatus.IN_PROGRESS)
    client.force_login(fact_checker)
    third = UserFactory(role="Fact-checker")
    assert (
        client.post(BULK, {"action": "assign", "assignee": third.id, "claim_ids": [claim.id]}).status_code
        == 403
    )
    assert client.post(RELEASE, {"claim_id": claim.id}).status_code == 403
    response = client.post(BULK, {"action": "assign", "assignee": "me", "claim_ids": [claim.id]}, follow=True)
    assert "already working on" in response.content.decode()
    claim.refresh_from_db()
    assert claim.assignee == colleague


@pytest.mark.permissions
def test_fact_checker_cannot_give_a_free_claim_to_someone_else(fact_checker):
    claim = ClaimFactory()
    with pytest.raises(PermissionDenied):
        services.claim_assign(claim=claim, user=fact_checker, assignee=UserFactory(role="Fact-checker"))


def test_fact_checker_releases_their_own_claim(client, fact_checker):
    claim = ClaimFactory()
    services.claim_assign(claim=claim, user=fact_checker, assignee=fact_checker)
    client.force_login(fact_checker)
    client.post(RELEASE, {"claim_id": claim.id})
    claim.refresh_from_db()
    assert claim.assignee is None and claim.assigned_at is None and claim.status == ClaimStatus.QUEUED


@pytest.mark.permissions
def test_editor_reassigns_a_held_claim_and_both_people_are_notified(client, editor, fact_checker):
    colleague = UserFactory(role="Fact-checker")
    claim = ClaimFactory()
    services.claim_assign(claim=claim, user=fact_checker, assignee=fact_checker)
    client.force_login(editor)
    client.post(BULK, {"action": "assign", "assignee": colleague.id, "claim_ids": [claim.id]})
    claim.refresh_from_db()
    assert claim.assignee == colleague
    assert Notification.objects.get(recipient=colleague, claim=claim).kind == "assigned"
    assert Notification.objects.get(recipient=fact_checker, claim=claim).kind == "unassigned"
    event = AuditEvent.objects.filter(claim=claim, action="claim.assigned").first()
    assert event.actor == editor and event.data == {
        "assignee": colleague.username,
        "previous": fact_checker.username,
    }


def test_nobody_is_notified_of_their_own_assignment(fact_checker):
    services.claim_assign(claim=ClaimFactory(), user=fact_checker, assignee=fact_checker)
    assert not Notification.objects.exists()


def test_claims_cannot_go_to_someone_without_a_role(editor):
    with pytest.raises(services.WorkflowError):
        services.claim_assign(claim=ClaimFactory(), user=editor, assignee=UserFactory())


@pytest.mark.permissions
def test_anonymous_is_sent_to_log_in_for_every_queue_action(client, db):
    claim = ClaimFactory()
    for response in (
        client.get(QUEUE),
        client.get(EXPORT),
        client.post(TAKE, {"claim_id": claim.id}),
        client.post(RELEASE, {"claim_id": claim.id}),
        client.post(BULK, {"action": "dismiss", "claim_ids": [claim.id]}),
    ):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.QUEUED and claim.assignee is None


@pytest.mark.permissions
def test_a_user_without_a_role_sees_nothing_and_changes_nothing(client, db):
    claim = ClaimFactory()
    client.force_login(UserFactory())
    response = client.get(QUEUE)
    assert response.status_code == 200 and shown_ids(response) == []
    assert b"".join(client.get(EXPORT).streaming_content).decode().count("\n") == 1
    assert client.post(TAKE, {"claim_id": claim.id}).status_code == 404
    client.post(BULK, {"action": "dismiss", "reason": "spam", "claim_ids": [claim.id]})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.QUEUED


@pytest.mark.permissions
def test_queue_posts_need_the_csrf_token(fact_checker, db):
    from django.test import Client

    claim = ClaimFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(fact_checker)
    assert client.post(TAKE, {"claim_id": claim.id}).status_code == 403


# Bulk actions -----------------------------------------------------------------------------------------------


def test_bulk_assign_is_all_or_nothing(client, fact_checker):
    free = ClaimFactory()
    held = ClaimFactory(assignee=UserFactory(role="Fact-checker"))
    client.force_login(fact_checker)
    client.post(BULK, {"action": "assign", "assignee": "me", "claim_ids": [free.id, held.id]})
    free.refresh_from_db()
    assert free.assignee is None
    client.post(BULK, {"action": "assign", "assignee": "me", "claim_ids": [free.id]})
    free.refresh_from_db()
    assert free.assignee == fact_checker


def test_bulk_dismiss_needs_a_reason_and_keeps_it(client, fact_checker):
    claims = ClaimFactory.create_batch(3)
    client.force_login(fact_checker)
    response = client.post(
        BULK, {"action": "dismiss", "reason": "  ", "claim_ids": [c.id for c in claims]}, follow=True
    )
    assert "Say why" in response.content.decode()
    assert not Claim.objects.filter(status=ClaimStatus.DISMISSED).exists()
    client.post(
        BULK,
        {
            "action": "dismiss",
            "reason": "Opinion, not a checkable claim",
            "claim_ids": [c.id for c in claims[:2]],
        },
    )
    dismissed = Claim.objects.filter(status=ClaimStatus.DISMISSED)
    assert set(dismissed.values_list("id", flat=True)) == {claims[0].id, claims[1].id}
    assert set(dismissed.values_list("dismissed_reason", flat=True)) == {"Opinion, not a checkable claim"}
    assert AuditEvent.objects.filter(action="claim.dismissed").count() == 2


def test_submitted_claims_cannot_be_dismissed(fact_checker):
    with pytest.raises(services.WorkflowError):
        services.claims_dismiss(
            claims=[ClaimFactory(status=ClaimStatus.SUBMITTED)], user=fact_checker, reason="dup"
        )


def test_merge_links_duplicates_to_the_first_selected_claim(client, fact_checker):
    first = make_claim(score=0.9)
    second = make_claim(score=0.7)
    third = make_claim(score=0.5)
    earlier_duplicate = ClaimFactory(
        status=ClaimStatus.DISMISSED, duplicate_of=third, dismissed_reason=f"Duplicate of #{third.id}"
    )
    client.force_login(fact_checker)
    client.post(BULK, {"action": "duplicates", "claim_ids": [third.id, first.id, second.id]})
    for claim in (second, third):
        claim.refresh_from_db()
        assert claim.duplicate_of == first and claim.status == ClaimStatus.DISMISSED
        assert claim.dismissed_reason == f"Duplicate of #{first.id}"
    first.refresh_from_db()
    earlier_duplicate.refresh_from_db()
    assert first.status == ClaimStatus.QUEUED and earlier_duplicate.duplicate_of == first


def test_merge_keeps_the_claim_named_by_number(client, fact_checker):
    keep, other = ClaimFactory(), ClaimFactory()
    client.force_login(fact_checker)
    client.post(BULK, {"action": "duplicates", "original": f"#{keep.id}", "claim_ids": [other.id]})
    other.refresh_from_db()
    assert other.duplicate_of == keep and other.dismissed_reason == f"Duplicate of #{keep.id}"


# CSV --------------------------------------------------------------------------------------------------------


def _csv(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv") and response.streaming
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_csv_export_has_the_filtered_claims_in_queue_order(checker_client):
    top = make_claim(score=0.9, claim_type="quantity")
    second = make_claim(
        score=0.6, claim_type="quantity", assignee=UserFactory(username="ana", role="Fact-checker")
    )
    make_claim(score=0.99, claim_type="prediction")
    rows = _csv(checker_client.get(EXPORT, {"claim_type": "quantity"}))
    assert [int(r["id"]) for r in rows] == [top.id, second.id]
    assert rows[1]["assignee"] == "ana" and rows[0]["score"] == "0.900"
    assert rows[0]["url"] == f"http://testserver/claims/{top.id}/"
    assert rows[0]["text"] == top.text


@pytest.mark.permissions
def test_csv_export_defuses_formulas(checker_client):
    for text in ('=HYPERLINK("http://evil.example")', "+1+2", "-3+4", "@SUM(A1)", "Plain 3% claim"):
        ClaimFactory(text=text, article__text=text, attribution="=cmd|' /C calc'!A0")
    rows = _csv(checker_client.get(EXPORT))
    texts = {r["text"] for r in rows}
    assert texts == {'\'=HYPERLINK("http://evil.example")', "'+1+2", "'-3+4", "'@SUM(A1)", "Plain 3% claim"}
    assert {r["attribution"] for r in rows} == {"'=cmd|' /C calc'!A0"}


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
