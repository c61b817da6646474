"""The Elasticsearch backend: versioned indices behind an alias, bulk writes, multi-search."""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait

from elasticsearch import ApiError, Elasticsearch, TransportError, helpers
from elasticsearch import ConnectionError as ESConnectionError

from .. import embeddings
from .base import BulkResult, EvidenceQuery, IndexableDocument, SearchBackend, SearchHit, SearchUnavailable
from .es_mapping import EMBEDDING_MAPPING, INDEX_MAPPINGS, INDEX_SETTINGS, document_source
from .es_queries import lexical_query, semantic_query
from .es_results import search_hits

logger = logging.getLogger(__name__)


def _unavailable(exc: Exception) -> SearchUnavailable:
    return SearchUnavailable(f"Elasticsearch did not answer: {exc}")


_searchers: tuple[int, ThreadPoolExecutor] | None = None


def _searcher() -> ThreadPoolExecutor:
    """Threads that wait on Elasticsearch while the caller encodes claims; one pool per process (after a fork too)."""
    global _searchers
    if _searchers is None or _searchers[0] != os.getpid():
        _searchers = (os.getpid(), ThreadPoolExecutor(max_workers=2, thread_name_prefix="es-search"))
    return _searchers[1]


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.client = Elasticsearch(
            self.url, request_timeout=self.timeout, max_retries=1, retry_on_timeout=False
        )
        self._mapping_checked = False

    # -- index management -------------------------------------------------------------------------

    def _new_index_name(self) -> str:
        return f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1000000:06d}"

    def _create_index(self, name: str, *, with_alias: bool, refresh_interval: str | None = None) -> None:
        settings = INDEX_SETTINGS | ({"refresh_interval": refresh_interval} if refresh_interval else {})
        body = {"settings": settings, "mappings": INDEX_MAPPINGS}
        if with_alias:
            body["aliases"] = {self.alias: {"is_write_index": True}}
        self.client.indices.create(index=name, **body)

    def ensure_index(self) -> None:
        try:
            if not self.client.indices.exists_alias(name=self.alias):
                self._create_index(self._new_index_name(), with_alias=True)
            elif not self._mapping_checked:
                self._add_embedding_field()
            self._mapping_checked = True
        except (ESConnectionError, TransportError) as exc:
            raise _unavailable(exc) from exc

    def _add_embedding_field(self) -> None:
        """An index created before documents carried embeddings gets the field in place (adding is allowed)."""
        try:
            self.client.indices.put_mapping(index=self.alias, properties={"embedding": EMBEDDING_MAPPING})
        except ApiError as exc:
            logger.warning(
                "The embedding field of %s differs from this version's mapping (%s); "
                "run manage.py search_index --rebuild to get it.",
                self.alias,
                exc.message,
            )

    def _indices_behind_alias(self) -> list[str]:
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return sorted(self.client.indices.get_alias(name=self.alias).keys())

    def reset(self) -> None:
        try:
            existing = self.client.indices.get(
                index=f"{self.alias}-*", ignore_unavailable=True, allow_no_indices=True
            )
            for name in existing:
                self.client.indices.delete(index=name)
            self._create_index(self._new_index_name(), with_alias=True)
            self.refresh()
        except (ESConnectionError, TransportError) as exc:
            raise _unavailable(exc) from exc

    def rebuild(self, batches: Iterable[list[IndexableDocument]]) -> str:
        new_index = self._new_index_name()
        failures: dict[int, str] = {}

        def retry_failed(batch: list[IndexableDocument], result: BulkResult) -> None:
            if result.failed:
                retry = self._bulk([doc for doc in batch if doc.id in result.failed], index=new_index)
                failures.update(retry.failed)

        try:
            self._create_index(new_index, with_alias=False, refresh_interval="-1")
            try:
                self._stream(batches, retry_failed, index=new_index, senders=2, stop=lambda: bool(failures))
            except SearchUnavailable:
                self.client.indices.delete(index=new_index, ignore_unavailable=True)
                raise
            if failures:
                self.client.indices.delete(index=new_index)
                raise SearchUnavailable(f"Rebuild abandoned, {len(failures)} documents failed: {failures}")
            # Nobody searches the new index until the swap, so it is filled without periodic refreshes.
            self.client.indices.put_settings(index=new_index, settings={"index": {"refresh_interval": None}})
            self.client.indices.refresh(index=new_index)
            old = self._indices_behind_alias()
            actions = [{"add": {"index": new_index, "alias": self.alias, "is_write_index": True}}]
            actions += [{"remove": {"index": name, "alias": self.alias}} for name in old]
            self.client.indices.update_aliases(actions=actions)
            for name in old:
                self.client.indices.delete(index=name)
            return new_index
        except (ESConnectionError, TransportError) as exc:
            raise _unavailable(exc) from exc

    # -- writes -----------------------------------------------------------------------------------

    _source = staticmethod(document_source)

    def _bulk(self, documents: Iterable[IndexableDocument], *, index: str) -> BulkResult:
        actions = (
            {"_op_type": "index", "_index": index, "_id": str(doc.id), "_source": self._source(doc)}
            for doc in embeddings.with_embeddings(documents)
        )
        result = BulkResult()
        for ok, item in helpers.streaming_bulk(
            self.client,
            actions,
            chunk_size=500,
            raise_on_error=False,
            raise_on_exception=False,
            max_retries=2,
        ):
            info = item.get("index", {})
            if ok:
                result.indexed += 1
            else:
                result.failed[int(info.get("_id", 0))] = str(info.get("error") or info.get("status"))
        return result

    def index_documents(self, documents: Iterable[IndexableDocument]) -> BulkResult:
        try:
            self.ensure_index()
            result = self._bulk(documents, index=self.alias)
        except (ESConnectionError, TransportError) as exc:
            raise _unavailable(exc) from exc
        return result

    def index_stream(
        self,
        batches: Iterable[list[IndexableDocument]],
        on_indexed: Callable[[list[IndexableDocument], BulkResult], None],
    ) -> None:
        self.ensure_index()
        self._stream(batches, on_indexed, index=self.alias, senders=2)

    def _stream(
        self, batches, on_indexed, *, index: str, senders: int = 1, stop: Callable[[], bool] = lambda: False
    ) -> None:
        """Bulk-send batches on background threads while the caller's thread produces the next one.

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
                    pending.append((batch, pool.submit(self._bulk, batch, index=index), ids))
                    while len(pending) > senders:
                        finish_oldest()
                    if stop():
                        break
                while pending:
                    finish_oldest()
            except (ESConnectionError, TransportError) as exc:
                raise _unavailable(exc) from exc
            finally:
                for _, future, _ in pending:
                    future.cancel()

    def delete_documents(self, document_ids: Sequence[int]) -> None:
        if not document_ids:
            return
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": str(i)} for i in document_ids)
        try:
            helpers.bulk(self.client, actions, raise_on_error=False, stats_only=True)
        except (ESConnectionError, TransportError) as exc:
            raise _unavailable(exc) from exc

    def refresh(self) -> None:
        try:
            self.client.indices.refresh(index=self.alias)
        except (ESConnectionError, TransportError) as exc:
            raise _unavailable(exc) from exc

    # -- reads ------------------------------------------------------------------------------------

    def build_query(self, query: EvidenceQuery, *, fused: bool | None = None) -> dict:
        """The lexical search (es_queries.lexical_query)."""
        return lexical_query(query, fused=fused)

    def build_semantic_query(self, query: EvidenceQuery) -> dict:
        """The kNN search (es_queries.semantic_query)."""
        return semantic_query(query)

    def multi_search(self, queries: Sequence[EvidenceQuery]) -> list[list[SearchHit]]:
        if not queries:
            return []
        if not self._mapping_checked and any(query.vector for query in queries):
            self.ensure_index()  # an index made before embeddings needs the field before a kNN search
        searches: list[dict] = []
        for query in queries:
            searches += [{"index": self.alias}, self.build_query(query)]
            if query.vector:
                searches += [{"index": self.alias}, self.build_semantic_query(query)]
        answers = iter(self._msearch(searches))
        return [
            search_hits(query, next(answers), next(answers) if query.vector else None) for query in queries
        ]

    def multi_search_encoding(
        self,
        queries: Sequence[EvidenceQuery],
        with_vectors: Callable[[list[EvidenceQuery]], list[EvidenceQuery]],
    ) -> list[list[SearchHit]]:
        """The lexical searches run on Elasticsearch while the claims are encoded here, then the kNN searches.

        Encoding a claim on the CPU takes about as long as its lexical search; one after the other, they were
        most of a claim's wait.
        """
        if not queries or embeddings.get_encoder() is None:  # nothing to encode, nothing to overlap
            return self.multi_search(with_vectors(list(queries)))
        lexical = [
            item for query in queries for item in ({"index": self.alias}, self.build_query(query, fused=True))
        ]
        pending = _searcher().submit(self._msearch, lexical)
        try:
            encoded = with_vectors(list(queries))
        except BaseException:
            wait([pending])  # nothing left running behind the caller's back
            raise
        lexical_answers = pending.result()
        if not any(query.vector for query in encoded):
            return [
                search_hits(query, answer, None)
                for query, answer in zip(encoded, lexical_answers, strict=True)
            ]
        if not self._mapping_checked:
            self.ensure_index()
        semantic = [
            item
            for query in encoded
            if query.vector
            for item in ({"index": self.alias}, self.build_semantic_query(query))
        ]
        semantic_answers = iter(self._msearch(semantic))
        return [
            search_hits(query, answer, next(semantic_answers) if query.vector else None)
            for query, answer in zip(encoded, lexical_answers, strict=True)
        ]

    def _msearch(self, searches: list[dict]) -> list[dict]:
        try:
            return self.client.msearch(searches=searches)["responses"]
        except (ESConnectionError, TransportError) as exc:
            raise _unavailable(exc) from exc
        except ApiError as exc:
            if exc.meta.status == 404:  # no index yet: nothing found
                return [{"error": "no index", "status": 404}] * (len(searches) // 2)
            raise

    def count(self) -> int:
        try:
            self.ensure_index()
            return int(self.client.count(index=self.alias)["count"])
        except (ESConnectionError, TransportError) as exc:
            raise _unavailable(exc) from exc

    def health(self) -> dict:
        try:
            health = self.client.cluster.health(timeout="2s")
            nodes = self.client.nodes.info(filter_path="nodes.*.version")
            versions = sorted({node["version"] for node in nodes.get("nodes", {}).values()})
            ok = health["status"] in {"green", "yellow"}
            return {"ok": ok, "backend": self.name, "status": health["status"], "versions": versions}
        except (ESConnectionError, TransportError, ApiError) as exc:
            return {"ok": False, "backend": self.name, "error": str(exc)}
