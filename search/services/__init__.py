"""Every write of the search app: sources, documents, indexing, file and feed imports, ClaimReview imports.

Views, the API, commands, the admin and tasks call these; `dispatch` is the only door to the Celery tasks.
"""

from .documents import document_changed, document_save, documents_delete
from .indexing import (
    documents_delete_from_index,
    documents_index,
    documents_mark_indexed,
    indexable,
    indexable_from,
    search_index_abandon_rebuild,
    search_index_rebuild,
    search_index_reset,
)
from .sources import SourceInUse, source_delete, source_ensure, source_poll_now, source_save

__all__ = [
    "SourceInUse",
    "document_changed",
    "document_save",
    "documents_delete",
    "documents_delete_from_index",
    "documents_index",
    "documents_mark_indexed",
    "indexable",
    "indexable_from",
    "search_index_abandon_rebuild",
    "search_index_rebuild",
    "search_index_reset",
    "source_delete",
    "source_ensure",
    "source_poll_now",
    "source_save",
]
