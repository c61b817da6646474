"""The queue's spread figure: 'said N times by M sources since DATE', in a constant number of queries."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claims.models import ClaimCluster, ClusterMembership
from claims.selectors.clusters import claim_spread_for
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _said(cluster, source, when):
    claim = ClaimFactory(article=ArticleFactory(source=source, published_at=when))
    ClusterMembership.objects.create(claim=claim, cluster=cluster, reason="matched")
    return claim


def test_a_claim_said_three_times_by_two_sources_shows_the_earliest_date():
    cluster = ClaimCluster.objects.create()
    outlet, other = SourceFactory(), SourceFactory()
    first = _said(cluster, outlet, datetime(2026, 11, 1, tzinfo=UTC))
    _said(cluster, outlet, datetime(2026, 11, 5, tzinfo=UTC))
    latest = _said(cluster, other, datetime(2026, 11, 9, tzinfo=UTC))

    spread = claim_spread_for(claim_ids=[latest.pk])[latest.pk]

    assert (spread.times, spread.sources, spread.since) == (3, 2, datetime(2026, 11, 1, tzinfo=UTC))
    assert claim_spread_for(claim_ids=[first.pk])[first.pk] == spread


def test_a_claim_in_no_cluster_has_no_spread():
    claim = ClaimFactory()
    assert claim_spread_for(claim_ids=[claim.pk]) == {}


@pytest.mark.parametrize("page_size", [2, 20])
def test_spread_for_a_page_costs_the_same_queries_whatever_its_size(page_size, django_assert_num_queries):
    source = SourceFactory()
    ids = []
    for _ in range(page_size):
        cluster = ClaimCluster.objects.create()
        ids.append(_said(cluster, source, datetime(2026, 11, 1, tzinfo=UTC)).pk)
        _said(cluster, None, None)

    with django_assert_num_queries(2):
        spreads = claim_spread_for(claim_ids=ids)

    assert {s.times for s in spreads.values()} == {2}
    assert {s.sources for s in spreads.values()} == {1}
