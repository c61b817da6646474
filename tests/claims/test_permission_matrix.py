"""The permission matrix, asserted on the server: every page and every API action, for every role and anonymous.

Each case also checks what was stored: a refused request changes nothing, a read writes nothing, and an
allowed write changes something (NOOP marks the pages that answer but, for that user, have nothing to change).
"""

from __future__ import annotations

import pytest
from django.urls import get_resolver, resolve

from claims.api import urls as api_urls
from claims.models import Verdict, VerdictStatus
from search.models import Source
from tests.claims.acting import LOGIN, NOOP, OK, act, api_client, outcome, page_client

pytestmark = pytest.mark.permissions

ROLES = ["anonymous", "no role", "Fact-checker", "Editor", "Admin"]
ARTICLE = "Jobs report\n\nUnemployment fell to 3.5% in March, the labour minister said on Friday."

PUBLIC = [OK] * 5
LOGGED_IN = [LOGIN, OK, OK, OK, OK]
CHECKERS = [LOGIN, 404, OK, OK, OK]  # the claim's work: a user without a role is told it does not exist
EDITORS = [LOGIN, 403, 403, OK, OK]
REVIEWERS = [LOGIN, 404, 404, OK, OK]  # a verdict under review: only editors find it
ADMINS = [LOGIN, 403, 403, 403, OK]
STAFF = [LOGIN, LOGIN, LOGIN, LOGIN, OK]  # the Django admin sends non-staff to its own login

SOURCE_FORM = {
    "name": "New Wire",
    "kind": "wire",
    "reliability": "0.8",
    "language": "en",
    "poll_interval_minutes": "60",
}

PERSON_FORM = {
    "username": "newcomer",
    "role": "Fact-checker",
    "password1": "a long new passphrase",
    "password2": "a long new passphrase",
}

