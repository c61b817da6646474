"""The claim as a unit of work: taking it, editing its wording, splitting, merging and linking duplicates."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from django.db import transaction
from django.db.models import Q

from search.analysis import terms

from ..extraction import split_sentences
from ..extraction.context import follow as standalone_follow
from ..extraction.scoring import assess
from ..models import Claim, ClaimStatus
from .claim_status import claim_hold_for_work, claim_move, claims_created, claims_dismiss_saying
from .clauses import clause_boundaries
from .common import WorkflowError, require
from .evidence_queue import evidence_queue
from .records import audit

DUPLICATE_SIMILARITY = 0.8
OPEN_STATUSES = (ClaimStatus.QUEUED, ClaimStatus.IN_PROGRESS, ClaimStatus.RETURNED, ClaimStatus.SUBMITTED)


def sentence_fingerprint(text: str) -> str:
    """Identity of a sentence, stable under whitespace and case changes."""
    return hashlib.sha256(" ".join(text.lower().split()).encode()).hexdigest()


@lru_cache(maxsize=4096)
def stems(text: str) -> frozenset[str]:
    """A text's distinct terms; cached, as matching compares one claim with several fact-checks."""
    return frozenset(terms(text))


def key_terms(text: str) -> str:
    """The three longest distinct stems: cheap keys for finding near-duplicate candidates."""
    return " ".join(sorted(stems(text), key=lambda t: (-len(t), t))[:3])


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def find_duplicate(
    text: str, *, among: list[Claim] = (), exclude_article_id: int | None = None
) -> Claim | None:
    """An open claim (in `among`, or anywhere in the queue) that says the same thing, if there is one."""
    wanted = stems(text)
    for other in among:
        if similarity(wanted, stems(other.text)) >= DUPLICATE_SIMILARITY:
            return other
    keys = key_terms(text).split()
    if not keys:
        return None
    match_any = Q()
    for key in keys:
        match_any |= Q(key_terms__contains=key)
    candidates = Claim.objects.filter(match_any, status__in=OPEN_STATUSES, duplicate_of__isnull=True)
    if exclude_article_id:
        candidates = candidates.exclude(article_id=exclude_article_id)
    for other in candidates.order_by("created_at")[:200]:
        if similarity(wanted, stems(other.text)) >= DUPLICATE_SIMILARITY:
            return other
    return None


def claim_context(article_text: str, *, start: int, end: int) -> str:
    """The article's sentences just before and just after [start, end): what a claim is read with."""
    sentences = split_sentences(article_text)
    before = [span for span in sentences if span[1] <= start]
    after = [span for span in sentences if span[0] >= end]
    return " ".join(article_text[a:b] for a, b in before[-1:] + after[:1])


def claim_scoring(text: str, *, context: str) -> dict:
    """Score, reasons and type of `text` on its own, read with `context` (claim_context): what a split part, a
    merged or a reworded claim gets instead of what it came from."""
    score, reasons, claim_type = assess(text, context=context)
    return {"score": score, "reasons": list(reasons), "claim_type": claim_type.value}


def claim_take(*, claim: Claim, user) -> Claim:
    """Assign the claim to the fact-checker who opens it for work, unless someone else holds it."""
    require(user, "claims.check_claim")
    with transaction.atomic():
        claim = Claim.objects.select_for_update(of=("self",)).select_related("assignee").get(id=claim.id)
        if claim.assignee_id and claim.assignee_id != user.id:
            raise WorkflowError(f"{claim.assignee} is already working on this claim.")
        claim_hold_for_work(claim=claim, user=user)
        if claim.status == ClaimStatus.QUEUED:
            claim_move(claim=claim, to=ClaimStatus.IN_PROGRESS, user=user, reason="taken")
    return claim


def _editable(claim: Claim, user) -> None:
    """Only the holder rewords, splits or merges a claim, and only while it is being worked on."""
    if claim.status in (ClaimStatus.SUBMITTED, ClaimStatus.PUBLISHED, ClaimStatus.DISMISSED):
        raise WorkflowError(
            f"A claim that is {claim.get_status_display().lower()} cannot be reworded, split or merged."
        )
    claim_hold_for_work(claim=claim, user=user)


def claim_edit(*, claim: Claim, user, text: str) -> Claim:
    """Reword the claim and score it again (score, reasons, type); the sentence as extracted and its span stay as
    provenance. Searches evidence again."""
    require(user, "claims.check_claim")
    text = " ".join(text.split())
    if not text:
        raise WorkflowError("A claim cannot be empty.")
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update(of=("self",))
            .select_related("article", "assignee")
            .get(id=claim.id)
        )
        _editable(claim, user)
        if text == claim.text:
            return claim
        previous = claim.text
        claim.text = text
        claim.key_terms = key_terms(text)
        claim.standalone = standalone_follow(claim.standalone, text)
        claim.provenance = {**claim.provenance, "edited": True}
        claim.evidence_status = "pending"
        context = claim_context(claim.article.text, start=claim.start, end=claim.end)
        for field, value in claim_scoring(text, context=context).items():
            setattr(claim, field, value)
        claim.save(
            update_fields=[
                "text",
                "key_terms",
                "standalone",
                "provenance",
                "evidence_status",
                "score",
                "reasons",
                "claim_type",
                "updated_at",
            ]
        )
        audit(actor=user, action="claim.edited", claim=claim, before=previous, after=text)
        evidence_queue(claim_ids=[claim.id])
    return claim


