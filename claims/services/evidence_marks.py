"""Structured evidence: a fact-checker marks a document's passage as supporting, refuting, context or irrelevant."""

from __future__ import annotations

from django.db import transaction

from search.models import Document

from ..models import Claim, EvidenceCandidate, EvidenceMark, RelevanceJudgment, Stance
from .claim_status import claim_hold_for_work
from .common import WorkflowError, require
from .records import audit


def evidence_mark(
    *,
    claim: Claim,
    user,
    document: Document,
    stance: str,
    passage: str = "",
    passage_start: int | None = None,
    passage_end: int | None = None,
    note: str = "",
) -> EvidenceMark:
    """Record (or change) the stance of a document for a claim; every judgment is also logged for the relevance set."""
    require(user, "claims.check_claim")
    if stance not in Stance.values:
        raise WorkflowError("Choose supports, refutes, context or irrelevant.")
    if passage_start is not None and passage_end is not None:
        if not (0 <= passage_start < passage_end <= len(document.body)):
            raise WorkflowError("The quoted passage is not inside the document.")
        passage = document.body[passage_start:passage_end]
    with transaction.atomic():
        _hold(claim, user)
        candidate = EvidenceCandidate.objects.filter(claim=claim, document=document).first()
        if candidate and not passage:
            passage, passage_start, passage_end = (
                candidate.passage,
                candidate.passage_start,
                candidate.passage_end,
            )
        mark, _ = EvidenceMark.objects.update_or_create(
            claim=claim,
            document=document,
            defaults={
                "stance": stance,
                "passage": passage,
                "passage_start": passage_start,
                "passage_end": passage_end,
                "note": note,
                "reviewer": user,
            },
        )
        RelevanceJudgment.objects.create(
            claim=claim,
            document=document,
            relevant=stance != Stance.IRRELEVANT,
            label=stance,
            rank=candidate.rank if candidate else None,
            query=candidate.query if candidate else {},
            judged_by=user,
        )
        audit(
            actor=user,
            action="evidence.marked",
            claim=claim,
            document_id=document.id,
            stance=stance,
            note=note,
        )
    return mark


def evidence_unmark(*, claim: Claim, user, document: Document) -> None:
    require(user, "claims.check_claim")
    with transaction.atomic():
        _hold(claim, user)
        deleted, _ = EvidenceMark.objects.filter(claim=claim, document=document).delete()
        if deleted:
            audit(actor=user, action="evidence.unmarked", claim=claim, document_id=document.id)


def evidence_note(*, claim: Claim, user, document: Document, note: str) -> EvidenceMark:
    """Change the note of a document already marked, keeping its stance (Enter in the note field). A note needs
    a stance to go with it: with no mark yet, nothing is recorded and the caller keeps the note on screen."""
    require(user, "claims.check_claim")
    with transaction.atomic():
        _hold(claim, user)
        mark = EvidenceMark.objects.select_for_update().filter(claim=claim, document=document).first()
        if mark is None:
            raise WorkflowError("Choose a stance for this document first; the note is saved with it.")
        if mark.note != note:
            mark.note = note
            mark.reviewer = user
            mark.save(update_fields=["note", "reviewer", "marked_at"])
            audit(actor=user, action="evidence.noted", claim=claim, document_id=document.id, note=note)
    return mark


def _hold(claim: Claim, user) -> None:
    claim_hold_for_work(
        claim=Claim.objects.select_for_update(of=("self",)).select_related("assignee").get(id=claim.id),
        user=user,
    )
