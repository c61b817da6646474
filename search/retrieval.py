"""Turn a claim into an evidence query: its words, the names and numbers in it, and its article's date."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from django.conf import settings

from . import embeddings
from .backends import EvidenceQuery, SearchHit, get_backend
from .querytext import clean_query

QUOTED_RE = re.compile(r"[\"“]([^\"”]{6,120})[\"”]")
NUMBER_RE = re.compile(r"(?<![\w.])\d{1,3}(?:[,\d]{0,12})(?:\.\d+)?%?")
# A run of capitalised words, allowing short joiners ("Bank of England", "Lt. Gen. Pat White").
ENTITY_RE = re.compile(r"\b(?:[A-Z][\w'’\-]*\.?)(?:\s+(?:of|the|de|al|and|for)?\s*[A-Z][\w'’\-]*\.?)*")
FEW_CLAIMS = 4
SENTENCE_STARTERS = frozenset(
    "The A An This That These Those It He She They We I In On At But And Or If While As".split()
)


def entities_in(text: str) -> tuple[str, ...]:
    found = []
    for m in ENTITY_RE.finditer(text):
        candidate = m.group(0).strip().rstrip(".")
        words = candidate.split()
        if m.start() == 0 or text[max(0, m.start() - 2) : m.start()].strip() in {".", "!", "?", '"', "“"}:
            while words and words[0] in SENTENCE_STARTERS:
                words = words[1:]
        candidate = " ".join(words)
        if len(candidate) > 2 and candidate not in found:
            found.append(candidate)
    return tuple(found[:8])


def numbers_in(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.group(0).rstrip(",") for m in NUMBER_RE.finditer(text)))[:6]


def query_for_claim(
    text: str,
    *,
    article_url: str = "",
    article_date: datetime | None = None,
    size: int | None = None,
    source_kinds: tuple[str, ...] = (),
    source_ids: tuple[int, ...] = (),
) -> EvidenceQuery:
    """The evidence query for a claim: its cleaned words (search/querytext.py), names, numbers and date."""
    workbench = settings.WORKBENCH
    text = clean_query(text) or text.strip()
    return EvidenceQuery(
        text=text,
        size=size or workbench["EVIDENCE_TOP_K"],
        phrases=tuple(m.group(1).strip() for m in QUOTED_RE.finditer(text))[:3],
        entities=entities_in(text),
        numbers=numbers_in(text),
        around_date=article_date,
        date_window_days=workbench["EVIDENCE_DATE_WINDOW_DAYS"],
        exclude_urls=(article_url,) if article_url else (),
        source_kinds=source_kinds,
        source_ids=source_ids,
    )


def with_vectors(queries: Sequence[EvidenceQuery], *, threads: int | None = None) -> list[EvidenceQuery]:
    """The queries with their claim embeddings (one batch), or unchanged when embeddings are off."""
    texts = list(dict.fromkeys(q.text for q in queries if not q.vector and q.text))
    vectors = embeddings.embed(texts, threads=threads) if texts else None
    if not vectors:
        return list(queries)
    by_text = dict(zip(texts, vectors, strict=True))  # a claim's evidence and fact-check queries share one
    return [q if q.vector or not q.text else replace(q, vector=by_text[q.text]) for q in queries]


def search_evidence(queries: list[EvidenceQuery]) -> list[list[SearchHit]]:
    """One round trip for many claims (multi-search on Elasticsearch), re-ranked semantically when on.

    The lexical searches run while the claims are encoded. Up to FEW_CLAIMS claims are encoded on one CPU
    thread, leaving the other to the search engine: on two cores that cut a claim's wait by a fifth.
    """
    threads = 1 if len({q.text for q in queries}) <= FEW_CLAIMS else None
    return get_backend().multi_search_encoding(queries, lambda qs: with_vectors(qs, threads=threads))


def search_corpus(text: str, *, size: int = 10) -> list[SearchHit]:
    """A fact-checker's own search from the claim page."""
    text = text.strip()[:500]
    if not text:
        return []
    query = EvidenceQuery(text=text, size=size, entities=entities_in(text), numbers=numbers_in(text))
    if embeddings.loading():  # a person is waiting: answer by words now, not after the load
        return get_backend().multi_search([query])[0]
    return search_evidence([query])[0]
