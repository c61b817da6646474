"""A claim's discussion: comments on the claim or its verdict, and the @mentions that notify people."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from ..models import Claim, Comment
from .common import WorkflowError, require
from .records import audit, notify, shortened

MAX_COMMENT = 5_000


def comment_add(*, claim: Claim, user, body: str, on_verdict: bool = False) -> Comment:
    """Add a comment to the claim's thread (anyone who checks claims, not only its holder: discussion is how
    others help). Each `@username` of someone who checks or reviews claims is notified once; others are
    left as text."""
    require(user, "claims.check_claim")
    body = body.strip()
    if not body:
        raise WorkflowError("Write something before sending a comment.")
    if len(body) > MAX_COMMENT:
        raise WorkflowError(
            f"A comment holds at most {MAX_COMMENT:,} characters; this one has {len(body):,}."
        )
    if "\x00" in body:
        raise WorkflowError("The comment contains a NUL character; paste it again as plain text.")
    with transaction.atomic():
        comment = Comment.objects.create(claim=claim, author=user, body=body, on_verdict=on_verdict)
        mentioned = _mentioned(comment.mention_names(), author=user)
        comment.mentioned.set(mentioned)
        where = "its verdict" if on_verdict else "the claim"
        for person in mentioned:
            notify(
                person,
                kind="mention",
                claim=claim,
                message=f"{user} mentioned you on claim #{claim.id} ({where}): “{shortened(body)}”",
            )
        audit(actor=user, action="comment.added", claim=claim, comment_id=comment.id, on_verdict=on_verdict)
    return comment


def _mentioned(names: list[str], *, author) -> list:
    if not names:
        return []
    # One query for everyone named, whatever their number (has_perm per person read each one's groups). The
    # backend is named because axes' backend, also configured, answers no permission queries.
    people = get_user_model().objects.with_perm(
        "claims.check_claim", is_active=True, backend="django.contrib.auth.backends.ModelBackend"
    )
    return list(people.filter(username__in=names).exclude(id=author.id))
