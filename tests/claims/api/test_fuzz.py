"""Schema-driven fuzzing: schemathesis generates requests from our own /api/schema/ and sends them to the WSGI app.

Every operation must answer without a server error, with a status code, content type and body its schema
documents. Examples are derandomized and bounded (FUZZ_EXAMPLES per operation, default 15) so the run is
repeatable and short; raise FUZZ_EXAMPLES for a longer hunt. Nothing leaves the process: fetching by URL is
refused here, as a private address would be.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claims import services
from tests.factories import ClaimFactory, EvidenceCandidateFactory, SourceFactory, UserFactory
from workbench.fetching import FetchRefused

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def fuzz_world(db, embedded_backend, settings, monkeypatch):
    """An admin's token (every permission) and a small world whose ids the generated requests can hit."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"writes": "100000/min", "auth": "100000/min"},
    }
    cache.clear()

    def refuse(url):
        raise FetchRefused("Fetching is switched off while fuzzing.")

    monkeypatch.setattr("claims.services.articles.fetch_article", refuse)
    author, admin = UserFactory(role="Fact-checker"), UserFactory(role="Admin")
    ids: dict[str, list[int]] = defaultdict(list)
    ids["source_id"] += [s.id for s in SourceFactory.create_batch(2)]
    for n in range(4):
        claim = ClaimFactory()
        candidate = EvidenceCandidateFactory(claim=claim)
        ids["claim_id"].append(claim.id)
        ids["article_id"].append(claim.article_id)
        ids["document_id"].append(candidate.document_id)
        ids["source_id"].append(candidate.document.source_id)
        if n == 3:
            continue  # a claim without a verdict
        verdict = services.verdict_save(
            claim=claim, user=author, rating="false", explanation=f"Verdict {n}.", version=None
        )
        ids["verdict_id"].append(verdict.id)
        ids["citation_id"].append(
            services.citation_add(verdict=verdict, user=author, url=f"https://stats.example.org/{n}").id
        )
        if n:
            services.verdict_submit(verdict=verdict, user=author)
        if n == 2:
            services.verdict_approve(verdict=verdict, editor=admin)
    return {"token": Token.objects.create(user=admin).key, "ids": ids}


def _existing_ids(case, ids: dict[str, list[int]]) -> None:
    """Point most generated path ids at rows that exist, so requests get past the 404 into the code behind it."""
    for name, value in (case.path_parameters or {}).items():
        if name in ids and isinstance(value, int) and value >= 0 and value % 4 != 3:
            case.path_parameters[name] = ids[name][value % len(ids[name])]


@pytest.fixture
def api_schema(fuzz_world):
    # As Django's test client does: a request must not close the test's connection (it holds the test transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_log(capsys):
    """Status codes per operation, printed after the run as its summary."""
    seen: dict[str, Counter] = defaultdict(Counter)
    yield seen
    with capsys.disabled():
        total = sum(sum(c.values()) for c in seen.values())
        print(f"\nschemathesis: {total} requests over {len(seen)} operations, {EXAMPLES} examples each")
        probes = Counter()
        for operation, codes in sorted(seen.items()):
            if set(codes) == {405}:
                probes[405] += sum(codes.values())  # a method the operation does not have, correctly refused
                continue
            print(f"  {operation:58} " + " ".join(f"{code}x{n}" for code, n in sorted(codes.items())))
        print(f"  undocumented methods probed: {probes[405]}, all answered 405")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_generated_request_as_its_schema_says(case, fuzz_world, fuzz_log):
    _existing_ids(case, fuzz_world["ids"])
    response = case.call_and_validate(
        headers={"Authorization": f"Token {fuzz_world['token']}"}, checks=CHECKS
    )
    fuzz_log[f"{case.method} {case.path}"][response.status_code] += 1
