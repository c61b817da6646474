"""Sentence vectors for the check-worthiness model, from whichever encoder the project plugs in.

The extraction package stays free of Django and of the model runtime: the claims app hands it the search
app's MiniLM encoder at start-up (`use_encoder`). Without one, scoring uses the model variant trained
without vectors; so it does for a text too long to encode in a request, and when the encoder fails.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

logger = logging.getLogger(__name__)

Encoder = Callable[[Sequence[str]], "list[tuple[float, ...]] | None"]
MAX_SENTENCES = 400
"""About 8,000 words: encoding more on a CPU takes longer than a person should wait for their article."""

_encoder: Encoder | None = None


def use_encoder(encoder: Encoder | None) -> None:
    global _encoder
    _encoder = encoder


def sentence_vectors(texts: Sequence[str]) -> list[tuple[float, ...]] | None:
    """One unit-length vector per text, or None: no encoder plugged in or it is switched off, more than
    MAX_SENTENCES texts, or the encoder failed (logged; the text is still scored, without vectors)."""
    if _encoder is None or not texts:
        return None
    if len(texts) > MAX_SENTENCES:
        logger.info("Scoring %d sentences without sentence vectors (more than %d)", len(texts), MAX_SENTENCES)
        return None
    try:
        vectors = _encoder(list(texts))
    except Exception:  # noqa: BLE001 - any failure of the model runtime leaves the variant without vectors
        logger.exception("Sentence encoder failed; scoring %d sentences without vectors", len(texts))
        return None
    return list(vectors) if vectors is not None else None
