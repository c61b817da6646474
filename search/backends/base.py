"""The search contract every backend implements, and the value types that cross it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ..passages import passage_spans
from ..stored_queries import StoredQuery


class SearchUnavailable(Exception):
    """The search service cannot be reached or did not answer; the caller should retry later."""


class SearchMisconfigured(Exception):
    """The search settings are wrong; the message says what to change."""


class RebuildInProgress(Exception):
    """Another rebuild is filling a new index; the message names it and says how to abandon it."""


def rebuild_in_progress_message(index_name: str) -> str:
    return (
        f"A rebuild into {index_name} has not finished (writes reach it and the serving index alike). If no "
        "rebuild is running any more, `manage.py search_index --abandon-rebuild` drops it."
    )


@dataclass(frozen=True)
class IndexableDocument:
    id: int
    title: str
    body: str
    url: str = ""
    source_id: int | None = None
    source_name: str = ""
    source_kind: str = ""
    reliability: float = 0.5
    published_at: datetime | None = None
    language: str = "en"
    external_key: str = ""
    embedding: tuple[float, ...] = ()
    """Unit-length sentence embedding of title and body; empty when embeddings are off (lexical only)."""
    passages: tuple[tuple[int, int], ...] = ()
    """(start, end) of each passage of the body; empty means "cut it at indexing" (see `spans`)."""
    passage_embeddings: tuple[tuple[float, ...], ...] = ()
    """One vector per passage (of the title and the passage), for the first MAX_PASSAGES passages."""
    by_passage: bool = True
    """False: the document is searched whole, never by its passages (the claim index, whose documents are one
    claim each): no passage is stored, indexed or encoded."""

    def spans(self) -> tuple[tuple[int, int], ...]:
        return self.passages or passage_spans(self.body)


@dataclass(frozen=True)
class EvidenceQuery:
    """What to look for: the claim's text plus the signals that sharpen the ranking."""

    text: str
    size: int = 10
    phrases: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    around_date: datetime | None = None
    date_window_days: int = 365
    exclude_urls: tuple[str, ...] = ()
    source_ids: tuple[int, ...] = ()
    source_kinds: tuple[str, ...] = ()
    boost_reliability: bool = True
    vector: tuple[float, ...] = ()
    """The claim's sentence embedding; when set, semantic similarity is fused into the lexical ranking."""
    by_words: bool = True
    """Off, with a vector: only the nearest by meaning (claims said again, where the rule reads the cosine
    alone). Elasticsearch then runs the kNN search only; the embedded backend, which has no vector index,
    still ranks its word matches by meaning."""
    passages: bool = True
    """Rank documents by their passages and return the best ones; off, documents are ranked whole and carry
    no passage (match_claims and fact-check matching, where a document is one fact-checked claim)."""

    @property
    def searches_words(self) -> bool:
        """Whether a words (BM25) search runs: always, except for a query by meaning alone that has a vector."""
        return self.by_words or not self.vector

    def describe(self) -> dict:
        """The query as stored with each candidate, so a fact-checker can see why it was found."""
        return {
            "text": self.text,
            "phrases": list(self.phrases),
            "entities": list(self.entities),
            "numbers": list(self.numbers),
            "around_date": self.around_date.date().isoformat() if self.around_date else None,
            "date_window_days": self.date_window_days if self.around_date else None,
            "exclude_urls": list(self.exclude_urls),
            "source_kinds": list(self.source_kinds),
            "boost_reliability": self.boost_reliability,
        }


@dataclass(frozen=True)
class Passage:
    """One passage shown for a hit: its offsets into the body, its text, its score and matched words."""

    start: int
    end: int
    text: str
    score: float
    highlights: tuple[tuple[int, int], ...] = ()
    lexical: float | None = None
    """BM25 of the passage against the claim (divided by the best passage's), or None if not matched."""
    semantic: float | None = None
    """Cosine similarity of the claim and the passage (with its title), or None without vectors."""


@dataclass(frozen=True)
class SearchHit:
    document_id: int
    score: float
    title: str
    passage: str
    passage_start: int
    passage_end: int
    highlights: tuple[tuple[int, int], ...] = field(default=())
    """Matched spans, as offsets into `passage`."""
    passages: tuple[Passage, ...] = ()
    """Every passage shown for this document, best first (the first is `passage`); empty for
    document-level searches (passages=False)."""
    semantic: float | None = None
    """Document-level searches with a vector: cosine similarity of the query and the document, or None
    when the semantic search did not return it (or the search had no vector)."""


