"""Import other organisations' ClaimReview (JSON-LD files, pages carrying it, feeds) as fact-checker documents."""

from __future__ import annotations

import hashlib
import logging
from urllib.parse import urlsplit

from django.conf import settings

from ..backends import SearchUnavailable, get_backend
from ..claimreview import MAX_FOLLOWED_PAGES, ImportReport, Review, reviews_read
from ..models import Document, Source, SourceKind
from .documents import document_save
from .indexing import documents_index

logger = logging.getLogger(__name__)

# -- writing ------------------------------------------------------------------------------------------------------


def document_body(review: Review) -> str:
    """What the search matches a new claim against: the claim, both ratings, and the review's own words."""
    labels = dict(settings.WORKBENCH["VERDICT_RATINGS"])
    theirs = review.rating_text or (
        f"{review.rating_value:g} of {review.best_rating or 5:g}" if review.rating_value is not None else ""
    )
    ours = (
        f"{labels.get(review.rating, review.rating)} on this workbench's scale"
        if review.rating
        else "not mapped to this workbench's scale"
    )
    lines = [review.claim_reviewed, f"Rating: {theirs} ({ours})."]
    if review.claimant:
        lines.append(f"Claimed by {review.claimant}.")
    if review.text:
        lines.append(review.text)
    if review.appearance_url:
        lines.append(f"Appeared at {review.appearance_url}")
    return "\n".join(lines)


def external_key(url: str) -> str:
    """The review URL, which identifies it; one longer than the field holds becomes its hash."""
    return url if len(url) <= 200 else "claimreview-sha1-" + hashlib.sha1(url.encode()).hexdigest()


def _source_for(
    review: Review, *, name: str | None, cache: dict[str, Source], report: ImportReport
) -> Source:
    name = (name or review.publisher or urlsplit(review.url).hostname or "ClaimReview import")[:200]
    if name not in cache:
        source, created = Source.objects.get_or_create(
            name=name,
            defaults={
                "kind": SourceKind.FACT_CHECKER,
                "homepage": review.publisher_url[:200],
                "reliability": 0.8,
                "notes": "Fact-checks imported from ClaimReview.",
            },
        )
        if not created and source.kind != SourceKind.FACT_CHECKER:
            logger.warning("Source %r is a %s source; its imported fact-checks stay in it", name, source.kind)
        cache[name] = source
    report.sources.add(name)
    return cache[name]


def claimreviews_import(
    *,
    location: str,
    source_name: str | None = None,
    follow: bool = True,
    max_pages: int = MAX_FOLLOWED_PAGES,
    index: bool = True,
) -> ImportReport:
    """Import every ClaimReview at `location` (a file or an http(s) URL) as a document of a fact-checker source.

    The source is `source_name`, else the review's publisher (created as a fact-checker source if missing).
    A document's identity is the review URL (also its external_key), so a re-import updates and never
    duplicates; unchanged reviews are not written again. A malformed item is reported and skipped. URLs are
    fetched only through the address guard (workbench.fetching). With `index`, the documents are indexed now and
    the index refreshed, so they are searchable when this returns; if search is down they wait for the sweeper.
    Raises ClaimReviewSourceError when the location itself cannot be read.
    """
    report = ImportReport()
    reviews = reviews_read(location, report=report, follow=follow, max_pages=max_pages)
    sources: dict[str, Source] = {}
    seen: set[str] = set()
    for review in reviews:
        if review.url in seen:
            report.duplicates += 1  # the same fact-check listed twice: the first one counts
            continue
        seen.add(review.url)
        source = _source_for(review, name=source_name, cache=sources, report=report)
        values = {
            "source_id": source.id,
            "title": review.claim_reviewed[:500],
            "body": document_body(review),
            "published_at": review.published_at,
            "language": review.language or source.language or "en",
            "external_key": external_key(review.url),
        }
        existing = Document.objects.filter(url=review.url).first()
        report.ratings[review.rating or "unmapped"] += 1
        report.unmapped += not review.rating
        if existing is not None and all(getattr(existing, k) == v for k, v in values.items()):
            report.unchanged += 1
            report.document_ids.append(existing.id)
            continue
        document, created = document_save(
            source=source,
            url=review.url,
            title=values["title"],
            body=values["body"],
            published_at=values["published_at"],
            language=values["language"],
            external_key=values["external_key"],
        )
        report.created += created
        report.updated += not created
        report.document_ids.append(document.id)
    if index and report.document_ids:
        _index_now(report)
    return report


def _index_now(report: ImportReport) -> None:
    """Index what is not yet indexed (an in-process task may already have) and refresh, as import_documents does."""
    try:
        pending = list(
            Document.objects.filter(id__in=report.document_ids).needing_index().values_list("id", flat=True)
        )
        if pending:
            result = documents_index(document_ids=pending)
            report.indexed += result["indexed"]
            for document_id, reason in result["failed"].items():
                report.failed.append((f"document {document_id}", f"not indexed: {str(reason)[:200]}"))
        get_backend().refresh()
    except SearchUnavailable as exc:
        # The documents stay saved and marked unindexed; the sweeper indexes them once search is back.
        report.index_error = str(exc)
