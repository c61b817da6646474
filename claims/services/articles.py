"""Articles in: pasted, uploaded, fetched or imported; cleaned, split into claims, queued for evidence."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from search.models import Source
from workbench.fetching import FetchRefused, fetch_article

from ..extraction import ExtractedSentence, context, extract
from ..models import Article, Claim, ClaimStatus
from . import dispatch
from .claim_status import claim_move, claims_created
from .claim_units import find_duplicate, key_terms, sentence_fingerprint
from .common import ArticleRejected, fingerprint, require
from .evidence_queue import evidence_queue
from .records import audit

logger = logging.getLogger(__name__)
SPAN_PARK = 100_000_000


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool
    claims: list[Claim]


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
    require(submitted_by, "claims.add_article")
    limit = settings.WORKBENCH["ARTICLE_MAX_BYTES"]
    if len(text.encode("utf-8", errors="replace")) > limit:
        raise ArticleRejected(
            f"The article is larger than the limit of {limit // 1024} KB; paste the article body only."
        )
    if url:
        existing = Article.objects.filter(url=url).first()
        if existing:
            return IngestResult(existing, False, list(existing.claims.all()))
    try:
        extraction = extract(text, title=title or None, html=html)
    except ValueError as exc:
        logger.info("Article rejected: %s", exc)
        raise ArticleRejected(str(exc)) from exc
    content_hash = fingerprint(extraction.text)
    existing = Article.objects.filter(content_hash=content_hash).first()
    if existing:
        return IngestResult(existing, False, list(existing.claims.all()))

    with transaction.atomic():
        article = Article.objects.create(
            title=(extraction.title or title or "Untitled article")[:500],
            text=extraction.text,
            raw_text=text,
            url=url,
            source=source,
            published_at=published_at,
            language=extraction.language,
            content_hash=content_hash,
            submitted_by=submitted_by,
        )
        claims = _create_claims(article, extraction.claims(settings.WORKBENCH["CLAIM_THRESHOLD"]))
        audit(
            actor=submitted_by,
            action="article.ingested",
            article_id=article.id,
            claims=len(claims),
            language=article.language,
        )
        evidence_queue(claim_ids=[c.id for c in claims if c.duplicate_of_id is None])
        dispatch.claims_cluster_queue([c.id for c in claims])
    return IngestResult(article, True, list(article.claims.all()))


def _create_claims(article: Article, sentences: list[ExtractedSentence]) -> list[Claim]:
    """New claims for these sentences; a sentence that repeats an open claim is linked to it, not queued twice."""
    now = timezone.now()
    created: list[Claim] = []
    for sentence in sentences:
        duplicate = find_duplicate(sentence.claim, among=created, exclude_article_id=None)
        created.append(
            Claim.objects.create(
                article=article,
                text=sentence.claim,
                original_text=sentence.text,
                start=sentence.start,
                end=sentence.end,
                score=sentence.score,
                claim_type=sentence.claim_type.value,
                reasons=list(sentence.reasons),
                attribution=sentence.attribution or "",
                standalone=context.standalone(
                    sentence.claim, context.resolution(sentence.attribution, sentence.attribution_text)
                ),
                evidence_requested_at=now,
                fingerprint=sentence_fingerprint(sentence.text),
                key_terms=key_terms(sentence.claim),
                duplicate_of=duplicate,
                status=ClaimStatus.DISMISSED if duplicate else ClaimStatus.QUEUED,
                dismissed_reason=f"Repeats claim #{duplicate.id}" if duplicate else "",
                provenance={"extracted": True},
            )
        )
    if not created:
        logger.info("Article %s has no sentence above the check-worthiness threshold", article.id)
    claims_created(claims=created, user=article.submitted_by, reason="extracted from the article")
    return created


def article_reextract(*, article: Article, text: str, user, html: bool | None = None) -> IngestResult:
    """Re-extract an edited or re-fetched article. Unchanged sentences keep their claim ids (and offsets follow the
    new text); new sentences become claims; claims already in review are never duplicated or dropped."""
    require(user, "claims.add_article")
    try:
        extraction = extract(text, html=html)
    except ValueError as exc:
        raise ArticleRejected(str(exc)) from exc
    content_hash = fingerprint(extraction.text)
    other = Article.objects.filter(content_hash=content_hash).exclude(id=article.id).first()
    if other:
        raise ArticleRejected(f"This text is identical to article #{other.id}.")
    with transaction.atomic():
        article = Article.objects.select_for_update().get(id=article.id)
        existing = {
            c.fingerprint: c for c in article.claims.select_for_update().exclude(status=ClaimStatus.DISMISSED)
        }
        article.text, article.raw_text, article.content_hash = extraction.text, text, content_hash
        article.language = extraction.language
        article.save(update_fields=["text", "raw_text", "content_hash", "language"])
        # Park every open claim's span out of the way first, so moved sentences never collide mid-update.
        Claim.objects.filter(id__in=[c.id for c in existing.values()]).update(
            start=F("start") + SPAN_PARK, end=F("end") + SPAN_PARK
        )
        kept, new_sentences = [], []
        for sentence in extraction.sentences:
            claim = existing.pop(sentence_fingerprint(sentence.text), None)
            if claim is not None:
                Claim.objects.filter(id=claim.id).update(start=sentence.start, end=sentence.end)
                kept.append(claim.id)
        threshold = settings.WORKBENCH["CLAIM_THRESHOLD"]
        known = set(kept)
        open_fingerprints = set(
            Claim.objects.filter(article=article)
            .exclude(status=ClaimStatus.DISMISSED)
            .values_list("fingerprint", flat=True)
        )
        for sentence in extraction.claims(threshold):
            if sentence_fingerprint(sentence.text) not in open_fingerprints:
                new_sentences.append(sentence)
        created = _create_claims(article, new_sentences)
        for claim in existing.values():
            untouched = (
                claim.status == ClaimStatus.QUEUED and not claim.assignee_id and not hasattr(claim, "verdict")
            )
            if untouched:
                claim.dismissed_reason = "No longer in the article"
                claim_move(
                    claim=claim,
                    to=ClaimStatus.DISMISSED,
                    user=user,
                    reason=claim.dismissed_reason,
                    fields=["dismissed_reason", "start", "end"],
                )
            else:
                Claim.objects.filter(id=claim.id).update(
                    start=claim.start,
                    end=claim.end,
                    provenance={**claim.provenance, "missing_from_article": True},
                )
        audit(
            actor=user,
            action="article.reextracted",
            article_id=article.id,
            kept=len(known),
            added=len(created),
            gone=len(existing),
        )
        evidence_queue(claim_ids=[c.id for c in created if c.duplicate_of_id is None])
        dispatch.claims_cluster_queue([c.id for c in created])
    return IngestResult(article, False, list(article.claims.exclude(status=ClaimStatus.DISMISSED)))


def article_ingest_url(
    *,
    url: str,
    submitted_by,
    source: Source | None = None,
    published_at: datetime | None = None,
    title: str = "",
    refresh: bool = False,
) -> IngestResult:
    """Fetch the article at `url` (refusing private addresses) and ingest it; the same URL is never stored twice.
    With `refresh`, an article already stored is fetched again and re-extracted, keeping its claims' identity."""
    require(submitted_by, "claims.add_article")
    existing = Article.objects.filter(url=url).first()
    if existing and not refresh:
        return IngestResult(existing, False, list(existing.claims.all()))
    try:
        page = fetch_article(url)
    except FetchRefused as exc:
        logger.info("Fetching %s refused: %s", url, exc)
        raise ArticleRejected(str(exc)) from exc
    if existing:
        return article_reextract(article=existing, text=page.text, html=page.is_html, user=submitted_by)
    return article_ingest(
        text=page.text,
        html=page.is_html,
        url=url,
        title=title,
        source=source,
        published_at=published_at,
        submitted_by=submitted_by,
    )


def article_submit(
    *,
    submitted_by,
    text: str = "",
    url: str = "",
    title: str = "",
    source: Source | None = None,
    published_at: datetime | None = None,
    html: bool | None = None,
) -> IngestResult:
    """An article as a person submits it, on the page or through the API: its text if they gave any (the URL,
    if any, is kept as its address), else the page at its URL, fetched. Raises ArticleRejected when neither."""
    common = {"submitted_by": submitted_by, "title": title, "source": source, "published_at": published_at}
    if text.strip():
        return article_ingest(text=text, url=url, html=html, **common)
    if url:
        return article_ingest_url(url=url, **common)
    require(submitted_by, "claims.add_article")
    raise ArticleRejected("Give the article's text, or its URL to fetch it: the article is empty.")
