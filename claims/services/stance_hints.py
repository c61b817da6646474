"""Stance hints, suggested after a claim's evidence is stored: the search answers first, the hints follow.

A hint costs two sentence encodings per passage (the passage, and claim and passage together) where the whole
search costs one per claim, so the evidence task stores candidates, strength and passages, and this step,
its own task, fills in the hints of each claim's first candidates a moment later.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from search.stance import StanceHint, suggest_stances

from ..models import EvidenceCandidate
from .evidence_assessment import STANCE_HINTS

HINT_FIELDS = ["stance", "stance_confidence", "stance_shown", "reasons", "passages"]


def stance_hints_suggest(*, claim_ids: Sequence[int]) -> int:
    """Suggest a stance for the best passage of each claim's first STANCE_HINTS candidates that have none.

    Idempotent: a hinted candidate is left alone, and candidates replaced by a new search meanwhile are
    simply not updated (the new search queues its own hints). Returns the number of candidates hinted.
    """
    candidates = list(
        EvidenceCandidate.objects.filter(claim_id__in=list(claim_ids), rank__lte=STANCE_HINTS, stance="")
        .select_related("claim")
        .only("id", "passage", "passages", "claim__text")
        .order_by("claim_id", "rank")
    )
    if not candidates:
        return 0
    hints = suggest_stances([(candidate.claim.text, candidate.passage) for candidate in candidates])
    for candidate, hint in zip(candidates, hints, strict=True):
        _apply(candidate, hint)
    with transaction.atomic():
        EvidenceCandidate.objects.bulk_update(candidates, HINT_FIELDS)
    return len(candidates)


def _apply(candidate: EvidenceCandidate, hint: StanceHint) -> None:
    fields = {
        "stance": hint.stance,
        "stance_confidence": round(hint.confidence, 4),
        "stance_shown": hint.shown,
        "reasons": list(hint.reasons),
    }
    for name, value in fields.items():
        setattr(candidate, name, value)
    candidate.passages = _hinted(candidate.passages, fields)


def _hinted(passages: list[dict], fields: dict) -> list[dict]:
    """The first passage kept is the one shown, and the one hinted."""
    return [{**passages[0], **fields}, *passages[1:]] if passages else passages


def stance_hints_carry_over(rows: list[dict]) -> set[int]:
    """Give new candidate rows (claims/services/evidence.py) the hints their passages had before the search
    that replaces them; returns the claims left with a passage to hint.

    A claim searched again because a new document matched it usually finds most of its passages again; a
    hint depends only on the claim's words and the passage, so it is kept rather than computed again (two
    encodings per passage). Called before the old candidates are deleted.
    """
    hints = {}
    old = (
        EvidenceCandidate.objects.filter(
            claim_id__in={row["claim_id"] for row in rows}, rank__lte=STANCE_HINTS
        )
        .exclude(stance="")
        .values_list("claim_id", "document_id", "passage", "query", *HINT_FIELDS[:-1])
    )
    for claim_id, document_id, passage, query, *hint in old:
        key = (claim_id, document_id, passage, (query or {}).get("text", ""))
        hints[key] = dict(zip(HINT_FIELDS[:-1], hint, strict=True))
    unhinted = set()
    for row in rows:
        if row["rank"] > STANCE_HINTS:
            continue
        hint = hints.get((row["claim_id"], row["document_id"], row["passage"], row["query"].get("text", "")))
        if hint is None:
            unhinted.add(row["claim_id"])
            continue
        row.update(hint)
        row["passages"] = _hinted(row["passages"], hint)
    return unhinted
