"""On the page as in the API: a draft is saved only with the version it was loaded at, and typed text is kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Verdict
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("version", ["", None])
def test_a_second_first_draft_from_the_page_is_a_conflict_and_keeps_what_was_typed(
    client, fact_checker, version
):
    claim = ClaimFactory()
    client.force_login(fact_checker)
    url = reverse("claims:verdict_save", args=[claim.id])
    first = {"rating": "false", "explanation": "The first draft."}
    second = {"rating": "true", "explanation": "Typed in a second tab."}
    if version is not None:
        first["version"] = second["version"] = version
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 409
    assert "Typed in a second tab." in response.content.decode()
    assert Verdict.objects.get(claim=claim).explanation == "The first draft."
