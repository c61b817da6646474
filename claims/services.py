"""Every write with side effects in the claims app: ingestion, evidence, verdicts, review. Atomic, keyword-only."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from search.backends import SearchUnavailable
from search.models import Document, Source
from search.retrieval import query_for_claim, search_evidence

from .extraction import extract
from .fetching import FetchRefused, fetch_article
from .models import (
    Article,
    AuditEvent,
    Citation,
    Claim,
    ClaimStatus,
    EvidenceCandidate,
    EvidenceStatus,
    Verdict,
    VerdictStatus,
)

logger = logging.getLogger(__name__)


class ArticleRejected(ValidationError):
    """The article cannot be ingested; the message says why, in words a fact-checker understands."""


class WorkflowError(Exception):
    """The action does not fit the claim's or verdict's current state."""


class VerdictConflict(WorkflowError):
    """Someone else saved this verdict since it was opened."""


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool
    claims: list[Claim]


def audit(*, actor, action: str, claim: Claim | None = None, **data) -> None:
    AuditEvent.objects.create(actor=actor if getattr(actor, "is_authenticated", False) else None, action=action, claim=claim, data=data)


def _fingerprint(text: str) -> str:
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().lower().encode()).hexdigest()


def _require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(f"You do not have permission to do this ({perm}).")


def article_ingest(
    *,
    text: str,
    submitted_by,
    title: str = "",
    url: str = "",
    source: Source | None = None,
    published_at: datetime | None = None,
    html: bool | None = None,
) -> IngestResult:
    """Clean the article, store it, queue its check-worthy claims, and search evidence for each after commit.

    Re-submitting the same URL or the same cleaned text returns the existing article and creates nothing.
    Raises ArticleRejected (nothing saved) for empty, binary or oversized input.
    """
    _require(submitted_by, "claims.add_article")
    limit = settings.WORKBENCH["ARTICLE_MAX_BYTES"]
    if len(text.encode("utf-8", errors="replace")) > limit:
        raise ArticleRejected(f"The article is larger than the limit of {limit // 1024} KB; paste the article body only.")
    if url:
        existing = Article.objects.filter(url=url).first()
        if existing:
            return IngestResult(existing, False, list(existing.claims.all()))
    try:
        extraction = extract(text, title=title or None, html=html)
    except ValueError as exc:
        logger.info("Article rejected: %s", exc)
        raise ArticleRejected(str(exc)) from exc
    fingerprint = _fingerprint(extraction.text)
    existing = Article.objects.filter(content_hash=fingerprint).first()
    if existing:
        return IngestResult(existing, False, list(existing.claims.all()))

    threshold = settings.WORKBENCH["CLAIM_THRESHOLD"]
    with transaction.atomic():
        article = Article.objects.create(
            title=(extraction.title or title or "Untitled article")[:500],
            text=extraction.text,
            raw_text=text,
            url=url,
            source=source,
            published_at=published_at,
            language=extraction.language,
            content_hash=fingerprint,
            submitted_by=submitted_by,
        )
        now = timezone.now()
        claims = Claim.objects.bulk_create(
            [
                Claim(
                    article=article,
                    text=sentence.text,
                    original_text=sentence.text,
                    start=sentence.start,
                    end=sentence.end,
                    score=sentence.score,
                    claim_type=sentence.claim_type.value,
                    reasons=list(sentence.reasons),
                    attribution=sentence.attribution or "",
                    evidence_requested_at=now,
                )
                for sentence in extraction.claims(threshold)
            ]
        )
        if not claims:
            logger.info("Article %s has no sentence above the check-worthiness threshold %.2f", article.id, threshold)
        audit(actor=submitted_by, action="article.ingested", article_id=article.id, claims=len(claims))
        claim_ids = list(article.claims.values_list("id", flat=True))
        _enqueue_evidence(claim_ids)
    return IngestResult(article, True, list(article.claims.all()))


def article_ingest_url(
    *, url: str, submitted_by, source: Source | None = None, published_at: datetime | None = None, title: str = ""
) -> IngestResult:
    """Fetch the article at `url` (refusing private addresses) and ingest it; the same URL is never stored twice."""
    _require(submitted_by, "claims.add_article")
    existing = Article.objects.filter(url=url).first()
    if existing:
        return IngestResult(existing, False, list(existing.claims.all()))
    try:
        page = fetch_article(url)
    except FetchRefused as exc:
        logger.info("Fetching %s refused: %s", url, exc)
        raise ArticleRejected(str(exc)) from exc
    return article_ingest(
        text=page.text,
        html=page.is_html,
        url=url,
        title=title,
        source=source,
        published_at=published_at,
        submitted_by=submitted_by,
    )


def _enqueue_evidence(claim_ids: list[int]) -> None:
    from .tasks import find_evidence

    def send() -> None:
        for claim_id in claim_ids:
            try:
                find_evidence.delay(claim_id)
            except Exception as exc:  # noqa: BLE001 - broker down: claims stay pending and the sweeper re-queues them
                logger.warning("Could not queue evidence search for claim %s (%s); the sweeper will retry", claim_id, exc)
                return

    transaction.on_commit(send)


def evidence_request(*, claim: Claim, user) -> None:
    """A fact-checker asks for the search to run again."""
    _require(user, "claims.check_claim")
    with transaction.atomic():
        Claim.objects.filter(id=claim.id).update(
            evidence_status=EvidenceStatus.PENDING, evidence_error="", evidence_requested_at=timezone.now()
        )
        audit(actor=user, action="evidence.requested", claim=claim)
        _enqueue_evidence([claim.id])


def evidence_find(*, claim_ids: list[int]) -> dict[int, int]:
    """Search evidence for these claims in one multi-search and replace their candidates.

    Idempotent: a re-run replaces a claim's candidates and never duplicates them. Raises SearchUnavailable
    (claims stay pending) when the search service is down, so the caller can retry.
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
    try:
        results = search_evidence(queries)
    except SearchUnavailable as exc:
        Claim.objects.filter(id__in=[c.id for c in claims]).update(
            evidence_status=EvidenceStatus.PENDING, evidence_error=str(exc)[:500]
        )
        raise
    known_documents = set(
        Document.objects.filter(id__in={hit.document_id for hits in results for hit in hits}).values_list("id", flat=True)
    )
    found = {}
    now = timezone.now()
    for claim, query, hits in zip(claims, queries, results, strict=True):
        hits = [hit for hit in hits if hit.document_id in known_documents]
        with transaction.atomic():
            EvidenceCandidate.objects.filter(claim=claim).delete()
            EvidenceCandidate.objects.bulk_create(
                [
                    EvidenceCandidate(
                        claim=claim,
                        document_id=hit.document_id,
                        rank=rank,
                        score=hit.score,
                        passage=hit.passage,
                        passage_start=hit.passage_start,
                        passage_end=hit.passage_end,
                        highlights=[list(span) for span in hit.highlights],
                        query=query.describe(),
                    )
                    for rank, hit in enumerate(hits, start=1)
                ]
            )
            Claim.objects.filter(id=claim.id).update(
                evidence_status=EvidenceStatus.DONE, evidence_error="", evidence_searched_at=now
            )
        found[claim.id] = len(hits)
    return found


