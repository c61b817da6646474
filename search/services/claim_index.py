"""The index of the workbench's own claims, for finding a claim said again: lexical and semantic (kNN on
Elasticsearch) through the same search interface as evidence, in an index of its own.

The claims app owns what a claim is and which cluster it joins; this module only stores claim texts and
answers "which indexed claims, and which earlier fact-checks, are nearest to these texts".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..backends import BulkResult, IndexableDocument, SearchHit, get_backend, get_claim_backend
from ..embeddings import MAX_CHARS
from ..retrieval import query_for_claim, with_vectors

NEAREST_CLAIMS = 5
FACT_CHECK_KIND = "fact_checker"


@dataclass(frozen=True)
class ClaimText:
    """A claim as the claim index sees it: its id, its cleaned text and its embedding (empty when off)."""

    id: int
    text: str
    vector: tuple[float, ...] = ()


@dataclass(frozen=True)
class Nearby:
    """What a claim is near: indexed claims (best first) and the best earlier fact-check, each with its
    cosine similarity to the claim (`semantic`, None without embeddings); the fact-check's `score` is the
    fused match of meaning and words."""

    claims: list[SearchHit]
    fact_check: SearchHit | None


def claim_texts(items: list[tuple[int, str]]) -> list[ClaimText]:
    """Clean and encode claims (one encoder batch), as the evidence search cleans and encodes them."""
    # Cut as the encoder cuts: a longer query would exceed the search engine's clause limit.
    queries = with_vectors([query_for_claim(text[:MAX_CHARS]) for _, text in items])
    return [
        ClaimText(claim_id, query.text, tuple(query.vector))
        for (claim_id, _), query in zip(items, queries, strict=True)
    ]


def claims_nearby(claims: list[ClaimText], *, size: int = NEAREST_CLAIMS) -> list[Nearby]:
    """For each claim, the nearest indexed claims and the best earlier fact-check: one multi-search on the
    claim index and one on the documents' index, whatever the number of claims."""
    if not claims:
        return []
    base = [replace(query_for_claim(c.text, size=size), vector=c.vector, passages=False) for c in claims]
    # The rule reads only a member's cosine when there are vectors: the nearest by meaning are the members
    # it can pick, and a words search beside them cost more the more claims were indexed.
    claim_queries = [
        replace(
            q,
            around_date=None,
            exclude_urls=(),
            boost_reliability=False,
            entities=(),
            phrases=(),
            by_words=False,  # without vectors the words search runs all the same (searches_words)
        )
        for q in base
    ]
    # A fact-check's score is how well it matches the claim (the rule's threshold reads it), not its source.
    fact_check_queries = [
        replace(
            q,
            size=1,
            around_date=None,
            exclude_urls=(),
            boost_reliability=False,
            source_kinds=(FACT_CHECK_KIND,),
        )
        for q in base
    ]
    near_claims = get_claim_backend().multi_search(claim_queries)
    fact_checks = get_backend().multi_search(fact_check_queries)
    return [
        Nearby(claims=hits, fact_check=checks[0] if checks else None)
        for hits, checks in zip(near_claims, fact_checks, strict=True)
    ]


def claims_index(claims: list[ClaimText]) -> BulkResult:
    """Add (or replace) these claims in the claim index and make them visible to the next search."""
    backend = get_claim_backend()
    backend.ensure_index()
    result = backend.index_documents(
        IndexableDocument(
            id=c.id,
            title="",
            body=c.text,
            embedding=c.vector,
            passages=((0, len(c.text)),),
            by_passage=False,
        )
        for c in claims
    )
    backend.refresh()
    return result


def claims_unindex(claim_ids: list[int]) -> None:
    get_claim_backend().delete_documents(claim_ids)


def claim_index_reset() -> None:
    """Empty the claim index (tests, demo, benchmarks)."""
    get_claim_backend().reset()


def claim_index_count() -> int:
    return get_claim_backend().count()
