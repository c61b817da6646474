"""The API says how strong a claim's evidence is, and gives each candidate's relevance, passages and stance hint."""

from __future__ import annotations

from rest_framework.test import APIClient

from claims.models import EvidenceStatus, EvidenceStrength
from tests.factories import ClaimFactory, EvidenceCandidateFactory

# What a candidate said before strength and stance hints; all of it stays.
OLD_EVIDENCE_FIELDS = set(
    "rank score document_id document_title document_url source reliability passage passage_start passage_end"
    " highlights query".split()
)
REASONS = [{"label": "Figures agree", "match": "108 attacks in April"}]


def _scored_claim():
    claim = ClaimFactory(evidence_status=EvidenceStatus.DONE, evidence_strength=EvidenceStrength.PARTIAL)
    EvidenceCandidateFactory(
        claim=claim,
        passage="Police recorded 108 attacks in April.",
        highlights=[[16, 19]],
        relevance=0.73,
        stance="refutes",
        stance_confidence=0.84,
        stance_shown=True,
        reasons=REASONS,
        passages=[
            {
                "start": 0,
                "end": 37,
                "text": "Police recorded 108 attacks in April.",
                "highlights": [[16, 19]],
                "score": 2.5,
                "stance": "refutes",
                "stance_confidence": 0.84,
                "stance_shown": True,
                "reasons": REASONS,
            },
            # A passage stored without its stance hint reads with the hint's empty values.
            {"start": 38, "end": 62, "text": "In March there were 85.", "highlights": []},
        ],
    )
    return claim


def test_claims_say_how_strong_their_evidence_is(api, db):
    claim = _scored_claim()
    unsearched = ClaimFactory()
    listed = {c["id"]: c for c in api.get("/api/claims/").json()["results"]}
    assert listed[claim.id]["evidence_strength"] == "partial"
    assert listed[unsearched.id]["evidence_strength"] == ""
    assert listed[claim.id]["evidence_status"] == "done"
    assert api.get(f"/api/claims/{claim.id}/").json()["evidence_strength"] == "partial"
    article = api.get(f"/api/articles/{claim.article_id}/").json()
    assert [c["evidence_strength"] for c in article["claims"]] == ["partial"]


def test_evidence_carries_relevance_stance_reasons_and_passages(api, db):
    claim = _scored_claim()
    (candidate,) = api.get(f"/api/claims/{claim.id}/evidence/").json()
    assert OLD_EVIDENCE_FIELDS <= set(candidate)
    assert candidate["passage"] == "Police recorded 108 attacks in April." and candidate["highlights"] == [
        [16, 19]
    ]
    assert candidate["relevance"] == 0.73
    assert (candidate["stance"], candidate["stance_confidence"], candidate["stance_shown"]) == (
        "refutes",
        0.84,
        True,
    )
    assert candidate["reasons"] == REASONS
    best, second = candidate["passages"]
    assert best["text"] == "Police recorded 108 attacks in April." and best["reasons"] == REASONS
    assert (best["start"], best["end"], best["highlights"], best["score"]) == (0, 37, [[16, 19]], 2.5)
    assert second == {
        "start": 38,
        "end": 62,
        "text": "In March there were 85.",
        "highlights": [],
        "score": None,
        "stance": "",
        "stance_confidence": None,
        "stance_shown": False,
        "reasons": [],
    }


def test_a_candidate_stored_before_stance_hints_reads_with_empty_ones(api, db):
    claim = ClaimFactory()
    EvidenceCandidateFactory(claim=claim)
    (candidate,) = api.get(f"/api/claims/{claim.id}/evidence/").json()
    assert (
        candidate["relevance"] is None
        and candidate["stance"] == ""
        and candidate["stance_confidence"] is None
    )
    assert candidate["stance_shown"] is False and candidate["reasons"] == [] and candidate["passages"] == []


def test_schema_documents_the_new_fields(db):
    components = APIClient().get("/api/schema/?format=json").json()["components"]["schemas"]
    evidence = components["Evidence"]["properties"]
    for name in ("relevance", "stance", "stance_confidence", "stance_shown", "reasons", "passages"):
        assert name in evidence, name
    assert "evidence_strength" in components["Claim"]["properties"]
    passage = components["EvidencePassage"]
    assert set(passage["required"]) >= {"start", "end", "text", "highlights", "stance_shown"}
