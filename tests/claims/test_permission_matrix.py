"""The permission matrix, asserted on the server: every role, anonymous included, against every action."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from claims import services
from tests.factories import ClaimFactory, EvidenceCandidateFactory, UserFactory

pytestmark = pytest.mark.permissions

ROLES = ["anonymous", "no role", "Fact-checker", "Editor", "Admin"]
LOGIN = "login"  # redirected to the login page
OK = "ok"  # the action happened (200, 201, or a redirect that is not to the login page)
DENIED = "denied"  # 403 or the 404 that hides what the user may not see


@pytest.fixture
def world(db):
    author = UserFactory(role="Fact-checker")
    claim = ClaimFactory()
    candidate = EvidenceCandidateFactory(claim=claim)
    submitted_claim = ClaimFactory()
    verdict = services.verdict_save(
        claim=submitted_claim, user=author, rating="false", explanation="x", version=None
    )
    services.citation_add(verdict=verdict, user=author, url="https://stats.example.org/a")
    services.verdict_submit(verdict=verdict, user=author)
    return {"claim": claim, "document": candidate.document, "verdict": verdict}


def actor(role):
    client = Client()
    if role == "no role":
        client.force_login(UserFactory())
    elif role != "anonymous":
        client.force_login(UserFactory(role=role))
    return client


def outcome(response):
    if response.status_code in (301, 302):
        return LOGIN if "/login/" in response["Location"] else OK
    if response.status_code in (200, 201):
        return OK
    if response.status_code in (403, 404):
        return DENIED
    return f"unexpected {response.status_code}"


ACTIONS = {
    # name: (method, url builder, data builder, expected outcome per role in ROLES order)
    "see the queue": ("get", lambda w: "/", None, [LOGIN, OK, OK, OK, OK]),
    "open the paste form": ("get", lambda w: "/articles/new/", None, [LOGIN, DENIED, OK, OK, OK]),
    "submit an article": (
        "post",
        lambda w: "/articles/new/",
        lambda w: {"text": "Jobs\n\nUnemployment fell to 3.5% in March, the minister said."},
        [LOGIN, DENIED, OK, OK, OK],
    ),
    "open a claim": ("get", lambda w: f"/claims/{w['claim'].id}/", None, [LOGIN, DENIED, OK, OK, OK]),
    "take a claim": (
        "post",
        lambda w: f"/claims/{w['claim'].id}/take/",
        lambda w: {},
        [LOGIN, DENIED, OK, OK, OK],
    ),
    "save a verdict": (
        "post",
        lambda w: f"/claims/{w['claim'].id}/verdict/",
        lambda w: {"rating": "false", "explanation": "x"},
        [LOGIN, DENIED, OK, OK, OK],
    ),
    "cite a document": (
        "post",
        lambda w: f"/claims/{w['claim'].id}/citations/",
        lambda w: {"document_id": w["document"].id},
        [LOGIN, DENIED, OK, OK, OK],
    ),
    "mark evidence": (
        "post",
        lambda w: f"/claims/{w['claim'].id}/marks/",
        lambda w: {"document_id": w["document"].id, "stance": "supports"},
        [LOGIN, DENIED, OK, OK, OK],
    ),
    "search again": (
        "post",
        lambda w: f"/claims/{w['claim'].id}/evidence/refresh/",
        lambda w: {},
        [LOGIN, DENIED, OK, OK, OK],
    ),
    "reword a claim": (
        "post",
        lambda w: f"/claims/{w['claim'].id}/edit/",
        lambda w: {"text": "Reworded claim text."},
        [LOGIN, DENIED, OK, OK, OK],
    ),
    "open the review queue": ("get", lambda w: "/review/", None, [LOGIN, DENIED, DENIED, OK, OK]),
    "open a verdict for review": (
        "get",
        lambda w: f"/review/{w['verdict'].id}/",
        None,
        [LOGIN, DENIED, DENIED, OK, OK],
    ),
    "approve a verdict": (
        "post",
        lambda w: f"/review/{w['verdict'].id}/",
        lambda w: {"decision": "approve"},
        [LOGIN, DENIED, DENIED, OK, OK],
    ),
    "return a verdict": (
        "post",
        lambda w: f"/review/{w['verdict'].id}/",
        lambda w: {"decision": "return", "comment": "More sources."},
        [LOGIN, DENIED, DENIED, OK, OK],
    ),
    "manage sources in the admin": (
        "get",
        lambda w: "/admin/search/source/",
        None,
        [LOGIN, LOGIN, LOGIN, LOGIN, OK],
    ),
    "add a source in the admin": (
        "post",
        lambda w: "/admin/search/source/add/",
        lambda w: {
            "name": "New Wire",
            "kind": "wire",
            "reliability": "0.8",
            "language": "en",
            "poll_interval_minutes": "60",
        },
        [LOGIN, LOGIN, LOGIN, LOGIN, OK],
    ),
    "read notifications": ("get", lambda w: "/notifications/", None, [LOGIN, OK, OK, OK, OK]),
}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(world, action, role):
    method, url, data, expected = ACTIONS[action]
    client = actor(role)
    response = getattr(client, method)(url(world), data(world) if data else None)
    assert outcome(response) == expected[ROLES.index(role)], (action, role, response.status_code)


def test_a_denied_approval_changes_nothing(world):
    actor("Fact-checker").post(f"/review/{world['verdict'].id}/", {"decision": "approve"})
    world["verdict"].refresh_from_db()
    assert world["verdict"].status == "submitted"


API = {
    "submit an article": (
        "post",
        "/api/articles/",
        {"text": "Jobs\n\nUnemployment fell to 3.5% in March, the minister said."},
        [401, 403, 201, 201, 201],
    ),
    "list claims": ("get", "/api/claims/", None, [401, 200, 200, 200, 200]),
}


@pytest.mark.parametrize("action", list(API))
@pytest.mark.parametrize("role", ROLES)
def test_api_permission_matrix(db, action, role, embedded_backend):
    method, url, data, expected = API[action]
    client = APIClient()
    if role == "no role":
        client.force_authenticate(UserFactory())
    elif role != "anonymous":
        client.force_authenticate(UserFactory(role=role))
    response = getattr(client, method)(url, data, format="json") if data else getattr(client, method)(url)
    assert response.status_code == expected[ROLES.index(role)], (action, role, response.content[:200])
