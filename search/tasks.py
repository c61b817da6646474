"""Celery tasks for the index and the feeds: each takes ids and calls one service (names are what dispatch sends)."""

from __future__ import annotations

import logging

from celery import shared_task

from .backends import SearchUnavailable
from .selectors.documents import documents_needing_index
from .selectors.sources import sources_due
from .services import dispatch
from .services.feeds import source_poll
from .services.indexing import documents_delete_from_index, documents_index
from .services.sources import source_polls_prune

logger = logging.getLogger(__name__)

_RETRY = {
    "autoretry_for": (SearchUnavailable,),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "max_retries": 20,
}


@shared_task(name=dispatch.INDEX_DOCUMENTS, bind=True, acks_late=True, **_RETRY)
def index_documents(self, document_ids: list[int]) -> dict:
    result = documents_index(document_ids=document_ids)
    if result["failed"] and self.request.retries < 3:
        raise self.retry(args=[sorted(result["failed"])], countdown=10 * (self.request.retries + 1))
    return {"indexed": result["indexed"], "failed": len(result["failed"])}


@shared_task(name=dispatch.DELETE_DOCUMENTS, acks_late=True, **_RETRY)
def delete_documents(document_ids: list[int]) -> None:
    documents_delete_from_index(document_ids=document_ids)


@shared_task(name="search.tasks.sweep_unindexed_documents", acks_late=True)
def sweep_unindexed_documents() -> int:
    """Index whatever is saved but not yet in the index (search or broker was down when it was saved)."""
    ids = documents_needing_index()
    dispatch.documents_index_queue(ids, now=True)
    if ids:
        logger.info("Queued %d unindexed documents", len(ids))
    return len(ids)


@shared_task(name=dispatch.POLL_SOURCE, acks_late=True)
def poll_source(source_id: int) -> dict:
    result = source_poll(source_id=source_id)
    return {
        "created": result.created,
        "updated": result.updated,
        "articles": result.articles,
        "claims": result.claims,
        "error": result.error,
    }


@shared_task(name="search.tasks.poll_due_sources", acks_late=True)
def poll_due_sources() -> int:
    """Queue a poll for every source whose feed is due (beat runs this every minute)."""
    due = sources_due()
    for source_id in due:
        dispatch.source_poll_queue(source_id, now=True)
    return len(due)


@shared_task(name="search.tasks.prune_source_polls", acks_late=True)
def prune_source_polls() -> int:
    """Forget poll records older than a month (beat runs this daily)."""
    return source_polls_prune()
