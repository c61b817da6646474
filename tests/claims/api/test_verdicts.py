"""The REST API: the permission matrix for every role, version conflicts, editorial rules, sources and throttles."""

from __future__ import annotations

import ast

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims import services
from claims.models import Verdict, VerdictStatus
from search.models import Source
from tests.factories import (
    ClaimFactory,
    DocumentFactory,
    EvidenceCandidateFactory,
    SourceFactory,
    UserFactory,
)
from tests.paths import ROOT

pytestmark = pytest.mark.permissions

ROLES = ["anonymous", "no role", "Fact-checker", "Editor", "Admin"]
ARTICLE = "Jobs report\n\nUnemployment fell to 3.5% in March, the labour minister said on Friday."


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def client_for(user=None, *, token: bool = True) -> APIClient:
    client = APIClient()
    if user is not None:
        if token:
            client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.create(user=user).key)
        else:
            client.force_authenticate(user)
    return client


def actor(role: str) -> APIClient:
    if role == "anonymous":
        return APIClient()
    return client_for(UserFactory(role=role) if role != "no role" else UserFactory())


@pytest.fixture
def world(db, embedded_backend):
    author = UserFactory(role="Fact-checker")
    claim = ClaimFactory()
    candidate = EvidenceCandidateFactory(claim=claim)
    draft_claim = ClaimFactory()
    draft = services.verdict_save(
        claim=draft_claim, user=author, rating="false", explanation="Wrong.", version=None
    )
    citation = services.citation_add(verdict=draft, user=author, url="https://stats.example.org/draft")
    services.citation_add(verdict=draft, user=author, url="https://stats.example.org/keep")
    submitted_claim = ClaimFactory()
    submitted = services.verdict_save(
        claim=submitted_claim, user=author, rating="false", explanation="x", version=None
    )
    services.citation_add(verdict=submitted, user=author, url="https://stats.example.org/a")
    services.verdict_submit(verdict=submitted, user=author)
    return {
        "claim": claim,
        "document": candidate.document,
        "draft": draft,
        "citation": citation,
        "submitted": submitted,
        "source": SourceFactory(name="Wire with documents"),
        "empty_source": SourceFactory(name="Empty source"),
    }


# name: (method, url builder, payload builder or None, expected status per role in ROLES order)
MATRIX = {
    "list claims": ("get", lambda w: "/api/claims/", None, [401, 200, 200, 200, 200]),
    "get a claim": ("get", lambda w: f"/api/claims/{w['claim'].id}/", None, [401, 404, 200, 200, 200]),
    "get a claim's evidence": (
        "get",
        lambda w: f"/api/claims/{w['claim'].id}/evidence/",
        None,
        [401, 404, 200, 200, 200],
    ),
    "get an article": (
        "get",
        lambda w: f"/api/articles/{w['claim'].article_id}/",
        None,
        [401, 404, 200, 200, 200],
    ),
    "submit an article": (
        "post",
        lambda w: "/api/articles/",
        lambda w: {"text": ARTICLE},
        [401, 403, 201, 201, 201],
    ),
    "create a verdict": (
        "put",
        lambda w: f"/api/claims/{w['claim'].id}/verdict/",
        lambda w: {"rating": "false", "explanation": "x"},
        [401, 404, 201, 201, 201],
    ),
    "update a verdict": (
        "put",
        lambda w: f"/api/claims/{w['draft'].claim_id}/verdict/",
        lambda w: {"rating": "true", "explanation": "y", "version": w["draft"].version},
        [401, 404, 200, 200, 200],
    ),
    "mark evidence": (
        "post",
        lambda w: f"/api/claims/{w['claim'].id}/marks/",
        lambda w: {"document_id": w["document"].id, "stance": "refutes"},
        [401, 404, 201, 201, 201],
    ),
    "add a citation": (
        "post",
        lambda w: f"/api/verdicts/{w['draft'].id}/citations/",
        lambda w: {"url": "https://stats.example.org/new"},
        [401, 404, 201, 201, 201],
    ),
    "remove a citation": (
        "delete",
        lambda w: f"/api/verdicts/{w['draft'].id}/citations/{w['citation'].id}/",
        None,
        [401, 404, 204, 204, 204],
    ),
    "submit a verdict": (
        "post",
        lambda w: f"/api/verdicts/{w['draft'].id}/submit/",
        lambda w: {},
        [401, 404, 200, 200, 200],
    ),
    "approve a verdict": (
        "post",
        lambda w: f"/api/verdicts/{w['submitted'].id}/approve/",
        lambda w: {},
        [401, 403, 403, 200, 200],
    ),
    "return a verdict": (
        "post",
        lambda w: f"/api/verdicts/{w['submitted'].id}/return/",
        lambda w: {"comment": "More sources."},
        [401, 403, 403, 200, 200],
    ),
    "list sources": ("get", lambda w: "/api/sources/", None, [401, 403, 200, 200, 200]),
    "add a source": (
        "post",
        lambda w: "/api/sources/",
        lambda w: {"name": "New Wire", "kind": "wire", "reliability": 0.8},
        [401, 403, 403, 403, 201],
    ),
    "change a source": (
        "patch",
        lambda w: f"/api/sources/{w['source'].id}/",
        lambda w: {"reliability": 0.2},
        [401, 403, 403, 403, 200],
    ),
    "delete a source": (
        "delete",
        lambda w: f"/api/sources/{w['empty_source'].id}/",
        None,
        [401, 403, 403, 403, 204],
    ),
    "read the ClaimReview list": ("get", lambda w: "/api/claimreview/", None, [200, 200, 200, 200, 200]),
    "read the OpenAPI schema": ("get", lambda w: "/api/schema/", None, [200, 200, 200, 200, 200]),
    "open the API docs": ("get", lambda w: "/api/docs/", None, [200, 200, 200, 200, 200]),
}


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_api_permission_matrix(world, action, role):
    method, url, payload, expected = MATRIX[action]
    client = actor(role)
    args = {"data": payload(world), "format": "json"} if payload else {}
    response = getattr(client, method)(url(world), **args)
    assert response.status_code == expected[ROLES.index(role)], (action, role, response.content[:300])