@dataclass
class BulkResult:
    indexed: int = 0
    failed: dict[int, str] = field(default_factory=dict)
    skipped: set[int] = field(default_factory=set)
    """Rebuilds only: documents a write during the rebuild had already put in the new index, left as they are."""


class SearchBackend(ABC):
    """One search interface; the database stays the source of truth and the index is derived."""

    def __init__(self, *, index_prefix: str, url: str = "", timeout: float = 10.0):
        if not index_prefix or not index_prefix.replace("-", "").replace("_", "").isalnum():
            raise SearchMisconfigured(
                f"SEARCH_INDEX_PREFIX={index_prefix!r} must be letters, digits, '-' or '_'."
            )
        self.index_prefix = index_prefix.lower()
        self.url = url
        self.timeout = timeout

    @property
    def alias(self) -> str:
        """The read alias: searches go through it. Indexes made before the write alias keep their name."""
        return f"{self.index_prefix}-documents"

    @property
    def write_alias(self) -> str:
        """Where writes go: the serving index, and during a rebuild the new index too."""
        return f"{self.index_prefix}-documents-write"

    @abstractmethod
    def ensure_index(self) -> None:
        """Create the index behind the aliases if there is none; an index made before the write alias gets it."""

    @abstractmethod
    def index_documents(self, documents: Iterable[IndexableDocument]) -> BulkResult: ...

    def index_stream(
        self,
        batches: Iterable[list[IndexableDocument]],
        on_indexed: Callable[[list[IndexableDocument], BulkResult], None],
    ) -> None:
        """Index the batches in order and call `on_indexed(batch, result)` for each, on the caller's thread.

        Backends whose index lives outside the database may send one batch while the caller prepares the
        next; this default does one after the other.
        """
        for batch in batches:
            on_indexed(batch, self.index_documents(batch))

    @abstractmethod
    def delete_documents(self, document_ids: Sequence[int]) -> None: ...

    @abstractmethod
    def multi_search(self, queries: Sequence[EvidenceQuery]) -> list[list[SearchHit]]: ...

    def multi_search_encoding(
        self,
        queries: Sequence[EvidenceQuery],
        with_vectors: Callable[[list[EvidenceQuery]], list[EvidenceQuery]],
    ) -> list[list[SearchHit]]:
        """Search for queries whose embeddings `with_vectors` adds. A backend that can start the lexical
        searches while the claims are encoded does; this default encodes first."""
        return self.multi_search(with_vectors(list(queries)))

    def search(self, query: EvidenceQuery) -> list[SearchHit]:
        return self.multi_search([query])[0]

    @abstractmethod
    def refresh(self) -> None:
        """Make everything indexed so far visible to searches."""

    @abstractmethod
    def reset(self) -> None:
        """Drop every index of this prefix and create an empty one (tests, demo)."""

    @abstractmethod
    def rebuild(
        self,
        batches: Iterable[list[IndexableDocument]],
        on_indexed: Callable[[list[IndexableDocument], BulkResult], None] | None = None,
    ) -> str:
        """Fill a new versioned index from the batches, then swap the read alias to it; returns its name.

        From the start of the rebuild to the swap, every write and delete reaches both the serving index and
        the new one, and the rebuild never replaces a document such a write has put in the new index (it
        reports it in `BulkResult.skipped`): a batch read before an edit may reach the index after the edit's
        own write. `on_indexed(batch, result)` runs on the caller's thread once a batch is in the new index,
        before the swap. If anything fails, the new index is dropped and the serving index keeps every write.
        Raises RebuildInProgress if another rebuild has not finished.
        """

    @abstractmethod
    def rebuild_in_progress(self) -> str | None:
        """The index a rebuild is filling, or None."""

    @abstractmethod
    def abandon_rebuild(self) -> str | None:
        """Drop the index of a rebuild that was interrupted (its process died); returns its name, or None."""

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def health(self) -> dict:
        """{"ok": bool, "backend": name, ...}; never raises."""

    # -- stored queries (percolation): search/stored_queries.py has the rule both backends apply ----------

    @property
    def query_index(self) -> str:
        """Where stored queries live, apart from the documents; reset() empties it, rebuilds leave it."""
        return f"{self.index_prefix}-claim-queries"

    @abstractmethod
    def register_queries(self, items: Sequence[StoredQuery]) -> None:
        """Store these queries under their keys, replacing what a key had."""

    @abstractmethod
    def unregister_queries(self, keys: Sequence[str]) -> None:
        """Forget the queries of these keys (a key not stored is no error)."""

    @abstractmethod
    def percolate(self, documents: Sequence[IndexableDocument]) -> dict[int, list[str]]:
        """For each document, the keys of the stored queries it matches, sorted."""
