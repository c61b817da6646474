"""Fixtures for the API tests: a fact-checker's token client."""

import pytest

from tests.claims.api.clients import client_for


@pytest.fixture
def api(fact_checker):
    return client_for(fact_checker)
