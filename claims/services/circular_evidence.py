"""Circular evidence: what a claim's evidence must never include, because it is the claim's own article again.

That is the article itself, copies of it stored as documents (the same page under another spelling of its
address), and our own fact-checks of claims from the same article: those the workbench published, and our
ClaimReview imported back from our own publisher.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Q

from search.canonical import canonical_url, url_spellings
from search.models import Document, Source, SourceKind

from ..models import Article, Verdict

APPEARED_AT = "Appeared at "
"""How an imported ClaimReview's document names the page the claim appeared on (search/services/claimreview_import.py)."""


def _own_source_ids() -> list[int]:
    """The sources that are this organisation: by ORGANIZATION_NAME, or a fact-checker at ORGANIZATION_URL."""
    workbench = settings.WORKBENCH
    home = canonical_url(workbench["ORGANIZATION_URL"])
    sources = Source.objects.filter(
        Q(name=workbench["ORGANIZATION_NAME"]) | Q(kind=SourceKind.FACT_CHECKER, homepage__gt="")
    ).values_list("id", "name", "homepage")
    return [
        id
        for id, name, homepage in sources
        if name == workbench["ORGANIZATION_NAME"] or (home and canonical_url(homepage) == home)
    ]


def circular_urls(*, articles: Iterable[Article]) -> dict[int, tuple[str, ...]]:
    """For each article id, the stored addresses of the documents its claims' evidence must leave out.

    Three queries for any number of articles; only exact addresses are looked up, so the unique index on
    Document.url serves them.
    """
    articles = {article.id: article for article in articles}
    if not articles:
        return {}
    verdicts: dict[int, list[tuple[int, int | None]]] = {}
    for article_id, verdict_id, document_id in Verdict.objects.filter(
        claim__article_id__in=list(articles)
    ).values_list("claim__article_id", "id", "document_id"):
        verdicts.setdefault(article_id, []).append((verdict_id, document_id))
    wanted: dict[int, set[str]] = {}  # article id -> canonical addresses of itself and its fact-checks
    spellings: set[str] = set()
    for article_id, article in articles.items():
        addresses = [article.url] if article.url else []
        addresses += [Verdict(id=verdict_id).public_url for verdict_id, _ in verdicts.get(article_id, [])]
        wanted[article_id] = {canonical_url(url) for url in addresses} - {""}
        spellings.update(spelling for url in addresses for spelling in url_spellings(url))
    documents = Q(url__in=sorted(spellings)) | Q(
        id__in=[document_id for pairs in verdicts.values() for _, document_id in pairs if document_id]
    )
    own = _own_source_ids()
    appeared = [f"{APPEARED_AT}{article.url}" for article in articles.values() if article.url]
    if own and appeared:
        mentions = Q()
        for line in appeared:
            mentions |= Q(body__contains=line)
        documents |= Q(source_id__in=own) & mentions
    found = list(Document.objects.filter(documents).values_list("id", "url", "source_id", "body"))
    circular: dict[int, tuple[str, ...]] = {}
    for article_id, article in articles.items():
        own_ids = {document_id for _, document_id in verdicts.get(article_id, []) if document_id}
        line = f"{APPEARED_AT}{article.url}" if article.url else None
        circular[article_id] = tuple(
            sorted(
                url
                for id, url, source_id, body in found
                if id in own_ids
                or canonical_url(url) in wanted[article_id]
                or (line and source_id in own and _names_page(body, line))
            )
        )
    return circular


def _names_page(body: str, line: str) -> bool:
    """The imported review says the claim appeared on exactly this page (not one whose address merely begins so)."""
    return any(part.strip() == line for part in body.splitlines())
