"""Repeated claims: each new claim joins the cluster of the claim it says again, or starts one.

A claim is compared, as it arrives, with the open and published claims in the claim index (lexical and
semantic, search/services/claim_index.py) and with the earlier fact-checks in the documents' index. It
joins a member's cluster when it is that close to the member, or the cluster of an earlier fact-check
when it matches that fact-check as well as the cluster's first claim had to; otherwise it starts a cluster.
The thresholds are calibrated by bench/repeated_claims.py (docs/decisions/2026-12-02-claim-clusters.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from search.models import Document
from search.services.claim_index import ClaimText, Nearby, claim_texts, claims_index, claims_nearby
from workbench.linear_model import dot

from ..models import Claim, ClaimCluster, ClaimStatus, ClusterMembership
from .claim_units import similarity, stems
from .cluster_spread import clusters_spread_refresh

MEMBER_COSINE = 0.825
"""A claim at least this close in meaning to a member (cosine of their MiniLM embeddings) says it again."""
MEMBER_WORDS = 0.60
"""Without embeddings: the share of their distinct words (Jaccard of stems) that makes a repeat."""
FACT_CHECK_SCORE = 0.70
"""Two claims whose best earlier fact-check is the same document, each matching it at least this well, are
one claim (the fact-check's). The match is the search's fused score, cosine similarity plus 0.2 times the
fact-check's share of the best BM25 score (search/ranking.py): 0.70 takes a cosine of 0.50 from a fact-check
that is also the best match by words, more from one that is not. A cut on the cosine alone (0.50) joined
debate sentences that merely named the same senator as a fact-check. Without embeddings the fact-check is
not used."""


@dataclass(frozen=True)
class Thresholds:
    member_cosine: float = MEMBER_COSINE
    member_words: float = MEMBER_WORDS
    fact_check_score: float = FACT_CHECK_SCORE


@dataclass(frozen=True)
class Neighbour:
    claim_id: int
    cluster_id: int
    cosine: float | None
    words: float


@dataclass(frozen=True)
class Decision:
    """Where a claim goes (`cluster_id` None starts a cluster), and the earlier fact-check it matches closely,
    if any: whichever cluster it lands in, later claims matching that fact-check join it there."""

    cluster_id: int | None
    reason: str
    matched_claim_id: int | None = None
    score: float | None = None
    fact_check_id: int | None = None


def cluster_decision(
    neighbours: Sequence[Neighbour],
    fact_check: tuple[int, float] | None,
    anchored: dict[int, int],
    thresholds: Thresholds = Thresholds(),
) -> Decision:
    """The rule, apart from the database so the benchmark replays it: the closest member above its
    threshold wins; else the cluster of a claim that matched the same earlier fact-check; else a new cluster.
    `fact_check` is the best earlier fact-check's document id and match score (None without embeddings);
    `anchored` maps fact-check document ids to the cluster of the first claim that matched each closely."""
    best: tuple[float, Neighbour] | None = None
    for n in neighbours:
        if n.cosine is not None:
            margin = n.cosine - thresholds.member_cosine
        else:
            margin = n.words - thresholds.member_words
        if margin >= 0 and (best is None or margin > best[0]):
            best = (margin, n)
    anchor = None
    if fact_check is not None and fact_check[1] >= thresholds.fact_check_score:
        anchor = fact_check[0]
    if best is not None:
        n = best[1]
        return Decision(
            n.cluster_id,
            ClusterMembership.Reason.MATCHED,
            matched_claim_id=n.claim_id,
            score=round(n.cosine if n.cosine is not None else n.words, 4),
            fact_check_id=anchor,
        )
    if anchor is not None and anchor in anchored:
        return Decision(
            anchored[anchor],
            ClusterMembership.Reason.FACT_CHECK,
            score=round(fact_check[1], 4),
            fact_check_id=anchor,
        )
    return Decision(None, ClusterMembership.Reason.STARTED, fact_check_id=anchor)


def _cosine(a: tuple[float, ...], b: tuple[float, ...]) -> float | None:
    """Cosine of two encoder vectors: they are unit length, so their dot product."""
    return dot(a, b) if a and b else None


def claims_cluster(*, claim_ids: Sequence[int]) -> dict[int, int]:
    """Place each of these claims (in arrival order) in a cluster; returns claim id -> cluster id.

    Idempotent: a claim already in a cluster keeps it. Claims of one call are compared with each other too,
    so a batch clusters as if its claims arrived one by one. Costs one encoder batch, one multi-search on
    each index and a few queries whatever the number of claims; the claim index is written before the
    database, so a retry after a failure finds the same neighbours. Raises SearchUnavailable when search
    is down (the claims stay unclustered and the sweeper sends them again).
    """
    claims = list(
        Claim.objects.filter(id__in=list(claim_ids), cluster_membership__isnull=True)
        .exclude(status=ClaimStatus.DISMISSED)
        .order_by("id")
        .only("id", "text")
    )
    if not claims:
        return {}
    texts = claim_texts([(c.id, c.text) for c in claims])
    nearby = claims_nearby(texts)
    claims_index(texts)
    return _place(texts, nearby)


@transaction.atomic
def _place(texts: list[ClaimText], nearby: list[Nearby]) -> dict[int, int]:
    hit_ids = {hit.document_id for near in nearby for hit in near.claims}
    known = {
        claim_id: (cluster_id, text)
        for claim_id, cluster_id, text in ClusterMembership.objects.filter(claim_id__in=hit_ids)
        .exclude(claim__status=ClaimStatus.DISMISSED)
        .values_list("claim_id", "cluster_id", "claim__text")
    }
    # The index may still hold a fact-check the database has deleted (its removal is queued): ignore it.
    fact_check_ids = set(
        Document.objects.filter(
            id__in={near.fact_check.document_id for near in nearby if near.fact_check}
        ).values_list("id", flat=True)
    )
    anchored: dict[int, int] = {}
    for fact_check_id, cluster_id in (
        ClusterMembership.objects.filter(fact_check_id__in=fact_check_ids)
        .order_by("joined_at", "id")
        .values_list("fact_check_id", "cluster_id")
    ):
        anchored.setdefault(fact_check_id, cluster_id)
    # Claims still waiting for a cluster can't join twice: a concurrent run places each only once.
    ids = [t.id for t in texts]
    locked = set(Claim.objects.select_for_update().filter(id__in=ids).values_list("id", flat=True))
    waiting = locked - set(
        ClusterMembership.objects.filter(claim_id__in=ids).values_list("claim_id", flat=True)
    )
    placed: dict[int, int] = {}
    earlier: list[tuple[ClaimText, int]] = []
    memberships = []
    for text, near in zip(texts, nearby, strict=True):
        if text.id not in waiting:
            continue
        own_stems = stems(text.text)
        neighbours = [
            Neighbour(
                hit.document_id,
                known[hit.document_id][0],
                hit.semantic,
                similarity(own_stems, stems(known[hit.document_id][1])),
            )
            for hit in near.claims
            if hit.document_id in known and hit.document_id != text.id
        ]
        neighbours += [
            Neighbour(
                other.id,
                cluster_id,
                _cosine(text.vector, other.vector),
                similarity(own_stems, stems(other.text)),
            )
            for other, cluster_id in earlier
        ]
        fact_check = None
        if (
            near.fact_check is not None
            and near.fact_check.semantic is not None
            and near.fact_check.document_id in fact_check_ids
        ):
            fact_check = (near.fact_check.document_id, near.fact_check.score)
        decision = cluster_decision(neighbours, fact_check, anchored)
        cluster_id = decision.cluster_id
        if cluster_id is None:
            cluster_id = ClaimCluster.objects.create(fact_check_id=decision.fact_check_id).id
        if decision.fact_check_id is not None:
            anchored.setdefault(decision.fact_check_id, cluster_id)
        memberships.append(
            ClusterMembership(
                claim_id=text.id,
                cluster_id=cluster_id,
                reason=decision.reason,
                matched_claim_id=decision.matched_claim_id,
                score=decision.score,
                fact_check_id=decision.fact_check_id,
            )
        )
        placed[text.id] = cluster_id
        earlier.append((text, cluster_id))
    ClusterMembership.objects.bulk_create(memberships)
    clusters_spread_refresh(cluster_ids=set(placed.values()))
    return placed
