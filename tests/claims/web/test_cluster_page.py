"""The cluster page and the queue's spread: a claim said again is counted, shown together, merged and split."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claims.models import ClaimCluster, ClusterJudgment, ClusterMembership
from tests.claims.web.queueing import QUEUE
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, UserFactory

SAID = "Unemployment fell to 3.5 percent in January, the lowest in fifty years."


def _said_by(cluster, source_name, day, *, claimant="", text=SAID):
    article = ArticleFactory(
        title=f"{source_name} on jobs",
        source=SourceFactory(name=source_name),
        published_at=datetime(2026, 1, day, tzinfo=UTC),
    )
    claim = ClaimFactory(article=article, text=text, attribution=claimant)
    ClusterMembership.objects.create(claim=claim, cluster=cluster, reason="matched", score=0.91)
    return claim


@pytest.fixture
def said_three_times(db):
    cluster = ClaimCluster.objects.create()
    first = _said_by(cluster, "Western Mail", 3, claimant="the minister")
    second = _said_by(cluster, "Daily Post", 5)
    third = _said_by(
        cluster, "Daily Post", 9, text="Jobless rate at a fifty-year low of 3.5 percent, says minister."
    )
    return cluster, [first, second, third]


def test_the_queue_says_how_often_a_claim_was_said_by_how_many_sources_since_when(
    checker_client, said_three_times
):
    cluster, _ = said_three_times
    ClaimFactory(text="A claim said once.")

    content = checker_client.get(QUEUE).content.decode()

    assert content.count("Said 3 times by 2 sources since 3 Jan 2026") == 3
    assert f'href="/clusters/{cluster.id}/"' in content
    assert content.count('class="muted spread"') == 3  # a claim said once carries no note


def test_the_queue_points_a_cluster_s_other_claims_at_the_one_being_checked(checker_client, said_three_times):
    from claims.models import Claim

    _, (first, second, third) = said_three_times
    Claim.objects.filter(id=second.id).update(status="in_progress", assignee=UserFactory(role="Fact-checker"))

    content = checker_client.get(QUEUE, {"status": "all"}).content.decode()

    assert content.count(f"worked as #{second.id}") == 2  # on the first and third claims, not on its own row
    assert f'href="/claims/{second.id}/" title="Another claim' in content


def test_the_cluster_page_lists_each_claim_with_its_article_source_date_and_claimant(
    checker_client, said_three_times
):
    cluster, claims = said_three_times

    response = checker_client.get(f"/clusters/{cluster.id}/")

    content = response.content.decode()
    assert response.status_code == 200
    for claim in claims:
        assert f'href="/claims/{claim.id}/"' in content
    assert "Western Mail" in content and "Daily Post on jobs" in content
    assert "the minister" in content and "2026-01-09" in content
    assert "similarity 0.91" in content
    assert "said 3 times</h1>" in content and "Said 3 times by 2 sources since 3 Jan 2026." in content
    assert "Split off the ticked claims" in content and content.count('name="claim_ids"') == 3


def test_a_pasted_claim_said_once_reads_so_without_counting_no_sources(checker_client):
    cluster = ClaimCluster.objects.create()
    claim = ClaimFactory(article=ArticleFactory(source=None, published_at=datetime(2026, 2, 4, tzinfo=UTC)))
    ClusterMembership.objects.create(claim=claim, cluster=cluster, reason="started")

    content = checker_client.get(f"/clusters/{cluster.id}/").content.decode()

    assert "one claim, said once</h1>" in content and "Said once since 4 Feb 2026." in content
    assert "0 sources" not in content
    assert (
        "Split off" not in content and "Merge it into this one" in content
    )  # nothing to split from one claim


def test_the_cluster_page_needs_a_login_and_its_queries_do_not_grow_with_its_claims(
    checker_client, said_three_times, django_assert_max_num_queries
):
    cluster, _ = said_three_times
    with django_assert_max_num_queries(20) as few:
        checker_client.get(f"/clusters/{cluster.id}/")
    for day in range(10, 20):
        _said_by(cluster, f"Outlet {day}", day)
    with django_assert_max_num_queries(len(few)):
        assert checker_client.get(f"/clusters/{cluster.id}/").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, said_three_times):
    cluster, _ = said_three_times
    response = client.get(f"/clusters/{cluster.id}/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_reviewer_splits_off_a_claim_and_the_judgment_is_logged_on_the_page(
    checker_client, said_three_times
):
    cluster, claims = said_three_times

    response = checker_client.post(
        f"/clusters/{cluster.id}/split/",
        {"claim_ids": [claims[2].id], "reason": "a different figure"},
        follow=True,
    )

    moved = ClusterMembership.objects.get(claim=claims[2]).cluster_id
    assert moved != cluster.id
    judgment = ClusterJudgment.objects.get()
    assert (judgment.action, judgment.claims, judgment.reason) == (
        "split",
        [claims[2].id],
        "a different figure",
    )
    assert "a different figure" in response.content.decode()


def test_a_merge_moves_the_other_clusters_claims_and_its_old_page_leads_to_the_merged_one(
    checker_client, said_three_times
):
    cluster, _ = said_three_times
    other = ClaimCluster.objects.create()
    stray = _said_by(other, "Wire", 12)

    checker_client.post(
        f"/clusters/{cluster.id}/merge/", {"other": str(other.id), "reason": "same statistic"}
    )

    assert ClusterMembership.objects.get(claim=stray).cluster_id == cluster.id
    response = checker_client.get(f"/clusters/{other.id}/")
    assert response.status_code == 302 and response["Location"] == f"/clusters/{cluster.id}/"


def test_without_a_reason_or_the_role_nothing_is_merged(client, checker_client, said_three_times):
    cluster, _ = said_three_times
    other = ClaimCluster.objects.create()
    stray = _said_by(other, "Wire", 12)

    response = checker_client.post(
        f"/clusters/{cluster.id}/merge/", {"other": str(other.id), "reason": " "}, follow=True
    )
    assert "needs a reason" in response.content.decode()
    client.force_login(UserFactory())
    assert (
        client.post(f"/clusters/{cluster.id}/merge/", {"other": str(other.id), "reason": "same"}).status_code
        == 403
    )
    assert ClusterMembership.objects.get(claim=stray).cluster_id == other.id
    assert not ClusterJudgment.objects.exists()
