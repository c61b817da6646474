"""Bulk writes to Elasticsearch: one batch to every target alias, and batches streamed on background threads."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor

from elasticsearch import Elasticsearch, helpers

from .. import embeddings
from .base import BulkResult, IndexableDocument
from .es_mapping import document_source

MOVED = "the alias moved to another index while this was written (a rebuild began)"


def bulk_write(
    client: Elasticsearch,
    documents: Iterable[IndexableDocument],
    *,
    targets: list[str],
    op: str = "index",
    expected: set[str] | None = None,
) -> BulkResult:
    """Each document to every target alias; an alias that has gone fails the write instead of letting
    Elasticsearch create an index of that name. With op="create", a document the target already holds is
    left as it is and reported in `skipped`. A write that landed in an index outside `expected` (the indices
    behind the aliases when the targets were chosen) fails with MOVED, for the caller to send again."""
    ids: list[int] = []

    def actions():
        for doc in embeddings.with_embeddings(documents):
            ids.append(doc.id)
            source = document_source(doc)
            for target in targets:
                yield {"_op_type": op, "_index": target, "_id": str(doc.id), "_source": source}

    result = BulkResult()
    for ok, item in helpers.streaming_bulk(
        client,
        actions(),
        chunk_size=500,
        raise_on_error=False,
        raise_on_exception=False,
        max_retries=2,
        require_alias=True,
    ):
        info = item.get(op, {})
        if ok:
            if expected is not None and info.get("_index") not in expected:
                result.failed[int(info["_id"])] = MOVED
            continue
        if op == "create" and info.get("status") == 409:
            result.skipped.add(int(info["_id"]))
        else:
            result.failed[int(info.get("_id", 0))] = str(info.get("error") or info.get("status"))
    result.indexed = sum(1 for i in ids if i not in result.failed and i not in result.skipped)
    return result


def bulk_delete(
    client: Elasticsearch, document_ids: Iterable[int], *, targets: list[str], expected: set[str]
) -> list[int]:
    """Delete the documents through every target alias; returns those whose delete landed outside `expected`."""
    actions = (
        {"_op_type": "delete", "_index": target, "_id": str(i)} for i in document_ids for target in targets
    )
    moved = set()
    for _, item in helpers.streaming_bulk(
        client, actions, chunk_size=500, raise_on_error=False, max_retries=2
    ):
        info = item.get("delete", {})
        if info.get("_index") not in expected:  # a document not found (404) is deleted all the same
            moved.add(int(info["_id"]))
    return sorted(moved)


def stream(
    batches: Iterable[list[IndexableDocument]],
    on_indexed: Callable[[list[IndexableDocument], BulkResult], None],
    *,
    send: Callable[[list[IndexableDocument]], BulkResult],
    senders: int = 1,
    stop: Callable[[], bool] = lambda: False,
) -> None:
    """Send batches on background threads while the caller's thread produces the next one.

    The caller's work (reading files, database writes, `on_indexed`) and Elasticsearch's indexing then
    overlap instead of taking turns, and with two senders Elasticsearch indexes on two threads. A batch
    holding a document that is still in flight (a file can list a document twice) waits until the earlier
    batch is back, so the later version is the one indexed. `on_indexed` runs on the caller's thread, in
    the order the batches were given.
    """
    pending: deque[tuple[list[IndexableDocument], Future, set[int]]] = deque()
    with ThreadPoolExecutor(max_workers=senders, thread_name_prefix="es-bulk") as pool:

        def finish_oldest() -> None:
            sent, future, _ = pending.popleft()
            on_indexed(sent, future.result())

        try:
            for batch in batches:
                ids = {doc.id for doc in batch}
                while pending and any(not ids.isdisjoint(in_flight) for _, _, in_flight in pending):
                    finish_oldest()
                pending.append((batch, pool.submit(send, batch), ids))
                while len(pending) > senders:
                    finish_oldest()
                if stop():
                    break
            while pending:
                finish_oldest()
        finally:
            for _, future, _ in pending:
                future.cancel()
