"""Pick the configured search backend, as Django picks a cache; one instance per process."""

from __future__ import annotations

import threading

from django.conf import settings

from .base import (
    BulkResult,
    EvidenceQuery,
    IndexableDocument,
    Passage,
    RebuildInProgress,
    SearchBackend,
    SearchHit,
    SearchMisconfigured,
    SearchUnavailable,
)

__all__ = [
    "BulkResult",
    "EvidenceQuery",
    "IndexableDocument",
    "Passage",
    "RebuildInProgress",
    "SearchBackend",
    "SearchHit",
    "SearchMisconfigured",
    "SearchUnavailable",
    "get_backend",
    "get_claim_backend",
    "reset_backend_cache",
]

_lock = threading.Lock()
_backend: SearchBackend | None = None
_backend_key: tuple | None = None
_claim_backend: SearchBackend | None = None
_claim_backend_key: tuple | None = None
CLAIM_INDEX_SUFFIX = "claims"


def _build(config: dict) -> SearchBackend:
    name = config.get("BACKEND", "embedded")
    kwargs = {
        "index_prefix": config.get("INDEX_PREFIX", "workbench"),
        "url": config.get("URL", ""),
        "timeout": float(config.get("TIMEOUT", 10)),
    }
    if name == "elasticsearch":
        if not kwargs["url"]:
            raise SearchMisconfigured(
                "The elasticsearch search backend needs ELASTICSEARCH_URL, e.g. http://127.0.0.1:9200."
            )
        from .elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(replicas=int(config.get("REPLICAS", 0)), **kwargs)
    if name == "embedded":
        from .embedded import EmbeddedBackend

        return EmbeddedBackend(**kwargs)
    raise SearchMisconfigured(f"Unknown search backend {name!r}: use 'elasticsearch' or 'embedded'.")


def get_backend() -> SearchBackend:
    """The configured backend, created once (settings overrides in tests make a new one)."""
    global _backend, _backend_key
    config = settings.SEARCH_BACKEND
    key = tuple(sorted(config.items()))
    with _lock:
        if _backend is None or _backend_key != key:
            _backend, _backend_key = _build(config), key
        return _backend


def get_claim_backend() -> SearchBackend:
    """The index of the workbench's own claims (repeated-claim clustering), beside the documents' index:
    the same backend and server, its own index names (`<prefix>-claims-documents`), so a documents
    rebuild or reset leaves it alone."""
    global _claim_backend, _claim_backend_key
    config = settings.SEARCH_BACKEND
    key = tuple(sorted(config.items()))
    with _lock:
        if _claim_backend is None or _claim_backend_key != key:
            prefix = f"{config.get('INDEX_PREFIX', 'workbench')}-{CLAIM_INDEX_SUFFIX}"
            _claim_backend, _claim_backend_key = _build({**config, "INDEX_PREFIX": prefix}), key
        return _claim_backend


def reset_backend_cache() -> None:
    global _backend, _backend_key, _claim_backend, _claim_backend_key
    with _lock:
        _backend, _backend_key = None, None
        _claim_backend, _claim_backend_key = None, None
