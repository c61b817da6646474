"""Fixtures for the claims tests: fresh throttles, a published fact-check, the world the permission matrix acts on."""

from datetime import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.claims.publishing import publish
from tests.claims.world import World
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Empty API throttles in every test, so one test's requests never slow the next."""
    cache.clear()
    yield
    cache.clear()


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


@pytest.fixture
def world(db, embedded_backend, fact_checker, editor) -> World:
    """What the permission matrix acts on (tests/claims/world.py), written by a fact-checker and an editor."""
    return World(author=fact_checker, editor=editor)
