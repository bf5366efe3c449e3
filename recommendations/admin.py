"""Admin for recommendations: themes and follow-up are edited here; the workflow is read-only (pages)."""

from django.contrib import admin

from plenary.i18n import WORKING_LANGUAGES, field_name, translated_field_names
from recommendations.models import (
    FollowUp,
    FollowUpNote,
    Publication,
    Recommendation,
    RecommendationVersion,
    Theme,
    ThemeOrder,
)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = [*(field_name("name", lang) for lang in WORKING_LANGUAGES), "conference", "order"]
    list_filter = ["conference"]
    search_fields = translated_field_names("name")


@admin.register(ThemeOrder)
class ThemeOrderAdmin(admin.ModelAdmin):
    list_display = ["conference", "theme", "order"]
    list_filter = ["conference"]


class VersionInline(admin.TabularInline):
    model = RecommendationVersion
    extra = 0
    can_delete = False
    fields = ["created_at", "by", "action"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "conference", "theme", "session", "state", "number", "decided_at"]
    list_filter = ["conference", "state", "theme"]
    search_fields = ["number", *translated_field_names("text")]
    list_select_related = ["conference", "theme", "session"]
    inlines = [VersionInline]

    # Drafting, decisions, numbering and wording go through the services (pages), which keep the history.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class NoteInline(admin.TabularInline):
    model = FollowUpNote
    extra = 0


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "status", "responsible", "updated_at"]
    list_filter = ["status", "recommendation__conference"]
    inlines = [NoteInline]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["conference", "number", "published_at", "published_by", "sha256"]
    list_filter = ["conference"]
    fields = ["conference", "number", "published_at", "published_by", "sha256", "changes", "snapshot"]
    readonly_fields = fields

    # A published version never changes: no add, change or delete here.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
