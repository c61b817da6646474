"""Bad input to the pages gets a 4xx that says what was wrong, never a server error, and changes nothing stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Claim, Verdict
from search.models import Source
from search.selectors.sources import sources_due
from tests.claims.acting import stored
from tests.claims.publishing import publish
from tests.factories import ClaimFactory, EvidenceCandidateFactory, SourceFactory, UserFactory

HUGE = str(10**20)
NUL = "fine until here\x00and then a NUL"
NUL_REFUSED = b"Null characters are not allowed."


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def desk(db, embedded_backend, fact_checker, editor):
    """A claim with a saved draft and a candidate, a claim in the queue, one submitted and one published."""
    candidate = EvidenceCandidateFactory()
    draft = services.verdict_save(
        claim=candidate.claim, user=fact_checker, rating="false", explanation="Saved before.", version=None
    )
    published = publish(ClaimFactory(), fact_checker, editor)
    second_editor = UserFactory(role="Editor")
    proposal = services.verdict_correct(
        verdict=published, editor=editor, explanation="The figure was revised."
    )
    return {
        "claim": candidate.claim,
        "document": candidate.document,
        "draft": draft,
        "queued": ClaimFactory(),
        "submitted": publish(ClaimFactory(), fact_checker, None),
        "proposal": proposal,
        "checker": _client(fact_checker),
        "editor": _client(editor),
        "second_editor": _client(second_editor),
    }


def _nul_posts(desk):
    claim = desk["claim"].id
    return [
        ("checker", reverse("claims:claim_edit", args=[claim]), {"text": NUL}),
        (
            "checker",
            reverse("claims:evidence_mark", args=[claim]),
            {"document_id": desk["document"].id, "stance": "supports", "note": NUL},
        ),
        (
            "checker",
            reverse("claims:citation_add", args=[claim]),
            {"url": "https://stats.example.org/", "note": NUL},
        ),
        (
            "checker",
            reverse("claims:verdict_save", args=[claim]),
            {"rating": "false", "explanation": NUL, "version": desk["draft"].version, "save": ""},
        ),
        (
            "checker",
            reverse("claims:queue_bulk"),
            {"claim_ids": [desk["queued"].id], "action": "dismiss", "reason": f"Duplicate{NUL}"},
        ),
        (
            "editor",
            reverse("claims:review_detail", args=[desk["submitted"].id]),
            {"decision": "return", "comment": NUL},
        ),
        (
            "second_editor",
            reverse("claims:correction_decide", args=[desk["proposal"].id]),
            {"decision": "reject", "reason": NUL},
        ),
    ]


def _nul_is_refused_saying_why(desk):
    before = stored()
    for who, url, data in _nul_posts(desk):
        response = desk[who].post(url, data)
        assert response.status_code == 400, (url, response.status_code)
        assert NUL_REFUSED in response.content, url
    search = desk["checker"].get(reverse("claims:corpus_search", args=[desk["claim"].id]), {"q": NUL})
    assert search.status_code == 400 and NUL_REFUSED in search.content
    assert stored() == before
    assert Verdict.objects.get(id=desk["draft"].id).explanation == "Saved before."


def test_nul_characters_in_any_text_a_page_posts_are_refused_saying_why(desk):
    _nul_is_refused_saying_why(desk)


@pytest.mark.postgres
def test_nul_characters_are_refused_on_postgresql_which_cannot_store_them(desk):
    _nul_is_refused_saying_why(desk)


@pytest.mark.parametrize("value", ["abc", "", "²", HUGE, "0", "-1"])
def test_an_evidence_mark_for_a_document_id_that_is_no_id_is_a_400(desk, value):
    before = stored()
    response = desk["checker"].post(
        reverse("claims:evidence_mark", args=[desk["claim"].id]), {"document_id": value, "stance": "supports"}
    )
    assert response.status_code == 400 and b"Document: " in response.content
    assert stored() == before


def test_an_evidence_mark_for_a_document_that_does_not_exist_is_not_found(desk):
    response = desk["checker"].post(
        reverse("claims:evidence_mark", args=[desk["claim"].id]),
        {"document_id": "987654", "stance": "supports"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url, data",
    [
        ("claims:claim_split", {"at": "abc"}),
        ("claims:claim_split", {"at": HUGE}),
        ("claims:claim_split", {"at": "0"}),
        ("claims:verdict_save", {"rating": "true", "explanation": "Overwritten?", "version": HUGE}),
        ("claims:citation_add", {"document_id": HUGE}),
        ("claims:evidence_mark", {"document_id": "1", "stance": "believes"}),
        ("claims:claim_edit", {"text": ""}),
    ],
)
def test_numbers_and_choices_out_of_range_in_the_workspace_are_a_400_saying_which(desk, url, data):
    before = stored()
    response = desk["checker"].post(reverse(url, args=[desk["claim"].id]), data)
    assert response.status_code == 400, response.status_code
    assert b'class="error"' in response.content
    assert stored() == before


@pytest.mark.parametrize(
    "data, says",
    [
        ({"action": "assign", "assignee": HUGE}, b"Assignee: "),
        ({"action": "duplicates", "original": "abc"}, b"Claim to keep: "),
        ({"action": "dismiss", "reason": "x" * 1001}, b"Reason: "),
    ],
)
def test_bulk_actions_with_values_that_are_no_values_are_a_400_on_the_queue(desk, data, says):
    before = stored()
    response = desk["checker"].post(reverse("claims:queue_bulk"), {"claim_ids": [desk["queued"].id], **data})
    assert response.status_code == 400 and says in response.content
    assert b'id="queue"' in response.content  # the queue itself, to carry on from
    assert stored() == before
    assert Claim.objects.get(id=desk["queued"].id).status == desk["queued"].status


def test_a_blind_review_note_longer_than_it_is_kept_is_a_400(desk, settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "BLIND_SECOND_REVIEW": True}
    other = _client(UserFactory(role="Fact-checker"))
    before = stored()
    response = other.post(
        reverse("claims:blind_review", args=[desk["submitted"].id]),
        {"rating": "false", "explanation": "x" * 301},
    )
    assert response.status_code == 400 and b"at most 300 characters" in response.content
    assert stored() == before


@pytest.mark.parametrize("published_on", ["0001-01-01", "1799-12-31", "9999-12-31"])
def test_an_article_dated_off_the_calendar_of_news_is_refused_saying_why(desk, published_on):
    before = stored()
    response = desk["checker"].post(
        reverse("claims:article_new"),
        {"text": "Exports rose 12% to $4.5 billion in March.", "published_at": published_on},
    )
    assert response.status_code in (200, 400) and b"Published on" in response.content
    assert b"Ensure this value is greater than" in response.content or b"in the future" in response.content
    assert stored() == before


SOURCE = {"name": "Wire", "kind": "news", "reliability": "0.5", "language": "en", "active": "on"}


@pytest.mark.parametrize("minutes", ["0", "4", "43201", str(2**40)])
def test_a_source_polled_outside_5_minutes_to_30_days_is_refused_on_the_sources_page(db, admin_user, minutes):
    client = _client(admin_user)
    response = client.post(
        reverse("search:source_new"),
        {**SOURCE, "feed_url": "https://wire.example.org/rss", "poll_interval_minutes": minutes},
    )
    assert response.status_code == 400 and b"Ensure this value is" in response.content
    assert not Source.objects.exists()


def test_a_source_with_nul_in_its_name_is_refused_on_the_sources_page(db, admin_user):
    response = _client(admin_user).post(
        reverse("search:source_new"), {**SOURCE, "name": NUL, "poll_interval_minutes": "60"}
    )
    assert response.status_code == 400 and NUL_REFUSED in response.content
    assert not Source.objects.exists()


def test_one_source_saved_with_a_huge_interval_does_not_stop_every_feed_poll(db):
    """Before the range check, 2**40 minutes could be saved; sources_due then raised OverflowError for all.

    PostgreSQL's integer column stops at 2**31 - 1 minutes (4,000 years: never polled, but no overflow).
    """
    an_hour_ago = timezone.now() - timedelta(hours=1)
    minutes = 2**40 if connection.vendor == "sqlite" else 2**31 - 1
    huge = SourceFactory(feed_url="https://huge.example.org/rss", poll_interval_minutes=minutes)
    due = SourceFactory(feed_url="https://due.example.org/rss", poll_interval_minutes=30)
    too_often = SourceFactory(feed_url="https://often.example.org/rss", poll_interval_minutes=0)
    Source.objects.filter(id__in=[huge.id, due.id, too_often.id]).update(last_fetched_at=an_hour_ago)
    assert sorted(sources_due()) == sorted([due.id, too_often.id])
    month_later = timezone.now() + timedelta(days=31)
    assert huge.id in sources_due(now=month_later)
