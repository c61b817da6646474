"""The public ClaimReview list in the API: open to anyone, paginated, published fact-checks only, bounded SQL."""

from __future__ import annotations

import json

from rest_framework.test import APIClient

from claims import services
from claims.selectors import claimreview
from tests.claims.publishing import (
    api_reviews,
    publish,
)
from tests.factories import ClaimFactory


def test_claimreview_api_is_public_paginated_and_lists_only_published(published, fact_checker, editor):
    draft_claim, submitted_claim = ClaimFactory(), ClaimFactory()
    services.verdict_save(
        claim=draft_claim, user=fact_checker, rating="true", explanation="draft", version=None
    )
    submitted = services.verdict_save(
        claim=submitted_claim, user=fact_checker, rating="true", explanation="s", version=None
    )
    services.citation_add(verdict=submitted, user=fact_checker, url="https://stats.example.org/s")
    services.verdict_submit(verdict=submitted, user=fact_checker)

    anonymous = APIClient()
    body = api_reviews(anonymous)
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1 and body["next"] is None
    assert body["results"][0] == json.loads(json.dumps(claimreview.claimreview(published)))
    stale_token = APIClient()
    stale_token.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api_reviews(stale_token)["count"] == 1, "a bad token does not lock readers out of a public list"


def test_claimreview_api_pages_and_bounds_its_queries(fact_checker, editor, django_assert_max_num_queries):
    for _ in range(55):
        publish(ClaimFactory(), fact_checker, editor)
    with django_assert_max_num_queries(6):
        first = APIClient().get("/api/claimreview/").json()
    assert first["count"] == 55 and len(first["results"]) == 50 and first["next"]
    second = APIClient().get(first["next"]).json()
    assert len(second["results"]) == 5 and second["previous"]
