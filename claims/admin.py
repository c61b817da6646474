"""Admin views of articles, claims and verdicts (the workbench pages are where work happens)."""

from django.contrib import admin

from . import admin_users  # noqa: F401  (registers the user admin in place of Django's)
from .models import Article, AuditEvent, Citation, Claim, Verdict


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "language", "created_at")
    search_fields = ("title", "url")
    readonly_fields = ("content_hash", "raw_text", "created_at")


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("text", "score", "claim_type", "status", "evidence_status", "assignee")
    list_filter = ("status", "evidence_status", "claim_type")
    search_fields = ("text",)
    list_select_related = ("assignee",)
    raw_id_fields = ("article",)


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    raw_id_fields = ("document",)


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ("claim", "rating", "status", "author", "reviewer", "published_at")
    list_filter = ("status", "rating")
    inlines = [CitationInline]
    raw_id_fields = ("claim",)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "claim")
    list_filter = ("action",)
    readonly_fields = ("at", "actor", "action", "claim", "data")
