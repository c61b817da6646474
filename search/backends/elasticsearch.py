"""The Elasticsearch backend: explicit mapping, versioned indices behind an alias, bulk writes, multi-search."""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import replace
from datetime import datetime

from elasticsearch import ApiError, Elasticsearch, TransportError, helpers
from elasticsearch import ConnectionError as ESConnectionError

from .. import embeddings, ranking
from ..analysis import best_passage
from .base import BulkResult, EvidenceQuery, IndexableDocument, SearchBackend, SearchHit, SearchUnavailable

logger = logging.getLogger(__name__)


INDEX_SETTINGS = {
    "number_of_shards": 1,
    "number_of_replicas": 0,
    "analysis": {
        "filter": {"english_stop": {"type": "stop", "stopwords": "_english_"}},
        "analyzer": {
            # English analysis; the stemmer and possessive filters come from the project's analysis plugin
            # (services/elasticsearch), because the distribution on Maven Central ships without analysis-common.
            "english_text": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": [
                    "workbench_english_possessive",
                    "lowercase",
                    "workbench_asciifolding",
                    "english_stop",
                    "workbench_english_stem",
                ],
            },
            "exact_text": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "workbench_asciifolding"],
            },
        },
    },
}

# Cosine similarity over unit vectors; HNSW so the semantic candidates come from the whole index. Float
# vectors, not 8.14's default int8 quantisation: its rounding reorders near-identical documents.
EMBEDDING_MAPPING = {
    "type": "dense_vector",
    "dims": embeddings.DIMS,
    "index": True,
    "similarity": "cosine",
    "index_options": {"type": "hnsw", "m": 16, "ef_construction": 100},
}

SOURCE_FIELDS = ["title", "body", "reliability", "published_at"]
RESCORE_WINDOW = 100
"""BM25 hits per search that the phrase, name and number boosts and the source and date factors reorder."""
PHRASE_MAX_WORDS = 30
"""Longer texts (a whole post) are not looked for as one near-verbatim phrase: slow, and never matched."""

