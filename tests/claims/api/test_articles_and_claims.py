"""The JSON API with token auth: submit an article, read its claims and their evidence."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import ClaimFactory, EvidenceCandidateFactory, UserFactory

ARTICLE = "Jobs report\n\nUnemployment fell to 3.5% in March, the labour minister said on Friday."


@pytest.fixture
def api(fact_checker):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.create(user=fact_checker).key)
    return client


def test_token_from_credentials(client, fact_checker):
    response = client.post(
        "/api/token/", {"username": fact_checker.username, "password": "correct horse battery staple"}
    )
    assert response.status_code == 200 and response.json()["token"]


def test_submit_article_returns_its_claims_and_is_idempotent(api, embedded_backend):
    first = api.post("/api/articles/", {"text": ARTICLE}, format="json")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["title"] == "Jobs report"
    assert any("3.5%" in c["text"] for c in body["claims"])
    claim = body["claims"][0]
    assert body["text"][claim["start"] : claim["end"]] == claim["text"]
    again = api.post("/api/articles/", {"text": ARTICLE}, format="json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert api.get(f"/api/articles/{body['id']}/").json()["id"] == body["id"]


@pytest.mark.parametrize("payload", [{}, {"text": "   "}, {"text": "\x00\x01binary\x00"}])
def test_bad_submissions_get_a_clear_400(api, db, payload):
    response = api.post("/api/articles/", payload, format="json")
    assert response.status_code == 400
    assert response.json()


def test_private_url_is_refused(api, db):
    response = api.post("/api/articles/", {"url": "http://169.254.169.254/latest/meta-data/"}, format="json")
    assert response.status_code == 400
    assert "link-local" in response.json()["detail"]


def test_anonymous_and_role_less_requests_are_refused(db):
    anonymous = APIClient()
    assert anonymous.post("/api/articles/", {"text": ARTICLE}, format="json").status_code == 401
    nobody = APIClient()
    nobody.force_authenticate(UserFactory())
    assert nobody.post("/api/articles/", {"text": ARTICLE}, format="json").status_code == 403
    assert nobody.get("/api/claims/").json()["results"] == []


def test_claims_and_evidence(api, db):
    claim = ClaimFactory()
    EvidenceCandidateFactory.create_batch(3, claim=claim)
    listed = api.get("/api/claims/").json()
    assert [c["id"] for c in listed["results"]] == [claim.id]
    evidence = api.get(f"/api/claims/{claim.id}/evidence/").json()
    assert [e["rank"] for e in evidence] == sorted(e["rank"] for e in evidence) and len(evidence) == 3
    assert api.get("/api/claims/999999/evidence/").status_code == 404


def test_openapi_schema_is_served(api, db):
    response = api.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/articles/" in response.content
