"""Citing a claim that has no verdict yet begins its draft, the same on the page and through the API."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Verdict, VerdictStatus
from tests.factories import ClaimFactory, DocumentFactory

pytestmark = pytest.mark.django_db


def test_citing_on_the_page_begins_the_draft(client, fact_checker):
    claim = ClaimFactory()
    client.force_login(fact_checker)
    response = client.post(
        reverse("claims:citation_add", args=[claim.id]), {"url": "https://stats.example.org/a"}
    )
    assert response.status_code == 302
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.status == VerdictStatus.DRAFT and verdict.author == fact_checker
    assert [c.url for c in verdict.citations.all()] == ["https://stats.example.org/a"]


def test_citing_through_the_api_begins_the_draft_and_cites_the_document(fact_checker):
    claim, document = ClaimFactory(), DocumentFactory()
    api = APIClient()
    api.force_authenticate(fact_checker)
    response = api.post(
        reverse("api-claim-citations", args=[claim.id]),
        {"document_id": document.id, "quote": "108 attacks in April"},
        format="json",
    )
    assert response.status_code == 201, response.content
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.status == VerdictStatus.DRAFT and verdict.author == fact_checker
    assert response.json()["url"] == document.url
    again = api.post(
        reverse("api-claim-citations", args=[claim.id]), {"url": "https://b.example.org/"}, format="json"
    )
    assert again.status_code == 201 and Verdict.objects.filter(claim=claim).count() == 1
    assert verdict.citations.count() == 2


def test_citing_a_document_that_does_not_exist_is_a_clear_400(fact_checker):
    claim = ClaimFactory()
    api = APIClient()
    api.force_authenticate(fact_checker)
    response = api.post(
        reverse("api-claim-citations", args=[claim.id]), {"document_id": 999999}, format="json"
    )
    assert response.status_code == 400 and "No such document" in response.content.decode()
    assert not Verdict.objects.filter(claim=claim).exists()
