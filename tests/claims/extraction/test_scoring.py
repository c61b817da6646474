"""Check-worthiness: what a fact-checker would want checked ranks above what they would not."""

import json
import subprocess
import sys

import pytest

from claims.extraction import ClaimType, score_sentence
from claims.extraction.model import MODEL_PATH, load_model
from tests.paths import ROOT

from .test_reasons import assert_reasons_quote_the_claim

CHECKABLE = [
    "Unemployment fell to 3.5% in 2019, the lowest rate since 1969.",
    "Some 108 attacks were carried out in Iraq during April, according to the report.",
    "The government spent $4.2 billion on defence last year, twice as much as in 2015.",
    "We have more people in jail than any other country on Earth.",
]
NOT_WORTH_CHECKING = [
    "How are you, Donald?",
    "(APPLAUSE)",
    "Thank you so much, it's wonderful to be here tonight.",
    "I think we need to do better.",
    "Maybe.",
]


def codes(reasons):
    return {reason["code"]: reason for reason in reasons}


def test_scores_are_probabilities_with_reasons():
    for text in CHECKABLE + NOT_WORTH_CHECKING:
        score, reasons = score_sentence(text)
        assert 0.0 <= score <= 1.0
        for reason in reasons:
            assert set(reason) == {"code", "label", "match", "weight"}
        assert_reasons_quote_the_claim(text, reasons)


def test_every_factual_claim_outscores_every_pleasantry_question_or_opinion():
    lowest_claim = min(score_sentence(text)[0] for text in CHECKABLE)
    highest_other = max(score_sentence(text)[0] for text in NOT_WORTH_CHECKING)
    assert lowest_claim > highest_other
    assert lowest_claim >= 0.5 > highest_other


def test_a_statistic_raises_the_score_and_says_why():
    with_figure, reasons = score_sentence("Unemployment fell to 3.5% in 2019.")
    without_figure, _ = score_sentence("Unemployment fell in the end.")
    assert with_figure > without_figure
    statistic = codes(reasons)["statistic"]
    assert statistic["match"] == "3.5%" and statistic["weight"] > 0
    assert statistic["label"] == "States a statistic or percentage"


def test_asking_or_hedging_lowers_the_score():
    claim, _ = score_sentence("Crime rose by 20% in Chicago last year.")
    question, reasons = score_sentence("Did crime rise by 20% in Chicago last year?")
    hedged, hedged_reasons = score_sentence("Crime might have risen by 20% in Chicago last year.")
    assert question < claim and hedged < claim
    assert codes(reasons)["question"]["weight"] < 0
    assert codes(hedged_reasons)["hedging"]["weight"] < 0


def test_years_and_days_of_the_month_are_dates_not_quantities():
    _, reasons = score_sentence("On June 4 the report was published, as in 2019.")
    assert "quantity" not in codes(reasons)
    assert codes(reasons)["date"]["match"] == "June 4"
    _, reasons = score_sentence("The COVID-19 outbreak began in Wuhan.")
    assert "quantity" not in codes(reasons)


def test_may_and_march_are_months_only_as_names_and_a_year_is_not_a_day():
    _, reasons = score_sentence("While there may be a financial explanation, protesters march on Baghdad.")
    assert "date" not in codes(reasons)  # the reason once read: Refers to a specific date or period: "may"
    _, reasons = score_sentence("Attacks rose sharply in May, officials said.")
    assert codes(reasons)["date"]["match"] == "May"
    _, reasons = score_sentence("The troops were withdrawn in March 2020.")
    assert codes(reasons)["date"]["match"] == "March"  # not "March 20"


def test_context_of_figures_nudges_the_score_up():
    alone, _ = score_sentence("That is the highest level in a decade.")
    in_context, reasons = score_sentence(
        "That is the highest level in a decade.", context="Debt reached 120% of GDP in 2021."
    )
    assert in_context >= alone
    assert "context_figures" in codes(reasons)


def test_stage_directions_from_the_system_speaker_are_procedural():
    _, reasons = score_sentence("(APPLAUSE)", speaker="SYSTEM")
    assert "procedural" in codes(reasons)


@pytest.mark.parametrize(
    "text, claim_type",
    [
        ("African-American youth unemployment is 51 percent.", ClaimType.QUANTITY),
        ("The economy shrank because of the oil price collapse.", ClaimType.CORRELATION_CAUSATION),
        ("The new law bans smoking in all public parks.", ClaimType.LAWS_RULES),
        ("Inflation will reach 5% by 2025, the central bank predicts.", ClaimType.PREDICTION),
        ("When I was a boy, my father worked at the steel mill in Ohio.", ClaimType.PERSONAL_EXPERIENCE),
        ("Senator Cruz voted against the Brady bill.", ClaimType.LAWS_RULES),
        ("Paris is the capital of France.", ClaimType.OTHER),
        ("How are you tonight?", ClaimType.NOT_A_CLAIM),
        ("Thank you very much, everybody.", ClaimType.NOT_A_CLAIM),
        ("(APPLAUSE)", ClaimType.NOT_A_CLAIM),
    ],
)
def test_claims_get_their_full_fact_type(text, claim_type):
    from claims.extraction import extract

    (sentence,) = extract(text).sentences
    assert sentence.claim_type is claim_type
    assert claim_type.label