# name: (method, URL, data or None, expected outcome per role in ROLES order); "{claim.id}" comes from the world
PAGES = {
    "see the queue": ("get", "/", None, LOGGED_IN),
    "export the queue as CSV": ("get", "/queue/export.csv", None, LOGGED_IN),
    "take a claim from the queue": ("post", "/queue/take/", {"claim_id": "{claim.id}"}, CHECKERS),
    "release someone else's claim": (
        "post",
        "/queue/release/",
        {"claim_id": "{held.id}"},
        [LOGIN, 404, 403, OK, OK],
    ),
    "dismiss claims in bulk": (
        "post",
        "/queue/bulk/",
        {"action": "dismiss", "reason": "Opinion", "claim_ids": ["{claim.id}"]},
        [LOGIN, NOOP, OK, OK, OK],  # no claim is visible to a user without a role: "select claims first"
    ),
    "open the paste form": ("get", "/articles/new/", None, [LOGIN, 403, OK, OK, OK]),
    "submit an article": ("post", "/articles/new/", {"text": ARTICLE}, [LOGIN, 403, OK, OK, OK]),
    "open an article": ("get", "/articles/{article.id}/", None, CHECKERS),
    "merge adjacent claims": (
        "post",
        "/articles/{article.id}/merge/",
        {"claim_ids": ["{adjacent[0]}", "{adjacent[1]}"]},
        CHECKERS,
    ),
    "fetch an article again": ("post", "/articles/{article.id}/refetch/", {}, [LOGIN, 404, NOOP, NOOP, NOOP]),
    "list the articles": ("get", "/articles/", None, LOGGED_IN),
    "open a claim": ("get", "/claims/{claim.id}/", None, CHECKERS),
    "go to the next claim to work": ("get", "/claims/{claim.id}/next/", None, CHECKERS),
    "take a claim": ("post", "/claims/{claim.id}/take/", {}, CHECKERS),
    "reword a claim": ("post", "/claims/{claim.id}/edit/", {"text": "Reworded claim text."}, CHECKERS),
    "split a claim": ("post", "/claims/{claim.id}/split/", {"at": "{split_at}"}, CHECKERS),
    "save a verdict": (
        "post",
        "/claims/{claim.id}/verdict/",
        {"rating": "false", "explanation": "x"},
        CHECKERS,
    ),
    "cite a document": ("post", "/claims/{claim.id}/citations/", {"document_id": "{document.id}"}, CHECKERS),
    "remove a citation": ("post", "/claims/{draft.claim_id}/citations/{citation.id}/remove/", {}, CHECKERS),
    "mark evidence": (
        "post",
        "/claims/{claim.id}/marks/",
        {"document_id": "{document.id}", "stance": "supports"},
        CHECKERS,
    ),
    "search again": ("post", "/claims/{claim.id}/evidence/refresh/", {}, CHECKERS),
    "see the evidence search's progress": ("get", "/claims/{claim.id}/evidence/status/", None, CHECKERS),
    "search the documents": ("get", "/claims/{claim.id}/search/?q=exports", None, CHECKERS),
    "confirm a fact-check match": (
        "post",
        "/claims/{claim.id}/matches/{match.id}/",
        {"decision": "confirm"},
        CHECKERS,
    ),
    "open a cluster of repeated claims": ("get", "/clusters/{cluster.id}/", None, [LOGIN, 403, OK, OK, OK]),
    "merge two clusters": (
        "post",
        "/clusters/{cluster.id}/merge/",
        {"other": "{other_cluster.id}", "reason": "Same figure."},
        [LOGIN, 403, OK, OK, OK],
    ),
    "split a cluster": (
        "post",
        "/clusters/{cluster.id}/split/",
        {"claim_ids": ["{repeat.id}"], "reason": "Another figure."},
        [LOGIN, 403, OK, OK, OK],
    ),
    "answer a repeat with our fact-check": (
        "post",
        "/claims/{repeat.id}/repeat/",
        {"verdict_id": "{published.id}"},
        CHECKERS,
    ),
    "compare two revisions": (
        "get",
        "/verdicts/{draft.id}/diff/?from={first_revision}&to={last_revision}",
        None,
        CHECKERS,
    ),
    "open the blind review queue": ("get", "/blind-review/", None, [LOGIN, 403, OK, OK, OK]),
    "open a verdict for blind review": ("get", "/blind-review/{submitted.id}/", None, CHECKERS),
    "open the review queue": ("get", "/review/", None, EDITORS),
    "open a verdict for review": ("get", "/review/{submitted.id}/", None, REVIEWERS),
    "preview a verdict's public page": ("get", "/review/{submitted.id}/preview/", None, REVIEWERS),
    "comment on a claim": ("post", "/claims/{claim.id}/comments/", {"body": "@editor see this"}, CHECKERS),
    "search everything": ("get", "/search/?q=unemployment", None, LOGGED_IN),
    "approve a verdict": ("post", "/review/{submitted.id}/", {"decision": "approve"}, REVIEWERS),
    "return a verdict": (
        "post",
        "/review/{submitted.id}/",
        {"decision": "return", "comment": "More sources."},
        REVIEWERS,
    ),
    "approve a proposed correction": (
        "post",
        "/review/corrections/{proposal.id}/",
        {"decision": "approve"},
        REVIEWERS,
    ),
    "see the published verdicts": ("get", "/published/", None, LOGGED_IN),
    "read notifications": ("get", "/notifications/", None, LOGGED_IN),
    "mark notifications read": ("post", "/notifications/", {}, [LOGIN] + [NOOP] * 4),
    "see the dashboard": ("get", "/dashboard/", None, EDITORS),
    "read the public fact-checks": ("get", "/fact-checks/", None, PUBLIC),
    "read a public fact-check": ("get", "/fact-checks/{published.id}/", None, PUBLIC),
    "propose a correction": (
        "post",
        "/fact-checks/{published.id}/correct/",
        {"explanation": "The office revised March.", "rating": "mostly-false"},
        EDITORS,
    ),
    "propose a retraction": (
        "post",
        "/fact-checks/{published.id}/retract/",
        {"explanation": "Our source was forged."},
        EDITORS,
    ),
    "read the Atom feed": ("get", "/feeds/fact-checks.atom", None, PUBLIC),
    "read the JSON feed": ("get", "/feeds/fact-checks.json", None, PUBLIC),
    "open the sources page": ("get", "/sources/", None, ADMINS),
    "add a source on the sources page": ("post", "/sources/new/", SOURCE_FORM, ADMINS),
    "open a source": ("get", "/sources/{source.id}/", None, ADMINS),
    "change a source on the sources page": (
        "post",
        "/sources/{source.id}/",
        {**SOURCE_FORM, "name": "{source.name}", "reliability": "0.2"},
        ADMINS,
    ),
    "poll a source's feed": ("post", "/sources/{source.id}/poll/", {}, ADMINS),
    "add a document to a source": (
        "post",
        "/sources/{source.id}/documents/",
        {
            "title": "Release",
            "url": "https://stats.example.org/new-release",
            "body": "Unemployment fell.",
            "language": "en",
        },
        ADMINS,
    ),
    # Without a file: refused (400) for the admin too, so nothing is stored by anyone.
    "upload documents to a source": (
        "post",
        "/sources/{source.id}/documents/upload/",
        {"format": "jsonl"},
        [LOGIN, 403, 403, 403, 400],
    ),
    "manage sources in the admin": ("get", "/admin/search/source/", None, STAFF),
    "add a source in the admin": ("post", "/admin/search/source/add/", SOURCE_FORM, STAFF),
    "open the login page": ("get", "/accounts/login/", None, PUBLIC),
    "see the people page": ("get", "/people/", None, ADMINS),
    "add a person": ("post", "/people/new/", PERSON_FORM, ADMINS),
    "change someone's role": ("post", "/people/{author.id}/role/", {"role": "Editor"}, ADMINS),
    "deactivate someone": ("post", "/people/{author.id}/deactivate/", {}, ADMINS),
}

