"""Is this claim already fact-checked? Match it against earlier fact-checks, suggest or link, and let reviewers decide."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from search.analysis import TOKEN_RE, terms
from search.backends import EvidenceQuery, SearchHit
from search.models import Document

from ..models import Claim, FactCheckMatch, MatchStatus, RelevanceJudgment
from .claim_units import stems
from .common import WorkflowError, require
from .records import audit

MATCHES_PER_CLAIM = 3
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?")
POSSESSIVE_RE = re.compile(r"['’]s$")


def match_query(evidence_query: EvidenceQuery) -> EvidenceQuery:
    """The claim's evidence query turned to earlier fact-checks, of any date."""
    return replace(
        evidence_query,
        size=MATCHES_PER_CLAIM,
        source_kinds=("fact_checker",),
        around_date=None,
        passages=False,
    )


def shared_words(text: str, shared: frozenset[str] | set[str]) -> list[str]:
    """The words of `text` behind these stems, as written there, in its order: the first word for each stem,
    and side-by-side words kept together as the name, figure or phrase they make ("President Biden", "3.5")."""
    phrases: list[tuple[int, int]] = []
    seen: set[str] = set()
    for m in TOKEN_RE.finditer(text):
        found = terms(m.group(0))
        if not found or found[0] not in shared or found[0] in seen:
            continue
        seen.add(found[0])
        if phrases and _adjacent(text, phrases[-1][1], m.start()):
            phrases[-1] = (phrases[-1][0], m.end())
        else:
            phrases.append((m.start(), m.end()))
    return [POSSESSIVE_RE.sub("", text[start:end]) for start, end in phrases]


def _adjacent(text: str, end: int, start: int) -> bool:
    """Only space between two words, or the point or comma inside a figure ("3.5", "1,200")."""
    gap = text[end:start]
    return not gap.strip() or (gap in (".", ",") and text[end - 1].isdigit() and text[start].isdigit())


def similarity(claim_text: str, document: Document) -> tuple[float, list[str]]:
    """How closely a fact-check states the same claim, in [0, 1], with the reasons a reviewer can check."""
    claim_terms = stems(claim_text)
    if not claim_terms:
        return 0.0, []
    best, best_shared = 0.0, frozenset()
    for text in (document.title, document.body.split("\n", 1)[0]):
        other = stems(text)
        shared = claim_terms & other
        if not other:
            continue
        coverage = len(shared) / len(claim_terms)
        jaccard = len(shared) / len(claim_terms | other)
        score = 0.6 * coverage + 0.4 * jaccard
        if score > best:
            best, best_shared = score, shared
    reasons = [
        f"Shares {len(best_shared)} of the claim's {len(claim_terms)} key words: "
        + ", ".join(shared_words(claim_text, best_shared)[:12])
    ]
    claim_numbers = set(NUMBER_RE.findall(claim_text))
    if claim_numbers:
        same = claim_numbers & set(NUMBER_RE.findall(document.title + " " + document.body))
        if same:
            reasons.append(f"Same figures: {', '.join(sorted(same))}")
        else:
            best *= 0.85
            reasons.append("None of the claim's figures appear in the fact-check")
    return round(min(best, 1.0), 4), reasons


def _status(claim: Claim, document: Document, score: float, reasons: list[str], now: datetime) -> str | None:
    workbench = settings.WORKBENCH
    if score < workbench["MATCH_SUGGEST_THRESHOLD"]:
        return None
    if score < workbench["MATCH_LINK_THRESHOLD"]:
        return MatchStatus.SUGGESTED
    if len(claim.text.split()) < workbench["MATCH_MIN_CLAIM_WORDS"]:
        reasons.append("Only suggested: the claim is too short to link automatically")
        return MatchStatus.SUGGESTED
    published = document.published_at
    if published and (now - published).days > workbench["MATCH_MAX_AGE_DAYS"]:
        reasons.append(f"Only suggested: the fact-check is {(now - published).days // 365} years old")
        return MatchStatus.SUGGESTED
    return MatchStatus.LINKED


def matches_record(*, found: list[tuple[Claim, list[SearchHit]]]) -> None:
    """Store the fact-checks that may answer each claim; decisions reviewers already made are never overwritten.

    One query per kind of write for the whole batch of claims, inside the caller's transaction.
    """
    document_ids = {hit.document_id for _, hits in found for hit in hits}
    if not document_ids:
        return
    documents = Document.objects.select_related("published_verdict").in_bulk(document_ids)
    existing = {
        (match.claim_id, match.document_id): match
        for match in FactCheckMatch.objects.filter(
            claim__in=[claim for claim, _ in found], document_id__in=document_ids
        )
    }
    now = timezone.now()
    new, changed, dropped = [], [], []
    for claim, hits in found:
        for hit in hits:
            document = documents.get(hit.document_id)
            if document is None:
                continue
            own = getattr(document, "published_verdict", None)
            if own is not None and own.claim_id == claim.id:
                continue
            match = existing.get((claim.id, document.id))
            if match and match.status in (MatchStatus.CONFIRMED, MatchStatus.REJECTED):
                continue
            score, reasons = similarity(claim.text, document)
            status = _status(claim, document, score, reasons, now)
            if status is None:
                if match:
                    dropped.append(match.id)
            elif match:
                match.similarity, match.status, match.reasons = score, status, reasons
                changed.append(match)
            else:
                new.append(
                    FactCheckMatch(
                        claim=claim, document=document, similarity=score, status=status, reasons=reasons
                    )
                )
    if dropped:
        FactCheckMatch.objects.filter(id__in=dropped).delete()
    if changed:
        FactCheckMatch.objects.bulk_update(changed, ["similarity", "status", "reasons"])
    if new:
        FactCheckMatch.objects.bulk_create(new)


def fact_check_match_decide(*, match: FactCheckMatch, user, confirmed: bool) -> FactCheckMatch:
    """A reviewer confirms or rejects a match; the judgment joins the relevance log."""
    require(user, "claims.check_claim")
    with transaction.atomic():
        match = FactCheckMatch.objects.select_for_update().select_related("claim").get(id=match.id)
        if match.status in (MatchStatus.CONFIRMED, MatchStatus.REJECTED) and match.decided_by_id != user.id:
            raise WorkflowError(f"{match.decided_by} already decided this match.")
        match.status = MatchStatus.CONFIRMED if confirmed else MatchStatus.REJECTED
        match.decided_by, match.decided_at = user, timezone.now()
        match.save(update_fields=["status", "decided_by", "decided_at"])
        RelevanceJudgment.objects.create(
            claim=match.claim,
            document_id=match.document_id,
            relevant=confirmed,
            label="confirmed" if confirmed else "rejected",
            query={"match_similarity": match.similarity},
            judged_by=user,
        )
        audit(
            actor=user,
            action="match.confirmed" if confirmed else "match.rejected",
            claim=match.claim,
            document_id=match.document_id,
        )
    return match
