"""django-filter FilterSets for the roster API: query parameters only, the querysets come
from `roster.selectors` (already scoped to the asking user)."""

import django_filters

from kernel.api.filters import IdFilter
from roster.models import (
    CheckIn,
    DutyAssignment,
    DutyPreference,
    Roster,
    RosterEdit,
    SwapRequest,
)


class RosterFilter(django_filters.FilterSet):
    class Meta:
        model = Roster
        fields = ["unit", "duty_type", "status"]


class AssignmentFilter(django_filters.FilterSet):
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    flagged = django_filters.BooleanFilter(method="filter_flagged")

    class Meta:
        model = DutyAssignment
        fields = ["roster", "staff", "duty_type", "date_after", "date_before", "flagged"]

    def filter_flagged(self, queryset, name, value):
        return queryset.exclude(flagged_reason="") if value else queryset.filter(flagged_reason="")


class DutyPreferenceFilter(django_filters.FilterSet):
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = DutyPreference
        fields = ["staff", "kind", "date_after", "date_before"]


class SwapFilter(django_filters.FilterSet):
    class Meta:
        model = SwapRequest
        fields = ["status", "requester", "counterpart", "assignment"]


class CheckInFilter(django_filters.FilterSet):
    date = django_filters.DateFilter(field_name="assignment__date")
    date_after = django_filters.DateFilter(field_name="assignment__date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="assignment__date", lookup_expr="lte")
    staff = IdFilter(field_name="assignment__staff")
    is_late = django_filters.BooleanFilter()

    class Meta:
        model = CheckIn
        fields = ["date", "date_after", "date_before", "staff", "is_late"]


class RosterEditFilter(django_filters.FilterSet):
    roster = IdFilter(field_name="roster")
    action = django_filters.ChoiceFilter(choices=RosterEdit.Action.choices)

    class Meta:
        model = RosterEdit
        fields = ["roster", "action"]
