"""Spread of a claim: how often its cluster was said, by how many sources, since when."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min
from django.db.models.functions import Coalesce

from claims.models import ClusterMembership


@dataclass(frozen=True)
class Spread:
    """'Said `times` times by `sources` sources since `since`' for one claim's cluster."""

    cluster_id: int
    times: int
    sources: int
    since: datetime | None


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
        )
    )
    by_cluster = {
        row["cluster_id"]: Spread(row["cluster_id"], row["times"], row["sources"], row["since"])
        for row in rows
    }
    return {claim_id: by_cluster[cluster_id] for claim_id, cluster_id in cluster_of.items()}
