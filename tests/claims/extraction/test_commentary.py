"""Claim, not commentary: a sentence that only says someone highlighted something ranks below the claim it
reports, and a reported claim ("X reported that ...") is checked as the claim, with X as its source."""

import pytest
from django.conf import settings

from claims.extraction import extract, score_sentence

from .conftest import sentence_containing

THRESHOLD = settings.WORKBENCH["CLAIM_THRESHOLD"]
SEED_META = ("have recently highlighted the spike", "called attention to")
SEED_CORE = (
    "the Iraqi parliament passed a resolution ordering the termination",
    "some 108 Daesh-related attacks were carried out",
    "threatened to slap Baghdad with",
)


def test_the_seeds_factual_core_is_in_the_queue_above_its_meta_claims(seed_extraction):
    queue = [sentence.text for sentence in sorted(seed_extraction.claims(THRESHOLD), key=lambda s: -s.score)]
    core = [sentence_containing(seed_extraction, fragment) for fragment in SEED_CORE]
    meta = [sentence_containing(seed_extraction, fragment) for fragment in SEED_META]
    for sentence in core:
        assert sentence.text in queue, (sentence.score, sentence.text)
    assert min(sentence.score for sentence in core) > max(sentence.score for sentence in meta)
    for sentence in meta:
        assert sentence.text not in queue
        assert "commentary" in {reason["code"] for reason in sentence.reasons}


def test_commentary_ranks_below_the_claim_it_reports():
    commentary, reasons = score_sentence(
        "Western outlets have recently highlighted the spike in attacks in Iraq."
    )
    claim, _ = score_sentence("Attacks in Iraq rose from 52 in March to 108 in April, the coalition said.")
    assert commentary < claim
    assert {"code": "commentary"}.items() <= next(r for r in reasons if r["code"] == "commentary").items()
    assert next(r for r in reasons if r["code"] == "commentary")["weight"] < 0


def test_commentary_that_states_figures_of_its_own_is_a_claim():
    _, reasons = score_sentence("The commander highlighted the 108 attacks carried out in April.")
    assert "commentary" not in {reason["code"] for reason in reasons}


def test_a_reported_claim_becomes_the_claim_with_the_reporter_as_its_source():
    text = (
        "Health officials met on Monday. Western outlets have reported that some 108 attacks were carried out "
        "in Iraq during April."
    )
    extraction = extract(text, html=False)
    sentence = sentence_containing(extraction, "have reported that")
    assert sentence.claim == "some 108 attacks were carried out in Iraq during April."
    assert sentence.text.startswith("Western outlets have reported that")
    assert extraction.text[sentence.claim_start : sentence.end] == sentence.claim
    assert sentence.attribution == "Western outlets"
    assert sentence.as_dict()["claim_text"] == sentence.claim
    alone, _ = score_sentence(sentence.claim, context="Health officials met on Monday.")
    assert abs(sentence.score - alone) < 0.15


def test_said_that_keeps_the_whole_sentence():
    extraction = extract(
        "Daniel Reeve said that the government had built 40 new hospitals since 2019.", html=False
    )
    (sentence,) = extraction.sentences
    assert sentence.claim == sentence.text and sentence.claim_text is None


def test_the_queue_holds_the_reported_claim_and_keeps_the_sentence(db):
    from claims.services.articles import article_submit
    from tests.factories import UserFactory

    user = UserFactory(role="Fact-checker")
    result = article_submit(
        submitted_by=user,
        text="Reuters reported that the finance ministry had cut the health budget by 412,000 euros in 2024.",
        title="Budget",
    )
    (claim,) = result.claims
    assert claim.text == "the finance ministry had cut the health budget by 412,000 euros in 2024."
    assert claim.original_text.startswith("Reuters reported that")
    assert claim.attribution == "Reuters"


@pytest.mark.embeddings
def test_with_minilm_vectors_too_the_factual_core_ranks_above_the_meta_claims(seed_raw):
    extraction = extract(seed_raw)
    assert any(
        reason["code"] == "meaning" for sentence in extraction.sentences for reason in sentence.reasons
    )
    queue = {sentence.text for sentence in extraction.claims(THRESHOLD)}
    core = [sentence_containing(extraction, fragment) for fragment in SEED_CORE]
    meta = [sentence_containing(extraction, fragment) for fragment in SEED_META]
    assert min(sentence.score for sentence in core) > max(sentence.score for sentence in meta)
    assert all(sentence.text in queue for sentence in core)
    assert not any(sentence.text in queue for sentence in meta)


def test_what_an_institution_decided_is_a_reason_to_check_it():
    text = "Shortly after the vote in Ruvia, the parliament passed a resolution ordering foreign troops out."
    decided, reasons = score_sentence(text)
    undecided, _ = score_sentence(
        "Shortly after the vote in Ruvia, the parliament met to discuss foreign troops."
    )
    reason = next(r for r in reasons if r["code"] == "official_decision")
    assert reason["match"] == "parliament passed" and reason["weight"] > 0
    assert reason["label"] == "Reports what an institution decided"
    assert decided > undecided
