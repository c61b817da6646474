"""The claim to work next, after the one in the workspace (its key n), in the queue's order."""

from __future__ import annotations

from django.db.models import Q

from claims.models import Claim, ClaimStatus
from claims.selectors.queue import QueueFilters, cursor_at, queue_claims, seek

WORKABLE_STATUSES = (ClaimStatus.QUEUED, ClaimStatus.IN_PROGRESS, ClaimStatus.RETURNED)


def claim_after(*, user, claim_id: int) -> Claim | None:
    """The claim to work next from the workspace (key n): the first claim below this one in queue order that
    still needs work and is this person's or nobody's; from the top of the queue when none is below. Found as
    the queue's own pages are (on the priority index, within its band), so at most five queries, each as cheap
    however long the queue."""
    claims = (
        queue_claims(user=user, filters=QueueFilters())
        .filter(Q(assignee__isnull=True) | Q(assignee=user), status__in=WORKABLE_STATUSES)
        .exclude(id=claim_id)
    )
    here = queue_claims(user=user, filters=QueueFilters(status="all")).filter(id=claim_id).first()
    if here is not None:
        below = seek(claims, cursor=cursor_at(here), backwards=False, size=0)
        if below:
            return below[0]
    top = seek(claims, cursor=None, backwards=False, size=0)
    return top[0] if top else None