def test_a_denied_write_changes_nothing(world):
    before = Verdict.objects.get(id=world["submitted"].id).status
    actor("Fact-checker").post(f"/api/verdicts/{world['submitted'].id}/approve/", format="json")
    actor("Editor").patch(f"/api/sources/{world['source'].id}/", {"reliability": 0.01}, format="json")
    assert Verdict.objects.get(id=world["submitted"].id).status == before == VerdictStatus.SUBMITTED
    assert Source.objects.get(id=world["source"].id).reliability == 0.7


# -- verdicts: conflicts and the editorial rules --------------------------------------------------------------


def test_two_fact_checkers_saving_from_the_same_version_get_a_409_not_an_overwrite(db):
    claim = ClaimFactory()
    first, second = client_for(UserFactory(role="Fact-checker")), client_for(UserFactory(role="Fact-checker"))
    created = first.put(
        f"/api/claims/{claim.id}/verdict/", {"rating": "false", "explanation": "One."}, format="json"
    )
    assert created.status_code == 201
    loaded = second.get(f"/api/claims/{claim.id}/verdict/").json()["version"]
    assert (
        first.put(
            f"/api/claims/{claim.id}/verdict/",
            {"rating": "false", "explanation": "Two.", "version": loaded},
            format="json",
        ).status_code
        == 200
    )
    stale = second.put(
        f"/api/claims/{claim.id}/verdict/",
        {"rating": "true", "explanation": "Mine.", "version": loaded},
        format="json",
    )
    assert stale.status_code == 409 and "saved this verdict" in stale.json()["detail"]
    assert Verdict.objects.get(claim=claim).explanation == "Two."


def test_updating_an_existing_verdict_needs_the_version_loaded(db):
    claim = ClaimFactory()
    client = client_for(UserFactory(role="Fact-checker"))
    client.put(f"/api/claims/{claim.id}/verdict/", {"rating": "false", "explanation": "One."}, format="json")
    response = client.put(
        f"/api/claims/{claim.id}/verdict/", {"rating": "true", "explanation": "Blind."}, format="json"
    )
    assert response.status_code == 400 and "version" in response.json()["detail"]
    assert Verdict.objects.get(claim=claim).explanation == "One."


