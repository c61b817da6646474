"""Articles and the claims extracted from them, with the claim's statuses and the queue's QuerySet."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..extraction import context
from ..priority import PriorityBase, priority


class Article(models.Model):
    title = models.CharField(max_length=500)
    text = models.TextField(help_text="The cleaned text; claim offsets point into it.")
    raw_text = models.TextField(blank=True)
    url = models.URLField(max_length=1000, blank=True)
    source = models.ForeignKey(
        "search.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=8, default="und")
    content_hash = models.CharField(max_length=64, unique=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="article_unique_url"),
        ]

    def __str__(self) -> str:
        return self.title


class ClaimStatus(models.TextChoices):
    QUEUED = "queued", "In queue"
    IN_PROGRESS = "in_progress", "Being checked"
    SUBMITTED = "submitted", "Awaiting editor"
    RETURNED = "returned", "Returned by editor"
    PUBLISHED = "published", "Published"
    DISMISSED = "dismissed", "Dismissed"


class EvidenceStatus(models.TextChoices):
    PENDING = "pending", "Waiting for search"
    SEARCHING = "searching", "Searching"
    DONE = "done", "Searched"
    FAILED = "failed", "Search failed"


class EvidenceStrength(models.TextChoices):
    """How well the best passage found answers the claim, from a calibrated score (search/strength.py)."""

    STRONG = "strong", "Strong evidence"
    PARTIAL = "partial", "No strong evidence yet"
    NONE = "none", "No evidence found"


class ClaimQuerySet(models.QuerySet):
    def in_queue(self):
        return self.exclude(status=ClaimStatus.DISMISSED)

    def by_priority(self):
        """The queue's order (claims/priority.py), each claim with its `priority`; a tie goes to the newer claim."""
        return self.annotate(priority=priority()).order_by("-priority", "-id")

    def waiting_for_evidence(self, *, older_than):
        """Claims whose evidence search was asked for before `older_than` and never finished; a dismissed
        claim and a duplicate (its evidence is the original's) are never searched again."""
        return self.filter(
            evidence_status__in=[EvidenceStatus.PENDING, EvidenceStatus.SEARCHING],
            evidence_requested_at__lt=older_than,
            duplicate_of__isnull=True,
        ).exclude(status=ClaimStatus.DISMISSED)


class Claim(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    text = models.TextField()
    original_text = models.TextField(help_text="The sentence as extracted, kept as provenance.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    score = models.FloatField(db_index=True)
    claim_type = models.CharField(max_length=32)
    reasons = models.JSONField(default=list)
    attribution = models.CharField(max_length=300, blank=True)
    standalone = models.JSONField(
        default=list,
        blank=True,
        help_text="The claim with what it refers to filled in from the article: text and insertion segments.",
    )
    status = models.CharField(
        max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.QUEUED, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        help_text="The open claim this one repeats; duplicates are linked, not queued twice.",
    )
    provenance = models.JSONField(
        default=dict, blank=True, help_text="Where this claim came from: extraction, edit, split, merge."
    )
    dismissed_reason = models.CharField(max_length=300, blank=True)
    fingerprint = models.CharField(
        max_length=64, db_index=True, blank=True, help_text="Identity of the sentence as extracted."
    )
    key_terms = models.CharField(
        max_length=200, blank=True, help_text="Rarest stems, to find near-duplicates cheaply."
    )
    evidence_status = models.CharField(
        max_length=20, choices=EvidenceStatus.choices, default=EvidenceStatus.PENDING
    )
    evidence_error = models.TextField(blank=True)
    evidence_strength = models.CharField(
        max_length=8,
        choices=EvidenceStrength.choices,
        blank=True,
        help_text="Empty until searched; strong only when the best passage is likely to answer the claim.",
    )
    spread_points = models.FloatField(
        default=0.0,
        help_text="The priority's nudge for a claim said again (claims/priority.py spread_points).",
    )
    evidence_requested_at = models.DateTimeField(null=True, blank=True)

    evidence_searched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "start", "end"],
                condition=~Q(status="dismissed"),
                name="claim_unique_open_span",
            ),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="claim_span_not_empty"),
        ]
        indexes = [
            models.Index(fields=["status", "-score"]),
            models.Index(fields=["evidence_status"]),
            models.Index(PriorityBase(), name="claim_queue_priority"),
        ]
        permissions = [("check_claim", "Can work claims: evidence, verdicts and citations")]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def standalone_segments(self) -> list[dict]:
        """The stand-alone form while it is still made from the claim's wording; else none (show the text)."""
        return self.standalone if self.standalone and context.original(self.standalone) == self.text else []
