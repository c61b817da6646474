"""Fixtures for the claims tests: a published fact-check with its article, source and speaker."""

from datetime import datetime

import pytest
from django.utils import timezone

from tests.claims.publishing import publish
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory


@pytest.fixture
def published(fact_checker, editor):
    article = ArticleFactory(
        title="Jobs boom, says minister",
        url="https://news.example.org/jobs-boom",
        published_at=timezone.make_aware(datetime(2026, 3, 14, 9, 30)),
        source=SourceFactory(name="Example Daily", homepage="https://news.example.org/"),
    )
    claim = ClaimFactory(article=article, attribution="Labour Minister Jane Roe")
    return publish(claim, fact_checker, editor)
