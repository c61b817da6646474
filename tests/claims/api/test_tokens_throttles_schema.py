"""Tokens, throttles and the schema: a token opens the API, writes and token requests are rate-limited, docs are public."""

from __future__ import annotations

from rest_framework.test import APIClient

from tests.claims.api.clients import client_for
from tests.factories import ClaimFactory, DocumentFactory, UserFactory


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


def test_token_from_credentials(client, fact_checker):
    response = client.post(
        "/api/token/", {"username": fact_checker.username, "password": "correct horse battery staple"}
    )
    assert response.status_code == 200 and response.json()["token"]


def test_openapi_schema_is_served(api, db):
    response = api.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/articles/" in response.content
