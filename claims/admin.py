"""Admin views of articles, claims and verdicts (the workbench pages are where work happens)."""

from django.contrib import admin

from . import admin_users  # noqa: F401  (registers the user admin in place of Django's)
from .models import Article, AuditEvent, Citation, Claim, Verdict
from .selectors.queue import CLAIM_TYPES, claim_type_label


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "language", "created_at")
    search_fields = ("title", "url")
    readonly_fields = ("content_hash", "raw_text", "created_at")


class ClaimTypeFilter(admin.SimpleListFilter):
    """Claim types by the label the workbench's pages give them."""

    title, parameter_name = "type", "claim_type"

    def lookups(self, request, model_admin):
        return CLAIM_TYPES

    def queryset(self, request, queryset):
        return queryset.filter(claim_type=self.value()) if self.value() else queryset


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("text", "score", "type_label", "status", "evidence_status", "assignee")
    list_filter = ("status", "evidence_status", ClaimTypeFilter)
    search_fields = ("text",)
    list_select_related = ("assignee",)
    raw_id_fields = ("article",)

    @admin.display(description="type", ordering="claim_type")
    def type_label(self, claim: Claim) -> str:
        return claim_type_label(claim.claim_type)


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
