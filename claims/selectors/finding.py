"""One search across the workbench (/search/): articles, claims, documents and fact-checks, each kind labelled.

Documents and fact-checks come from the search backend (Elasticsearch or the embedded one), ranked as
evidence is; claims and articles from the database (PostgreSQL's full text for claims, as the queue's search).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from claims.models import Article, Verdict, VerdictStatus
from claims.selectors.claims import can_check
from claims.selectors.queue import QueueFilters, queue_claims
from search.backends import SearchUnavailable
from search.models import SourceKind
from search.selectors.documents import documents_search

CLAIMS_SHOWN = 20
ARTICLES_SHOWN = 10
DOCUMENTS_SHOWN = 20


@dataclass
class Found:
    """What one search found, by kind; `unavailable` says the search service could not be asked."""

    claims: list = field(default_factory=list)
    articles: list = field(default_factory=list)
    documents: list = field(default_factory=list)  # (hit, document)
    fact_checks: list = field(default_factory=list)  # (hit, document, kind label, our verdict or None)
    unavailable: bool = False

    @property
    def total(self) -> int:
        return len(self.claims) + len(self.articles) + len(self.documents) + len(self.fact_checks)


def search_everything(*, user, q: str) -> Found:
    found = Found()
    q = q.strip()
    if not q or not can_check(user):
        return found
    found.claims = list(queue_claims(user=user, filters=QueueFilters(q=q, status="all"))[:CLAIMS_SHOWN])
    found.articles = list(
        Article.objects.select_related("source")
        .defer("text", "raw_text")
        # An article's text is found through its claims (searched by PostgreSQL's full text), its title here.
        .filter(Q(title__icontains=q) | Q(url=q) | Q(id__in={claim.article_id for claim in found.claims}))
        .order_by("-created_at")[:ARTICLES_SHOWN]
    )
    try:
        hits = documents_search(user=user, text=q, size=DOCUMENTS_SHOWN)
    except SearchUnavailable:
        found.unavailable = True
        hits = []
    ours = {
        v.document_id: v
        for v in Verdict.objects.filter(
            document_id__in=[document.id for _, document in hits], status=VerdictStatus.PUBLISHED
        ).select_related("claim")
    }
    for hit, document in hits:
        if document.id in ours:
            found.fact_checks.append((hit, document, "Our fact-check", ours[document.id]))
        elif document.source.kind == SourceKind.FACT_CHECKER:
            found.fact_checks.append((hit, document, f"Fact-check by {document.source.name}", None))
        else:
            found.documents.append((hit, document))
    return found
