"""Who did what and who should know: the audit trail, each claim's status changes and in-app notifications."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models

from .articles import Claim


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


class ClaimStatusChange(models.Model):
    """One move of a claim from one status to another (`from_status` is empty when the claim was created),
    written only by claims.services.claim_status, the one place a claim changes status."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["claim", "at"])]

    def __str__(self) -> str:
        return f"claim {self.claim_id}: {self.from_status or 'new'} -> {self.to_status}"


MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,150})")
"""An @username in a comment: not inside an e-mail address, nor after a second @."""


class Comment(models.Model):
    """A note in a claim's discussion: about the claim, or about its verdict (what an editor and the fact-checker
    say about the draft). Never edited or deleted: the thread is part of the record. `@username` notifies."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    on_verdict = models.BooleanField(default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    mentioned = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["claim", "created_at"])]

    def __str__(self) -> str:
        return f"comment {self.id} on claim {self.claim_id}"

    def mention_names(self) -> list[str]:
        """The @usernames the body holds, each once, in order ("@dana." ends at the full stop)."""
        return list(dict.fromkeys(name.rstrip(".") for name in MENTION.findall(self.body)))

    def mention_outcome(self) -> tuple[list[str], list[str]]:
        """(who was told, the @names that told nobody): read from `mentioned`, so prefetch it for many."""
        told = {person.username for person in self.mentioned.all()}
        names = [n for n in self.mention_names() if n != self.author.username]
        return [n for n in names if n in told], [n for n in names if n not in told]
