"""Why this claim: each reason says which way it moved the score, and one that did not move it says so."""

import re

from django.urls import reverse

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