def evidence_failed(*, claim_id: int, reason: str) -> None:
    Claim.objects.filter(id=claim_id).update(evidence_status=EvidenceStatus.FAILED, evidence_error=reason[:1000])


def claims_waiting_for_evidence(*, limit: int = 1000) -> list[int]:
    older_than = timezone.now() - timezone.timedelta(seconds=settings.WORKBENCH["SWEEP_PENDING_AFTER_SECONDS"])
    return list(Claim.objects.waiting_for_evidence(older_than=older_than).order_by("id").values_list("id", flat=True)[:limit])


def claim_take(*, claim: Claim, user) -> Claim:
    """Assign the claim to the fact-checker who opens it for work, unless someone else holds it."""
    _require(user, "claims.check_claim")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(id=claim.id)
        if claim.assignee_id and claim.assignee_id != user.id:
            raise WorkflowError(f"{claim.assignee} is already working on this claim.")
        if claim.assignee_id != user.id:
            claim.assignee = user
            if claim.status == ClaimStatus.QUEUED:
                claim.status = ClaimStatus.IN_PROGRESS
            claim.save(update_fields=["assignee", "status", "updated_at"])
            audit(actor=user, action="claim.assigned", claim=claim, assignee=user.username)
    return claim


def verdict_save(*, claim: Claim, user, rating: str, explanation: str, version: int | None) -> Verdict:
    """Save the fact-checker's draft verdict. `version` is what the form was loaded with; a stale one conflicts."""
    _require(user, "claims.check_claim")
    ratings = dict(settings.WORKBENCH["VERDICT_RATINGS"])
    if rating and rating not in ratings:
        raise WorkflowError(f"Unknown rating {rating!r}.")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(id=claim.id)
        if claim.status in (ClaimStatus.PUBLISHED, ClaimStatus.DISMISSED):
            raise WorkflowError("This claim is closed; its verdict can no longer be edited here.")
        verdict = Verdict.objects.select_for_update().filter(claim=claim).first()
        if verdict is None:
            verdict = Verdict.objects.create(claim=claim, author=user, rating=rating, explanation=explanation)
        else:
            if verdict.status == VerdictStatus.SUBMITTED:
                raise WorkflowError("This verdict is with an editor; wait for approval or return.")
            if version is not None and version != verdict.version:
                raise VerdictConflict(
                    "Someone saved this verdict after you opened it. Your text is below; reload to see theirs, then merge."
                )
            verdict.rating, verdict.explanation = rating, explanation
            verdict.version += 1
            if verdict.status == VerdictStatus.RETURNED:
                verdict.status = VerdictStatus.DRAFT
            verdict.save()
        if claim.status == ClaimStatus.QUEUED:
            claim.status = ClaimStatus.IN_PROGRESS
            claim.save(update_fields=["status", "updated_at"])
        audit(actor=user, action="verdict.saved", claim=claim, rating=rating, version=verdict.version)
    return verdict


