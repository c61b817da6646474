"""The shipped stance and check-worthiness models score as they did before they shared workbench.linear_model.

The expected figures were computed with the scorers as they stood before the move (commit 9654808); the
check-worthiness ones again after its retraining on the mended date and name cues (2026-12-04), with the
same scorer: a change to these figures is a change to the model file, made on purpose or not at all.
"""

from __future__ import annotations

import hashlib
import json
import math

import pytest

from claims.extraction import model as checkworthiness_model
from claims.extraction import scoring
from search import stance
from workbench import linear_model

PAIRS = [
    (
        "Global warming is caused by human activity.",
        "Scientists agree that global warming is caused by human activity, mainly burning fossil fuels.",
    ),
    (
        "Global warming is caused by human activity.",
        "Scientists say global warming is not caused by human activity, contrary to the claim.",
    ),
    (
        "Arctic sea ice has increased by 20% since 2012.",
        "Arctic sea ice extent fell by 13% per decade, a decline that continues.",
    ),
    ("The recipe needs eggs.", "The recipe needs two eggs and a cup of flour."),
]
LINES = [
    ("HOLT", "Good evening and welcome to the first debate."),
    ("TRUMP", "Our jobs are fleeing the country, we have lost 70,000 factories."),
    ("CLINTON", "Unemployment fell to 4.9 percent last year, the lowest in eight years."),
    ("TRUMP", "I think that's very nice."),
]
FIGURES = {"match": "20% / 13%", "label": "Figures differ"}
OPPOSITE = {"label": "Opposite direction", "match": "increased / fell"}


def _vector(size: int, seed: int) -> list[float]:
    return [0.05 * math.sin(0.37 * i + seed) for i in range(size)]


def _digest(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def test_stance_hints_without_vectors_keep_their_stance_confidence_and_reasons():
    hints = stance.suggest_stances(PAIRS, model=stance.load_model(), encode=False)
    assert [(h.stance, h.shown, h.reasons) for h in hints] == [
        ("supports", False, []),
        ("supports", False, []),
        ("refutes", False, [FIGURES, OPPOSITE]),
        ("supports", False, []),
    ]
    assert [h.confidence for h in hints] == pytest.approx(
        [0.6950252957021341, 0.6569821533803362, 0.5089956054995753, 0.5770364478934504], rel=1e-12
    )


def test_stance_hints_with_vectors_keep_their_stance_and_confidence():
    model = stance.load_model()
    size = len(model.variants[stance.WITH_VECTORS].vector[0])
    vectors = [_vector(size, seed) for seed in range(len(PAIRS))]
    hints = stance.suggest_stances(PAIRS, model=model, vectors=vectors)
    assert [(h.stance, h.shown, h.reasons) for h in hints] == [
        ("neither", False, []),
        ("neither", False, []),
        ("neither", False, [FIGURES]),
        ("neither", False, []),
    ]
    assert [h.confidence for h in hints] == pytest.approx(
        [0.4653492240097419, 0.5230871425962283, 0.7372214305239957, 0.5888252942145508], rel=1e-12
    )


def test_check_worthiness_scores_of_transcript_lines_are_unchanged():
    model = checkworthiness_model.load_model()
    size = len(model.variants[checkworthiness_model.WITH_VECTORS].vector)
    assert scoring.score_lines(LINES, model, vectors=[]) == pytest.approx(
        [0.4636502428646244, 0.8671660589606063, 0.9493657598186221, 0.4485472971020826], rel=1e-12
    )
    vectors = [_vector(size, seed) for seed in range(len(LINES))]
    assert scoring.score_lines(LINES, model, vectors=vectors) == pytest.approx(
        [0.36010221552833827, 0.6502135265805657, 0.8698663534418204, 0.6254308050398645], rel=1e-12
    )


def test_both_model_files_write_back_as_they_did():
    assert _digest(stance.load_model().to_json()) == (
        "427bd19831ec9f8a7a3e43c6bc645afc0603b6d7802450d2b6065e3c1a9a3017"
    )
    assert _digest(checkworthiness_model.load_model().to_json()) == (
        "83393e07e49348a521c7b18a78ddba8cad5bfd7eca363a44d7e00a74a15714e2"
    )


def test_a_file_of_another_format_is_refused_with_how_to_retrain():
    with pytest.raises(
        ValueError, match=r"stance model has format 0, expected 1: retrain it with `python bench"
    ):
        stance.Model.from_json({"format": 0, "stances": list(stance.STANCES)})
    with pytest.raises(ValueError, match="expected 1"):
        stance.Model.from_json({"format": 1, "stances": ["supports", "refutes"]})
    with pytest.raises(ValueError, match=r"check-worthiness model has format None, expected 2"):
        checkworthiness_model.Model.from_json({})


def test_the_variant_with_vectors_is_used_only_when_there_are_vectors_and_it_exists():
    both = {linear_model.WITH_VECTORS: "with", linear_model.WITHOUT_VECTORS: "without"}
    assert linear_model.pick_variant(both, vectors=True) == "with"
    assert linear_model.pick_variant(both, vectors=False) == "without"
    assert linear_model.pick_variant({linear_model.WITHOUT_VECTORS: "without"}, vectors=True) == "without"


def test_sigmoid_and_softmax_stay_finite_at_the_extremes():
    assert [linear_model.sigmoid(x) for x in (-800.0, -3.5, 0.0, 0.25, 40.0)] == pytest.approx(
        [0.0, 0.029312230751356316, 0.5, 0.5621765008857981, 1.0], rel=1e-12
    )
    assert checkworthiness_model.sigmoid is linear_model.sigmoid
    assert linear_model.softmax([1000.0, 0.0, -1000.0]) == pytest.approx([1.0, 0.0, 0.0])