def test_nobody_approves_or_returns_their_own_verdict(db):
    editor = UserFactory(role="Editor")
    claim = ClaimFactory()
    client = client_for(editor)
    verdict_id = client.put(
        f"/api/claims/{claim.id}/verdict/", {"rating": "false", "explanation": "Mine."}, format="json"
    ).json()["id"]
    assert (
        client.post(
            f"/api/verdicts/{verdict_id}/citations/", {"url": "https://stats.example.org/own"}, format="json"
        ).status_code
        == 201
    )
    assert client.post(f"/api/verdicts/{verdict_id}/submit/", format="json").status_code == 200
    approve = client.post(f"/api/verdicts/{verdict_id}/approve/", format="json")
    assert approve.status_code == 403 and "own" in approve.json()["detail"]
    assert (
        client.post(f"/api/verdicts/{verdict_id}/return/", {"comment": "x"}, format="json").status_code == 403
    )
    assert Verdict.objects.get(id=verdict_id).status == VerdictStatus.SUBMITTED
    other = client_for(UserFactory(role="Editor"))
    published = other.post(f"/api/verdicts/{verdict_id}/approve/", format="json")
    assert published.status_code == 200 and published.json()["status"] == "published"


def test_workflow_errors_are_a_clear_400(world):
    checker = client_for(UserFactory(role="Fact-checker"))
    editor = client_for(UserFactory(role="Editor"))
    assert checker.post(f"/api/verdicts/{world['submitted'].id}/submit/", format="json").status_code == 400
    draft_approval = editor.post(f"/api/verdicts/{world['draft'].id}/approve/", format="json")
    assert draft_approval.status_code == 400 and "submitted" in draft_approval.json()["detail"]
    unknown = checker.put(
        f"/api/claims/{world['claim'].id}/verdict/",
        {"rating": "pants-on-fire", "explanation": ""},
        format="json",
    )
    assert unknown.status_code == 400 and "rating" in unknown.json()
    no_document = checker.post(
        f"/api/claims/{world['claim'].id}/marks/",
        {"document_id": 999999, "stance": "supports"},
        format="json",
    )
    assert no_document.status_code == 400


def test_claim_detail_carries_the_verdict_and_marks(world):
    client = client_for(UserFactory(role="Fact-checker"))
    client.post(
        f"/api/claims/{world['claim'].id}/marks/",
        {"document_id": world["document"].id, "stance": "supports", "note": "n"},
        format="json",
    )
    body = client.get(f"/api/claims/{world['claim'].id}/").json()
    assert body["verdict"] is None and [m["stance"] for m in body["evidence_marks"]] == ["supports"]
    assert client.delete(f"/api/claims/{world['claim'].id}/marks/{world['document'].id}/").status_code == 204
    assert client.get(f"/api/claims/{world['claim'].id}/marks/").json() == []
    draft = client.get(f"/api/claims/{world['draft'].claim_id}/").json()["verdict"]
    assert draft["version"] == world["draft"].version and len(draft["citations"]) == 2


def test_claims_filter_by_status_type_score_and_article(db):
    client = client_for(UserFactory(role="Fact-checker"))
    low = ClaimFactory(score=0.2, claim_type="comparison")
    high = ClaimFactory(score=0.9)
    published = ClaimFactory(status="published")

    def ids(query=""):
        response = client.get("/api/claims/" + query)
        assert response.status_code == 200, response.content
        return {c["id"] for c in response.json()["results"]}

    assert ids() == {low.id, high.id}
    assert ids("?status=published") == {published.id}
    assert ids("?type=comparison") == {low.id}
    assert ids("?min_score=0.5") == {high.id}
    assert ids(f"?article={low.article_id}") == {low.id}
    assert client.get("/api/claims/?status=bogus").status_code == 400
    assert client.get("/api/claims/?min_score=NaN").status_code == 400


