"""What every service shares: the errors a person sees, permission checks, text fingerprints."""

from __future__ import annotations

import hashlib
import re

from django.core.exceptions import PermissionDenied, ValidationError


class ArticleRejected(ValidationError):
    """The article cannot be ingested; the message says why, in words a fact-checker understands."""


class WorkflowError(Exception):
    """The action does not fit the claim's or verdict's current state."""


class ClaimHeld(WorkflowError):
    """Someone else holds the claim; only they change its work."""


class VerdictConflict(WorkflowError):
    """Someone else saved this verdict since it was opened."""


def fingerprint(text: str) -> str:
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().lower().encode()).hexdigest()


def require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(f"You do not have permission to do this ({perm}).")
