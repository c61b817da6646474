"""The claims app's only door to its Celery tasks: evidence searches, queued after the transaction commits."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from search.services.percolation import documents_percolate_later
from workbench.tasking import send_now

FIND_EVIDENCE = "claims.tasks.find_evidence"
FIND_EVIDENCE_BATCH = "claims.tasks.find_evidence_batch"
FIND_NEW_EVIDENCE = "claims.tasks.find_new_evidence"
SUGGEST_STANCES = "claims.tasks.suggest_stances"
CLUSTER_CLAIMS = "claims.tasks.cluster_claims"
SWEEP_BATCH = 50


def _send_in_batches(task: str, claim_ids: Sequence[int]) -> None:
    """A sweeper's re-queue: the ids in batches of SWEEP_BATCH; the first refused send stops the loop (the
    broker is down: the next sweep tries again), so one outage logs one warning."""
    ids = list(claim_ids)
    for start in range(0, len(ids), SWEEP_BATCH):
        if not send_now(task, ids[start : start + SWEEP_BATCH]):
            return


def evidence_search_queue(claim_ids: Sequence[int]) -> None:
    """Search evidence for each claim once the transaction commits.

    If the broker is down the claims stay pending and the sweeper queues them again; the first failure stops
    the loop, so one outage logs one warning, not one per claim.
    """
    ids = list(claim_ids)

    def send() -> None:
        for claim_id in ids:
            if not send_now(FIND_EVIDENCE, claim_id):
                return

    if ids:
        transaction.on_commit(send)


def evidence_search_requeue(claim_ids: Sequence[int]) -> None:
    """The sweeper's re-queue: batches of claims, each searched with one multi-search."""
    _send_in_batches(FIND_EVIDENCE_BATCH, claim_ids)


def stance_hints_queue(claim_ids: Sequence[int]) -> None:
    """Once the transaction commits, suggest stances for these claims' new candidates (one task per batch).

    If the broker is down the candidates stay unhinted and the evidence sweeper queues them again.
    """
    ids = list(claim_ids)
    if ids:
        transaction.on_commit(lambda: send_now(SUGGEST_STANCES, ids))


def stance_hints_requeue(claim_ids: Sequence[int]) -> None:
    """The sweeper's re-queue of claims whose candidates wait for stance hints, in batches."""
    _send_in_batches(SUGGEST_STANCES, claim_ids)


def claims_cluster_queue(claim_ids: Sequence[int]) -> None:
    """Once the transaction commits, place these new claims in clusters (one task for the batch).

    If the broker is down they stay unclustered and the evidence sweeper sends them again.
    """
    ids = list(claim_ids)
    if ids:
        transaction.on_commit(lambda: send_now(CLUSTER_CLAIMS, ids))


def claims_cluster_requeue(claim_ids: Sequence[int]) -> None:
    """The sweeper's re-queue of claims in no cluster, in batches, oldest first."""
    _send_in_batches(CLUSTER_CLAIMS, claim_ids)


def new_evidence_queue(document_ids: Sequence[int]) -> None:
    """Once the transaction commits, find the open claims these newly indexed documents may be evidence for.

    If the broker is down they are marked unindexed, so the indexing sweeper indexes them again and they come
    back here.
    """
    ids = list(document_ids)

    def send() -> None:
        if not send_now(FIND_NEW_EVIDENCE, ids):  # the broker is down: the indexing sweeper sends them again
            documents_percolate_later(document_ids=ids)

    if ids:
        transaction.on_commit(send)


def on_documents_indexed(sender, *, document_ids: Sequence[int], **kwargs) -> None:
    """Receives search.signals.documents_indexed (connected in ClaimsConfig.ready)."""
    new_evidence_queue(document_ids)
