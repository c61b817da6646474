"""Reviewers merge and split claim clusters, and every decision is logged with who, when and why."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from claims.models import ClaimCluster, ClusterJudgment, ClusterMembership
from claims.services.cluster_judgments import cluster_merge, cluster_split
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def _cluster_of(*claims):
    cluster = ClaimCluster.objects.create()
    for claim in claims:
        ClusterMembership.objects.create(claim=claim, cluster=cluster, reason="matched")
    return cluster


def _members(cluster):
    return set(cluster.memberships.values_list("claim_id", flat=True))


def test_a_merge_puts_both_clusters_claims_together_and_is_logged():
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    first, second = _cluster_of(a), _cluster_of(b, c)
    reviewer = UserFactory(role="Editor")

    judgment = cluster_merge(cluster=first, other=second, user=reviewer, reason="same statistic")

    assert _members(first) == {a.pk, b.pk, c.pk}
    assert _members(second) == set()
    second.refresh_from_db()
    assert second.merged_into == first
    assert (judgment.action, judgment.judged_by, judgment.reason) == ("merge", reviewer, "same statistic")
    assert sorted(judgment.claims) == sorted([b.pk, c.pk])


def test_a_split_moves_the_chosen_claims_to_a_new_cluster_and_is_logged():
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    cluster = _cluster_of(a, b, c)
    reviewer = UserFactory(role="Fact-checker")

    new, judgment = cluster_split(cluster=cluster, claim_ids=[c.pk], user=reviewer, reason="different year")

    assert _members(cluster) == {a.pk, b.pk}
    assert _members(new) == {c.pk}
    assert judgment.other_cluster == new and judgment.claims == [c.pk]
    assert ClusterJudgment.objects.count() == 1


@pytest.mark.parametrize("claims_to_move", ["all", "stranger"])
def test_a_split_that_would_empty_the_cluster_or_take_a_stranger_is_refused(claims_to_move):
    a, b = ClaimFactory(), ClaimFactory()
    cluster = _cluster_of(a, b)
    ids = [a.pk, b.pk] if claims_to_move == "all" else [ClaimFactory().pk]

    with pytest.raises(ValueError):
        cluster_split(cluster=cluster, claim_ids=ids, user=UserFactory(role="Fact-checker"), reason="why")

    assert _members(cluster) == {a.pk, b.pk}
    assert not ClusterJudgment.objects.exists()


def test_a_merge_without_a_reason_is_refused():
    with pytest.raises(ValueError):
        cluster_merge(
            cluster=_cluster_of(ClaimFactory()),
            other=_cluster_of(ClaimFactory()),
            user=UserFactory(role="Fact-checker"),
            reason=" ",
        )
    assert not ClusterJudgment.objects.exists()


def test_only_fact_checkers_and_editors_merge_or_split_and_a_refusal_changes_nothing():
    a, b = ClaimFactory(), ClaimFactory()
    first, second = _cluster_of(a), _cluster_of(b)
    outsider = UserFactory(role=None)

    with pytest.raises(PermissionDenied):
        cluster_merge(cluster=first, other=second, user=outsider, reason="same claim")
    with pytest.raises(PermissionDenied):
        cluster_split(cluster=second, claim_ids=[b.id], user=outsider, reason="not the same")
    assert _members(first) == {a.id} and _members(second) == {b.id}
    assert not ClusterJudgment.objects.exists()
