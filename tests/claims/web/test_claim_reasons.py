"""Why this claim: each reason says which way it moved the score, and one that did not move it says so."""

import re

from django.urls import reverse

from claims.models import Claim, ClaimStatus
from tests.factories import ClaimFactory


def test_a_reason_that_did_not_move_the_score_is_marked_neither_up_nor_down(checker_client):
    claim = ClaimFactory(
        reasons=[
            {
                "code": "statistic",
                "label": "States a statistic or percentage",
                "match": "3.5%",
                "weight": 0.4,
            },
            {"code": "hedging", "label": "Hedged or uncertain", "match": "may be", "weight": -0.3},
            {"code": "date", "label": "Refers to a specific date or period", "match": "April", "weight": 0.0},
        ]
    )

    content = checker_client.get(reverse("claims:claim", args=[claim.id])).content.decode()

    marked = dict(
        (label, mark)
        for mark, label in re.findall(r'<li class="(raises|lowers|noted)"[^>]*>([^:<]+)', content)
    )
    assert marked == {
        "States a statistic or percentage": "raises",
        "Hedged or uncertain": "lowers",
        "Refers to a specific date or period": "noted",
    }
    assert 'title="Noted; it did not move this score"' in content


def test_the_workspace_says_how_the_claims_place_in_the_queue_was_reached(checker_client):
    from tests.claims.web.queueing import make_claim

    claim = make_claim(score=0.7, age_days=1, reliability=0.2)

    content = checker_client.get(reverse("claims:claim", args=[claim.id])).content.decode()

    place = re.search(r'<p class="muted" id="queue-place">([^<]*)</p>', content).group(1)
    assert place == (
        "In the queue: Priority 73.0: check-worthiness 70 − 5.0 for 1.0 days in the queue + 8.0 for its source."
    )


def test_a_claim_out_of_the_queue_does_not_claim_a_place_in_it(checker_client):
    from tests.claims.web.queueing import make_claim

    claim = make_claim(score=0.7, age_days=1, reliability=0.2)
    Claim.objects.filter(id=claim.id).update(status=ClaimStatus.PUBLISHED)

    content = checker_client.get(reverse("claims:claim", args=[claim.id])).content.decode()

    place = re.search(r'<p class="muted" id="queue-place">([^<]*)</p>', content).group(1)
    assert place == "Out of the queue: published."


def test_the_keys_line_offers_only_what_this_person_can_do_here(checker_client, fact_checker):
    from tests.factories import UserFactory

    own = ClaimFactory(assignee=fact_checker)
    held = ClaimFactory(assignee=UserFactory(username="ravi", role="Fact-checker"))
    published = ClaimFactory(status=ClaimStatus.PUBLISHED)

    def keys(claim):
        content = checker_client.get(reverse("claims:claim", args=[claim.id])).content.decode()
        return re.sub(
            r"<[^>]+>", "", re.search(r'<p class="keys" id="workspace-keys">(.*?)</p>', content).group(1)
        )

    assert "s supports" in keys(own) and "Ctrl+S save draft" in keys(own)
    assert (
        keys(held)
        == "Keys: j/k next/previous candidate · n next claim (read only here: ravi holds this claim)"
    )
    assert keys(published).endswith("(read only here: published)") and "supports" not in keys(published)
