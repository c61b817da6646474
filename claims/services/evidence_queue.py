"""The one way a claim's evidence search is asked for: stamped on the claim, so the sweeper sees it, then queued."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone

from ..models import Claim, EvidenceStatus
from . import dispatch


def evidence_queue(*, claim_ids: Sequence[int]) -> None:
    """Mark the claims pending with the time of asking and queue their search after commit. If the broker loses
    the task, or is down, the sweeper finds them by that time and asks again; nothing waits for ever."""
    ids = list(claim_ids)
    if not ids:
        return
    Claim.objects.filter(id__in=ids).update(
        evidence_status=EvidenceStatus.PENDING, evidence_error="", evidence_requested_at=timezone.now()
    )
    dispatch.evidence_search_queue(ids)
