"""The queue's spread nudge, kept on each claim: how often its cluster was said, turned into priority points."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count

from ..models import Claim, ClusterMembership
from ..priority import spread_points


def clusters_spread_refresh(*, cluster_ids: Iterable[int]) -> None:
    """Give every claim of these clusters the spread points of its cluster's size (claims/priority.py).

    One count query and one update per distinct size, whatever the number of clusters; updated_at is left
    alone, so a claim's staleness is not reset by others repeating it.
    """
    ids = set(cluster_ids)
    if not ids:
        return
    by_points: dict[float, list[int]] = defaultdict(list)
    for row in (
        ClusterMembership.objects.filter(cluster_id__in=ids).values("cluster_id").annotate(times=Count("id"))
    ):
        by_points[spread_points(row["times"])].append(row["cluster_id"])
    for points, clusters in by_points.items():
        Claim.objects.filter(cluster_membership__cluster_id__in=clusters).exclude(
            spread_points=points
        ).update(spread_points=points)
