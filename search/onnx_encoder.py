"""The shipped MiniLM sentence encoder on ONNX Runtime and `tokenizers`, with no torch."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / ".models" / "all-MiniLM-L6-v2.onnx"
MAX_BATCH = 16
"""Texts per run of the graph, whatever the caller asks: on two cores batches of 16 encoded 1.2-1.5x faster
than 64 (less padding, activations that stay in cache); sentence-transformers was the same at either."""


def model_path() -> Path:
    """Where `scripts/convert_model.py` wrote the ONNX graph (SEARCH_ONNX_MODEL overrides)."""
    from django.conf import settings

    return Path(settings.SEARCH_ONNX_MODEL) if settings.SEARCH_ONNX_MODEL else DEFAULT_MODEL_PATH


def default_threads() -> int:
    """ONNX Runtime's intra-op threads (SEARCH_ONNX_THREADS; 0 lets the runtime choose)."""
    from django.conf import settings

    return int(settings.SEARCH_ONNX_THREADS)


class OnnxSentenceEncoder:
    """`encode(texts, batch_size=..., normalize_embeddings=...)` as sentence-transformers has it."""

    def __init__(self, onnx_path: Path, model_dir: Path, *, threads: int = 0):
        import onnxruntime
        from tokenizers import Tokenizer

        if not Path(onnx_path).exists():
            raise OSError(f"{onnx_path} is missing: run `make install` (scripts/convert_model.py)")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.threads = threads
        self.onnx_path, self.model_dir = Path(onnx_path), Path(model_dir)
        self.session = onnxruntime.InferenceSession(
            str(onnx_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._by_threads: dict[int, OnnxSentenceEncoder] = {threads: self}
        config = json.loads((Path(model_dir) / "sentence_bert_config.json").read_text())
        self.max_seq_length = int(config["max_seq_length"])
        self.tokenizer = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=self.max_seq_length)
        self.tokenizer.no_padding()

    def encode(
        self,
        texts: str | Sequence[str],
        batch_size: int = 32,
        show_progress_bar: bool = False,
        convert_to_numpy: bool = True,
        normalize_embeddings: bool = False,
        **_ignored,
    ) -> np.ndarray:
        single = isinstance(texts, str)
        items = [texts] if single else list(texts)
        if not items:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        batch_size = max(1, min(batch_size, MAX_BATCH))
        encodings = self.tokenizer.encode_batch(items)
        # Similar lengths together, so each batch pads little.
        order = sorted(range(len(items)), key=lambda i: -len(encodings[i].ids))
        out = np.zeros((len(items), self.dimensions), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in chosen)
            ids = np.zeros((len(chosen), width), dtype=np.int64)
            mask = np.zeros((len(chosen), width), dtype=np.int64)
            for row, i in enumerate(chosen):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            (vectors,) = self.session.run(["embeddings"], {"input_ids": ids, "attention_mask": mask})
            out[chosen] = vectors
        if normalize_embeddings:
            out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out[0] if single else out

    def for_threads(self, threads: int) -> OnnxSentenceEncoder:
        """An encoder on this many intra-op threads (a session's threads are fixed when it is made)."""
        if threads not in self._by_threads:
            self._by_threads[threads] = OnnxSentenceEncoder(self.onnx_path, self.model_dir, threads=threads)
        return self._by_threads[threads]

    @property
    def dimensions(self) -> int:
        return int(self.session.get_outputs()[0].shape[-1])


def load(model_dir: Path, *, threads: int | None = None) -> OnnxSentenceEncoder:
    return OnnxSentenceEncoder(
        model_path(), model_dir, threads=default_threads() if threads is None else threads
    )
