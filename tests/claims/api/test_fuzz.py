"""Schema-driven fuzzing: schemathesis generates requests from our own /api/schema/ and sends them to the WSGI app.

Every operation, asked by each role (fact-checker, editor, admin) and by someone anonymous, must answer without
a server error, with a status code, content type, headers and body its schema documents: all of schemathesis'
checks run. Examples are derandomized and bounded (FUZZ_EXAMPLES per operation and role, default 8) so the
run is repeatable and short; raise FUZZ_EXAMPLES for a longer hunt. Nothing leaves the process: fetching by
URL is refused here, as a private address would be.
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
from schemathesis.specs.openapi.checks import positive_data_acceptance

from claims import services
from tests.factories import ClaimFactory, EvidenceCandidateFactory, SourceFactory, UserFactory
from workbench.fetching import FetchRefused

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
ROLES = ["Fact-checker", "Editor", "Admin", None]
# Every built-in check runs but one, positive_data_acceptance (schema-valid data must not get a 400), which
# valid_data_is_refused_only_for_the_workflow below replaces: the workflow refuses valid data with a 400 for
# what no schema can say (a document that does not exist, a verdict already submitted, a rule across two
# fields). Such a 400 carries a `detail` or `non_field_errors`; a field error on valid data would mean the
# schema documents that field wrongly, and fails. Except these, which a JSON schema cannot state:
RULES_NO_SCHEMA_STATES = {
    "Null characters are not allowed.",  # PostgreSQL cannot store U+0000 in text
    "Give the date the article was published: from 1800 up to a week from now.",  # a date-time has no minimum
    # Django's URLValidator wants a host with a top-level domain of two letters or more (or an IP address,
    # or localhost); the schema says the schemes (pattern) and format: uri, which takes https://0.a.
    "Enter a valid URL.",
    # DRF trims text, so "\r" or "\x85" alone is empty; minLength counts them, and a pattern's \s is not
    # Python's whitespace.
    "This field may not be blank.",
}
STATE = (
    " already exists."  # unique names: whether one is taken depends on the rows, as "No such document" does
)


def valid_data_is_refused_only_for_the_workflow(ctx, response, case):
    """A schema-valid request answered 400 names no field, but for the rules in RULES_NO_SCHEMA_STATES."""
    if case.meta is None or not case.meta.generation.mode.is_positive or response.status_code != 400:
        return None
    try:
        body = response.json()
    except ValueError:
        raise AssertionError(f"400 without a JSON body: {response.text[:300]}") from None
    fields = {
        name: [m for m in messages if m not in RULES_NO_SCHEMA_STATES and not m.endswith(STATE)]
        for name, messages in body.items()
        if name not in ("detail", "non_field_errors") and isinstance(messages, list)
    }
    refused = {name: messages for name, messages in fields.items() if messages}
    assert not refused, f"Schema-valid input refused field by field (the schema is wrong there): {refused}"
    return None


@pytest.fixture(params=ROLES, ids=lambda role: (role or "anonymous").lower())
def role(request):
    return request.param


@pytest.fixture
def fuzz_world(db, embedded_backend, settings, monkeypatch, role):
    """The role's token (none when anonymous) and a small world whose ids the generated requests can hit."""
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
    if role is None:
        return {"headers": {}, "ids": ids}
    asking = admin if role == "Admin" else author if role == "Fact-checker" else UserFactory(role=role)
    return {"headers": {"Authorization": f"Token {Token.objects.create(user=asking).key}"}, "ids": ids}


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
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    yield schema
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_log(capsys, role):
    """Status codes per operation, printed after the run as its summary."""
    seen: dict[str, Counter] = defaultdict(Counter)
    yield seen
    with capsys.disabled():
        total = sum(sum(c.values()) for c in seen.values())
        who = role or "anonymous"
        print(
            f"\nschemathesis as {who}: {total} requests over {len(seen)} operations, {EXAMPLES} examples each"
        )
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
        headers=fuzz_world["headers"],
        excluded_checks=[positive_data_acceptance],
        additional_checks=[valid_data_is_refused_only_for_the_workflow],
    )
    fuzz_log[f"{case.method} {case.path}"][response.status_code] += 1
