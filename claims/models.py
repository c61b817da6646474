"""Articles, the claims extracted from them, evidence candidates, verdicts, citations and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .priority import PriorityBase, priority


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
    DONE = "done", "Evidence found"
    FAILED = "failed", "Search failed"


class ClaimQuerySet(models.QuerySet):
    def in_queue(self):
        return self.exclude(status=ClaimStatus.DISMISSED)

    def by_priority(self):
        """The queue's order (claims/priority.py), each claim with its `priority`; a tie goes to the newer claim."""
        return self.annotate(priority=priority()).order_by("-priority", "-id")

    def waiting_for_evidence(self, *, older_than):
        return self.filter(
            evidence_status__in=[EvidenceStatus.PENDING, EvidenceStatus.SEARCHING],
            evidence_requested_at__lt=older_than,
        )


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


class VerdictStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for review"
    RETURNED = "returned", "Returned"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"


class Verdict(models.Model):
    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="verdict")
    rating = models.CharField(max_length=32, blank=True)
    explanation = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=VerdictStatus.choices, default=VerdictStatus.DRAFT, db_index=True
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewed_verdicts",
    )
    review_comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every save; a stale version is a conflict."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    modified_at = models.DateTimeField(
        null=True, blank=True, help_text="Last correction of the published verdict."
    )
    document = models.OneToOneField(
        "search.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_verdict",
        help_text="The verdict as a searchable fact-check, so new claims are matched against it.",
    )

    class Meta:
        permissions = [("review_verdict", "Can approve, publish or return verdicts")]

    def __str__(self) -> str:
        return f"{self.rating or 'unrated'}: {self.claim}"

    def get_absolute_url(self) -> str:
        return reverse("claims:factcheck_public", args=[self.id])

    @property
    def rating_label(self) -> str:
        return dict(settings.WORKBENCH["VERDICT_RATINGS"]).get(self.rating, self.rating)

    @property
    def public_url(self) -> str:
        """The fact-check's address on the organisation's site, as ClaimReview, the feeds and the index give it."""
        return settings.WORKBENCH["ORGANIZATION_URL"].rstrip("/") + self.get_absolute_url()


class VerdictRevision(models.Model):
    """A snapshot of the verdict at each save, submission and decision, for diffs and the audit trail."""

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=VerdictStatus.choices)
    rating = models.CharField(max_length=32, blank=True)
    explanation = models.TextField(blank=True)
    citations = models.JSONField(default=list)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["verdict", "-id"]

    def __str__(self) -> str:
        return f"verdict {self.verdict_id} v{self.version} ({self.status})"


class BlindReview(models.Model):
    """A second fact-checker's independent rating, made without seeing the first verdict."""

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="blind_reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=32)
    note = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["verdict", "reviewer"], name="blind_review_once_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"blind review of verdict {self.verdict_id}: {self.rating}"


class Notification(models.Model):
    """An in-app message: a claim assigned to you, a verdict returned or approved."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32)
    message = models.CharField(max_length=500)
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.message


class VerdictCorrection(models.Model):
    """A dated, explained correction or retraction of a published verdict; the public page shows every one."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        RETRACTION = "retraction", "Retraction"

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    explanation = models.TextField(help_text="What was wrong and what changed, for readers.")
    previous_rating = models.CharField(max_length=32, blank=True)
    new_rating = models.CharField(max_length=32, blank=True)
    previous_explanation = models.TextField(blank=True)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["verdict", "corrected_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of verdict {self.verdict_id}"


class Citation(models.Model):
    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="citations")
    document = models.ForeignKey(
        "search.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.URLField(max_length=1000)
    title = models.CharField(max_length=500, blank=True)
    quote = models.TextField(blank=True)
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return self.title or self.url


class AuditEvent(models.Model):
    """Who did what, when: status changes, verdicts, citations, evidence marks and assignments."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64)
    claim = models.ForeignKey(Claim, null=True, on_delete=models.CASCADE, related_name="audit_events")
    data = models.JSONField(default=dict)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
