"""The polls of a source's feed, newest first: what each brought, for the source page."""

from __future__ import annotations

from ..models import SourcePoll


def source_polls(*, source_id: int, limit: int = 20) -> list[SourcePoll]:
    return list(SourcePoll.objects.filter(source_id=source_id).order_by("-polled_at", "-id")[:limit])
