"""A repeat answered with the fact-check we already published: offered with its reason, recorded by the holder
only, and listed among the fact-check's appearances in its ClaimReview."""

from __future__ import annotations

import pytest

from claims.models import Claim, ClaimCluster, ClusterMembership, FactCheckRepeat
from tests.claims.publishing import api_reviews, publish
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, UserFactory

SAID = "Unemployment fell to 3.5 percent in January, the lowest in fifty years."


@pytest.fixture
def repeat(db, fact_checker, editor):
    cluster = ClaimCluster.objects.create()
    first = ClaimFactory(text=SAID, article=ArticleFactory(url="https://news.example.org/jobs"))
    ClusterMembership.objects.create(claim=first, cluster=cluster, reason="started")
    verdict = publish(first, UserFactory(role="Fact-checker"), editor)
    again = ClaimFactory(
        text=SAID,
        article=ArticleFactory(
            url="https://other.example.org/jobs-again", source=SourceFactory(name="Daily Post")
        ),
    )
    ClusterMembership.objects.create(
        claim=again, cluster=cluster, reason="matched", matched_claim=first, score=0.93
    )
    return again, verdict


def test_the_claim_page_offers_the_published_fact_check_with_its_reason(client, fact_checker, repeat):
    claim, verdict = repeat
    client.force_login(fact_checker)

    content = client.get(f"/claims/{claim.id}/").content.decode()

    assert f"Respond with fact-check #{verdict.id}" in content
    assert f"It says again claim #{verdict.claim_id} (similarity 0.93)" in content


def test_responding_records_the_repeat_closes_the_claim_and_adds_an_appearance(client, fact_checker, repeat):
    claim, verdict = repeat
    client.force_login(fact_checker)

    response = client.post(f"/claims/{claim.id}/repeat/", {"verdict_id": verdict.id}, follow=True)

    assert f"Answered with fact-check #{verdict.id}" in response.content.decode()
    claim.refresh_from_db()
    assert (
        claim.status == "dismissed"
        and claim.dismissed_reason == f"Repeat, answered by fact-check #{verdict.id}"
    )
    recorded = FactCheckRepeat.objects.get(claim=claim)
    assert (recorded.verdict_id, recorded.recorded_by_id) == (verdict.id, fact_checker.id)
    review = next(r for r in api_reviews()["results"] if r["claimReviewed"] == verdict.claim.text)
    urls = [a.get("url") for a in review["itemReviewed"]["appearance"]]
    assert urls == ["https://news.example.org/jobs", "https://other.example.org/jobs-again"]


def test_only_the_holder_responds_and_a_refusal_records_nothing(client, fact_checker, repeat):
    claim, verdict = repeat
    Claim.objects.filter(id=claim.id).update(assignee=UserFactory(role="Fact-checker"), status="in_progress")
    client.force_login(fact_checker)

    response = client.post(f"/claims/{claim.id}/repeat/", {"verdict_id": verdict.id}, follow=True)

    assert "holds claim" in response.content.decode()
    assert not FactCheckRepeat.objects.exists()
    assert Claim.objects.get(id=claim.id).status == "in_progress"


def test_a_fact_check_from_another_cluster_or_a_claim_with_its_own_verdict_is_refused(
    client, fact_checker, repeat
):
    from claims import services

    claim, verdict = repeat
    client.force_login(fact_checker)
    response = client.post(f"/claims/{claim.id}/repeat/", {"verdict_id": verdict.id + 999}, follow=True)
    assert "is not the published fact-check of this claim" in response.content.decode()

    services.verdict_save(claim=claim, user=fact_checker, rating="false", explanation="My own.", version=None)
    response = client.post(f"/claims/{claim.id}/repeat/", {"verdict_id": verdict.id}, follow=True)
    assert "has a verdict of its own" in response.content.decode()
    assert not FactCheckRepeat.objects.exists()
