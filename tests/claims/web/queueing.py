"""What the queue tests share: the queue's URLs, a claim of a given age and source, the ids a page shows."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

QUEUE = reverse("claims:queue")
EXPORT = reverse("claims:queue_export")
BULK = reverse("claims:queue_bulk")
TAKE = reverse("claims:queue_take")
RELEASE = reverse("claims:queue_release")


def make_claim(*, score=0.8, age_days=0.0, reliability=None, unchanged_hours=None, **fields) -> Claim:
    """A claim that entered the queue `age_days` ago, from a source of `reliability` (None: no source)."""
    if reliability is not None:
        fields["article"] = ArticleFactory(source=SourceFactory(reliability=reliability))
    claim = ClaimFactory(score=score, **fields)
    created = timezone.now() - timedelta(days=age_days)
    updated = timezone.now() - timedelta(hours=unchanged_hours) if unchanged_hours is not None else created
    Claim.objects.filter(id=claim.id).update(created_at=created, updated_at=updated)
    claim.refresh_from_db()
    return claim


def shown_ids(response) -> list[int]:
    return [claim.id for claim in response.context["claims"]]