API_CHECKERS = [401, 404, 200, 200, 200]
API_WRITERS = [401, 404, 201, 201, 201]
API_REVIEWERS = [401, 403, 403, 200, 200]
API_ADMINS = [401, 403, 403, 403]

API = {
    "ask for a token": (
        "post",
        "/api/token/",
        {"username": "{author.username}", "password": "correct horse battery staple"},
        [200] * 5,
    ),
    "list claims": ("get", "/api/claims/", None, [401, 200, 200, 200, 200]),
    "get a claim": ("get", "/api/claims/{claim.id}/", None, API_CHECKERS),
    "get a claim's evidence": ("get", "/api/claims/{claim.id}/evidence/", None, API_CHECKERS),
    "get an article": ("get", "/api/articles/{claim.article_id}/", None, API_CHECKERS),
    "submit an article": ("post", "/api/articles/", {"text": ARTICLE}, [401, 403, 201, 201, 201]),
    "get a claim's verdict": ("get", "/api/claims/{draft.claim_id}/verdict/", None, API_CHECKERS),
    "create a verdict": (
        "put",
        "/api/claims/{claim.id}/verdict/",
        {"rating": "false", "explanation": "x"},
        API_WRITERS,
    ),
    "update a verdict": (
        "put",
        "/api/claims/{draft.claim_id}/verdict/",
        {"rating": "true", "explanation": "y", "version": "{draft.version}"},
        API_CHECKERS,
    ),
    "list a claim's marks": ("get", "/api/claims/{draft.claim_id}/marks/", None, API_CHECKERS),
    "mark evidence": (
        "post",
        "/api/claims/{claim.id}/marks/",
        {"document_id": "{document.id}", "stance": "refutes"},
        API_WRITERS,
    ),
    "clear a mark": (
        "delete",
        "/api/claims/{draft.claim_id}/marks/{document.id}/",
        None,
        [401, 404, 204, 204, 204],
    ),
    "cite for a claim": (
        "post",
        "/api/claims/{claim.id}/citations/",
        {"url": "https://stats.example.org/new"},
        API_WRITERS,
    ),
    "list a verdict's citations": ("get", "/api/verdicts/{draft.id}/citations/", None, API_CHECKERS),
    "add a citation": (
        "post",
        "/api/verdicts/{draft.id}/citations/",
        {"url": "https://stats.example.org/new"},
        API_WRITERS,
    ),
    "remove a citation": (
        "delete",
        "/api/verdicts/{draft.id}/citations/{citation.id}/",
        None,
        [401, 404, 204, 204, 204],
    ),
    "submit a verdict": ("post", "/api/verdicts/{draft.id}/submit/", {}, API_CHECKERS),
    "approve a verdict": ("post", "/api/verdicts/{submitted.id}/approve/", {}, API_REVIEWERS),
    "return a verdict": (
        "post",
        "/api/verdicts/{submitted.id}/return/",
        {"comment": "More sources."},
        API_REVIEWERS,
    ),
    "list sources": ("get", "/api/sources/", None, [401, 403, 200, 200, 200]),
    "get a source": ("get", "/api/sources/{source.id}/", None, [401, 403, 200, 200, 200]),
    "add a source": (
        "post",
        "/api/sources/",
        {"name": "New Wire", "kind": "wire", "reliability": 0.8},
        [*API_ADMINS, 201],
    ),
    "change a source": ("patch", "/api/sources/{source.id}/", {"reliability": 0.2}, [*API_ADMINS, 200]),
    "delete a source": ("delete", "/api/sources/{empty_source.id}/", None, [*API_ADMINS, 204]),
    "read the ClaimReview list": ("get", "/api/claimreview/", None, [200] * 5),
    "read the OpenAPI schema": ("get", "/api/schema/", None, [200] * 5),
    "open the API docs": ("get", "/api/docs/", None, [200] * 5),
}


