"""Odd ids and dates in the queue's forms get a clear answer, never a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["²", "9" * 25, "-1", "0", "abc", ""])
def test_queue_actions_with_an_id_that_is_no_id_answer_without_a_server_error(client, fact_checker, value):
    article = ArticleFactory()
    client.force_login(fact_checker)
    for name, data in [
        ("claims:queue_take", {"claim_id": value}),
        ("claims:queue_bulk", {"claim_ids": [value], "action": "dismiss", "reason": "x"}),
    ]:
        response = client.post(reverse(name), data)
        assert response.status_code in (302, 404), (name, value, response.status_code)
    response = client.post(reverse("claims:claims_merge", args=[article.id]), {"claim_ids": [value]})
    assert response.status_code == 302


def test_a_date_past_the_calendar_in_the_queue_filters_is_ignored_with_the_rest_kept(client, fact_checker):
    claim = ClaimFactory(score=0.9)
    client.force_login(fact_checker)
    page = client.get(reverse("claims:queue"), {"created_to": "9999-12-31"})
    assert page.status_code == 200 and claim.text[:40].encode() in page.content
    export = client.get(reverse("claims:queue_export"), {"created_to": "9999-12-31"})
    rows = b"".join(export.streaming_content).decode().splitlines()
    assert export.status_code == 200 and len(rows) == 2, rows


def test_a_revision_diff_with_ids_that_are_no_ids_is_not_found(client, fact_checker):
    client.force_login(fact_checker)
    response = client.get(reverse("claims:verdict_diff", args=[1]), {"from": "²", "to": "9" * 25})
    assert response.status_code == 404
