"""Public reads: only what readers may see (published or retracted fact-checks, never work in progress)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.db.models.functions import Coalesce
from django.http import Http404

from claims.models import FactCheckRepeat, Verdict, VerdictCorrection, VerdictStatus


def _public_base():
    return Verdict.objects.select_related(
        "claim", "claim__article", "claim__article__source"
    ).prefetch_related(
        "citations",
        Prefetch("repeats", queryset=FactCheckRepeat.objects.select_related("claim__article__source")),
        Prefetch(
            "corrections", queryset=VerdictCorrection.objects.filter(status=VerdictCorrection.Status.APPLIED)
        ),
    )


def public_verdicts():
    """Published fact-checks, newest first: what the ClaimReview list shows."""
    return _public_base().filter(status=VerdictStatus.PUBLISHED).order_by("-published_at", "-id")


def public_index_verdicts():
    """Published and retracted fact-checks for the public index; a retraction stays listed, marked."""
    return (
        _public_base()
        .filter(status__in=[VerdictStatus.PUBLISHED, VerdictStatus.RETRACTED])
        .order_by("-published_at", "-id")
    )


def public_feed_verdicts(*, limit: int = 50):
    """The most recently published or changed fact-checks (a correction or retraction moves one to the top)."""
    return (
        _public_base()
        .filter(status__in=[VerdictStatus.PUBLISHED, VerdictStatus.RETRACTED])
        .annotate(changed_at=Coalesce("modified_at", "published_at"))
        .order_by("-changed_at", "-id")[:limit]
    )


def public_verdict_get(*, verdict_id: int) -> Verdict:
    """A published or retracted fact-check for its public page; anything else is the same 404 as missing."""
    verdict = (
        _public_base()
        .filter(id=verdict_id, status__in=[VerdictStatus.PUBLISHED, VerdictStatus.RETRACTED])
        .first()
    )
    if verdict is None:
        raise Http404("No such fact-check.")
    return verdict
