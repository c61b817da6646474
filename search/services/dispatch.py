"""The search app's only door to its Celery tasks: indexing, deletion and feed polls, queued after commit."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.tasking import send_now, send_on_commit

INDEX_CHUNK = 500

INDEX_DOCUMENTS = "search.tasks.index_documents"
DELETE_DOCUMENTS = "search.tasks.delete_documents"
POLL_SOURCE = "search.tasks.poll_source"


def documents_index_queue(document_ids: Sequence[int], *, now: bool = False) -> None:
    """Index these documents after commit, in chunks; if the broker is down they stay marked for the sweeper."""
    ids = list(document_ids)
    send = send_now if now else send_on_commit
    for start in range(0, len(ids), INDEX_CHUNK):
        send(INDEX_DOCUMENTS, ids[start : start + INDEX_CHUNK])


def documents_delete_queue(document_ids: Sequence[int]) -> None:
    send_on_commit(DELETE_DOCUMENTS, list(document_ids))


def source_poll_queue(source_id: int, *, now: bool = False) -> None:
    (send_now if now else send_on_commit)(POLL_SOURCE, source_id)
