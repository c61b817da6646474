"""Fixtures for the workbench pages: a fact-checker's logged-in browser."""

import pytest


@pytest.fixture
def checker_client(client, fact_checker):
    client.force_login(fact_checker)
    return client
