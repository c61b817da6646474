"""Celery tasks for the index: each takes ids and calls one service."""

from __future__ import annotations

import logging

from celery import shared_task

from . import services
from .backends import SearchUnavailable

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(SearchUnavailable,),
    retry_backoff=5,
    retry_backoff_max=600,
    max_retries=20,
)
def index_documents(self, document_ids: list[int]) -> dict:
    result = services.documents_index(document_ids=document_ids)
    if result["failed"] and self.request.retries < 3:
        raise self.retry(args=[sorted(result["failed"])], countdown=10 * (self.request.retries + 1))
    return {"indexed": result["indexed"], "failed": len(result["failed"])}


@shared_task(
    acks_late=True, autoretry_for=(SearchUnavailable,), retry_backoff=5, retry_backoff_max=600, max_retries=20
)
def delete_documents(document_ids: list[int]) -> None:
    services.documents_delete_from_index(document_ids=document_ids)


@shared_task(acks_late=True)
def sweep_unindexed_documents() -> int:
    """Index whatever is saved but not yet in the index (search or broker was down when it was saved)."""
    ids = services.documents_needing_index()
    for start in range(0, len(ids), services.INDEX_CHUNK):
        index_documents.delay(ids[start : start + services.INDEX_CHUNK])
    if ids:
        logger.info("Queued %d unindexed documents", len(ids))
    return len(ids)


@shared_task(acks_late=True)
def poll_source(source_id: int) -> dict:
    from .feeds import source_poll

    result = source_poll(source_id=source_id)
    return {"created": result.created, "updated": result.updated, "error": result.error}


@shared_task(acks_late=True)
def poll_due_sources() -> int:
    """Queue a poll for every source whose feed is due (beat runs this every minute)."""
    from .feeds import sources_due

    due = sources_due()
    for source_id in due:
        poll_source.delay(source_id)
    return len(due)
