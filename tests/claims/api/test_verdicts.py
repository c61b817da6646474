"""Verdicts through the API: version conflicts, the editorial rules, and workflow errors as a clear 400."""

from __future__ import annotations

from claims import services
from claims.models import Verdict, VerdictStatus
from tests.claims.api.clients import client_for
from tests.factories import (
    ClaimFactory,
    UserFactory,
)


def test_two_fact_checkers_saving_from_the_same_version_get_a_409_not_an_overwrite(db):
    claim = ClaimFactory()
    holder = UserFactory(role="Fact-checker")
    first, second = client_for(holder), client_for(UserFactory(role="Fact-checker"))
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
    services.claim_release(
        claim=claim, user=holder
    )  # only the claim's holder saves: the second takes it over
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
    assert approve.status_code == 403 and "You wrote part of this verdict" in approve.json()["detail"]
    assert (
        client.post(f"/api/verdicts/{verdict_id}/return/", {"comment": "x"}, format="json").status_code == 403
    )
    assert Verdict.objects.get(id=verdict_id).status == VerdictStatus.SUBMITTED
    other = client_for(UserFactory(role="Editor"))
    published = other.post(f"/api/verdicts/{verdict_id}/approve/", format="json")
    assert published.status_code == 200 and published.json()["status"] == "published"


def test_workflow_errors_are_a_clear_400(world):
    checker = client_for(world["author"])  # the holder of the submitted verdict's claim
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
