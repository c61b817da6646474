"""The claim to work next, after the one in the workspace (its key n), in the queue's order."""

from __future__ import annotations

from django.db.models import Q

from claims.models import Claim, ClaimStatus
from claims.selectors.queue import QueueFilters, queue_claims

WORKABLE_STATUSES = (ClaimStatus.QUEUED, ClaimStatus.IN_PROGRESS, ClaimStatus.RETURNED)


def claim_after(*, user, claim_id: int) -> Claim | None:
    """The claim to work next from the workspace (key n): the first claim below this one in queue order that
    still needs work and is this person's or nobody's; from the top of the queue when none is below. At
    most three queries, however long the queue."""
    claims = (
        queue_claims(user=user, filters=QueueFilters())
        .filter(Q(assignee__isnull=True) | Q(assignee=user), status__in=WORKABLE_STATUSES)
        .exclude(id=claim_id)
    )
    here = queue_claims(user=user, filters=QueueFilters(status="all")).filter(id=claim_id).first()
    if here is not None:
        below = claims.filter(
            Q(priority__lt=here.priority) | Q(priority=here.priority, id__lt=here.id)
        ).first()
        if below is not None:
            return below
    return claims.first()
