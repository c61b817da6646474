"""Reviewers' merges and splits of claim clusters, each logged as a ClusterJudgment."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from claims.models import ClaimCluster, ClusterJudgment, ClusterMembership

from .cluster_spread import clusters_spread_refresh
from .common import require

JUDGE = "claims.check_claim"
"""Fact-checkers and editors merge and split clusters: the judgment is theirs, and it is logged."""


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("A merge or split needs a reason: say why these claims are (not) the same claim.")
    return reason


@transaction.atomic
def cluster_merge(*, cluster: ClaimCluster, other: ClaimCluster, user, reason: str) -> ClusterJudgment:
    """Move every claim of `other` into `cluster`, mark `other` merged, and log the judgment.

    Guarantees: after it, `other` holds no claims and points at `cluster`; one ClusterJudgment records
    who merged, when, why and which claims moved. Enqueues nothing.
    """
    require(user, JUDGE)
    reason = _require_reason(reason)
    if cluster.pk == other.pk:
        raise ValueError("A cluster cannot be merged into itself.")
    moved = list(
        ClusterMembership.objects.select_for_update()
        .filter(cluster=other)
        .order_by("id")
        .values_list("claim_id", flat=True)
    )
    ClusterMembership.objects.filter(cluster=other).update(
        cluster=cluster, reason=ClusterMembership.Reason.MERGED
    )
    other.merged_into = cluster
    other.save(update_fields=["merged_into"])
    clusters_spread_refresh(cluster_ids=[cluster.id])
    return ClusterJudgment.objects.create(
        action=ClusterJudgment.Action.MERGE,
        cluster=cluster,
        other_cluster=other,
        claims=moved,
        reason=reason,
        judged_by=user,
    )


@transaction.atomic
def cluster_split(
    *, cluster: ClaimCluster, claim_ids: Sequence[int], user, reason: str
) -> tuple[ClaimCluster, ClusterJudgment]:
    """Move the given claims of `cluster` into a new cluster of their own, and log the judgment.

    Guarantees: the claims named must all be members of `cluster`, and at least one claim stays behind;
    one ClusterJudgment records who split, when, why and which claims moved. Enqueues nothing.
    """
    require(user, JUDGE)
    reason = _require_reason(reason)
    wanted = sorted(set(claim_ids))
    members = set(
        ClusterMembership.objects.select_for_update()
        .filter(cluster=cluster)
        .values_list("claim_id", flat=True)
    )
    if not wanted or not set(wanted) <= members:
        raise ValueError("Only claims of this cluster can be split off.")
    if set(wanted) == members:
        raise ValueError("A split must leave at least one claim in the cluster.")
    new = ClaimCluster.objects.create()
    ClusterMembership.objects.filter(cluster=cluster, claim_id__in=wanted).update(
        cluster=new, reason=ClusterMembership.Reason.SPLIT, matched_claim=None, score=None
    )
    clusters_spread_refresh(cluster_ids=[cluster.id, new.id])
    judgment = ClusterJudgment.objects.create(
        action=ClusterJudgment.Action.SPLIT,
        cluster=cluster,
        other_cluster=new,
        claims=wanted,
        reason=reason,
        judged_by=user,
    )
    return new, judgment
