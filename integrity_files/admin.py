"""Django admin for integrity files: points ranges are configured here; everything else
is read-only, with its history. Records, answers, talks and credits are written through
the pages and the API (services check scope, points and the append-only rule); a silent
admin edit or delete would bypass them, and for confirmed records the database refuses
it anyway (ADR 0008)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from integrity_files.models import (
    CreditRequirement,
    Evidence,
    FileAccess,
    IntegrityNotice,
    IntegrityRecord,
    PointsRange,
    RecordResponse,
    Talk,
    TrainingCredit,
)


@admin.register(PointsRange)
class PointsRangeAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "min_points", "max_points"]
    search_fields = ["kind"]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IntegrityRecord)
class IntegrityRecordAdmin(ReadOnlyAdmin):
    list_display = ["id", "staff", "category", "kind", "occurred_on", "points", "status"]
    list_filter = ["status", "category", "kind", "source"]
    search_fields = ["staff__name", "staff__employee_no", "facts"]
    list_select_related = ["staff"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "record", "content_type", "size", "uploaded_at"]
    search_fields = ["original_name"]


@admin.register(RecordResponse)
class RecordResponseAdmin(ReadOnlyAdmin):
    list_display = ["record", "kind", "status", "responded_at", "decided_at"]
    list_filter = ["kind", "status"]
    search_fields = ["statement", "decision_reason"]


@admin.register(Talk)
class TalkAdmin(ReadOnlyAdmin):
    list_display = ["staff", "kind", "held_on", "follow_up_due", "follow_up_done_at"]
    list_filter = ["kind"]
    search_fields = ["staff__name", "summary"]


@admin.register(TrainingCredit)
class TrainingCreditAdmin(ReadOnlyAdmin):
    list_display = ["staff", "course", "hours", "credits", "completed_on"]
    search_fields = ["staff__name", "course"]


@admin.register(CreditRequirement)
class CreditRequirementAdmin(ReadOnlyAdmin):
    list_display = ["unit", "year", "required_credits"]
    search_fields = ["unit__name"]


@admin.register(IntegrityNotice)
class IntegrityNoticeAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "kind", "record", "created_at", "read_at"]
    search_fields = ["recipient__name"]


@admin.register(FileAccess)
class FileAccessAdmin(admin.ModelAdmin):
    list_display = ["accessed_at", "viewer", "staff", "what", "detail"]
    list_filter = ["what"]
    search_fields = ["staff__name", "viewer__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