def citation_add(
    *, verdict: Verdict, user, url: str, title: str = "", quote: str = "", note: str = "", document: Document | None = None
) -> Citation:
    _require(user, "claims.check_claim")
    if verdict.status in (VerdictStatus.SUBMITTED, VerdictStatus.PUBLISHED):
        raise WorkflowError("Citations cannot be changed while the verdict is with an editor or published.")
    if document is not None:
        url, title = url or document.url, title or document.title
    if not url:
        raise WorkflowError("A citation needs a URL or a document.")
    with transaction.atomic():
        citation = Citation.objects.create(
            verdict=verdict, document=document, url=url, title=title[:500], quote=quote, note=note, added_by=user
        )
        audit(actor=user, action="citation.added", claim=verdict.claim, url=url, document_id=document.id if document else None)
    return citation


def citation_remove(*, citation: Citation, user) -> None:
    _require(user, "claims.check_claim")
    if citation.verdict.status in (VerdictStatus.SUBMITTED, VerdictStatus.PUBLISHED):
        raise WorkflowError("Citations cannot be changed while the verdict is with an editor or published.")
    with transaction.atomic():
        audit(actor=user, action="citation.removed", claim=citation.verdict.claim, url=citation.url)
        citation.delete()


def verdict_submit(*, verdict: Verdict, user) -> Verdict:
    """Send the verdict to the editors. It needs a rating, an explanation and at least one citation."""
    _require(user, "claims.check_claim")
    with transaction.atomic():
        verdict = Verdict.objects.select_for_update().select_related("claim").get(id=verdict.id)
        if verdict.status not in (VerdictStatus.DRAFT, VerdictStatus.RETURNED):
            raise WorkflowError(f"A verdict that is {verdict.get_status_display().lower()} cannot be submitted.")
        missing = [
            label
            for label, ok in (
                ("a rating", bool(verdict.rating)),
                ("an explanation", bool(verdict.explanation.strip())),
                ("at least one citation", verdict.citations.exists()),
            )
            if not ok
        ]
        if missing:
            raise WorkflowError("Before submitting, add " + ", ".join(missing) + ".")
        verdict.status, verdict.submitted_at = VerdictStatus.SUBMITTED, timezone.now()
        verdict.save(update_fields=["status", "submitted_at", "updated_at"])
        Claim.objects.filter(id=verdict.claim_id).update(status=ClaimStatus.SUBMITTED, updated_at=timezone.now())
        audit(actor=user, action="verdict.submitted", claim=verdict.claim, rating=verdict.rating)
    return verdict


def _reviewable(verdict: Verdict, editor) -> Verdict:
    _require(editor, "claims.review_verdict")
    verdict = Verdict.objects.select_for_update().select_related("claim").get(id=verdict.id)
    if verdict.status != VerdictStatus.SUBMITTED:
        raise WorkflowError("Only a submitted verdict can be reviewed.")
    if verdict.author_id == editor.id:
        raise PermissionDenied("Nobody approves or returns their own verdict; another editor must review it.")
    return verdict


def verdict_approve(*, verdict: Verdict, editor) -> Verdict:
    """An editor other than the author approves the verdict; it is published at once."""
    with transaction.atomic():
        verdict = _reviewable(verdict, editor)
        now = timezone.now()
        verdict.status, verdict.reviewer, verdict.published_at = VerdictStatus.PUBLISHED, editor, now
        verdict.review_comment = ""
        verdict.save(update_fields=["status", "reviewer", "published_at", "review_comment", "updated_at"])
        Claim.objects.filter(id=verdict.claim_id).update(status=ClaimStatus.PUBLISHED, updated_at=now)
        audit(actor=editor, action="verdict.published", claim=verdict.claim, rating=verdict.rating)
    return verdict


def verdict_return(*, verdict: Verdict, editor, comment: str) -> Verdict:
    """An editor sends the verdict back to its author with a comment saying what to change."""
    if not comment.strip():
        raise WorkflowError("Say what needs to change when you return a verdict.")
    with transaction.atomic():
        verdict = _reviewable(verdict, editor)
        verdict.status, verdict.reviewer, verdict.review_comment = VerdictStatus.RETURNED, editor, comment.strip()
        verdict.save(update_fields=["status", "reviewer", "review_comment", "updated_at"])
        Claim.objects.filter(id=verdict.claim_id).update(status=ClaimStatus.RETURNED, updated_at=timezone.now())
        audit(actor=editor, action="verdict.returned", claim=verdict.claim, comment=comment.strip())
    return verdict
