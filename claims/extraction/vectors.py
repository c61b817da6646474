"""Sentence vectors for the check-worthiness model, from whichever encoder the project plugs in.

The extraction package stays free of Django and of the model runtime: the claims app hands it the search
app's MiniLM encoder at start-up (`use_encoder`). Without one, scoring uses the model variant trained
without vectors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Encoder = Callable[[Sequence[str]], "list[tuple[float, ...]] | None"]

_encoder: Encoder | None = None


def use_encoder(encoder: Encoder | None) -> None:
    global _encoder
    _encoder = encoder


def sentence_vectors(texts: Sequence[str]) -> list[tuple[float, ...]] | None:
    """One unit-length vector per text, or None when no encoder is plugged in or it is switched off."""
    if _encoder is None or not texts:
        return None
    vectors = _encoder(list(texts))
    return list(vectors) if vectors is not None else None
