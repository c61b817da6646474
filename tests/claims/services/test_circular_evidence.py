"""No circular evidence (issue 15): a claim is never offered its own article, a copy of it, or our own
fact-check of a claim from the same article; on every backend."""

import pytest
from django.conf import settings

from claims import services
from claims.models import EvidenceCandidate, VerdictStatus
from claims.services.circular_evidence import circular_urls
from search.canonical import canonical_url, url_spellings
from tests.conftest import index_documents
from tests.factories import ArticleFactory, ClaimFactory, DocumentFactory, SourceFactory, VerdictFactory

ARTICLE_URL = "https://www.daily.example/health/nhs-waiting-lists"
FIRST = "NHS waiting lists in England reached 7.6 million in September, the health secretary said."
SECOND = "NHS waiting lists in England fell for the first time in September, the health secretary said."


@pytest.fixture
def article_with_a_fact_check(backend):
    article = ArticleFactory(url=ARTICLE_URL, text=f"{FIRST} {SECOND}")
    first = ClaimFactory(article=article, text=FIRST, start=0, end=len(FIRST))
    second = ClaimFactory(
        article=article, text=SECOND, start=len(FIRST) + 1, end=len(FIRST) + 1 + len(SECOND)
    )
    ours = SourceFactory(name=settings.WORKBENCH["ORGANIZATION_NAME"], kind="fact_checker", reliability=0.9)
    verdict = VerdictFactory(claim=first, status=VerdictStatus.PUBLISHED)
    verdict.document = DocumentFactory(
        source=ours, url=verdict.public_url, title=FIRST, body=f"{FIRST}\nRating: False.\nNHS waiting lists."
    )
    verdict.save()
    news, archive = SourceFactory(kind="news"), SourceFactory(kind="fact_checker")
    documents = {
        # the article itself, and a copy of it under another spelling of its address
        "article": DocumentFactory(source=news, url=ARTICLE_URL, title="NHS waiting lists", body=SECOND),
        "copy": DocumentFactory(
            source=news, url="http://daily.example/health/nhs-waiting-lists/", title=SECOND, body=SECOND
        ),
        # our own ClaimReview of a claim of this article, imported back from our own publisher
        "imported": DocumentFactory(
            source=ours,
            url=settings.WORKBENCH["ORGANIZATION_URL"].rstrip("/") + "/fact-checks/9999/",
            title=SECOND,
            body=f"{SECOND}\nRating: False (False on this workbench's scale).\nAppeared at {ARTICLE_URL}",
        ),
        # independent evidence, and another organisation's fact-check of the same article: both stay
        "statistics": DocumentFactory(
            source=news, title="NHS waiting lists in England", body=f"Waiting lists in England: {SECOND}"
        ),
        "elsewhere": DocumentFactory(
            source=archive, title=SECOND, body=f"{SECOND}\nRating: Mixture.\nAppeared at {ARTICLE_URL}"
        ),
    }
    index_documents()
    return first, second, verdict, documents


def test_evidence_leaves_out_the_article_its_copies_and_our_fact_checks_of_its_claims(
    article_with_a_fact_check, backend
):
    first, second, verdict, documents = article_with_a_fact_check
    from search.backends import EvidenceQuery

    everything = {h.document_id for h in backend.search(EvidenceQuery(text=SECOND, size=20))}
    assert {verdict.document_id, *(d.id for d in documents.values())} <= everything  # all findable

    services.evidence_find(claim_ids=[first.id, second.id])

    offered = set(EvidenceCandidate.objects.filter(claim=second).values_list("document_id", flat=True))
    assert offered == {documents["statistics"].id, documents["elsewhere"].id}
    assert verdict.document_id not in set(
        EvidenceCandidate.objects.filter(claim=first).values_list("document_id", flat=True)
    )


def test_a_pasted_article_without_an_address_still_leaves_out_our_fact_checks(db):
    first = ClaimFactory(article=ArticleFactory(url=""))
    verdict = VerdictFactory(claim=first, status=VerdictStatus.PUBLISHED)
    verdict.document = DocumentFactory(url=verdict.public_url)
    verdict.save()
    assert circular_urls(articles=[first.article]) == {first.article_id: (verdict.public_url,)}


def test_one_page_has_one_canonical_address_whatever_its_spelling():
    spellings = [
        "https://www.daily.example/health/a-story",
        "http://daily.example/health/a-story/",
        "https://DAILY.example:443/health/a-story?utm_source=rss&fbclid=x#comments",
    ]
    assert {canonical_url(url) for url in spellings} == {"daily.example/health/a-story"}
    assert canonical_url("https://daily.example/a?page=2") != canonical_url("https://daily.example/a")
    assert "http://daily.example/health/a-story/" in url_spellings(spellings[0])
    assert canonical_url("javascript:alert(1)") == ""
