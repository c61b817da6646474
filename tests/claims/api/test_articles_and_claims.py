"""Articles and claims through the API: submit an article, list, filter and read claims and their evidence."""

import pytest
from rest_framework.test import APIClient

from tests.claims.api.clients import client_for
from tests.factories import ClaimFactory, EvidenceCandidateFactory, SourceFactory, UserFactory

ARTICLE = "Jobs report\n\nUnemployment fell to 3.5% in March, the labour minister said on Friday."


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
