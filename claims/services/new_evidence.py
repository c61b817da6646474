"""New evidence finds its claims: documents just indexed are checked against the open claims' stored queries,
the claims they match are searched again, and each holder is told of a document that became evidence."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import F

from search.models import Document
from search.services.percolation import documents_percolate, stored_queries_unregister

from ..models import AuditEvent, Claim, EvidenceCandidate
from .claim_queries import claim_id_of, claim_key, watched
from .evidence import evidence_find
from .records import audit, notify

SEARCH_BATCH = 50
"""Claims searched again with one multi-search."""

NEW_EVIDENCE = "evidence.new_document"


def new_evidence_find(*, document_ids: Sequence[int]) -> dict[int, list[int]]:
    """Search again the open claims these documents match, and tell each holder once per (claim, document)
    of a document that is now among the claim's candidates and was not before it was indexed.

    A published, dismissed or deleted claim is never searched again; its stored query, if still there, is
    dropped. Returns {claim id: the documents announced as new evidence for it}. Raises SearchUnavailable
    when search is down; nothing is lost, because a retry percolates the same documents again and a claim
    searched before the failure is announced then.
    """
    matched: dict[int, set[int]] = {}
    for document_id, keys in documents_percolate(document_ids=document_ids).items():
        for claim_id in filter(None, map(claim_id_of, keys)):
            matched.setdefault(claim_id, set()).add(document_id)
    if not matched:
        return {}
    open_ids = sorted(c.id for c in Claim.objects.filter(id__in=list(matched)) if watched(c))
    gone = [claim_key(claim_id) for claim_id in matched if claim_id not in open_ids]
    if gone:
        stored_queries_unregister(keys=gone)
    matched = {claim_id: matched[claim_id] for claim_id in open_ids}
    if not matched:
        return {}
    documents = {d for ids in matched.values() for d in ids}
    # Found by a search before the document was indexed (an earlier version of a changed document): not new.
    known = set(
        EvidenceCandidate.objects.filter(
            claim_id__in=open_ids, document_id__in=documents, found_at__lt=F("document__indexed_at")
        ).values_list("claim_id", "document_id")
    )
    for start in range(0, len(open_ids), SEARCH_BATCH):
        evidence_find(claim_ids=open_ids[start : start + SEARCH_BATCH])
    return _announce(matched, known=known)


def _announce(matched: dict[int, set[int]], *, known: set[tuple[int, int]]) -> dict[int, list[int]]:
    documents = {d for ids in matched.values() for d in ids}
    announced: dict[int, list[int]] = {}
    with transaction.atomic():
        # Locked, so two tasks percolating the same document announce it once.
        claims = (
            Claim.objects.select_for_update(of=("self",))
            .select_related("assignee")
            .filter(id__in=list(matched))
            .order_by("id")  # one order of locks, so two tasks never wait on each other
            .in_bulk()
        )
        candidates = set(
            EvidenceCandidate.objects.filter(
                claim_id__in=list(claims), document_id__in=documents
            ).values_list("claim_id", "document_id")
        )
        told = set(
            AuditEvent.objects.filter(action=NEW_EVIDENCE, claim_id__in=list(claims)).values_list(
                "claim_id", "data__document_id"
            )
        )
        new = sorted(
            (claim_id, document_id)
            for claim_id, ids in matched.items()
            if claim_id in claims
            for document_id in ids
            if (claim_id, document_id) in candidates - known - told
        )
        sources = Document.objects.select_related("source").in_bulk({d for _, d in new})
        for claim_id, document_id in new:
            claim, document = claims[claim_id], sources[document_id]
            audit(
                actor=None,
                action=NEW_EVIDENCE,
                claim=claim,
                document_id=document_id,
                source=document.source.name,
            )
            if claim.assignee is not None:
                notify(
                    claim.assignee,
                    kind="new_evidence",
                    claim=claim,
                    message=f"New evidence from {document.source.name} for claim #{claim.id}: "
                    f"“{document.title[:120]}”",
                )
            announced.setdefault(claim_id, []).append(document_id)
    return announced
