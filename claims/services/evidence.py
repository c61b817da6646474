"""Evidence: ask for the search again, run it with one multi-search, replace candidates idempotently, or fail visibly."""

from __future__ import annotations

import logging
from dataclasses import replace

from django.db import transaction
from django.utils import timezone

from search.backends import SearchUnavailable
from search.models import Document
from search.retrieval import query_for_claim, search_evidence
from workbench.db import insert_rows

from ..models import Claim, EvidenceCandidate, EvidenceStatus
from . import dispatch
from .circular_evidence import circular_urls
from .claim_queries import claims_watch
from .claim_status import claim_require_open
from .common import require
from .evidence_assessment import GradedCandidate, evidence_assess
from .evidence_queue import evidence_queue
from .fact_check_matches import match_query, matches_record
from .records import audit
from .stance_hints import stance_hints_carry_over

logger = logging.getLogger(__name__)


def evidence_request(*, claim: Claim, user) -> None:
    """A fact-checker asks for the search to run again; a published or dismissed claim is frozen."""
    require(user, "claims.check_claim")
    with transaction.atomic():
        claim_require_open(claim=Claim.objects.select_for_update().get(id=claim.id))
        audit(actor=user, action="evidence.requested", claim=claim)
        evidence_queue(claim_ids=[claim.id])


def evidence_find(*, claim_ids: list[int]) -> dict[int, int]:
    """Search evidence and earlier fact-checks for these claims in one multi-search and replace their candidates.

    Idempotent: a re-run replaces a claim's candidates and never duplicates them. The batch's results are
    written in one transaction, a few queries whatever its size. Raises SearchUnavailable (claims stay
    pending) when the search service is down, so the caller can retry.
    """
    claims = list(Claim.objects.filter(id__in=claim_ids).select_related("article"))
    if not claims:
        return {}
    Claim.objects.filter(id__in=[c.id for c in claims]).update(evidence_status=EvidenceStatus.SEARCHING)
    queries = [
        query_for_claim(
            claim.text,
            article_url=claim.article.url,
            article_date=claim.article.published_at or claim.article.created_at,
        )
        for claim in claims
    ]
    # Matching earlier fact-checks keeps our own of a sibling claim (the article may repeat the claim);
    # evidence never offers the claim's article back, in any copy or in our own fact-checks of it.
    circular = circular_urls(articles={claim.article for claim in claims})
    evidence_queries = [
        replace(query, exclude_urls=tuple(dict.fromkeys(query.exclude_urls + circular[claim.article_id])))
        for claim, query in zip(claims, queries, strict=True)
    ]
    try:
        everything = search_evidence(evidence_queries + [match_query(query) for query in queries])
    except SearchUnavailable as exc:
        Claim.objects.filter(id__in=[c.id for c in claims]).update(
            evidence_status=EvidenceStatus.PENDING, evidence_error=str(exc)[:500]
        )
        raise
    results, match_results = everything[: len(claims)], everything[len(claims) :]
    known_documents = set(
        Document.objects.filter(id__in={hit.document_id for hits in results for hit in hits}).values_list(
            "id", flat=True
        )
    )
    results = [[hit for hit in hits if hit.document_id in known_documents] for hits in results]
    # Stance hints follow in their own task (stance_hints_queue): the candidates are shown without waiting.
    graded = evidence_assess([claim.text for claim in claims], results, stance_hints=0)
    found: dict[int, int] = {}
    with transaction.atomic():
        # Claims deleted while the search ran are skipped; the rest cannot be deleted until this commits.
        present = set(
            Claim.objects.select_for_update()
            .filter(id__in=[c.id for c in claims])
            .values_list("id", flat=True)
        )
        candidates = []
        strengths: dict[str, list[int]] = {}
        for claim, query, evidence in zip(claims, evidence_queries, graded, strict=True):
            if claim.id not in present:
                continue
            described = query.describe()
            candidates += [
                _candidate_row(claim, rank, candidate, described)
                for rank, candidate in enumerate(evidence.candidates, start=1)
            ]
            found[claim.id] = len(evidence.candidates)
            strengths.setdefault(evidence.strength, []).append(claim.id)
        unhinted = stance_hints_carry_over(candidates)
        now = timezone.now()
        EvidenceCandidate.objects.filter(claim_id__in=present).delete()
        insert_rows(EvidenceCandidate, candidates, common={"found_at": now})
        for grade, claim_ids_graded in strengths.items():
            Claim.objects.filter(id__in=claim_ids_graded).update(
                evidence_status=EvidenceStatus.DONE,
                evidence_error="",
                evidence_searched_at=now,
                evidence_strength=grade,
            )
        matches_record(
            found=[(c, hits) for c, hits in zip(claims, match_results, strict=True) if c.id in present]
        )
        dispatch.stance_hints_queue(sorted(unhinted))  # one searched again often keeps every hint it had
    claims_watch(searched={c: q.text for c, q in zip(claims, queries, strict=True) if c.id in present})
    return found


def _candidate_row(claim: Claim, rank: int, candidate: GradedCandidate, described: dict) -> dict:
    best = candidate.passages[0]
    return {
        "claim_id": claim.id,
        "document_id": candidate.hit.document_id,
        "rank": rank,
        "score": candidate.hit.score,
        "passage": best.passage.text,
        "passage_start": best.passage.start,
        "passage_end": best.passage.end,
        "highlights": [list(span) for span in best.passage.highlights],
        "relevance": round(best.relevance, 4),
        "stance": best.stance.stance,
        "stance_confidence": round(best.stance.confidence, 4) if best.stance.stance else None,
        "stance_shown": best.stance.shown,
        "reasons": list(best.stance.reasons),
        "passages": [shown.as_record() for shown in candidate.passages],
        "query": described,
    }


def evidence_failed(*, claim_ids: list[int], reason: str) -> None:
    """The search for these claims failed for good (retries exhausted): they show FAILED with the reason.

    The sweeper leaves failed claims alone; "Search again" on the claim page starts over.
    """
    Claim.objects.filter(id__in=claim_ids).exclude(evidence_status=EvidenceStatus.DONE).update(
        evidence_status=EvidenceStatus.FAILED, evidence_error=reason[:1000]
    )
