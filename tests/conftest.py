"""Shared fixtures: loopback-only network, service gates (fail under REQUIRE_SERVICES=1), backends, users."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings

from search.backends import get_backend, get_claim_backend, reset_backend_cache
from tests import network
from tests.paths import SEED_ARTICLE

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def _reachable(url: str, default_port: int) -> str | None:
    """None if something listens at the URL's host and port, else why not."""
    if not url:
        return "not configured"
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2
        ):
            return None
    except OSError as exc:
        return f"{parsed.hostname}:{parsed.port or default_port} unreachable ({exc})"


def _unavailable(marker: str) -> str | None:
    if marker == "elasticsearch":
        return _reachable(settings.ELASTICSEARCH_URL, 9200)
    if marker == "redis":
        return _reachable(settings.CELERY_BROKER_URL, 6379)
    if marker == "postgres":
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            return "DATABASE_URL is not a PostgreSQL URL"
        return None
    if marker == "browser":
        missing = [tool for tool in ("chromium", "chromedriver") if not shutil.which(tool)]
        return f"{', '.join(missing)} not installed" if missing else None
    return None


def pytest_configure(config):
    network.install()


def pytest_unconfigure(config):
    network.uninstall()


def pytest_runtest_setup(item):
    for marker in ("postgres", "redis", "elasticsearch", "browser"):
        if item.get_closest_marker(marker):
            why = _unavailable(marker)
            if why:
                message = f"{marker} service needed: {why}"
                if REQUIRE_SERVICES:
                    pytest.fail(f"{message} (REQUIRE_SERVICES=1)")
                pytest.skip(message)


def pytest_collection_modifyitems(config, items):
    """Tests that stop real services run last, so a slow restart never disturbs the others."""
    items.sort(key=lambda item: item.get_closest_marker("faults") is not None)


@pytest.fixture(autouse=True)
def sign_in_failures_end_with_the_test():
    """Failed sign-ins counted in Redis (django-axes) outlive a test's transaction: forget the test client's."""
    yield
    if settings.AXES_HANDLER == "axes.handlers.cache.AxesCacheHandler":
        from axes.handlers.proxy import AxesProxyHandler

        AxesProxyHandler.reset_attempts(ip_address="127.0.0.1")


@pytest.fixture(autouse=True)
def embeddings_where_marked(request):
    """Semantic re-ranking is off in tests (workbench/settings/test.py) except in those marked `embeddings`."""
    if request.node.get_closest_marker("embeddings"):
        request.getfixturevalue("settings").SEARCH_EMBEDDINGS = True


BACKENDS = [
    pytest.param("embedded", id="embedded"),
    pytest.param("elasticsearch", id="elasticsearch", marks=pytest.mark.elasticsearch),
]


@pytest.fixture
def use_backend(settings, db):
    """Switch the search backend for one test and give it an empty index."""

    def switch(name: str):
        settings.SEARCH_BACKEND = {
            **settings.SEARCH_BACKEND,
            "BACKEND": name,
            "URL": settings.ELASTICSEARCH_URL if name == "elasticsearch" else "",
        }
        reset_backend_cache()
        backend = get_backend()
        backend.reset()
        get_claim_backend().reset()
        return backend

    yield switch
    reset_backend_cache()


@pytest.fixture(params=BACKENDS)
def backend(request, use_backend):
    """Every test using this runs against both backends (the contract suite)."""
    return use_backend(request.param)


@pytest.fixture
def embedded_backend(use_backend):
    return use_backend("embedded")


def index_documents(documents=None) -> None:
    """Index these documents (default: all) synchronously, as the indexing task would."""
    from search.models import Document
    from search.services import documents_index

    ids = (
        [d.id for d in documents]
        if documents is not None
        else list(Document.objects.values_list("id", flat=True))
    )
    documents_index(document_ids=ids)
    get_backend().refresh()


@pytest.fixture
def seed_article_path() -> Path:
    path = SEED_ARTICLE
    assert path.exists(), f"The seed article is expected at {path} (../shared beside the repo)."
    return path


@pytest.fixture
def fact_checker(db):
    from tests.factories import UserFactory

    return UserFactory(role="Fact-checker")


@pytest.fixture
def editor(db):
    from tests.factories import UserFactory

    return UserFactory(role="Editor")


@pytest.fixture
def admin_user(db):
    from tests.factories import UserFactory

    return UserFactory(role="Admin")
