"""Celery tasks for claims: each takes ids and calls one service (its name is what dispatch sends)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from search.backends import SearchUnavailable
from search.services.percolation import documents_percolate_later

from .selectors.claims import (
    claims_waiting_for_cluster,
    claims_waiting_for_evidence,
    claims_waiting_for_stance_hints,
)
from .services import dispatch
from .services.clusters import claims_cluster
from .services.evidence import evidence_failed, evidence_find
from .services.evidence_assessment import STANCE_HINTS
from .services.new_evidence import new_evidence_find
from .services.stance_hints import stance_hints_suggest

logger = logging.getLogger(__name__)


@shared_task(name=dispatch.FIND_EVIDENCE, bind=True, acks_late=True, max_retries=None)
def find_evidence(self, claim_id: int) -> int:
    """Search evidence for one claim; on a search outage retry with exponential backoff, then fail visibly."""
    return _find(self, [claim_id])


@shared_task(name=dispatch.FIND_EVIDENCE_BATCH, bind=True, acks_late=True, max_retries=None)
def find_evidence_batch(self, claim_ids: list[int]) -> int:
    """Search evidence for many claims with one multi-search."""
    return _find(self, claim_ids)


def _find(task, claim_ids: list[int]) -> int:
    try:
        found = evidence_find(claim_ids=claim_ids)
    except SearchUnavailable as exc:
        if task.request.is_eager:
            logger.warning("Evidence search for %s not done (%s); the sweeper will try again", claim_ids, exc)
            return 0
        if task.request.retries >= settings.WORKBENCH["EVIDENCE_RETRY_MAX"]:
            logger.warning("Evidence search for %s failed for good: %s", claim_ids, exc)
            evidence_failed(
                claim_ids=claim_ids, reason=f"Search unavailable after {task.request.retries} retries: {exc}"
            )
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


@shared_task(name="claims.tasks.sweep_claims_waiting_for_evidence", acks_late=True)
def sweep_claims_waiting_for_evidence() -> int:
    """Re-queue claims whose evidence search never ran or never finished (broker or worker was down)."""
    claim_ids = claims_waiting_for_evidence()
    dispatch.evidence_search_requeue(claim_ids)
    if claim_ids:
        logger.info("Re-queued evidence search for %d claims", len(claim_ids))
    unhinted = claims_waiting_for_stance_hints(first=STANCE_HINTS)
    dispatch.stance_hints_requeue(unhinted)
    if unhinted:
        logger.info("Re-queued stance hints for %d claims", len(unhinted))
    unclustered = claims_waiting_for_cluster()
    dispatch.claims_cluster_requeue(unclustered)
    if unclustered:
        logger.info("Re-queued clustering for %d claims", len(unclustered))
    return len(claim_ids)


@shared_task(name=dispatch.CLUSTER_CLAIMS, bind=True, acks_late=True, max_retries=None)
def cluster_claims(self, claim_ids: list[int]) -> int:
    """Place new claims in clusters of repeated claims; on a search outage retry with backoff (the sweeper
    sends them again if every retry fails)."""
    try:
        return len(claims_cluster(claim_ids=claim_ids))
    except SearchUnavailable as exc:
        if self.request.is_eager or self.request.retries >= settings.WORKBENCH["EVIDENCE_RETRY_MAX"]:
            logger.warning("Clustering of %s not done (%s); the sweeper will try again", claim_ids, exc)
            return 0
        countdown = min(settings.WORKBENCH["EVIDENCE_RETRY_BACKOFF_MAX"], 2 ** (self.request.retries + 1))
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(name=dispatch.SUGGEST_STANCES, acks_late=True)
def suggest_stances(claim_ids: list[int]) -> int:
    """Suggest stances for the first candidates of these claims, after their evidence is stored."""
    return stance_hints_suggest(claim_ids=claim_ids)


@shared_task(name=dispatch.FIND_NEW_EVIDENCE, bind=True, acks_late=True, max_retries=None)
def find_new_evidence(self, document_ids: list[int]) -> int:
    """Search again the open claims these newly indexed documents match, and tell their holders."""
    return _find_new(self, document_ids)


def _find_new(task, document_ids: list[int]) -> int:
    try:
        return sum(map(len, new_evidence_find(document_ids=document_ids).values()))
    except SearchUnavailable as exc:
        retries = task.request.retries
        if task.request.is_eager or retries >= settings.WORKBENCH["EVIDENCE_RETRY_MAX"]:
            logger.warning(
                "New evidence in documents %s not looked for (%s); indexed again later", document_ids, exc
            )
            documents_percolate_later(document_ids=document_ids)
            return 0
        countdown = min(settings.WORKBENCH["EVIDENCE_RETRY_BACKOFF_MAX"], 2 ** (retries + 1))
        logger.info(
            "Search unavailable for new documents %s; retry %d in %ss", document_ids, retries + 1, countdown
        )
        raise task.retry(exc=exc, countdown=countdown) from exc