def test_claim_type_labels_are_the_full_fact_wording():
    assert ClaimType.QUANTITY.label == "Quantity in the past or present"
    assert ClaimType.LAWS_RULES.label == "Current laws or rules"
    assert ClaimType.OTHER.label == "Other type of claim"
    assert ClaimType("not_a_claim") is ClaimType.NOT_A_CLAIM


def test_the_shipped_model_is_small_versioned_and_keeps_its_signs():
    assert MODEL_PATH.stat().st_size < 1_000_000
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["format"] == 2 and data["version"]
    assert data["metadata"]["reproduce"].startswith("python bench/checkworthiness.py train")
    model = load_model()
    from claims.extraction.features import FEATURES
    from claims.extraction.scoring import FIXED_WEIGHTS

    assert set(model.variants) == {"with_vectors", "without_vectors"}
    assert len(model.variant(vectors=True).vector) == 384
    assert model.variant(vectors=False).vector is None
    for variant in model.variants.values():
        for feature in FEATURES:
            weight = FIXED_WEIGHTS.get(feature.code, variant.weights.get(feature.code, 0.0))
            assert weight * feature.direction >= 0, feature.code


def test_scoring_needs_only_the_standard_library():
    code = (
        "import sys; sys.modules['numpy'] = None; sys.modules['sklearn'] = None; sys.modules['scipy'] = None\n"
        "from claims.extraction import score_sentence\n"
        "print(score_sentence('Unemployment fell to 3.5% in 2019.')[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert 0 < float(result.stdout) < 1


def test_with_a_sentence_encoder_the_vector_variant_scores_and_says_so():
    from claims.extraction import vectors

    text = "Unemployment fell to 3.5% in 2019."
    plain, plain_reasons = score_sentence(text)
    unit = (1 / 384**0.5,) * 384
    before = vectors._encoder
    vectors.use_encoder(lambda texts: [unit for _ in texts])
    try:
        with_vector, reasons = score_sentence(text)
    finally:
        vectors.use_encoder(before)
    assert "meaning" not in codes(plain_reasons)
    meaning = codes(reasons)["meaning"]
    assert meaning["label"].endswith(" the claims fact-checkers chose") and meaning["match"] == ""
    assert with_vector != plain and 0 < with_vector < 1


def test_the_meaning_reason_says_like_when_it_raised_the_score_and_unlike_when_it_lowered_it():
    from claims.extraction import vectors

    unit = (1 / 384**0.5,) * 384
    before = vectors._encoder
    labels = {}
    try:
        for sign in (1, -1):
            vectors.use_encoder(lambda texts, sign=sign: [tuple(sign * x for x in unit) for _ in texts])
            meaning = codes(score_sentence("Unemployment fell to 3.5% in 2019.")[1])["meaning"]
            labels[meaning["weight"] > 0] = meaning["label"]
    finally:
        vectors.use_encoder(before)
    assert labels == {
        True: "Reads like the claims fact-checkers chose",
        False: "Reads unlike the claims fact-checkers chose",
    }


def test_an_encoder_that_is_switched_off_falls_back_to_the_model_without_vectors():
    from claims.extraction import vectors

    before = vectors._encoder
    vectors.use_encoder(lambda texts: None)
    try:
        _, reasons = score_sentence("Unemployment fell to 3.5% in 2019.")
    finally:
        vectors.use_encoder(before)
    assert "meaning" not in codes(reasons)


def test_a_failing_encoder_or_a_very_long_text_is_scored_without_vectors(caplog):
    from claims.extraction import extract, vectors

    def broken(texts):
        raise RuntimeError("out of memory")

    calls = []

    def counting(texts):
        calls.append(len(texts))
        return [(1 / 384**0.5,) * 384 for _ in texts]

    before = vectors._encoder
    try:
        vectors.use_encoder(broken)
        score, reasons = score_sentence("Unemployment fell to 3.5% in 2019.")
        assert "meaning" not in codes(reasons) and 0 < score < 1
        assert "Sentence encoder failed" in caplog.text
        vectors.use_encoder(counting)
        long_text = " ".join(f"Unemployment fell to {n}% in 2019." for n in range(vectors.MAX_SENTENCES + 1))
        extraction = extract(long_text, html=False)
    finally:
        vectors.use_encoder(before)
    assert len(extraction.sentences) > vectors.MAX_SENTENCES and calls == []
    assert all("meaning" not in codes(sentence.reasons) for sentence in extraction.sentences)
