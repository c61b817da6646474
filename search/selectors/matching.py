"""Match claims given as text to the documents of one source (earlier fact-checks), as the evidence task does."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from ..models import Document, Source
from ..retrieval import query_for_claim, search_evidence

BATCH = 32
ID_RE = re.compile(r"^[\w.:-]{1,100}$")


@dataclass(frozen=True)
class Match:
    claim_id: str
    rank: int
    document_id: int
    key: str
    """The document's external key, or its id when it has none."""
    score: float


def read_claims(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(id, text) pairs from `id<TAB>text` lines; a first line whose id is not id-like is a header."""
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_MINIMAL)
    for number, row in enumerate(reader, start=1):
        if not row or not any(cell.strip() for cell in row):
            continue
        claim_id, text = row[0].strip(), "\t".join(row[1:]).strip()
        if number == 1 and (
            not ID_RE.match(claim_id) or claim_id.lower() in {"id", "tweet_id", "claim_id", "qid"}
        ):
            continue
        if claim_id and text:
            yield claim_id, text


def claims_match(
    *,
    claims: Iterable[tuple[str, str]],
    source: Source,
    top: int = 20,
    batch: int = BATCH,
    on_batch: Callable[[int], None] | None = None,
) -> Iterator[Match]:
    """Rank the source's documents for each claim, through the evidence task's query and multi-search.

    Claims are searched `batch` at a time in one multi-search each; results come back in input order.
    """
    pending: list[tuple[str, str]] = []
    for claim in claims:
        pending.append(claim)
        if len(pending) >= batch:
            yield from _match_batch(pending, source=source, top=top)
            if on_batch:
                on_batch(len(pending))
            pending = []
    if pending:
        yield from _match_batch(pending, source=source, top=top)
        if on_batch:
            on_batch(len(pending))


def _match_batch(claims: list[tuple[str, str]], *, source: Source, top: int) -> Iterator[Match]:
    queries = [
        replace(query_for_claim(text, size=top, source_ids=(source.id,)), passages=False)
        for _, text in claims
    ]
    results = search_evidence(queries)
    ids = {hit.document_id for hits in results for hit in hits}
    keys = dict(Document.objects.filter(id__in=ids).values_list("id", "external_key"))
    for (claim_id, _), hits in zip(claims, results, strict=True):
        rank = 0
        for hit in hits:
            if hit.document_id not in keys:  # deleted since it was indexed
                continue
            rank += 1
            yield Match(
                claim_id, rank, hit.document_id, keys[hit.document_id] or str(hit.document_id), hit.score
            )


def trec_line(match: Match, *, tag: str) -> str:
    return f"{match.claim_id} Q0 {match.key} {match.rank} {match.score:.6f} {tag}"
