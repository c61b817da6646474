"""manage.py find_evidence CLAIMS.tsv --source NAME [--top 5]: each claim's evidence, graded, as JSON lines."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from claims.services.evidence_assessment import evidence_for_texts
from search.backends import SearchUnavailable
from search.selectors.documents import document_keys
from search.selectors.matching import read_claims
from search.selectors.sources import source_by_name

BATCH = 32


class Command(BaseCommand):
    help = (
        "Read id<TAB>text lines (a header row is skipped) and print, for each claim, its evidence strength and "
        "its candidates with their passages and suggested stances, through the evidence task's own query, "
        "multi-search and grading."
    )

    def add_arguments(self, parser):
        parser.add_argument("claims", help="TSV file of id<TAB>text lines, or - for standard input.")
        parser.add_argument("--source", action="append", help="Only this source's documents (repeatable).")
        parser.add_argument("--top", type=int, default=5, help="Documents per claim (default 5).")
        parser.add_argument("--format", choices=("jsonl",), default="jsonl")

    def handle(self, *args, claims, source, top, format, **options):
        if not 1 <= top <= 100:
            raise CommandError("--top must be between 1 and 100.")
        source_ids = []
        for name in source or ():
            found = source_by_name(name=name)
            if found is None:
                raise CommandError(f"No source named {name!r}; import one with manage.py import_documents.")
            source_ids.append(found.id)
        try:
            handle = sys.stdin if claims == "-" else open(claims, encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        try:
            batch: list[tuple[str, str]] = []
            for claim in read_claims(handle):
                batch.append(claim)
                if len(batch) >= BATCH:
                    self._write(batch, tuple(source_ids), top)
                    batch = []
            if batch:
                self._write(batch, tuple(source_ids), top)
        except UnicodeDecodeError as exc:
            raise CommandError(f"{claims} is not UTF-8 text: {exc}") from exc
        except SearchUnavailable as exc:
            raise CommandError(f"Search is unavailable: {exc}") from exc
        finally:
            if handle is not sys.stdin:
                handle.close()

    def _write(self, batch: list[tuple[str, str]], source_ids: tuple[int, ...], top: int) -> None:
        found = evidence_for_texts([text for _, text in batch], source_ids=source_ids, size=top)
        ids = {c.hit.document_id for evidence in found for c in evidence.candidates}
        keys = document_keys(document_ids=ids)
        for (claim_id, _), evidence in zip(batch, found, strict=True):
            candidates = [c for c in evidence.candidates if c.hit.document_id in keys]
            record = {
                "id": claim_id,
                "strength": evidence.strength,
                "relevance": round(candidates[0].relevance, 4) if candidates else None,
                "candidates": [
                    {
                        "external_key": keys[c.hit.document_id],
                        "rank": rank,
                        "score": c.hit.score,
                        "relevance": round(c.relevance, 4),
                        "passage": c.passages[0].passage.text,
                        "start": c.passages[0].passage.start,
                        "end": c.passages[0].passage.end,
                        "stance": c.passages[0].stance.stance,
                        "stance_confidence": _confidence(c.passages[0].stance),
                        "passages": [
                            {
                                "passage": p.passage.text,
                                "start": p.passage.start,
                                "end": p.passage.end,
                                "score": p.passage.score,
                                "relevance": round(p.relevance, 4),
                                "stance": p.stance.stance,
                                "stance_confidence": _confidence(p.stance),
                                "stance_shown": p.stance.shown,
                            }
                            for p in c.passages
                        ],
                    }
                    for rank, c in enumerate(candidates, start=1)
                ],
            }
            self.stdout.write(json.dumps(record, ensure_ascii=False))


def _confidence(hint) -> float | None:
    """A passage further down a document gets no hint of its own (evidence_assessment.STANCE_HINTS)."""
    return round(hint.confidence, 4) if hint.stance else None
