"""The embedded backend's sentence vectors: written beside each entry at indexing, as Elasticsearch indexes
them, so a search encodes only the claim. Entries written with embeddings off are encoded when searched."""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict

from .. import embeddings
from .base import IndexableDocument

VECTOR_CACHE_SIZE = 20000


def packed(doc: IndexableDocument) -> bytes:
    """The document's vector, then its passages' (as `with_embeddings` filled them); b"" without vectors."""
    if not doc.embedding:
        return b""
    flat = array("f", doc.embedding)
    for vector in doc.passage_embeddings:
        flat.extend(vector)
    return flat.tobytes()


def _stored(entry, *, first_only: bool = False) -> list[tuple[float, ...]]:
    """The entry's stored vectors (document first), or [] when it has none of this model's size."""
    raw = bytes(entry.vectors or b"")
    width = embeddings.DIMS * 4
    if not raw or len(raw) % width:
        return []
    flat = array("f")
    flat.frombytes(raw[:width] if first_only else raw)
    return [tuple(flat[i : i + embeddings.DIMS]) for i in range(0, len(flat), embeddings.DIMS)]


def _passage_vectors(entry) -> dict[tuple[int, int], tuple[float, ...]]:
    """Each stored passage's vector by its (start, end)."""
    vectors = _stored(entry)
    return {
        (start, end): vectors[n + 1]
        for n, (start, end) in enumerate(entry.passages or ())
        if n + 1 < len(vectors)
    }


class VectorCache:
    """Vectors of entries that have none stored (indexed with embeddings off), encoded at search time and kept
    per process; entries with stored vectors are read, not encoded."""

    def __init__(self, size: int):
        self.size = size
        self.vectors: OrderedDict[tuple, tuple[float, ...]] = OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, entries) -> list[tuple[float, ...]] | None:
        return self._fill(
            entries,
            [(_stored(e, first_only=True) or [None])[0] for e in entries],
            key=lambda e: (e.id, hash((e.title, e.body))),
            text=lambda e: embeddings.document_text(e.title, e.body),
        )

    def get_passages(self, passages) -> list[tuple[float, ...]] | None:
        """Vectors of (entry, start, end) passages, each of its document's title and the passage."""
        by_entry = {e.id: _passage_vectors(e) for e, _, _ in passages}
        return self._fill(
            passages,
            [by_entry[e.id].get((start, end)) for e, start, end in passages],
            key=lambda p: (p[0].id, p[1], p[2], hash((p[0].title, p[0].body[p[1] : p[2]]))),
            text=lambda p: embeddings.document_text(p[0].title, p[0].body[p[1] : p[2]]),
        )

    def _fill(self, items: list, stored: list, *, key, text) -> list[tuple[float, ...]] | None:
        """Each item's stored vector; for the others (only), one from this cache or encoded now."""
        keys = {i: key(item) for i, item in enumerate(items) if stored[i] is None}
        found = {}
        with self.lock:
            for k in keys.values():
                if k in self.vectors:
                    found[k] = self.vectors[k]
                    self.vectors.move_to_end(k)
        missing = {k: i for i, k in keys.items() if k not in found}  # one text per key
        if missing:
            vectors = embeddings.embed([text(items[i]) for i in missing.values()])
            if vectors is None:
                return None
            with self.lock:
                for k, vector in zip(missing, vectors, strict=True):
                    found[k] = self.vectors[k] = vector
                while len(self.vectors) > self.size:
                    self.vectors.popitem(last=False)
        return [vector if vector is not None else found[keys[i]] for i, vector in enumerate(stored)]