def split_points(claim: Claim) -> list[int]:
    """Offsets within the claim's text where it can be split: between two clauses, each with its own verb, and
    never inside a number, a name or a quotation (see clauses.clause_boundaries)."""
    return clause_boundaries(claim.text)


def claim_split(*, claim: Claim, user, at: int) -> tuple[Claim, Claim]:
    """Split the claim's sentence in two at `at`, one of its split points; the original is kept, dismissed, as
    provenance. Each part is scored again on its own words, with the sentences around the original as context."""
    require(user, "claims.check_claim")
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update(of=("self",))
            .select_related("article", "assignee")
            .get(id=claim.id)
        )
        _editable(claim, user)
        article_text = claim.article.text
        if article_text[claim.start : claim.end] != claim.text:
            raise WorkflowError(
                "Only a sentence as it stands in the article can be split; undo the rewording first."
            )
        if not 0 < at < len(claim.text):
            raise WorkflowError("Choose a split point inside the claim.")
        if not any(not claim.text[min(at, p) : max(at, p)].strip() for p in split_points(claim)):
            raise WorkflowError(
                "Choose one of the split points offered: a claim is split between clauses, "
                "never inside a number, a name or a quotation."
            )
        parts = []
        context = claim_context(article_text, start=claim.start, end=claim.end)  # both parts share it
        for start, end in ((claim.start, claim.start + at), (claim.start + at, claim.end)):
            while start < end and article_text[start].isspace():
                start += 1
            while end > start and article_text[end - 1].isspace():
                end -= 1
            if end <= start:
                raise WorkflowError("Both parts of a split need words in them.")
            parts.append((start, end))
        children = []
        for start, end in parts:
            text = article_text[start:end]
            children.append(
                Claim.objects.create(
                    article=claim.article,
                    text=text,
                    original_text=text,
                    start=start,
                    end=end,
                    **claim_scoring(text, context=context),
                    attribution=claim.attribution,
                    standalone=standalone_follow(claim.standalone, text),
                    assignee=claim.assignee,
                    fingerprint=sentence_fingerprint(text),
                    key_terms=key_terms(text),
                    provenance={
                        "split_from": claim.id,
                        "original_span": [claim.start, claim.end],
                        "original_text": claim.original_text,
                    },
                )
            )
        claims_dismiss_saying(
            claims=[claim], user=user, reason=f"Split into #{children[0].id} and #{children[1].id}"
        )
        claims_created(claims=children, user=user, reason=f"split from #{claim.id}")
        audit(actor=user, action="claim.split", claim=claim, into=[c.id for c in children])
        evidence_queue(claim_ids=[c.id for c in children])
    return children[0], children[1]


def claim_merge(*, claims: list[Claim], user) -> Claim:
    """Merge adjacent claims of one article into one, scored again as a whole; the originals are kept, dismissed,
    as provenance."""
    require(user, "claims.check_claim")
    if len(claims) < 2:
        raise WorkflowError("Choose at least two claims to merge.")
    with transaction.atomic():
        parts = list(
            Claim.objects.select_for_update(of=("self",))
            .select_related("article", "assignee")
            .filter(id__in=[c.id for c in claims])
            .order_by("start")
        )
        if len({c.article_id for c in parts}) != 1:
            raise WorkflowError("Only claims from the same article can be merged.")
        for claim in parts:
            _editable(claim, user)
        article_text = parts[0].article.text
        for left, right in zip(parts, parts[1:], strict=False):
            if right.start < left.end or article_text[left.end : right.start].strip():
                raise WorkflowError("Only adjacent claims can be merged: there is text between them.")
        start, end = parts[0].start, parts[-1].end
        text = article_text[start:end]
        best = max(parts, key=lambda c: c.score)
        merged = Claim.objects.create(
            article=parts[0].article,
            text=text,
            original_text=text,
            start=start,
            end=end,
            **claim_scoring(text, context=claim_context(article_text, start=start, end=end)),
            attribution=next((c.attribution for c in parts if c.attribution), ""),
            standalone=standalone_follow([segment for c in parts for segment in c.standalone], text),
            assignee=best.assignee,
            fingerprint=sentence_fingerprint(text),
            key_terms=key_terms(text),
            provenance={
                "merged_from": [c.id for c in parts],
                "original_spans": [[c.start, c.end] for c in parts],
            },
        )
        claims_dismiss_saying(
            claims=parts, user=user, reason=f"Merged into #{merged.id}", history=f"merged into #{merged.id}"
        )
        claims_created(
            claims=[merged], user=user, reason=f"merged from {', '.join(f'#{c.id}' for c in parts)}"
        )
        audit(actor=user, action="claim.merged", claim=merged, parts=[c.id for c in parts])
        evidence_queue(claim_ids=[merged.id])
    return merged
