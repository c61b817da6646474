"""Every write with side effects in the claims app. Views, API, commands and tasks call these and nothing else.

`dispatch` is the only door to the Celery tasks; `records` keeps the audit trail, revisions and notifications.
"""

from .accounts import user_create, user_create_with_role, user_deactivate, user_set_role
from .articles import IngestResult, article_ingest, article_ingest_url, article_reextract, article_submit
from .claim_units import claim_edit, claim_merge, claim_split, claim_take, split_points
from .comments import comment_add
from .common import ArticleRejected, ClaimHeld, VerdictConflict, WorkflowError
from .evidence import evidence_failed, evidence_find, evidence_request
from .evidence_marks import evidence_mark, evidence_note, evidence_unmark
from .fact_check_matches import fact_check_match_decide
from .publishing import (
    correction_approve,
    correction_reject,
    verdict_correct,
    verdict_retract,
    verdict_sync_document,
)
from .queue import claim_assign, claim_release, claims_assign, claims_dismiss, claims_mark_duplicates
from .records import audit
from .tokens import api_token_issue, api_tokens_revoke
from .verdicts import (
    blind_review_required,
    blind_review_submit,
    citation_add,
    citation_remove,
    notifications_mark_read,
    verdict_approve,
    verdict_edit_in_review,
    verdict_return,
    verdict_save,
    verdict_submit,
)

__all__ = [
    "comment_add",
    "api_token_issue",
    "api_tokens_revoke",
    "user_create",
    "user_create_with_role",
    "user_deactivate",
    "user_set_role",
    "ArticleRejected",
    "ClaimHeld",
    "IngestResult",
    "VerdictConflict",
    "WorkflowError",
    "article_ingest",
    "article_ingest_url",
    "article_reextract",
    "article_submit",
    "claim_edit",
    "claim_merge",
    "claim_split",
    "split_points",
    "audit",
    "citation_add",
    "citation_remove",
    "claim_take",
    "correction_approve",
    "correction_reject",
    "claim_assign",
    "claim_release",
    "claims_assign",
    "claims_dismiss",
    "claims_mark_duplicates",
    "evidence_failed",
    "evidence_mark",
    "evidence_note",
    "fact_check_match_decide",
    "verdict_correct",
    "verdict_retract",
    "verdict_sync_document",
    "evidence_unmark",
    "blind_review_required",
    "blind_review_submit",
    "notifications_mark_read",
    "evidence_find",
    "evidence_request",
    "verdict_approve",
    "verdict_edit_in_review",
    "verdict_return",
    "verdict_save",
    "verdict_submit",
]
