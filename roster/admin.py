from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kernel.admin import HistoryAdmin
from roster.models import (
    CalendarFeedToken,
    CheckIn,
    DutyAssignment,
    DutyNotification,
    DutyPreference,
    DutyType,
    DutyTypeSkill,
    DutyWeekdayPreference,
    Roster,
    RosterEdit,
    SwapRequest,
)


class DutyTypeSkillInline(admin.TabularInline):
    model = DutyTypeSkill
    extra = 0


@admin.register(DutyType)
class DutyTypeAdmin(HistoryAdmin):
    list_display = ["name", "unit", "kind", "start_time", "end_time", "headcount", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "unit__name"]
    inlines = [DutyTypeSkillInline]


@admin.register(Roster)
class RosterAdmin(HistoryAdmin):
    list_display = ["duty_type", "unit", "start_date", "end_date", "status", "published_at"]
    list_filter = ["status"]
    list_select_related = ["duty_type", "unit"]
    # Rosters change through the services (generation, publishing, hand edits).
    readonly_fields = ["figures", "created_by", "created_at", "published_by", "published_at"]


@admin.register(DutyAssignment)
class DutyAssignmentAdmin(HistoryAdmin):
    list_display = ["date", "duty_type", "staff", "roster", "flagged"]
    list_filter = ["duty_type"]
    list_select_related = ["duty_type", "staff", "roster"]
    search_fields = ["staff__name", "staff__employee_no"]
    date_hierarchy = "date"

    @admin.display(description=_("flagged"))
    def flagged(self, obj: DutyAssignment) -> str:
        return obj.flag_message


@admin.register(SwapRequest)
class SwapRequestAdmin(HistoryAdmin):
    list_display = ["assignment", "requester", "counterpart", "status", "created_at"]
    list_filter = ["status"]


@admin.register(CheckIn)
class CheckInAdmin(HistoryAdmin):
    list_display = ["assignment", "checked_in_at", "is_late", "minutes_late"]
    list_filter = ["is_late"]


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(HistoryAdmin):
    list_display = ["staff", "created_at", "revoked_at"]
    exclude = ["token"]


@admin.register(DutyNotification)
class DutyNotificationAdmin(HistoryAdmin):
    list_display = ["recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]


@admin.register(DutyPreference)
class DutyPreferenceAdmin(HistoryAdmin):
    list_display = ["staff", "date", "kind", "note"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["staff__name", "staff__employee_no"]


@admin.register(DutyWeekdayPreference)
class DutyWeekdayPreferenceAdmin(HistoryAdmin):
    list_display = ["staff", "weekday"]
    search_fields = ["staff__name", "staff__employee_no"]


@admin.register(RosterEdit)
class RosterEditAdmin(HistoryAdmin):
    """The edit log is written by the roster services only: read here, never changed."""

    list_display = ["created_at", "roster", "action", "actor", "reason"]
    list_filter = ["action"]
    list_select_related = ["roster__duty_type", "actor"]
    readonly_fields = [
        "roster",
        "action",
        "before",
        "after",
        "reason",
        "actor",
        "created_at",
        "undoes",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
