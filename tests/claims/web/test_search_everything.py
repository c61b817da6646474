"""/search/: one search across articles, claims, documents and fact-checks, each kind labelled, on both
search backends; the search service down leaves the rest answering."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import ClaimStatus, VerdictStatus
from claims.services.publishing import verdict_sync_document
from tests.conftest import index_documents
from tests.factories import ArticleFactory, ClaimFactory, DocumentFactory, SourceFactory, VerdictFactory


@pytest.fixture
def desk(backend):
    stats = SourceFactory(name="Trade Statistics Office", kind="statistics")
    checkers = SourceFactory(name="Other Fact Desk", kind="fact_checker")
    DocumentFactory(
        source=stats, title="Monthly trade release", body="Exports of copper rose 12 percent in March."
    )
    DocumentFactory(
        source=checkers,
        title="Copper claim checked",
        body="Claims about copper exports rose were rated false.",
    )
    DocumentFactory(source=stats, title="Housing starts", body="Housing starts fell in April.")
    ClaimFactory(text="Copper exports rose 12% in March.", article=ArticleFactory(title="Copper boom"))
    published = VerdictFactory(
        claim=ClaimFactory(text="Copper prices doubled last year.", status=ClaimStatus.PUBLISHED),
        status=VerdictStatus.PUBLISHED,
        rating="false",
        explanation="Copper prices rose by a fifth, not double.",
    )
    verdict_sync_document(verdict=published)
    index_documents()
    return published


def test_one_search_finds_each_kind_labelled(checker_client, desk):
    html = checker_client.get(reverse("claims:search"), {"q": "copper"}).content.decode()
    claims = html.split('id="found-claims"')[1].split("</section>")[0]
    articles = html.split('id="found-articles"')[1].split("</section>")[0]
    documents = html.split('id="found-documents"')[1].split("</section>")[0]
    fact_checks = html.split('id="found-fact-checks"')[1].split("</section>")[0]
    assert "Copper exports rose 12% in March." in claims and "Copper prices doubled" in claims
    assert "Copper boom" in articles
    assert "Monthly trade release" in documents and "Housing starts" not in documents
    assert "Fact-check by Other Fact Desk" in fact_checks and "Copper claim checked" in fact_checks
    assert "Our fact-check" in fact_checks and "False" in fact_checks
    assert "Copper claim checked" not in documents  # a fact-check is listed once, as a fact-check


def test_an_article_is_found_by_the_words_of_its_claims_not_only_by_its_title(checker_client, desk):
    ClaimFactory(
        text="Iraq's economy suffered after the collapse of oil prices.",
        article=ArticleFactory(title="US questions Iraq's readiness"),
    )
    ArticleFactory(title="Budget day")  # no claim about oil, no oil in its title

    html = checker_client.get(reverse("claims:search"), {"q": "oil prices"}).content.decode()

    articles = html.split('id="found-articles"')[1].split("</section>")[0]
    assert "US questions Iraq&#x27;s readiness" in articles and "Budget day" not in articles


def test_the_search_box_is_on_every_page_and_an_empty_search_lists_nothing(checker_client, desk):
    page = checker_client.get(reverse("claims:queue")).content.decode()
    assert 'action="/search/"' in page
    html = checker_client.get(reverse("claims:search")).content.decode()
    assert "found for" not in html


@pytest.mark.django_db
def test_with_the_search_service_down_claims_and_articles_still_answer(checker_client, monkeypatch):
    from claims.selectors import finding
    from search.backends import SearchUnavailable

    def down(**kwargs):
        raise SearchUnavailable("connection refused")

    monkeypatch.setattr(finding, "documents_search", down)
    ClaimFactory(text="Copper exports rose 12% in March.")
    html = checker_client.get(reverse("claims:search"), {"q": "copper"}).content.decode()
    assert "The document search is unavailable right now" in html
    assert "Copper exports rose 12% in March." in html


@pytest.mark.django_db
def test_user_text_in_the_search_is_escaped(checker_client):
    html = checker_client.get(reverse("claims:search"), {"q": "<script>x</script>"}).content.decode()
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
