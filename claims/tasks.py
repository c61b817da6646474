"""Celery tasks for claims: thin wrappers that take ids and call one service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from search.backends import SearchUnavailable

from . import services

logger = logging.getLogger(__name__)

SWEEP_BATCH = 50


@shared_task(bind=True, acks_late=True, max_retries=None)
def find_evidence(self, claim_id: int) -> int:
    """Search evidence for one claim; on a search outage retry with exponential backoff, then give up visibly."""
    return _find(self, [claim_id])


@shared_task(bind=True, acks_late=True, max_retries=None)
def find_evidence_batch(self, claim_ids: list[int]) -> int:
    """Search evidence for many claims with one multi-search."""
    return _find(self, claim_ids)


def _find(task, claim_ids: list[int]) -> int:
    try:
        found = services.evidence_find(claim_ids=claim_ids)
    except SearchUnavailable as exc:
        limit = settings.WORKBENCH["EVIDENCE_RETRY_MAX"]
        if task.request.is_eager or task.request.retries >= limit:
            logger.warning("Evidence search for %s not done (%s); the sweeper will try again", claim_ids, exc)
            return 0
        countdown = min(settings.WORKBENCH["EVIDENCE_RETRY_BACKOFF_MAX"], 2 ** (task.request.retries + 1))
        logger.info(
            "Search unavailable for claims %s; retry %d in %ss",
            claim_ids,
            task.request.retries + 1,
            countdown,
        )
        raise task.retry(exc=exc, countdown=countdown) from exc
    if not found:
        logger.info("Claims %s are gone; nothing to search", claim_ids)
    return sum(found.values())


@shared_task(acks_late=True)
def sweep_claims_waiting_for_evidence() -> int:
    """Re-queue claims whose evidence search never ran or never finished (broker or worker was down)."""
    claim_ids = services.claims_waiting_for_evidence()
    for start in range(0, len(claim_ids), SWEEP_BATCH):
        find_evidence_batch.delay(claim_ids[start : start + SWEEP_BATCH])
    if claim_ids:
        logger.info("Re-queued evidence search for %d claims", len(claim_ids))
    return len(claim_ids)
