"""Permission-aware reads of the claims app: the only way pages, the API and commands get claims and verdicts."""

from .claims import (
    article_get_for_user,
    can_check,
    claim_get_for_change,
    claim_get_for_user,
    claim_history,
    claims_for_user,
)
from .public import public_feed_verdicts, public_index_verdicts, public_verdict_get, public_verdicts
from .verdicts import (
    blind_review_candidates,
    blind_review_claim_for_user,
    correction_get_for_review,
    corrections_awaiting_review,
    notifications_for_user,
    published_verdicts,
    unread_notification_count,
    verdict_diff,
    verdict_get_for_review,
    verdict_get_for_user,
    verdict_revisions,
    verdicts_awaiting_review,
)

__all__ = [
    "article_get_for_user",
    "blind_review_candidates",
    "blind_review_claim_for_user",
    "can_check",
    "correction_get_for_review",
    "corrections_awaiting_review",
    "claim_get_for_change",
    "claim_get_for_user",
    "claim_history",
    "claims_for_user",
    "notifications_for_user",
    "public_feed_verdicts",
    "public_index_verdicts",
    "public_verdict_get",
    "public_verdicts",
    "published_verdicts",
    "unread_notification_count",
    "verdict_diff",
    "verdict_get_for_review",
    "verdict_get_for_user",
    "verdict_revisions",
    "verdicts_awaiting_review",
]
