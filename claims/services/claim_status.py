"""The claim's life: the one place a claim changes status, who may make each move, and the record each leaves.

Holding a claim is the rule for its work: while someone holds it, only they change its verdict, citations,
evidence marks and wording; whoever works on a claim nobody holds takes it. A published claim is frozen.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from ..models import Claim, ClaimStatus, ClaimStatusChange
from .claim_queries import claims_unwatch_on_commit
from .common import ClaimHeld, WorkflowError, require
from .records import audit

CHECK, REVIEW = "claims.check_claim", "claims.review_verdict"
Q, WORK, SUB, RET, PUB, DIS = (
    ClaimStatus.QUEUED,
    ClaimStatus.IN_PROGRESS,
    ClaimStatus.SUBMITTED,
    ClaimStatus.RETURNED,
    ClaimStatus.PUBLISHED,
    ClaimStatus.DISMISSED,
)

MOVES: dict[tuple[str, str], str] = {
    (Q, WORK): CHECK,  # taken, or its first draft saved
    (RET, WORK): CHECK,  # the returned verdict revised
    (WORK, Q): CHECK,  # released
    (Q, SUB): CHECK,
    (WORK, SUB): CHECK,
    (RET, SUB): CHECK,
    (SUB, RET): REVIEW,
    (SUB, PUB): REVIEW,
    (Q, DIS): CHECK,
    (WORK, DIS): CHECK,
    (RET, DIS): CHECK,
}
"""(from, to) -> the permission the move needs. Anything else (a published or dismissed claim reopened, a
submitted one dismissed) is refused. Who, beyond the permission, is the callers' rule: the holder, four eyes."""

FROZEN = (PUB, DIS)


def claim_move(*, claim: Claim, to: str, user, reason: str = "", fields: Iterable[str] = ()) -> Claim:
    """Move one claim (locked by the caller, inside its transaction) to `to`, saving `fields` with it, and record
    the move. Moving to the status it has saves the fields and records nothing."""
    return claims_move(claims=[claim], to=to, user=user, reason=reason, fields=fields)[0]


def claims_dismiss_saying(*, claims: list[Claim], user, reason: str, history: str = "") -> list[Claim]:
    """Dismiss claims (locked by the caller) with `reason` shown on them, and `history` (default the same)
    in their status history."""
    for claim in claims:
        claim.dismissed_reason = reason
    return claims_move(
        claims=claims, to=DIS, user=user, reason=history or reason, fields=["dismissed_reason"]
    )


def claims_move(
    *, claims: list[Claim], to: str, user, reason: str = "", fields: Iterable[str] = ()
) -> list[Claim]:
    """Move every claim or none (the first refused move raises before anything is saved)."""
    moving = [c for c in claims if c.status != to]
    for claim in moving:
        perm = MOVES.get((claim.status, to))
        if perm is None:
            raise WorkflowError(
                f"Claim #{claim.id} is {ClaimStatus(claim.status).label.lower()}; "
                f"it cannot become {ClaimStatus(to).label.lower()}."
            )
        require(user, perm)
    changes = []
    for claim in claims:
        previous = claim.status
        claim.status = to
        claim.save(update_fields=["status", "updated_at", *fields])
        if previous != to:
            changes.append(
                ClaimStatusChange(
                    claim=claim, from_status=previous, to_status=to, actor=_actor(user), reason=reason[:300]
                )
            )
    ClaimStatusChange.objects.bulk_create(changes)
    if to in FROZEN:  # nothing about it is searched again, so new documents need not find it
        claims_unwatch_on_commit(claim_ids=[c.id for c in moving])
    return claims


def claims_created(*, claims: list[Claim], user, reason: str = "") -> None:
    """Record the status new claims were created with (queued, or dismissed as duplicates)."""
    ClaimStatusChange.objects.bulk_create(
        ClaimStatusChange(
            claim=c, from_status="", to_status=c.status, actor=_actor(user), reason=reason[:300]
        )
        for c in claims
    )


def claim_hold_for_work(*, claim: Claim, user) -> Claim:
    """Before `user` changes the claim's work (verdict, citations, evidence marks, wording): refuse if the claim
    is frozen or someone else holds it; take it if nobody does. The claim is locked by the caller."""
    require(user, CHECK)
    claim_require_open(claim=claim)
    if claim.assignee_id is not None and claim.assignee_id != user.id:
        raise ClaimHeld(
            f"{claim.assignee} holds claim #{claim.id}; only they change its work. "
            "Ask them to release it, or an editor to give it to you."
        )
    if claim.assignee_id is None:
        claim.assignee, claim.assigned_at = user, timezone.now()
        claim.save(update_fields=["assignee", "assigned_at", "updated_at"])
        audit(actor=user, action="claim.assigned", claim=claim, assignee=user.get_username(), previous=None)
    return claim


def claim_require_open(*, claim: Claim) -> None:
    """A published or dismissed claim is frozen: nothing about it is searched, marked or edited again."""
    if claim.status in FROZEN:
        raise WorkflowError(
            f"Claim #{claim.id} is {ClaimStatus(claim.status).label.lower()}; "
            "it changes only through a correction."
            if claim.status == PUB
            else f"Claim #{claim.id} is dismissed; nothing on it changes any more."
        )


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else None
