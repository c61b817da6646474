"""Answer a repeated claim with the fact-check we already published for its cluster."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from ..models import Claim, ClusterMembership, FactCheckRepeat, Verdict, VerdictStatus
from .claim_status import claim_hold_for_work, claims_dismiss_saying
from .common import WorkflowError, require
from .records import audit


@dataclass(frozen=True)
class RepeatOf:
    """The published fact-check of a claim's cluster, and why the claim is in that cluster."""

    verdict: Verdict
    cluster_id: int
    reason: str


def membership_reason(membership: ClusterMembership) -> str:
    """How a claim joined its cluster, in words a fact-checker can check."""
    if membership.reason == ClusterMembership.Reason.MATCHED and membership.matched_claim_id:
        return f"It says again claim #{membership.matched_claim_id} (similarity {membership.score or 0:.2f})."
    if membership.reason == ClusterMembership.Reason.FACT_CHECK and membership.fact_check is not None:
        return (
            f"It matches the earlier fact-check “{membership.fact_check.title}” as well as another claim "
            f"of the cluster had to (match {membership.score or 0:.2f}, by meaning and words)."
        )
    if membership.reason == ClusterMembership.Reason.MERGED:
        return "A reviewer merged its cluster into this one."
    return f"It is in this cluster: {membership.get_reason_display()}."


def repeat_of(*, claim) -> RepeatOf | None:
    """The newest published fact-check of another claim of this claim's cluster, if any (two queries)."""
    membership = ClusterMembership.objects.filter(claim_id=claim.id).select_related("fact_check").first()
    if membership is None:
        return None
    verdict = (
        Verdict.objects.filter(
            status=VerdictStatus.PUBLISHED, claim__cluster_membership__cluster_id=membership.cluster_id
        )
        .exclude(claim_id=claim.id)
        .select_related("claim")
        .order_by("-published_at", "-id")
        .first()
    )
    if verdict is None:
        return None
    return RepeatOf(verdict, membership.cluster_id, membership_reason(membership))


def claim_answer_with_fact_check(*, claim: Claim, verdict_id: int, user) -> FactCheckRepeat:
    """The claim's holder answers it with fact-check #`verdict_id`, the published fact-check of its cluster.

    Guarantees: only whoever holds the claim (or takes it now, if nobody does) can; the fact-check must be
    the one the claim's cluster offers; a claim with a verdict of its own is refused, so no work is lost.
    The claim leaves the queue as a repeat (dismissed, with the reason), and the fact-check gains the
    claim's article as one more appearance in its ClaimReview. Enqueues nothing.
    """
    require(user, "claims.check_claim")
    with transaction.atomic():
        claim = Claim.objects.select_for_update(of=("self",)).select_related("article").get(id=claim.id)
        claim_hold_for_work(claim=claim, user=user)
        offered = repeat_of(claim=claim)
        if offered is None or offered.verdict.id != verdict_id:
            raise WorkflowError(
                f"Fact-check #{verdict_id} is not the published fact-check of this claim's cluster; reload "
                "the claim to see what it is offered."
            )
        if hasattr(claim, "verdict"):
            raise WorkflowError(
                "This claim has a verdict of its own; finish or withdraw it rather than answer it as a repeat."
            )
        if FactCheckRepeat.objects.filter(claim=claim).exists():
            raise WorkflowError("This claim is already answered as a repeat.")
        repeat = FactCheckRepeat.objects.create(
            verdict=offered.verdict, claim=claim, reason=offered.reason, recorded_by=user
        )
        claims_dismiss_saying(
            claims=[claim], user=user, reason=f"Repeat, answered by fact-check #{verdict_id}"
        )
        audit(
            actor=user,
            action="claim.answered_as_repeat",
            claim=claim,
            verdict=verdict_id,
            reason=offered.reason,
        )
    return repeat
