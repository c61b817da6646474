"""The claims app's tables, one module per subject; each model and choice is imported from here."""

from __future__ import annotations

from .activity import AuditEvent, ClaimStatusChange, Comment, Notification
from .articles import Article, Claim, ClaimQuerySet, ClaimStatus, EvidenceStatus, EvidenceStrength
from .clusters import ClaimCluster, ClusterJudgment, ClusterMembership, FactCheckRepeat
from .evidence import EvidenceCandidate, EvidenceMark, FactCheckMatch, MatchStatus, RelevanceJudgment, Stance
from .verdicts import BlindReview, Citation, Verdict, VerdictCorrection, VerdictRevision, VerdictStatus

__all__ = [
    "Article",
    "AuditEvent",
    "BlindReview",
    "Citation",
    "Claim",
    "ClaimCluster",
    "ClaimQuerySet",
    "ClaimStatus",
    "Comment",
    "ClaimStatusChange",
    "ClusterJudgment",
    "ClusterMembership",
    "FactCheckRepeat",
    "EvidenceCandidate",
    "EvidenceMark",
    "EvidenceStatus",
    "EvidenceStrength",
    "FactCheckMatch",
    "MatchStatus",
    "Notification",
    "RelevanceJudgment",
    "Stance",
    "Verdict",
    "VerdictCorrection",
    "VerdictRevision",
    "VerdictStatus",
]