def fill(value, world):
    """The URL or data with each "{name.attribute}" replaced from the world; None stays None."""
    if isinstance(value, str):
        return value.format_map(world)
    if isinstance(value, list):
        return [fill(item, world) for item in value]
    if isinstance(value, dict):
        return {key: fill(item, world) for key, item in value.items()}
    return value


@pytest.mark.parametrize("action", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(world, action, role):
    method, url, data, expected = PAGES[action]
    response, changed = act(page_client(role), method, fill(url, world), fill(data, world))
    assert outcome(response, changed) == expected[ROLES.index(role)], (action, role, response.status_code)


@pytest.mark.parametrize("action", list(API))
@pytest.mark.parametrize("role", ROLES)
def test_api_permission_matrix(world, action, role):
    method, url, payload, expected = API[action]
    response, changed = act(api_client(role), method, fill(url, world), fill(payload, world), format="json")
    assert response.status_code == expected[ROLES.index(role)], (action, role, response.content[:300])
    if method != "get" and response.status_code < 300:
        assert changed, f"{action} answered {response.status_code} but stored nothing"


def test_a_denied_approval_changes_nothing(world):
    page_client("Fact-checker").post(f"/review/{world['submitted'].id}/", {"decision": "approve"})
    world["submitted"].refresh_from_db()
    assert world["submitted"].status == "submitted"


def test_a_denied_write_changes_nothing(world):
    before = Verdict.objects.get(id=world["submitted"].id).status
    api_client("Fact-checker").post(f"/api/verdicts/{world['submitted'].id}/approve/", format="json")
    api_client("Editor").patch(f"/api/sources/{world['source'].id}/", {"reliability": 0.01}, format="json")
    assert Verdict.objects.get(id=world["submitted"].id).status == before == VerdictStatus.SUBMITTED
    assert Source.objects.get(id=world["source"].id).reliability == 0.7


def test_every_page_and_api_endpoint_is_in_the_matrix(world):
    """A new URL fails here until the matrix says who may use it."""
    resolver = get_resolver()
    named = {
        f"{namespace}:{name}" if namespace else name
        for namespace, patterns in [
            ("claims", resolver.namespace_dict["claims"][1].url_patterns),
            ("search", resolver.namespace_dict["search"][1].url_patterns),
            ("", api_urls.urlpatterns),
        ]
        for name in (p.name for p in patterns)
        if name
    }
    covered = {
        resolve(fill(url, world).split("?")[0]).view_name for _, url, _, _ in [*PAGES.values(), *API.values()]
    }
    assert named - covered == set()
