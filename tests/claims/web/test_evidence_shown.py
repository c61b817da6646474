"""What the queue and the workspace say of a claim's evidence: its strength, passages, and stance only as a suggestion."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from claims.models import EvidenceStatus, EvidenceStrength
from tests.claims.web.queueing import QUEUE
from tests.factories import ClaimFactory, DocumentFactory, EvidenceCandidateFactory

BODY = "Police recorded 108 attacks in April. In March there were 85. The ministry disputes both figures."


def _row(content: str, claim_id: int) -> str:
    """The queue's <tr> of one claim."""
    match = re.search(rf'<tr data-href="/claims/{claim_id}/".*?</tr>', content, re.S)
    assert match, f"no row for claim #{claim_id}"
    return match.group(0)


def _evidence_cell(content: str, claim_id: int) -> str:
    return re.search(r'<span class="badge ev-[^"]*"[^>]*>[^<]*</span>', _row(content, claim_id)).group(0)


def _passage(
    text: str, *, stance="", confidence=None, shown=False, reasons=(), highlights=(), start=0
) -> dict:
    return {
        "start": start,
        "end": start + len(text),
        "text": text,
        "highlights": [list(span) for span in highlights],
        "score": 0.5,
        "stance": stance,
        "stance_confidence": confidence,
        "stance_shown": shown,
        "reasons": list(reasons),
    }


def _workspace(client, claim) -> str:
    response = client.get(reverse("claims:claim", args=[claim.id]))
    assert response.status_code == 200
    return response.content.decode()


# The queue --------------------------------------------------------------------------------------------------


def test_queue_says_no_strong_evidence_yet_for_a_partial_claim_and_never_strong(checker_client):
    partial = ClaimFactory(evidence_status=EvidenceStatus.DONE, evidence_strength=EvidenceStrength.PARTIAL)
    content = checker_client.get(QUEUE).content.decode()
    cell = _evidence_cell(content, partial.id)
    assert ">No strong evidence yet<" in cell and "ev-partial" in cell
    assert "Strong evidence" not in _row(content, partial.id)
    assert "Evidence found" not in content


def test_queue_labels_each_strength_and_only_strong_is_styled_as_strong(checker_client):
    strong = ClaimFactory(evidence_status=EvidenceStatus.DONE, evidence_strength=EvidenceStrength.STRONG)
    none = ClaimFactory(evidence_status=EvidenceStatus.DONE, evidence_strength=EvidenceStrength.NONE)
    content = checker_client.get(QUEUE).content.decode()
    assert ">Strong evidence<" in _evidence_cell(content, strong.id)
    assert "ev-strong" in _evidence_cell(content, strong.id)
    assert ">No evidence found<" in _evidence_cell(content, none.id)
    assert "ev-strong" not in _evidence_cell(content, none.id)


def test_a_claim_searched_before_strength_was_graded_reads_searched_and_claims_no_strength(checker_client):
    old = ClaimFactory(evidence_status=EvidenceStatus.DONE, evidence_strength="")
    cell = _evidence_cell(checker_client.get(QUEUE).content.decode(), old.id)
    assert ">Searched<" in cell
    assert "ev-strong" not in cell and "evidence" not in cell.split(">", 1)[1].lower()


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (EvidenceStatus.PENDING, "Waiting for search"),
        (EvidenceStatus.SEARCHING, "Searching"),
        (EvidenceStatus.FAILED, "Search failed"),
    ],
)
def test_a_search_not_finished_says_so_whatever_strength_an_earlier_search_left(
    checker_client, status, label
):
    claim = ClaimFactory(evidence_status=status, evidence_strength=EvidenceStrength.STRONG)
    cell = _evidence_cell(checker_client.get(QUEUE).content.decode(), claim.id)
    assert f">{label}<" in cell and "Strong evidence" not in cell


# The workspace ----------------------------------------------------------------------------------------------


def test_workspace_says_the_claims_evidence_strength(checker_client):
    claim = ClaimFactory(evidence_status=EvidenceStatus.DONE, evidence_strength=EvidenceStrength.PARTIAL)
    content = _workspace(checker_client, claim)
    assert 'id="evidence-strength"' in content and "<strong>No strong evidence yet</strong>" in content
    assert "Strong evidence" not in content
    status = checker_client.get(reverse("claims:evidence_status", args=[claim.id])).json()
    assert status["strength"] == "partial" and status["label"] == "No strong evidence yet"
    assert status["badge"] == "partial"


def test_workspace_shows_a_shown_suggestion_with_its_confidence_and_reasons(checker_client):
    claim = ClaimFactory(evidence_status=EvidenceStatus.DONE, evidence_strength=EvidenceStrength.STRONG)
    reasons = [
        {"label": "Figures agree", "match": "108 attacks in April"},
        {"label": "Different period", "match": "April / March"},
    ]
    EvidenceCandidateFactory(
        claim=claim,
        document=DocumentFactory(body=BODY),
        relevance=0.73,
        stance="refutes",
        stance_confidence=0.84,
        stance_shown=True,
        reasons=reasons,
        passages=[
            _passage(BODY[:37], stance="refutes", confidence=0.84, shown=True, reasons=reasons),
            _passage(BODY[38:62], stance="supports", confidence=0.41, shown=False, start=38),
        ],
    )
    content = _workspace(checker_client, claim)
    assert "Suggested: refutes · 84%" in content
    assert "right at least 80% of the time on development data" in content  # the suggestion's title and note
    assert "Figures agree: <q>108 attacks in April</q>" in content
    assert "Different period: <q>April / March</q>" in content
    assert "likely relevant 73%" in content
    # Both passages, best first; the second's stance is not confident enough to show.
    assert content.index("Police recorded 108 attacks") < content.index("In March there were 85.")
    assert "Suggested: supports" not in content and "41%" not in content


