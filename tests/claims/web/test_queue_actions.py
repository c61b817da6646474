"""Acting on claims from the queue: the lock and assignment, bulk actions, and the CSV export."""

from __future__ import annotations

import csv
import io

import pytest

from claims import services
from claims.models import AuditEvent, Claim, ClaimStatus, Notification
from tests.claims.web.queueing import BULK, EXPORT, QUEUE, RELEASE, TAKE, make_claim, shown_ids
from tests.factories import ClaimFactory, UserFactory

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
