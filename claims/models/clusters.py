"""Claim clusters: the same claim said again is one cluster, and every merge or split is a logged judgment."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .articles import Claim


class ClaimCluster(models.Model):
    """Claims that say the same thing; the first claim to arrive starts it."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Set when a reviewer merged this cluster into another; it then holds no claims.",
    )
    fact_check = models.ForeignKey(
        "search.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The earlier fact-check its claims match: a later claim that matches it as closely joins.",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"cluster {self.pk}"


class ClusterMembership(models.Model):
    """A claim's place in one cluster: a claim belongs to at most one, and says how it got there."""

    class Reason(models.TextChoices):
        STARTED = "started", "started the cluster"
        MATCHED = "matched", "matched a member"
        FACT_CHECK = "fact_check", "matched the cluster's earlier fact-check"
        MERGED = "merged", "merged by a reviewer"
        SPLIT = "split", "split off by a reviewer"

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="cluster_membership")
    cluster = models.ForeignKey(ClaimCluster, on_delete=models.CASCADE, related_name="memberships")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    matched_claim = models.ForeignKey(
        Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    score = models.FloatField(null=True, blank=True, help_text="Similarity to the matched claim.")
    fact_check = models.ForeignKey(
        "search.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The earlier fact-check this claim matched closely: later claims matching it join this cluster.",
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]
        indexes = [models.Index(fields=["cluster", "joined_at"], name="claims_cluster_joined_idx")]

    def __str__(self) -> str:
        return f"claim {self.claim_id} in cluster {self.cluster_id}"


class ClusterJudgment(models.Model):
    """Append-only log of every reviewer's merge or split, with who, when and why."""

    class Action(models.TextChoices):
        MERGE = "merge", "merge"
        SPLIT = "split", "split"

    action = models.CharField(max_length=8, choices=Action.choices)
    cluster = models.ForeignKey(ClaimCluster, on_delete=models.CASCADE, related_name="judgments")
    other_cluster = models.ForeignKey(
        ClaimCluster,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a merge, the cluster merged in; for a split, the cluster the claims went to.",
    )
    claims = models.JSONField(default=list, blank=True, help_text="Ids of the claims moved.")
    reason = models.TextField()
    judged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    judged_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-judged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} of cluster {self.cluster_id} by {self.judged_by_id}"


class FactCheckRepeat(models.Model):
    """A claim answered with the published fact-check of its cluster: one more place the claim appeared."""

    verdict = models.ForeignKey("claims.Verdict", on_delete=models.PROTECT, related_name="repeats")
    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="answered_by")
    reason = models.TextField(help_text="Why the claim is a repeat: how it joined the fact-check's cluster.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"claim {self.claim_id} answered by verdict {self.verdict_id}"
