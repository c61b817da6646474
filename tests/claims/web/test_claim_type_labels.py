"""A claim type has one label, in the workspace, the queue's rows, the queue's filter and the API alike."""

import re

import pytest
from django.urls import reverse

from claims.extraction import ClaimType
from tests.claims.api.clients import client_for
from tests.claims.web.queueing import QUEUE
from tests.factories import ClaimFactory


def visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("claim_type", [t for t in ClaimType if t is not ClaimType.NOT_A_CLAIM])
def test_the_workspace_the_queue_its_filter_and_the_api_show_the_same_label(
    checker_client, fact_checker, claim_type
):
    claim = ClaimFactory(claim_type=claim_type.value)
    label = claim_type.label

    workspace = visible_text(checker_client.get(reverse("claims:claim", args=[claim.id])).content.decode())
    assert f"type: {label}" in workspace

    queue = checker_client.get(QUEUE).content.decode()
    row = re.search(rf'<tr data-href="[^"]*/{claim.id}/".*?</tr>', queue, re.S).group(0)
    assert f"<td>{label}</td>" in row
    option = re.search(rf'<option value="{claim_type.value}"[^>]*>([^<]*)</option>', queue).group(1)
    assert option == label

    api = client_for(fact_checker).get(f"/api/claims/{claim.id}/").json()
    assert (api["type"], api["type_label"]) == (claim_type.value, label)


def test_laws_and_rules_are_never_run_together_or_split_apart(checker_client):
    claim = ClaimFactory(claim_type="laws_rules")
    pages = [
        checker_client.get(reverse("claims:claim", args=[claim.id])).content.decode(),
        checker_client.get(QUEUE).content.decode(),
    ]
    for page in pages:
        assert "Current laws or rules" in page
        assert "Lawsrules" not in page and "Laws rules" not in page


def test_the_admin_lists_and_filters_claims_by_the_same_label(client, admin_user):
    ClaimFactory(claim_type="laws_rules")
    client.force_login(admin_user)
    page = client.get(reverse("admin:claims_claim_changelist"))
    assert page.status_code == 200
    content = page.content.decode()
    assert content.count("Current laws or rules") == 2  # the claim's row and the type filter
    assert "laws_rules</td>" not in content
    filtered = client.get(reverse("admin:claims_claim_changelist"), {"claim_type": "prediction"})
    assert "Current laws or rules</td>" not in filtered.content.decode()