INDEX_MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "title": {
            "type": "text",
            "analyzer": "english_text",
            "fields": {
                "exact": {"type": "text", "analyzer": "exact_text"},
                "keyword": {"type": "keyword", "ignore_above": 512},
            },
        },
        "body": {
            "type": "text",
            "analyzer": "english_text",
            "fields": {"exact": {"type": "text", "analyzer": "exact_text"}},
        },
        "url": {"type": "keyword"},
        "source_id": {"type": "long"},
        "source_name": {"type": "keyword"},
        "source_kind": {"type": "keyword"},
        "reliability": {"type": "float"},
        "reliability_boost": {"type": "float"},
        "published_at": {"type": "date"},
        "language": {"type": "keyword"},
        "external_key": {"type": "keyword"},
        "embedding": EMBEDDING_MAPPING,
    },
}


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

    @staticmethod
    def _source(doc: IndexableDocument) -> dict:
        return {
            "title": doc.title,
            "body": doc.body,
            "url": doc.url,
            "source_id": doc.source_id,
            "source_name": doc.source_name,
            "source_kind": doc.source_kind,
            "reliability": doc.reliability,
            "reliability_boost": ranking.RELIABILITY_BASE + doc.reliability,
            "published_at": doc.published_at.isoformat() if doc.published_at else None,
            "language": doc.language,
            "external_key": doc.external_key,
            **({"embedding": list(doc.embedding)} if doc.embedding else {}),
        }

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
        """The lexical search; `fused` (default: the query has a vector) fetches enough hits to fuse with kNN's."""
        # BM25 over title and body (the better field counts, the other half), plus small boosts for the claim
        # as a near-verbatim phrase, its quoted phrases, names and numbers. Weights were tuned on the
        # CheckThat! 2020 claim-retrieval train tweets: heavier name and title boosts made ranking worse.
        # The boosts and the source and date factors only reorder the best BM25 hits (rescores): phrase
        # matching and function scores over every match kept Elasticsearch from skipping the documents that
        # cannot make the top, and on a million documents cost more than the BM25 search itself.
        exact = ["title.exact", "body.exact"]
        boosts: list[dict] = []
        if len(query.text.split()) <= PHRASE_MAX_WORDS:
            boosts.append(
                {
                    "multi_match": {
                        "query": query.text,
                        "type": "phrase",
                        "slop": 8,
                        "fields": exact,
                        "boost": 0.5,
                    }
                }
            )
        boosts += [
            {"multi_match": {"query": p, "type": "phrase", "slop": 2, "fields": exact, "boost": 0.3}}
            for p in query.phrases
        ]
        boosts += [
            {"multi_match": {"query": e, "type": "phrase", "fields": exact, "boost": 0.3}}
            for e in query.entities
        ]
        boosts += [{"multi_match": {"query": n, "fields": exact, "boost": 0.2}} for n in query.numbers]
        words = {
            "multi_match": {
                "query": query.text,
                "fields": ["title", "body"],
                "type": "best_fields",
                "tie_breaker": 0.5,
            }
        }
        bool_query: dict = {"must": [words]}
        filters = []
        if query.source_ids:
            filters.append({"terms": {"source_id": list(query.source_ids)}})
        if query.source_kinds:
            filters.append({"terms": {"source_kind": list(query.source_kinds)}})
        if filters:
            bool_query["filter"] = filters
        if query.exclude_urls:
            bool_query["must_not"] = [{"terms": {"url": list(query.exclude_urls)}}]
        size = (
            ranking.candidates_for(query) if (bool(query.vector) if fused is None else fused) else query.size
        )
        window = max(RESCORE_WINDOW, size)
        rescore = (
            [self._rescore(window, {"bool": {"should": boosts}}, mode="total")] if boosts else []
        )  # BM25 + boosts
        factors = self._factors(query)
        if factors:  # (BM25 + boosts) x factors
            scored = {
                "function_score": {"functions": factors, "score_mode": "multiply", "boost_mode": "replace"}
            }
            rescore.append(self._rescore(window, scored, mode="multiply"))
        body = {
            "query": {"bool": bool_query},
            "size": size,
            "_source": SOURCE_FIELDS,
            "track_total_hits": False,
        }
        return body | ({"rescore": rescore} if rescore else {})

    @staticmethod
    def _rescore(window: int, rescore_query: dict, *, mode: str) -> dict:
        return {
            "window_size": window,
            "query": {
                "rescore_query": rescore_query,
                "query_weight": 1.0,
                "rescore_query_weight": 1.0,
                "score_mode": mode,
            },
        }

    @staticmethod
    def _factors(query: EvidenceQuery) -> list[dict]:
        """The source's reliability, and a weight for a date inside the article's window."""
        functions = []
        if query.boost_reliability:
            functions.append({"field_value_factor": {"field": "reliability_boost", "missing": 1.0}})
        if query.around_date:
            days = f"{query.date_window_days}d"
            origin = query.around_date.isoformat()
            functions.append(
                {
                    "filter": {
                        "range": {"published_at": {"gte": f"{origin}||-{days}", "lte": f"{origin}||+{days}"}}
                    },
                    "weight": ranking.IN_WINDOW_WEIGHT,
                }
            )
        return functions

    def build_semantic_query(self, query: EvidenceQuery) -> dict:
        """The documents nearest to the claim's embedding, under the same filters as the lexical query."""
        k = ranking.candidates_for(query)
        knn: dict = {
            "field": "embedding",
            "query_vector": list(query.vector),
            "k": k,
            "num_candidates": max(100, 2 * k),
        }
        restrict: dict = {}
        if query.source_ids:
            restrict.setdefault("filter", []).append({"terms": {"source_id": list(query.source_ids)}})
        if query.source_kinds:
            restrict.setdefault("filter", []).append({"terms": {"source_kind": list(query.source_kinds)}})
        if query.exclude_urls:
            restrict["must_not"] = [{"terms": {"url": list(query.exclude_urls)}}]
        if restrict:
            knn["filter"] = {"bool": restrict}
        return {"knn": knn, "size": k, "_source": SOURCE_FIELDS}

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
            self._results(query, next(answers), next(answers) if query.vector else None) for query in queries
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
                self._results(query, answer, None)
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
            self._results(query, answer, next(semantic_answers) if query.vector else None)
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

    def _results(self, query: EvidenceQuery, lexical: dict, semantic: dict | None) -> list[SearchHit]:
        lexical_hits = self._raw_hits(query, lexical)
        if semantic is None:
            return [self._hit(raw, query) for raw in lexical_hits[: query.size]]
        return self._fused(query, lexical_hits, self._raw_hits(query, semantic))

    @staticmethod
    def _raw_hits(query: EvidenceQuery, item: dict) -> list[dict]:
        if "error" in item:
            if item.get("status") == 404:
                return []
            if item.get("status", 500) >= 500:
                raise SearchUnavailable(f"Elasticsearch failed a search: {item['error']}")
            raise ValueError(f"Elasticsearch rejected the query for {query.text[:60]!r}: {item['error']}")
        return item["hits"]["hits"]

    def _fused(self, query: EvidenceQuery, lexical: list[dict], semantic: list[dict]) -> list[SearchHit]:
        """Lexical and semantic candidates, fused into one ranking (search/ranking.py)."""
        raw_by_id: dict[int, dict] = {}
        candidates: dict[int, ranking.Candidate] = {}
        for raw in lexical:
            doc_id = int(raw["_id"])
            raw_by_id[doc_id] = raw
            candidates[doc_id] = ranking.Candidate(
                doc_id, lexical=float(raw["_score"] or 0.0), factor=self._factor(query, raw)
            )
        for raw in semantic:
            doc_id = int(raw["_id"])
            raw_by_id.setdefault(doc_id, raw)
            candidate = candidates.setdefault(
                doc_id, ranking.Candidate(doc_id, factor=self._factor(query, raw))
            )
            candidate.semantic = 2.0 * float(raw["_score"] or 0.0) - 1.0  # ES scores cosine as (1 + cos) / 2
        fused = ranking.fuse(
            list(candidates.values()), lexical_complete=len(lexical) < ranking.candidates_for(query)
        )
        hits = []
        for score, candidate in fused[: query.size]:
            raw = raw_by_id[candidate.document_id]
            hits.append(replace(self._hit(raw, query), score=round(score, 6)))
        return hits

    @staticmethod
    def _factor(query: EvidenceQuery, raw: dict) -> float:
        source = raw["_source"]
        published = source.get("published_at")
        return ranking.boost(
            query,
            reliability=source.get("reliability"),
            published_at=datetime.fromisoformat(published) if published else None,
        )

    @staticmethod
    def _hit(raw: dict, query: EvidenceQuery) -> SearchHit:
        # The passage comes from search/analysis.py, as on the embedded backend: Elasticsearch's highlighter
        # would analyse every hit's body again and cost more than the search itself.
        body = raw["_source"].get("body", "")
        start, end, highlights = best_passage(body, query.text) if query.passages else (0, 0, ())
        return SearchHit(
            document_id=int(raw["_id"]),
            score=round(float(raw["_score"] or 0.0), 6),
            title=raw["_source"].get("title", ""),
            passage=body[start:end],
            passage_start=start,
            passage_end=end,
            highlights=highlights,
        )

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
