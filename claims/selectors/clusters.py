"""Spread of a claim: how often its cluster was said, by how many sources, since when."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from claims.models import ClaimCluster, ClaimStatus, ClusterJudgment, ClusterMembership

WORKED = (ClaimStatus.IN_PROGRESS, ClaimStatus.SUBMITTED, ClaimStatus.RETURNED, ClaimStatus.PUBLISHED)


@dataclass(frozen=True)
class Spread:
    """'Said `times` times by `sources` sources since `since`' for one claim's cluster."""

    cluster_id: int
    times: int
    sources: int
    since: datetime | None
    worked_claim_id: int | None = None
    """The first claim of the cluster that is being checked or is published: the one that carries the work."""


def claim_spread_for(*, claim_ids: Iterable[int]) -> dict[int, Spread]:
    """Spread per claim id, for a page of claims in two SQL queries whatever the page size.

    A claim in no cluster is absent from the result. A source is counted once however many of its
    articles said the claim; an article without a source counts as no source. The date is the earliest
    publication (or, without one, arrival) of an article in the cluster.
    """
    ids = list(claim_ids)
    if not ids:
        return {}
    cluster_of = dict(
        ClusterMembership.objects.filter(claim_id__in=ids).values_list("claim_id", "cluster_id")
    )
    if not cluster_of:
        return {}
    rows = (
        ClusterMembership.objects.filter(cluster_id__in=set(cluster_of.values()))
        .values("cluster_id")
        .annotate(
            times=Count("claim_id", distinct=True),
            sources=Count("claim__article__source_id", distinct=True),
            since=Min(Coalesce("claim__article__published_at", "claim__article__created_at")),
            worked=Min("claim_id", filter=Q(claim__status__in=WORKED)),
        )
    )
    by_cluster = {
        row["cluster_id"]: Spread(
            row["cluster_id"], row["times"], row["sources"], row["since"], row["worked"]
        )
        for row in rows
    }
    return {claim_id: by_cluster[cluster_id] for claim_id, cluster_id in cluster_of.items()}


@dataclass(frozen=True)
class ClusterPage:
    cluster: ClaimCluster
    members: list[ClusterMembership]
    judgments: list[ClusterJudgment]
    spread: Spread | None


def cluster_page(*, cluster_id: int) -> ClusterPage:
    """A cluster with its claims (article, source, dates, claimant, why each joined) and its judgments, in
    a fixed number of queries; a merged cluster's id leads to the cluster it went into."""
    cluster = get_object_or_404(ClaimCluster.objects.select_related("fact_check"), id=cluster_id)
    seen = {cluster.id}
    while cluster.merged_into_id and cluster.merged_into_id not in seen:
        seen.add(cluster.merged_into_id)
        cluster = ClaimCluster.objects.select_related("fact_check").get(id=cluster.merged_into_id)
    members = list(
        ClusterMembership.objects.filter(cluster=cluster)
        .select_related("claim__article__source", "matched_claim")
        .order_by("joined_at", "id")
    )
    judgments = list(ClusterJudgment.objects.filter(cluster=cluster).select_related("judged_by")[:50])
    spread = claim_spread_for(claim_ids=[members[0].claim_id]).get(members[0].claim_id) if members else None
    return ClusterPage(cluster, members, judgments, spread)


def cluster_open_get(*, cluster_id) -> ClaimCluster:
    """A cluster that still holds claims (not merged away), by its number; Http404 otherwise."""
    try:
        return ClaimCluster.objects.get(id=int(cluster_id), merged_into=None)
    except (TypeError, ValueError, ClaimCluster.DoesNotExist) as exc:
        raise Http404("No such cluster (or it was merged into another).") from exc