def test_a_suggestion_never_presses_the_fact_checkers_own_stance_buttons(checker_client):
    claim = ClaimFactory()
    EvidenceCandidateFactory(
        claim=claim, passages=[_passage("The rate was 3.9%.", stance="refutes", confidence=0.9, shown=True)]
    )
    content = _workspace(checker_client, claim)
    assert "Suggested: refutes · 90%" in content
    assert 'aria-pressed="true"' not in content and " chosen" not in content


def test_workspace_hides_a_suggestion_not_confident_enough_to_show(checker_client):
    claim = ClaimFactory()
    EvidenceCandidateFactory(
        claim=claim,
        stance="supports",
        stance_confidence=0.55,
        stance_shown=False,
        reasons=[{"label": "Figures agree", "match": "3.5%"}],
        passages=[
            _passage(
                "Unemployment was 3.5%.",
                stance="supports",
                confidence=0.55,
                shown=False,
                reasons=[{"label": "Figures agree", "match": "3.5%"}],
            )
        ],
    )
    content = _workspace(checker_client, claim)
    assert "Unemployment was 3.5%." in content
    assert "Suggested:" not in content and "55%" not in content and "Figures agree" not in content
    assert 'id="suggestion-help"' not in content


def test_workspace_shows_at_most_three_passages_a_document(checker_client):
    claim = ClaimFactory()
    EvidenceCandidateFactory(claim=claim, passages=[_passage(f"Passage number {i}.") for i in range(1, 6)])
    content = _workspace(checker_client, claim)
    assert content.count('class="shown-passage"') == 3
    assert "Passage number 3." in content and "Passage number 4." not in content


def test_a_candidate_stored_before_passages_shows_its_one_passage(checker_client):
    claim = ClaimFactory()
    EvidenceCandidateFactory(
        claim=claim, document=DocumentFactory(body=BODY), passage=BODY[:37], highlights=[[16, 19]]
    )
    content = _workspace(checker_client, claim)
    assert "Police recorded <mark>108</mark> attacks in April." in content
    assert "likely relevant" not in content and "Suggested:" not in content


def test_hostile_text_in_a_passage_and_its_reasons_is_escaped(checker_client):
    hostile = "<script>alert('x')</script> <img src=x onerror=alert(1)> 108 attacks"
    claim = ClaimFactory()
    EvidenceCandidateFactory(
        claim=claim,
        passage=hostile,
        passages=[
            _passage(
                hostile,
                stance="refutes",
                confidence=0.9,
                shown=True,
                highlights=[(0, 8), (len(hostile) - 11, len(hostile))],
                reasons=[{"label": "<i>Figures agree</i>", "match": "<svg onload=alert(2)>"}],
            )
        ],
    )
    content = _workspace(checker_client, claim)
    for raw in ("<script>alert", "<img src=x", "<i>Figures agree</i>", "<svg onload"):
        assert raw not in content, raw
    assert "<mark>&lt;script&gt;</mark>alert" in content and "<mark>108 attacks</mark>" in content
    assert "&lt;i&gt;Figures agree&lt;/i&gt;: <q>&lt;svg onload=alert(2)&gt;</q>" in content


def test_a_stance_search_does_not_know_is_never_shown(checker_client):
    claim = ClaimFactory()
    EvidenceCandidateFactory(
        claim=claim, passages=[_passage("A passage.", stance="<b>agrees</b>", confidence=0.9, shown=True)]
    )
    content = _workspace(checker_client, claim)
    assert "Suggested:" not in content and "agrees" not in content


def test_a_neither_suggestion_reads_as_a_sentence(checker_client):
    claim = ClaimFactory()
    EvidenceCandidateFactory(
        claim=claim, passages=[_passage("A passage.", stance="neither", confidence=0.81, shown=True)]
    )
    assert "Suggested: neither supports nor refutes · 81%" in _workspace(checker_client, claim)


def test_highlights_outside_the_passage_are_dropped_not_shown_wrong(checker_client):
    claim = ClaimFactory()
    EvidenceCandidateFactory(
        claim=claim, passages=[_passage("Short passage.", highlights=[(0, 5), (3, 99), (-1, 2), ("a", "b")])]
    )
    content = _workspace(checker_client, claim)
    assert "<mark>Short</mark> passage." in content


def test_an_articles_claims_say_their_evidence_strength(checker_client):
    claim = ClaimFactory(evidence_status=EvidenceStatus.DONE, evidence_strength=EvidenceStrength.NONE)
    content = checker_client.get(reverse("claims:article", args=[claim.article_id])).content.decode()
    assert ">No evidence found</span>" in content and "ev-none" in content
