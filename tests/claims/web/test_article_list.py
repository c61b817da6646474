"""/articles/: every article, newest first, with its claims' progress and filters; constant queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import ClaimStatus
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _rows(response) -> int:
    return response.content.decode().split("<tbody>")[1].count("<tr>")


def test_the_list_shows_each_article_with_its_claims_progress(checker_client):
    article = ArticleFactory(title="Ministry reports record exports")
    for start, status in enumerate([ClaimStatus.QUEUED, ClaimStatus.PUBLISHED, ClaimStatus.DISMISSED]):
        ClaimFactory(article=article, status=status, start=start, end=start + 10)
    html = checker_client.get(reverse("claims:articles")).content.decode()
    assert "Ministry reports record exports" in html
    assert "<td>2</td><td>1</td><td>1</td>" in html  # claims (not dismissed), to check, published
    assert 'href="/articles/"' in html  # in the header


def test_filters_by_title_source_who_added_it_and_open_claims(checker_client, fact_checker):
    wire = SourceFactory(name="Wire")
    mine = ArticleFactory(title="Exports rise", source=wire, submitted_by=fact_checker)
    ClaimFactory(article=mine)
    ArticleFactory(title="Imports fall", submitted_by=UserFactory(role="Fact-checker"))
    url = reverse("claims:articles")
    assert _rows(checker_client.get(url, {"q": "exports"})) == 1
    assert _rows(checker_client.get(url, {"source": wire.id})) == 1
    assert _rows(checker_client.get(url, {"mine": "on"})) == 1
    assert _rows(checker_client.get(url, {"open_only": "on"})) == 1
    assert _rows(checker_client.get(url)) == 2
    bad = checker_client.get(url, {"added_from": "yesterday"})
    assert bad.status_code == 200 and "Ignored:" in bad.content.decode() and _rows(bad) == 2


def test_a_user_without_a_role_sees_no_article_and_anonymous_must_sign_in(client):
    ArticleFactory()
    assert client.get(reverse("claims:articles")).status_code == 302
    client.force_login(UserFactory(role=None))
    assert "No articles yet" in client.get(reverse("claims:articles")).content.decode()


def _queries(client, n):
    for _ in range(n):
        ClaimFactory(article=ArticleFactory(source=SourceFactory()))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("claims:articles")).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_articles(checker_client):
    assert _queries(checker_client, 2) == _queries(checker_client, 10)
