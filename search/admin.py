"""Admin for sources, their polls and documents; saving or deleting a document updates the index after commit."""

from django import forms
from django.contrib import admin

from . import services
from .models import Document, Source, SourcePoll
from .selectors.sources import sources_with_stats
from .web.forms import DailyCapOptional


class SourceAdminForm(DailyCapOptional, forms.ModelForm):
    """The admin's source form (ModelAdmin gives it the model and fields), with the daily cap optional."""


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceAdminForm
    list_display = (
        "name",
        "kind",
        "reliability",
        "language",
        "active",
        "monitor_claims",
        "document_count",
        "last_fetched_at",
        "last_error",
    )
    list_filter = ("kind", "active", "monitor_claims", "language")
    search_fields = ("name", "domain", "homepage")

    def get_queryset(self, request):
        return sources_with_stats()

    @admin.display(ordering="document_count")
    def document_count(self, source):
        return source.document_count


@admin.register(SourcePoll)
class SourcePollAdmin(admin.ModelAdmin):
    """What each poll brought; written by the polls only."""

    list_display = (
        "source",
        "polled_at",
        "items",
        "documents",
        "articles",
        "claims",
        "duplicates",
        "capped",
        "error",
    )
    list_filter = ("source",)
    list_select_related = ("source",)

    def has_view_permission(self, request, obj=None):
        # Whoever may see sources sees their polls; the roles need no permission of their own for them.
        return request.user.is_active and request.user.has_perm("search.view_source")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "published_at", "language", "indexed_at")
    list_filter = ("source", "language")
    search_fields = ("title", "url", "external_key")
    list_select_related = ("source",)
    readonly_fields = ("fetched_at", "updated_at", "indexed_at")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.document_changed(document=obj)

    def delete_model(self, request, obj):
        services.documents_delete(document_ids=[obj.id])

    def delete_queryset(self, request, queryset):
        services.documents_delete(document_ids=list(queryset.values_list("id", flat=True)))
