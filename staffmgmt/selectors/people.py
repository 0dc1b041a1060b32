"""Small keyword-only reads of people and units for the apps above staffmgmt.

Each one is UNSCOPED (it says so): the calling app decides who may ask, and passes the
unit it has already checked.
"""

from django.db.models import QuerySet

from staffmgmt.models import OrgUnit, Staff

__all__ = ["staff_of_unit_tree", "unit_tree_ids"]


def unit_tree_ids(*, unit: OrgUnit) -> QuerySet:
    """The ids of `unit` and of every unit below it, as a subquery. UNSCOPED."""
    return OrgUnit.objects.filter(path__startswith=unit.path).values("pk")


def staff_of_unit_tree(*, unit: OrgUnit, include_inactive: bool = True) -> QuerySet[Staff]:
    """Staff of `unit` and every unit below it, unit and user loaded; people who have left
    are included by default (their records outlive their active service). UNSCOPED."""
    people = Staff.objects.filter(unit__path__startswith=unit.path).select_related("unit", "user")
    if not include_inactive:
        people = people.filter(is_active=True)
    return people
