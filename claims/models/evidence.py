"""Evidence for a claim: search candidates, earlier fact-check matches, marks and relevance judgments."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .articles import Claim


class EvidenceCandidate(models.Model):
    """A document the search found for a claim, with the passage that matched and the query that found it."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="candidates")
    document = models.ForeignKey("search.Document", on_delete=models.CASCADE, related_name="candidates")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    passage = models.TextField()
    passage_start = models.PositiveIntegerField()
    passage_end = models.PositiveIntegerField()
    highlights = models.JSONField(default=list)
    relevance = models.FloatField(
        null=True, blank=True, help_text="Calibrated chance that the best passage answers the claim."
    )
    stance = models.CharField(max_length=16, blank=True, help_text="Suggested: supports, refutes or neither.")
    stance_confidence = models.FloatField(null=True, blank=True)
    stance_shown = models.BooleanField(
        default=False,
        help_text="Confident enough to show as a suggestion (the stance model's display level).",
    )
    reasons = models.JSONField(default=list, blank=True, help_text="Why: stance cues and figure agreement.")
    passages = models.JSONField(
        default=list,
        blank=True,
        help_text="Every passage shown for this document, best first, each with its offsets and stance hint.",
    )
    query = models.JSONField(default=dict)
    found_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "document"], name="candidate_unique_document"),
            models.UniqueConstraint(fields=["claim", "rank"], name="candidate_unique_rank"),
        ]

    def __str__(self) -> str:
        return f"#{self.rank} for claim {self.claim_id}: document {self.document_id}"


class MatchStatus(models.TextChoices):
    SUGGESTED = "suggested", "Possibly already fact-checked"
    LINKED = "linked", "Already fact-checked"
    CONFIRMED = "confirmed", "Confirmed by a reviewer"
    REJECTED = "rejected", "Rejected by a reviewer"


class FactCheckMatch(models.Model):
    """An earlier fact-check (ours or imported) that may already answer this claim, with why it was matched."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="fact_check_matches")
    document = models.ForeignKey("search.Document", on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField()
    status = models.CharField(max_length=16, choices=MatchStatus.choices)
    reasons = models.JSONField(default=list)
    found_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["claim", "-similarity"]
        constraints = [models.UniqueConstraint(fields=["claim", "document"], name="fact_check_match_unique")]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: document {self.document_id} for claim {self.claim_id}"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    CONTEXT = "context", "Context"
    IRRELEVANT = "irrelevant", "Irrelevant"


class EvidenceMark(models.Model):
    """A fact-checker's structured judgment of one document for one claim: the passage, its stance, a note."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence_marks")
    document = models.ForeignKey("search.Document", on_delete=models.CASCADE, related_name="+")
    stance = models.CharField(max_length=16, choices=Stance.choices)
    passage = models.TextField(blank=True)
    passage_start = models.PositiveIntegerField(null=True, blank=True)
    passage_end = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["claim", "-marked_at"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "document"], name="evidence_mark_unique_document")
        ]

    def __str__(self) -> str:
        return f"{self.get_stance_display()}: document {self.document_id} for claim {self.claim_id}"


class RelevanceJudgment(models.Model):
    """Append-only log of every relevance judgment on a candidate or match: the growing relevance set."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relevance_judgments")
    document = models.ForeignKey("search.Document", on_delete=models.CASCADE, related_name="+")
    relevant = models.BooleanField()
    label = models.CharField(max_length=32, help_text="The stance, or confirmed/rejected for a match.")
    rank = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Where the ranking put it when judged."
    )
    query = models.JSONField(default=dict, blank=True)
    judged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    judged_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-judged_at", "-id"]

    def __str__(self) -> str:
        return f"{'relevant' if self.relevant else 'not relevant'}: document {self.document_id} for claim {self.claim_id}"
