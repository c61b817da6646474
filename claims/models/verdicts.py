"""Verdicts on claims: the verdict, its revisions, blind reviews, corrections and citations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from .articles import Claim


class VerdictStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for review"
    RETURNED = "returned", "Returned"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"


WRITING_STATUSES = (VerdictStatus.DRAFT, VerdictStatus.SUBMITTED)
"""A revision saved in these states is writing the verdict; a decision (returned, published) is not."""


def _written_by(user) -> models.Q:
    """Who wrote part of a verdict, as a condition in SQL: its author, a draft or submitted revision saved, a
    citation added. The one statement of that rule (Verdict.written_by and the querysets below read it)."""
    revised = VerdictRevision.objects.filter(
        verdict=models.OuterRef("pk"), saved_by=user, status__in=WRITING_STATUSES
    )
    cited = Citation.objects.filter(verdict=models.OuterRef("pk"), added_by=user)
    return models.Q(author=user) | models.Q(models.Exists(revised)) | models.Q(models.Exists(cited))


class VerdictQuerySet(models.QuerySet):
    def not_written_by(self, user) -> VerdictQuerySet:
        """The verdicts this person wrote no part of, in one query: those they may decide."""
        return self.exclude(_written_by(user))

    def marking_written_by(self, user) -> VerdictQuerySet:
        """Each verdict with `written_by_me`: whether this person wrote any part of it (they may not decide)."""
        return self.annotate(
            written_by_me=models.Case(
                models.When(_written_by(user), then=True), default=False, output_field=models.BooleanField()
            )
        )


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

    objects = VerdictQuerySet.as_manager()

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

    def written_by(self, user) -> bool:
        """Did this person write any part of this verdict: its author, whoever saved or submitted a revision of
        it, or whoever added a citation? None of them may approve, return or blind-review it. One query."""
        if getattr(user, "pk", None) is None:
            return False
        if self.pk is None:
            return self.author_id == user.pk
        return Verdict.objects.filter(pk=self.pk).filter(_written_by(user)).exists()

    def awaits_blind_review(self) -> bool:
        """Submitted, blind second review on, and nobody has rated it blind yet."""
        return (
            settings.WORKBENCH.get("BLIND_SECOND_REVIEW", False)
            and self.status == VerdictStatus.SUBMITTED
            and not self.blind_reviews.exists()
        )

    def hidden_from(self, user, *, wrote: bool | None = None) -> bool:
        """While it awaits its blind review, only its writers see its rating and explanation: whoever may rate it
        blind must not read it first. `wrote`: written_by(user), when the caller has asked already."""
        if not self.awaits_blind_review():
            return False
        return not (self.written_by(user) if wrote is None else wrote)


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


class VerdictCorrection(models.Model):
    """A dated, explained correction or retraction of a published verdict, proposed by one editor and applied
    when a second one approves it; the public page shows every applied one."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        RETRACTION = "retraction", "Retraction"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Awaiting a second editor"
        APPLIED = "applied", "Applied"
        REJECTED = "rejected", "Rejected"

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    explanation = models.TextField(help_text="What was wrong and what changed, for readers.")
    previous_rating = models.CharField(max_length=32, blank=True)
    new_rating = models.CharField(max_length=32, blank=True)
    previous_explanation = models.TextField(blank=True)
    new_explanation = models.TextField(
        blank=True, help_text="The explanation as corrected (empty: unchanged)."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.APPLIED, db_index=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text="Who proposed it."
    )
    corrected_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

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
