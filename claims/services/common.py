"""What every service shares: the errors a person sees, permission checks and the audit trail."""

from __future__ import annotations

import hashlib
import re

from django.core.exceptions import PermissionDenied, ValidationError

from ..models import AuditEvent, Claim


class ArticleRejected(ValidationError):
    """The article cannot be ingested; the message says why, in words a fact-checker understands."""


class WorkflowError(Exception):
    """The action does not fit the claim's or verdict's current state."""


class VerdictConflict(WorkflowError):
    """Someone else saved this verdict since it was opened."""


def audit(*, actor, action: str, claim: Claim | None = None, **data) -> None:
    AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        claim=claim,
        data=data,
    )


def fingerprint(text: str) -> str:
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().lower().encode()).hexdigest()


def require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(f"You do not have permission to do this ({perm}).")
