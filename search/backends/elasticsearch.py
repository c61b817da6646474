"""The Elasticsearch backend: versioned indices behind a read and a write alias, bulk writes, multi-search."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait

from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch import ConnectionError as ESConnectionError

from .. import embeddings
from ..stored_queries import StoredQuery
from . import es_percolator
from .base import (
    BulkResult,
    EvidenceQuery,
    IndexableDocument,
    RebuildInProgress,
    SearchBackend,
    SearchHit,
    SearchUnavailable,
    rebuild_in_progress_message,
)
from .es_aliases import Aliases
from .es_bulk import MOVED, bulk_delete, bulk_write, stream
from .es_mapping import EMBEDDING_MAPPING, INDEX_MAPPINGS, INDEX_SETTINGS, PASSAGES_MAPPING
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

    def __init__(self, *, replicas: int = 0, **kwargs):
        super().__init__(**kwargs)
        self.replicas = replicas
        # Several nodes of one cluster, comma-separated: a request to a node that is down goes to the next.
        hosts = [url.strip() for url in self.url.split(",") if url.strip()]
        self.client = Elasticsearch(
            hosts, request_timeout=self.timeout, max_retries=max(1, len(hosts) - 1), retry_on_timeout=False
        )
        self._mapping_checked = False

    # -- index management -------------------------------------------------------------------------

    def _new_index_name(self) -> str:
        return f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1000000:06d}"

    def _create_index(self, name: str, *, with_alias: bool, refresh_interval: str | None = None) -> None:
        settings = (
            INDEX_SETTINGS
            | {"number_of_replicas": self.replicas}
            | ({"refresh_interval": refresh_interval} if refresh_interval else {})
        )
        body = {"settings": settings, "mappings": INDEX_MAPPINGS}
        if with_alias:
            body["aliases"] = {
                self.alias: {"is_write_index": True},
                self.write_alias: {"is_write_index": True},
            }
        self.client.indices.create(index=name, **body)

    def _aliases(self) -> Aliases:
        return Aliases.of(
            self.client.indices.get_alias(index=f"{self.alias}-*"), read=self.alias, write=self.write_alias
        )

    def ensure_index(self) -> None:
        try:
            aliases = self._aliases()
            if not aliases.read:
                self._create_index(self._new_index_name(), with_alias=True)
            else:
                if not aliases.write:  # an index made before the write alias: writes go where reads come from
                    self.client.indices.put_alias(
                        index=aliases.read[-1], name=self.write_alias, is_write_index=True
                    )
                if not self._mapping_checked:
                    self._add_embedding_field()
            self._mapping_checked = True
        except (ESConnectionError, TransportError) as exc:
            raise _unavailable(exc) from exc

    def _add_embedding_field(self) -> None:
        """An index created before documents carried embeddings or passages gets the fields in place (adding is
        allowed); its documents get passages when they are next written or the index is rebuilt."""
        try:
            self.client.indices.put_mapping(
                index=self.alias, properties={"embedding": EMBEDDING_MAPPING, "passages": PASSAGES_MAPPING}
            )
        except ApiError as exc:
            logger.warning(
                "The embedding or passages field of %s differs from this version's mapping (%s); "
                "run manage.py search_index --rebuild to get it.",
                self.alias,
                exc.message,
            )

    def _indices_behind_alias(self) -> list[str]:
        return list(self._aliases().read)

    def _targets(self) -> tuple[list[str], set[str]]:
        """The aliases a write goes through: the write alias, and the read alias while a rebuild fills
        another index (the write alias then writes into the new one); and the indices they point at."""
        aliases = self._aliases()
        if not (aliases.read and aliases.write) or not self._mapping_checked:
            self.ensure_index()
            aliases = self._aliases()
        targets = [self.write_alias, self.alias] if aliases.rebuilding else [self.write_alias]
        return targets, {*aliases.read, *aliases.write}

    def reset(self) -> None:
        try:
            existing = self.client.indices.get(
                index=f"{self.alias}-*", ignore_unavailable=True, allow_no_indices=True
            )
            for name in existing:
                self.client.indices.delete(index=name)
            es_percolator.drop(self.client, self.query_index)
            self._create_index(self._new_index_name(), with_alias=True)
            self.refresh()
        except (ESConnectionError, TransportError) as exc:
            raise _unavailable(exc) from exc

    def rebuild(
        self,
        batches: Iterable[list[IndexableDocument]],
        on_indexed: Callable[[list[IndexableDocument], BulkResult], None] | None = None,
    ) -> str:
        new_index = self._new_index_name()
        failures: dict[int, str] = {}

        def create(batch: list[IndexableDocument]) -> BulkResult:
            return self._bulk(batch, targets=[self.write_alias], op="create")

        def landed(batch: list[IndexableDocument], result: BulkResult) -> None:
            if result.failed:
                retry = create([doc for doc in batch if doc.id in result.failed])
                result.indexed += retry.indexed
                result.skipped |= retry.skipped
                result.failed = retry.failed
                failures.update(retry.failed)
            if on_indexed and not failures:
                on_indexed(batch, result)

        try:
            self.ensure_index()
            serving = self._aliases()
            if serving.rebuilding:
                raise RebuildInProgress(rebuild_in_progress_message(serving.rebuilding))
            self._create_index(new_index, with_alias=False, refresh_interval="-1")
            try:
                # From here every write reaches both indices (_targets); the rebuild's own writes only create.
                self.client.indices.update_aliases(actions=serving.start_rebuild(new_index))
                stream(batches, landed, send=create, senders=2, stop=lambda: bool(failures))
                if failures:
                    raise SearchUnavailable(
                        f"Rebuild abandoned, {len(failures)} documents failed: {failures}"
                    )
                # Nobody searches the new index until the swap, so it is filled without periodic refreshes.
                self.client.indices.put_settings(
                    index=new_index, settings={"index": {"refresh_interval": None}}
                )
                self.client.indices.refresh(index=new_index)
                self.client.indices.update_aliases(actions=serving.swap(new_index))
            except BaseException:
                self._drop_rebuild(new_index, serving)
                raise
            return new_index
        except (ESConnectionError, TransportError) as exc:
            raise _unavailable(exc) from exc

    def _drop_rebuild(self, new_index: str, serving: Aliases) -> None:
        """The serving index takes the writes alone again, and the new index goes (one atomic alias change)."""
        try:
            self.client.indices.update_aliases(actions=serving.drop_rebuild(new_index))
        except (ESConnectionError, TransportError, ApiError) as exc:
            logger.error(
                "Could not drop the unfinished index %s (%s); writes still reach both indices. "
                "Run manage.py search_index --abandon-rebuild once Elasticsearch answers.",
                new_index,
                exc,
            )

    def rebuild_in_progress(self) -> str | None:
        try:
            return self._aliases().rebuilding
        except (ESConnectionError, TransportError) as exc:
            raise _unavailable(exc) from exc

    def abandon_rebuild(self) -> str | None:
        try:
            aliases = self._aliases()
            if aliases.rebuilding:
                self.client.indices.update_aliases(actions=aliases.drop_rebuild(aliases.rebuilding))
            return aliases.rebuilding
        except (ESConnectionError, TransportError) as exc:
            raise _unavailable(exc) from exc

    # -- writes -----------------------------------------------------------------------------------

    def _bulk(self, documents: Iterable[IndexableDocument], **kwargs) -> BulkResult:
        return bulk_write(self.client, documents, **kwargs)

    def _write(self, documents: Iterable[IndexableDocument]) -> BulkResult:
        """A write in flight when a rebuild begins lands in the new index only; it is sent again, to both."""
        documents = list(documents)
        targets, expected = self._targets()
        result = self._bulk(documents, targets=targets, expected=expected)
        moved = [doc for doc in documents if result.failed.get(doc.id) == MOVED]
        if moved:
            targets, expected = self._targets()
            again = self._bulk(moved, targets=targets, expected=expected)
            result.failed = {i: why for i, why in result.failed.items() if why != MOVED} | again.failed
            result.indexed += again.indexed
        return result

    def index_documents(self, documents: Iterable[IndexableDocument]) -> BulkResult:
        try:
            return self._write(documents)
        except (ESConnectionError, TransportError) as exc:
            raise _unavailable(exc) from exc

    def index_stream(
        self,
        batches: Iterable[list[IndexableDocument]],
        on_indexed: Callable[[list[IndexableDocument], BulkResult], None],
    ) -> None:
        try:
            self.ensure_index()
            stream(batches, on_indexed, send=self._write, senders=2)
        except (ESConnectionError, TransportError) as exc:
            raise _unavailable(exc) from exc

    def delete_documents(self, document_ids: Sequence[int]) -> None:
        if not document_ids:
            return
        try:
            targets, expected = self._targets()
            moved = bulk_delete(self.client, document_ids, targets=targets, expected=expected)
            if moved:  # a rebuild began while they were deleted: delete them from both indices
                targets, expected = self._targets()
                bulk_delete(self.client, moved, targets=targets, expected=expected)
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
            if query.searches_words:
                searches += [{"index": self.alias}, self.build_query(query)]
            if query.vector:
                searches += [{"index": self.alias}, self.build_semantic_query(query)]
        answers = iter(self._msearch(searches))
        return [
            search_hits(
                query,
                next(answers) if query.searches_words else None,
                next(answers) if query.vector else None,
            )
            for query in queries
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

    # -- stored queries (es_percolator) -----------------------------------------------------------

    def register_queries(self, items: Sequence[StoredQuery]) -> None:
        try:
            es_percolator.register(self.client, self.query_index, list(items), replicas=self.replicas)
        except (ESConnectionError, TransportError) as exc:
            raise _unavailable(exc) from exc

    def unregister_queries(self, keys: Sequence[str]) -> None:
        try:
            es_percolator.unregister(self.client, self.query_index, list(keys))
        except (ESConnectionError, TransportError) as exc:
            raise _unavailable(exc) from exc

    def percolate(self, documents: Sequence[IndexableDocument]) -> dict[int, list[str]]:
        try:
            return es_percolator.percolate(self.client, self.query_index, list(documents))
        except (ESConnectionError, TransportError) as exc:
            raise _unavailable(exc) from exc
