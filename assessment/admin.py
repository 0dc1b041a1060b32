"""Django admin for assessment: schemes as reference data, everything else read-only.

Scores, results, periods and objections change only through the services (rules,
separation of duties, history with a reason); the admin shows them and their history.
Ballots and votes are not in the admin at all: an admin list of votes, even without a
voter column, invites correlation; the only voting trace shown is "has voted".
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessment.models import (
    Indicator,
    Member,
    Objection,
    Period,
    Result,
    RewardPunishment,
    RubricLevel,
    Scheme,
    SchemeDimension,
    Score,
    Target,
    VoterMark,
)


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Scheme)
class SchemeAdmin(SimpleHistoryAdmin):
    list_display = ["post_type", "version", "name", "valid_from", "status"]
    list_filter = ["status", "post_type"]


@admin.register(SchemeDimension)
class SchemeDimensionAdmin(SimpleHistoryAdmin):
    list_display = ["scheme", "dimension", "weight"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "dimension", "kind", "weight", "rule", "metric"]
    list_filter = ["kind"]


@admin.register(RubricLevel)
class RubricLevelAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "label", "points"]


@admin.register(Target)
class TargetAdmin(ReadOnlyHistoryAdmin):
    list_display = ["year", "indicator_code", "level", "unit", "post", "staff", "value"]


@admin.register(Period)
class PeriodAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "unit", "kind", "start_date", "end_date", "state"]
    list_filter = ["state", "kind"]


@admin.register(Member)
class MemberAdmin(ReadOnlyHistoryAdmin):
    list_display = ["period", "staff", "unit", "scheme"]
    list_select_related = ["period", "staff", "unit", "scheme"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyHistoryAdmin):
    list_display = ["member", "indicator", "points", "source", "assessor"]
    list_select_related = ["member__period", "member__staff", "indicator", "assessor"]


@admin.register(Result)
class ResultAdmin(ReadOnlyHistoryAdmin):
    list_display = ["member", "composite", "rank_in_unit", "proposed_grade", "grade"]
    list_select_related = ["member__period", "member__staff"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["member", "score", "status", "created_at"]


@admin.register(RewardPunishment)
class RewardPunishmentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["result", "kind", "recorded_by", "recorded_at"]


@admin.register(VoterMark)
class VoterMarkAdmin(admin.ModelAdmin):
    """Who has voted (turnout), never how."""

    list_display = ["period", "voter"]
    list_select_related = ["period", "voter"]
    # By name, not by id: the order in which people voted is nobody's business either.
    ordering = ["period", "voter__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