def test_the_claim_list_comes_in_the_queue_s_priority_order(db):
    from datetime import timedelta

    from django.utils import timezone

    from claims.models import Claim
    from claims.selectors.queue import QueueFilters, queue_claims

    checker = UserFactory(role="Fact-checker")
    older = ClaimFactory(score=0.8)  # more check-worthy, but ten days old: 0.5 points of recency lost
    Claim.objects.filter(id=older.id).update(created_at=timezone.now() - timedelta(days=10))
    fresh = ClaimFactory(score=0.7)
    unreliable = ClaimFactory(score=0.7, article__source=SourceFactory(reliability=0.0))  # the source nudge

    listed = [c["id"] for c in client_for(checker).get("/api/claims/").json()["results"]]

    assert listed == [unreliable.id, fresh.id, older.id]
    assert listed == [c.id for c in queue_claims(user=checker, filters=QueueFilters())]


# -- sources ---------------------------------------------------------------------------------------------------


def test_admin_manages_sources_through_the_services(db):
    admin = client_for(UserFactory(role="Admin"))
    created = admin.post(
        "/api/sources/", {"name": "Stats Office", "kind": "statistics", "reliability": 0.95}, format="json"
    )
    assert created.status_code == 201 and created.json()["document_count"] == 0
    source_id = created.json()["id"]
    assert admin.post("/api/sources/", {"name": "Stats Office"}, format="json").status_code == 400, (
        "names are unique"
    )
    assert admin.patch(f"/api/sources/{source_id}/", {"reliability": 1.5}, format="json").status_code == 400
    assert (
        admin.patch(f"/api/sources/{source_id}/", {"active": False}, format="json").json()["active"] is False
    )
    DocumentFactory(source=Source.objects.get(id=source_id))
    in_use = admin.delete(f"/api/sources/{source_id}/")
    assert in_use.status_code == 409 and "deactivate" in in_use.json()["detail"]
    assert admin.get(f"/api/sources/{source_id}/").json()["document_count"] == 1


def test_api_code_writes_only_through_services():
    """No ORM write in the API modules: every write goes through a service (checked on the source, Zulip-style)."""
    api = ROOT / "claims" / "api"
    trees = [(path.name, ast.parse(path.read_text())) for path in sorted(api.glob("*.py"))]
    writes = {
        "save",
        "create",
        "update",
        "delete",
        "bulk_create",
        "bulk_update",
        "update_or_create",
        "get_or_create",
    }
    offending = [
        f"{name} line {node.lineno}: .{node.func.attr}()"
        for name, tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in writes
    ]
    assert len(trees) >= 5 and not offending, offending


# -- throttles, tokens and the schema --------------------------------------------------------------------------------


def test_writes_are_rate_limited_and_reads_are_not(db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"writes": "2/min", "auth": "100/min"},
    }
    client = client_for(UserFactory(role="Fact-checker"))
    claims = ClaimFactory.create_batch(3)
    codes = [
        client.post(
            f"/api/claims/{c.id}/marks/",
            {"document_id": DocumentFactory().id, "stance": "context"},
            format="json",
        ).status_code
        for c in claims
    ]
    assert codes == [201, 201, 429]
    assert [client.get("/api/claims/").status_code for _ in range(4)] == [200] * 4


def test_token_requests_are_rate_limited_per_address(db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"writes": "100/min", "auth": "3/min"},
    }
    user = UserFactory(role="Fact-checker")
    client = APIClient()
    codes = [
        client.post("/api/token/", {"username": user.username, "password": "wrong"}).status_code
        for _ in range(3)
    ]
    assert codes == [400, 400, 400]
    blocked = client.post(
        "/api/token/", {"username": user.username, "password": "correct horse battery staple"}
    )
    assert blocked.status_code == 429 and "Retry-After" in blocked


def test_a_token_works_for_the_api(db):
    user = UserFactory(role="Fact-checker")
    token = APIClient().post(
        "/api/token/", {"username": user.username, "password": "correct horse battery staple"}, format="json"
    )
    assert token.status_code == 200
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + token.json()["token"])
    assert client.get("/api/claims/").status_code == 200


def test_schema_and_docs_are_public_and_self_hosted(db):
    schema = APIClient().get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in [
        "/api/claimreview/",
        "/api/claims/{claim_id}/verdict/",
        "/api/verdicts/{verdict_id}/approve/",
        "/api/sources/",
    ]:
        assert path in paths, path
    assert paths["/api/claimreview/"]["get"].get("security", []) in ([], [{}]), (
        "the ClaimReview list needs no token"
    )
    docs = APIClient().get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html and "cdn" not in html.lower() and "unpkg" not in html
