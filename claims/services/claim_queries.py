"""Open claims' queries, stored with search so a new document finds the claims it may be evidence for.

A claim's query is stored under "claim:<id>" when its evidence is searched, and dropped once the claim is
published or dismissed; a key found for a claim no longer open (deleted with its article, say) is dropped
when a document matches it (new_evidence).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.db import transaction

from search.backends import SearchUnavailable
from search.retrieval import query_for_claim
from search.services.percolation import stored_queries_register, stored_queries_unregister

from ..models import Claim, ClaimStatus

logger = logging.getLogger(__name__)

PREFIX = "claim:"
CLOSED = (ClaimStatus.PUBLISHED, ClaimStatus.DISMISSED)


def claim_key(claim_id: int) -> str:
    return f"{PREFIX}{claim_id}"


def claim_id_of(key: str) -> int | None:
    """The claim a stored key names, or None for another kind of key."""
    if key.startswith(PREFIX) and key[len(PREFIX) :].isdigit():
        return int(key[len(PREFIX) :])
    return None


def watched(claim: Claim) -> bool:
    """Open claims are watched; a duplicate's evidence is its original's."""
    return claim.status not in CLOSED and claim.duplicate_of_id is None


def claims_watch(*, searched: dict[Claim, str]) -> None:
    """Store each open claim's query text (what its evidence search looked for); a closed one's is dropped.

    Raises SearchUnavailable when search is down, as the evidence search would.
    """
    stored = {claim_key(c.id): text for c, text in searched.items() if watched(c)}
    closed = [claim_key(c.id) for c in searched if not watched(c)]
    if stored:
        stored_queries_register(queries=stored)
    if closed:
        stored_queries_unregister(keys=closed)


def claims_watch_open(*, chunk_size: int = 500) -> int:
    """Store the query of every open claim (after `search_index --reset`, or for claims searched before new
    documents looked for their claims); returns how many claims were looked at. Raises SearchUnavailable."""
    claims = Claim.objects.exclude(status__in=CLOSED).filter(duplicate_of__isnull=True).only("id", "text")
    last_id, count = 0, 0
    while chunk := list(claims.filter(id__gt=last_id).order_by("id")[:chunk_size]):
        stored_queries_register(queries={claim_key(c.id): query_for_claim(c.text).text for c in chunk})
        last_id, count = chunk[-1].id, count + len(chunk)
    return count


def claims_unwatch_on_commit(*, claim_ids: Sequence[int]) -> None:
    """Drop these claims' queries once the transaction commits; if search is down then, the keys are dropped
    the first time a document matches them."""
    keys = [claim_key(i) for i in claim_ids]

    def drop() -> None:
        try:
            stored_queries_unregister(keys=keys)
        except SearchUnavailable as exc:
            logger.info("Stored queries %s not dropped now (%s); dropped when next matched", keys, exc)

    if keys:
        transaction.on_commit(drop)
