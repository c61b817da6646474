"""The record every action leaves: audit events, verdict revisions and the notifications people receive."""

from __future__ import annotations

from ..models import AuditEvent, Claim, Notification, Verdict, VerdictRevision


def audit(*, actor, action: str, claim: Claim | None = None, **data) -> None:
    AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        claim=claim,
        data=data,
    )


def revision_record(verdict: Verdict, user, note: str = "") -> VerdictRevision:
    """Keep this state of the verdict, with its citations, so nothing recorded is ever lost and revisions can be diffed."""
    return VerdictRevision.objects.create(
        verdict=verdict,
        version=verdict.version,
        status=verdict.status,
        rating=verdict.rating,
        explanation=verdict.explanation,
        citations=[
            {"url": c.url, "title": c.title, "quote": c.quote, "note": c.note, "document_id": c.document_id}
            for c in verdict.citations.all()
        ],
        saved_by=user,
        note=note,
    )


def notify(recipient, *, kind: str, claim: Claim, message: str) -> None:
    Notification.objects.create(recipient=recipient, kind=kind, message=shortened(message, 500), claim=claim)


def shortened(text: str, limit: int = 120) -> str:
    """`text` in at most `limit` characters, cut between words with an ellipsis, never inside a word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"
