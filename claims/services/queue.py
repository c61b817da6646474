"""Queue actions: assign, reassign and release a claim (its lock), bulk assign and dismiss, and link duplicates.

The lock is `Claim.assignee` with `assigned_at`: whoever holds a claim is shown in the queue, and nobody takes
it from them unknowingly. A fact-checker may take a claim nobody holds and release their own; editors and
admins (the roles with REASSIGN_PERM) may assign any open claim to anyone who checks claims, or release it.
Whoever gains or loses a claim through someone else's action gets a notification.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from ..models import Claim, ClaimStatus
from .claim_status import claim_move, claims_dismiss_saying
from .common import WorkflowError, require
from .records import audit, notify, shortened

# There is no separate "assign" permission yet; reviewing verdicts marks the editors and admins.
REASSIGN_PERM = "claims.review_verdict"
ASSIGNABLE = (ClaimStatus.QUEUED, ClaimStatus.IN_PROGRESS, ClaimStatus.RETURNED, ClaimStatus.SUBMITTED)
DISMISSABLE = (ClaimStatus.QUEUED, ClaimStatus.IN_PROGRESS, ClaimStatus.RETURNED)


def claim_assign(*, claim: Claim, user, assignee) -> Claim:
    """Give the claim to `assignee` (the user themself for "assign to me"). Refuses if someone else holds it,
    unless the user may reassign; notifies the new holder and the one who lost it (when that is not the user)."""
    return claims_assign(claims=[claim], user=user, assignee=assignee)[0]


def claims_assign(*, claims: Iterable[Claim], user, assignee) -> list[Claim]:
    """Assign every claim to `assignee`, all or none."""
    require(user, "claims.check_claim")
    if assignee.id != user.id:
        require(user, REASSIGN_PERM)
    if not assignee.has_perm("claims.check_claim"):
        raise WorkflowError(f"{assignee} does not check claims, so cannot be given one.")
    with transaction.atomic():
        locked = _lock(claims)
        for claim in locked:
            if claim.status not in ASSIGNABLE:
                raise WorkflowError(
                    f"Claim #{claim.id} is {claim.get_status_display().lower()}; it cannot be assigned."
                )
            _check_not_held_by_another(claim, user)
        now = timezone.now()
        for claim in locked:
            previous = claim.assignee
            if previous is not None and previous.id == assignee.id:
                continue
            claim.assignee, claim.assigned_at = assignee, now
            claim_move(
                claim=claim,
                to=ClaimStatus.IN_PROGRESS if claim.status == ClaimStatus.QUEUED else claim.status,
                user=user,
                reason=f"assigned to {assignee.get_username()}",
                fields=["assignee", "assigned_at"],
            )
            audit(
                actor=user,
                action="claim.assigned",
                claim=claim,
                assignee=assignee.get_username(),
                previous=previous.get_username() if previous else None,
            )
            if assignee.id != user.id:
                notify(
                    assignee,
                    kind="assigned",
                    claim=claim,
                    message=f"{user} assigned you claim #{claim.id}: “{shortened(claim.text)}”",
                )
            if previous is not None and previous.id != user.id:
                notify(
                    previous,
                    kind="unassigned",
                    claim=claim,
                    message=f"{user} gave claim #{claim.id} to {assignee}: “{shortened(claim.text)}”",
                )
    return locked


def claim_release(*, claim: Claim, user) -> Claim:
    """Nobody holds the claim any more; a claim being checked goes back to the queue. Only its holder or an editor."""
    require(user, "claims.check_claim")
    with transaction.atomic():
        (claim,) = _lock([claim])
        previous = claim.assignee
        if previous is None:
            return claim
        if previous.id != user.id:
            require(user, REASSIGN_PERM)
        claim.assignee, claim.assigned_at = None, None
        claim_move(
            claim=claim,
            to=ClaimStatus.QUEUED if claim.status == ClaimStatus.IN_PROGRESS else claim.status,
            user=user,
            reason="released",
            fields=["assignee", "assigned_at"],
        )
        audit(actor=user, action="claim.released", claim=claim, previous=previous.get_username())
        if previous.id != user.id:
            notify(
                previous,
                kind="unassigned",
                claim=claim,
                message=f"{user} released claim #{claim.id} from you: “{shortened(claim.text)}”",
            )
    return claim


def claims_dismiss(*, claims: Iterable[Claim], user, reason: str) -> list[Claim]:
    """Take the claims out of the queue with the reason given, all or none. A claim someone else holds needs an editor."""
    require(user, "claims.check_claim")
    reason = " ".join(reason.split())
    if not reason:
        raise WorkflowError("Say why these claims are dismissed.")
    if len(reason) > Claim._meta.get_field("dismissed_reason").max_length:
        raise WorkflowError("Keep the reason under 300 characters.")
    with transaction.atomic():
        locked = _lock(claims)
        for claim in locked:
            _check_dismissable(claim, user)
        claims_dismiss_saying(claims=locked, user=user, reason=reason)
        for claim in locked:
            audit(actor=user, action="claim.dismissed", claim=claim, reason=reason)
    return locked


def claims_mark_duplicates(*, claims: Iterable[Claim], user, original: Claim) -> list[Claim]:
    """Link each claim to `original` as its duplicate and dismiss it ("Duplicate of #N"), all or none.

    Claims already linked to one of them are re-linked to `original`, so no chain of duplicates forms.
    """
    require(user, "claims.check_claim")
    duplicates = [c for c in claims if c.id != original.id]
    if not duplicates:
        raise WorkflowError("Select at least one claim besides the one to keep.")
    with transaction.atomic():
        locked = {c.id: c for c in _lock([*duplicates, original])}
        original = locked.pop(original.id)
        if original.status == ClaimStatus.DISMISSED:
            raise WorkflowError(
                f"Claim #{original.id} is dismissed; keep an open or published claim instead."
            )
        for claim in locked.values():
            _check_dismissable(claim, user)
        reason = f"Duplicate of #{original.id}"
        for claim in locked.values():
            claim.dismissed_reason, claim.duplicate_of = reason, original
            claim_move(
                claim=claim,
                to=ClaimStatus.DISMISSED,
                user=user,
                reason=reason,
                fields=["dismissed_reason", "duplicate_of"],
            )
            audit(actor=user, action="claim.marked_duplicate", claim=claim, duplicate_of=original.id)
        Claim.objects.filter(duplicate_of__in=list(locked)).update(
            duplicate_of=original, updated_at=timezone.now()
        )
        audit(actor=user, action="claim.duplicates_linked", claim=original, duplicates=sorted(locked))
    return list(locked.values())


def _lock(claims: Iterable[Claim]) -> list[Claim]:
    """The claims, fetched again under row locks, in id order so two bulk actions cannot deadlock."""
    ids = sorted({c.id for c in claims})
    locked = list(
        Claim.objects.select_for_update(of=("self",))
        .select_related("assignee")
        .filter(id__in=ids)
        .order_by("id")
    )
    if len(locked) != len(ids):
        raise WorkflowError("Some of these claims no longer exist; reload the queue.")
    return locked


def _check_not_held_by_another(claim: Claim, user) -> None:
    if claim.assignee_id not in (None, user.id) and not user.has_perm(REASSIGN_PERM):
        raise WorkflowError(f"{claim.assignee} is already working on claim #{claim.id}.")


def _check_dismissable(claim: Claim, user) -> None:
    if claim.status not in DISMISSABLE:
        raise WorkflowError(
            f"Claim #{claim.id} is {claim.get_status_display().lower()}; it cannot be dismissed."
        )
    _check_not_held_by_another(claim, user)
