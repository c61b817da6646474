"""The zero-setup backend: the database is the search engine (SQLite FTS5, or PostgreSQL full-text)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence

from django.db import DatabaseError, IntegrityError, connection, transaction

from .. import embeddings, ranking
from ..analysis import search_text, terms
from ..models import EmbeddedIndexAlias, EmbeddedIndexEntry
from ..passages import best_passage
from ..stored_queries import StoredQuery
from . import embedded_percolator
from .base import (
    BulkResult,
    EvidenceQuery,
    IndexableDocument,
    RebuildInProgress,
    SearchBackend,
    SearchHit,
    rebuild_in_progress_message,
)
from .embedded_passages import passage_hits
from .embedded_vectors import VECTOR_CACHE_SIZE, VectorCache, packed

FTS_TABLE = "search_embedded_fts"
CANDIDATE_FACTOR = 5


_vector_cache = VectorCache(VECTOR_CACHE_SIZE)


def ensure_fts_table(schema_connection=connection) -> None:
    """SQLite keeps its FTS5 table beside the entries; PostgreSQL indexes the entries' text with GIN."""
    with schema_connection.cursor() as cursor:
        if schema_connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(search_text, tokenize='unicode61')"
            )
        elif schema_connection.vendor == "postgresql":
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS search_embedded_entry_fts ON search_embeddedindexentry "
                "USING GIN (to_tsvector('simple', search_text))"
            )


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    def _indices(self) -> tuple[str, str]:
        """(the index reads come from, the index the write alias points at); they differ during a rebuild."""
        aliases = EmbeddedIndexAlias.objects.filter(alias__in=[self.alias, self.write_alias])
        rows = dict(aliases.values_list("alias", "index_name"))
        if len(rows) < 2:
            self.ensure_index()
            rows = dict(aliases.values_list("alias", "index_name"))
        return rows[self.alias], rows[self.write_alias]

    def _current_index(self) -> str:
        return self._indices()[0]

    def _write_targets(self) -> list[str]:
        return sorted(set(self._indices()))

    def ensure_index(self) -> None:
        ensure_fts_table()
        read, _ = EmbeddedIndexAlias.objects.get_or_create(
            alias=self.alias, defaults={"index_name": f"{self.alias}-v1"}
        )
        # An index made before the write alias: writes go where reads come from.
        EmbeddedIndexAlias.objects.get_or_create(
            alias=self.write_alias, defaults={"index_name": read.index_name}
        )

    def index_documents(self, documents: Iterable[IndexableDocument]) -> BulkResult:
        return self._write(self._write_targets(), list(documents))

    def _write(
        self, index_names: list[str], documents: list[IndexableDocument], *, create_only: bool = False
    ) -> BulkResult:
        result = BulkResult()
        documents = list(embeddings.with_embeddings(documents))  # encoded before the transaction opens
        with transaction.atomic():
            for doc in documents:
                written = [self._put(name, doc, create_only=create_only) for name in index_names]
                if all(written):
                    result.indexed += 1
                else:
                    result.skipped.add(doc.id)
        return result

    def _put(self, index_name: str, doc: IndexableDocument, *, create_only: bool) -> bool:
        """Write one entry; with `create_only`, an entry already there is left as it is (returns False)."""
        fields = {
            "title": doc.title,
            "body": doc.body,
            "url": doc.url,
            "source_id": doc.source_id,
            "source_name": doc.source_name,
            "source_kind": doc.source_kind,
            "reliability": doc.reliability,
            "published_at": doc.published_at,
            "language": doc.language,
            "external_key": doc.external_key,
            "search_text": search_text(doc.title, doc.body),
            "passages": [list(span) for span in doc.spans()] if doc.by_passage else [],
            "vectors": packed(doc),
        }
        if not create_only:
            entry, _ = EmbeddedIndexEntry.objects.update_or_create(
                index_name=index_name, document_id=doc.id, defaults=fields
            )
        elif EmbeddedIndexEntry.objects.filter(index_name=index_name, document_id=doc.id).exists():
            return False
        else:
            try:
                with transaction.atomic():
                    entry = EmbeddedIndexEntry.objects.create(
                        index_name=index_name, document_id=doc.id, **fields
                    )
            except IntegrityError:  # a write during the rebuild created it a moment ago
                return False
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [entry.id])
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (%s, %s)",
                    [entry.id, entry.search_text],
                )
        return True

    def delete_documents(self, document_ids: Sequence[int]) -> None:
        entries = EmbeddedIndexEntry.objects.filter(
            index_name__in=self._write_targets(), document_id__in=list(document_ids)
        )
        self._drop_entries(entries)

    def _drop_entries(self, entries) -> None:
        with transaction.atomic():
            if connection.vendor == "sqlite":
                ids = list(entries.values_list("id", flat=True))
                with connection.cursor() as cursor:
                    for start in range(0, len(ids), 500):
                        chunk = ids[start : start + 500]
                        cursor.execute(
                            f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({','.join(['%s'] * len(chunk))})", chunk
                        )
            entries.delete()

    def multi_search(self, queries: Sequence[EvidenceQuery]) -> list[list[SearchHit]]:
        index_name = self._current_index()
        return [self._search_one(index_name, query) for query in queries]

    def _search_one(self, index_name: str, query: EvidenceQuery) -> list[SearchHit]:
        wanted = list(dict.fromkeys(terms(" ".join([query.text, *query.entities, *query.phrases]))))
        if not wanted:
            return []
        limit = query.size * CANDIDATE_FACTOR + len(query.exclude_urls)
        if query.vector:
            limit = max(limit, ranking.candidates_for(query) + len(query.exclude_urls))
        scored = self._text_scores(index_name, wanted, limit)
        entries = EmbeddedIndexEntry.objects.in_bulk([entry_id for entry_id, _ in scored])
        excluded = set(query.exclude_urls)
        hits = []
        for entry_id, text_score in scored:
            entry = entries.get(entry_id)
            if entry is None or entry.url in excluded:
                continue
            if query.source_ids and entry.source_id not in query.source_ids:
                continue
            if query.source_kinds and entry.source_kind not in query.source_kinds:
                continue
            factor = ranking.boost(query, reliability=entry.reliability, published_at=entry.published_at)
            hits.append((text_score * factor, entry))
        hits.sort(key=lambda pair: (-pair[0], pair[1].document_id))
        if query.passages:
            return passage_hits(query, hits, _vector_cache, lexical_complete=len(scored) < limit)
        ranked = [(score, entry, None) for score, entry in hits]
        if query.vector and hits:
            ranked = self._fused(query, hits, lexical_complete=len(scored) < limit)
        results = []
        for score, entry, semantic in ranked[: query.size]:
            start, end, highlights = best_passage(entry.body, query.text) if query.passages else (0, 0, ())
            results.append(
                SearchHit(
                    document_id=entry.document_id,
                    score=round(score, 6),
                    title=entry.title,
                    passage=entry.body[start:end],
                    passage_start=start,
                    passage_end=end,
                    highlights=highlights,
                    semantic=None if semantic is None else round(semantic, 6),
                )
            )
        return results

    @staticmethod
    def _fused(query: EvidenceQuery, hits: list, *, lexical_complete: bool) -> list:
        """Re-rank the lexical candidates with the claim's embedding (search/ranking.py)."""
        vectors = _vector_cache.get_many([entry for _, entry in hits])
        if vectors is None:
            return [(score, entry, None) for score, entry in hits]
        entries = {entry.document_id: entry for _, entry in hits}
        candidates = [
            ranking.Candidate(
                entry.document_id,
                lexical=score,
                semantic=sum(a * b for a, b in zip(query.vector, vector, strict=True)),
                factor=ranking.boost(query, reliability=entry.reliability, published_at=entry.published_at),
            )
            for (score, entry), vector in zip(hits, vectors, strict=True)
        ]
        fused = ranking.fuse(candidates, lexical_complete=lexical_complete)
        return [(score, entries[c.document_id], c.semantic) for score, c in fused]

    def _text_scores(self, index_name: str, wanted: list[str], limit: int) -> list[tuple[int, float]]:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                match = " OR ".join('"' + term.replace('"', "") + '"' for term in wanted)
                cursor.execute(
                    f"SELECT e.id, -bm25({FTS_TABLE}) AS s FROM {FTS_TABLE} "
                    f"JOIN search_embeddedindexentry e ON e.id = {FTS_TABLE}.rowid "
                    f"WHERE {FTS_TABLE} MATCH %s AND e.index_name = %s ORDER BY s DESC LIMIT %s",
                    [match, index_name, limit],
                )
            else:
                tsquery = " | ".join("'" + term.replace("'", "").replace("\\", "") + "'" for term in wanted)
                cursor.execute(
                    "SELECT e.id, ts_rank_cd(to_tsvector('simple', e.search_text), q, 1) AS s "
                    "FROM search_embeddedindexentry e, to_tsquery('simple', %s) q "
                    "WHERE e.index_name = %s AND to_tsvector('simple', e.search_text) @@ q "
                    "ORDER BY s DESC LIMIT %s",
                    [tsquery, index_name, limit],
                )
            return [(row[0], float(row[1])) for row in cursor.fetchall()]

    def refresh(self) -> None:
        """Writes are visible once committed."""

    def reset(self) -> None:
        ensure_fts_table()
        self._drop_entries(EmbeddedIndexEntry.objects.filter(index_name__startswith=f"{self.alias}-"))
        EmbeddedIndexAlias.objects.filter(alias__in=[self.alias, self.write_alias]).delete()
        embedded_percolator.clear(self.query_index)
        self.ensure_index()

    def rebuild(
        self,
        batches: Iterable[list[IndexableDocument]],
        on_indexed: Callable[[list[IndexableDocument], BulkResult], None] | None = None,
    ) -> str:
        serving, writing = self._indices()
        if writing != serving:
            raise RebuildInProgress(rebuild_in_progress_message(writing))
        new_index = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1000000}"
        # From here every write reaches both indices (_write_targets); the rebuild's own writes only create.
        EmbeddedIndexAlias.objects.filter(alias=self.write_alias).update(index_name=new_index)
        try:
            for batch in batches:
                result = self._write([new_index], batch, create_only=True)
                if on_indexed:
                    on_indexed(batch, result)
            EmbeddedIndexAlias.objects.filter(alias=self.alias).update(index_name=new_index)
        except BaseException:
            self._drop_rebuild(new_index, serving)
            raise
        # The old index, and entries a write sent to it after the swap, go.
        self._drop_entries(
            EmbeddedIndexEntry.objects.filter(index_name__startswith=f"{self.alias}-").exclude(
                index_name=new_index
            )
        )
        return new_index

    def _drop_rebuild(self, new_index: str, serving: str) -> None:
        EmbeddedIndexAlias.objects.filter(alias=self.write_alias).update(index_name=serving)
        self._drop_entries(EmbeddedIndexEntry.objects.filter(index_name=new_index))

    def rebuild_in_progress(self) -> str | None:
        serving, writing = self._indices()
        return writing if writing != serving else None

    def abandon_rebuild(self) -> str | None:
        unfinished = self.rebuild_in_progress()
        if unfinished:
            self._drop_rebuild(unfinished, self._current_index())
        return unfinished

    def count(self) -> int:
        return EmbeddedIndexEntry.objects.filter(index_name=self._current_index()).count()

    def health(self) -> dict:
        try:
            return {"ok": True, "backend": self.name, "documents": self.count()}
        except DatabaseError as exc:
            return {"ok": False, "backend": self.name, "error": str(exc)}

    def register_queries(self, items: Sequence[StoredQuery]) -> None:
        embedded_percolator.register(self.query_index, items)

    def unregister_queries(self, keys: Sequence[str]) -> None:
        embedded_percolator.unregister(self.query_index, keys)

    def percolate(self, documents: Sequence[IndexableDocument]) -> dict[int, list[str]]:
        return embedded_percolator.percolate(self.query_index, documents)
