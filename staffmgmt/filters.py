"""django-filter FilterSets for the org API and pages.

Choice querysets are callables of the request, so an id outside the asking user's scope is
"not a valid choice" (400) exactly like an id that does not exist: nothing leaks.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from staffmgmt import selectors
from staffmgmt.models import OrgUnit, Post, PostPairing, Staff, Window


def _visible_units(request):
    return selectors.org_unit_list(user=getattr(request, "user", None))


def _visible_staff(request):
    return selectors.staff_list(user=getattr(request, "user", None))


def _visible_posts(request):
    return selectors.post_list(user=getattr(request, "user", None))


def _visible_windows(request):
    return selectors.window_list(user=getattr(request, "user", None))


def _skills(request):
    return selectors.skill_list(user=getattr(request, "user", None))


@extend_schema_field(OpenApiTypes.INT)
class UnitTreeFilter(django_filters.ModelChoiceFilter):
    """Rows of this unit and of every unit below it (the materialised path makes it one
    prefix query)."""

    def __init__(self, *args, unit_path_field: str = "unit__path", **kwargs):
        self.unit_path_field = unit_path_field
        kwargs.setdefault("queryset", _visible_units)
        kwargs.setdefault("label", _("Unit, with the units below it"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.unit_path_field}__startswith": value.path})


@extend_schema_field(OpenApiTypes.INT)
class HolderFilter(django_filters.ModelChoiceFilter):
    """Pairings in which the staff member is A or B."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(Q(a_holder=value) | Q(b_holder=value))


class OrgUnitFilter(django_filters.FilterSet):
    parent = django_filters.ModelChoiceFilter(queryset=_visible_units, label=_("Parent unit"))
    within = UnitTreeFilter(unit_path_field="path")

    class Meta:
        model = OrgUnit
        fields = ["kind", "parent", "within"]


class StaffFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(queryset=_visible_units, label=_("Unit"))
    within = UnitTreeFilter()
    skill = django_filters.ModelChoiceFilter(
        field_name="skills", queryset=_skills, label=_("Skill")
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))
    search = django_filters.CharFilter(method="filter_search", label=_("Name or employee number"))

    class Meta:
        model = Staff
        fields = ["unit", "within", "skill", "is_active", "is_leader", "search"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(employee_no__icontains=value))


class WindowFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(queryset=_visible_units, label=_("Unit"))
    within = UnitTreeFilter()

    class Meta:
        model = Window
        fields = ["unit", "within", "is_active", "is_full_service"]


class PostFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(queryset=_visible_units, label=_("Unit"))
    within = UnitTreeFilter()
    window = django_filters.ModelChoiceFilter(queryset=_visible_windows, label=_("Window"))
    is_critical = django_filters.BooleanFilter(label=_("Critical"))
    is_active = django_filters.BooleanFilter(label=_("Active"))
    search = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))

    class Meta:
        model = Post
        fields = ["unit", "within", "window", "is_critical", "is_active", "search"]


class PairingFilter(django_filters.FilterSet):
    post = django_filters.ModelChoiceFilter(queryset=_visible_posts, label=_("Post"))
    unit = django_filters.ModelChoiceFilter(
        field_name="post__unit", queryset=_visible_units, label=_("Unit")
    )
    holder = HolderFilter(queryset=_visible_staff, label=_("A or B holder"))
    a_holder = django_filters.ModelChoiceFilter(queryset=_visible_staff, label=_("A holder"))
    b_holder = django_filters.ModelChoiceFilter(queryset=_visible_staff, label=_("B holder"))
    on_date = django_filters.DateFilter(
        method="filter_on_date", label=_("In force on (YYYY-MM-DD)")
    )

    class Meta:
        model = PostPairing
        fields = ["post", "unit", "holder", "a_holder", "b_holder", "on_date"]

    def filter_on_date(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(valid_from__lte=value).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=value)
        )


__all__ = [
    "OrgUnitFilter",
    "PairingFilter",
    "PostFilter",
    "StaffFilter",
    "UnitTreeFilter",
    "WindowFilter",
]
