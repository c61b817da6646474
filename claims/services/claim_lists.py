"""Claims that arrive as a list (a tip line's export, a benchmark), not inside an article."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from ..models import Article, Claim
from .claim_status import claims_created
from .claim_units import key_terms, sentence_fingerprint
from .common import fingerprint
from .records import audit

LISTED = "listed"
MAX_CLAIM_CHARS = 2000
"""What the encoder reads of a text (search.embeddings.MAX_CHARS); a longer line is an article, not a claim."""


@transaction.atomic
def claim_list_import(*, name: str, items: Sequence[tuple[str, str]], user=None) -> list[Claim]:
    """One article holding the listed claims (`(external id, text)`, in arrival order), a claim per line.

    Each claim keeps its external id in its provenance. The claims go to the queue as any claim does; a list
    already imported (the same texts) is refused, as the same article twice is.
    """
    rows = [(key.strip(), " ".join(text.split())) for key, text in items]
    rows = [(key, text) for key, text in rows if text]
    if not rows:
        raise ValueError("The list holds no claim: each line is `id<TAB>text`.")
    too_long = [key for key, text in rows if len(text) > MAX_CLAIM_CHARS]
    if too_long:
        raise ValueError(
            f"A claim is a statement of at most {MAX_CLAIM_CHARS:,} characters; {len(too_long)} line(s) are "
            f"longer (first: {too_long[0][:40]}). Nothing was imported."
        )
    body = "\n\n".join(text for _, text in rows)
    digest = fingerprint(f"{LISTED}:{name}\n{body}")
    if Article.objects.filter(content_hash=digest).exists():
        raise ValueError(f"This list ({name}) was imported already.")
    article = Article.objects.create(
        title=f"Claims listed in {name}"[:500],
        text=body,
        raw_text=body,
        content_hash=digest,
        submitted_by=user,
    )
    claims, offset = [], 0
    for key, text in rows:
        claims.append(
            Claim(
                article=article,
                text=text,
                original_text=text,
                start=offset,
                end=offset + len(text),
                score=0.5,
                claim_type=LISTED,
                reasons=[f"Listed in {name} as {key}"],
                fingerprint=sentence_fingerprint(text),
                key_terms=key_terms(text),
                provenance={LISTED: name, "id": key},
            )
        )
        offset += len(text) + 2
    created = Claim.objects.bulk_create(claims)
    claims_created(claims=created, user=user, reason=f"listed in {name}")
    audit(actor=user, action="claims.listed", article_id=article.id, claims=len(created))
    return created
