"""Feedback in the admin: for looking up and auditing (with history). Changes go through
the pages and the API, whose services keep deadlines, ownership and history right."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from feedback.models import (
    DailyWindowRating,
    EntryReply,
    FollowUp,
    Rating,
    Reminder,
    SuggestionEntry,
    WindowCard,
)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WindowCard)
class WindowCardAdmin(ReadOnlyAdmin):
    list_display = ["window", "token", "created_at"]
    list_select_related = ["window"]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["created_at", "window", "staff", "level", "reasons"]
    list_filter = ["level"]
    list_select_related = ["window", "staff"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["rating", "status", "owner", "due_date", "done_at"]
    list_filter = ["status"]
    list_select_related = ["rating__window", "owner"]


class EntryReplyInline(admin.TabularInline):
    model = EntryReply
    extra = 0
    can_delete = False
    readonly_fields = ["author", "text", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SuggestionEntry)
class SuggestionEntryAdmin(ReadOnlyAdmin):
    list_display = ["tracking_code", "kind", "window", "status", "owner", "due_date"]
    list_filter = ["kind", "status", "verification"]
    search_fields = ["tracking_code", "text"]
    list_select_related = ["window", "owner"]
    inlines = [EntryReplyInline]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "kind", "entry", "follow_up", "due_date", "recipients"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DailyWindowRating)
class DailyWindowRatingAdmin(admin.ModelAdmin):
    """The rollups, to look at: kept by rating_submit, rebuilt by the command."""

    list_display = ["day", "unit", "window", "staff", "level", "count"]
    list_filter = ["level"]
    list_select_related = ["unit", "window", "staff"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
