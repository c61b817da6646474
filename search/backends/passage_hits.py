"""A ranked document and its passages as the hit both backends return, with the claim's words marked."""

from __future__ import annotations

from ..analysis import highlight_spans
from ..passages import query_terms
from ..ranking import RankedDocument
from .base import EvidenceQuery, Passage, SearchHit


def passage_hit(query: EvidenceQuery, ranked: RankedDocument, *, title: str, body: str) -> SearchHit:
    wanted = query_terms(query.text)
    passages = tuple(
        Passage(
            start=p.start,
            end=p.end,
            text=body[p.start : p.end],
            score=round(score, 6),
            highlights=highlight_spans(body[p.start : p.end], wanted),
            lexical=p.lexical,
            semantic=p.semantic,
        )
        for score, p in ranked.passages
    )
    best = passages[0]
    return SearchHit(
        document_id=ranked.document.document_id,
        score=round(ranked.score, 6),
        title=title,
        passage=best.text,
        passage_start=best.start,
        passage_end=best.end,
        highlights=best.highlights,
        passages=passages,
    )
