"""Duty figures for dashboards and assessment: counts aggregated in the database.

Each selector takes the asking user and counts only duties of published rosters that
user may see (`assignment_list`), so a figure never reveals a duty its reader could not
open. Rows are plain dicts, one per person or per month, never one per duty.
"""

from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth

from roster.models import DutyType, Roster
from roster.selectors.rosters import assignment_list
from staffmgmt.models import OrgUnit, Staff

__all__ = ["duty_figures_by_month_for_staff", "duty_figures_by_staff"]

_FIGURES = {
    "duties": Count("pk"),
    "holiday_duties": Count("pk", filter=Q(duty_type__kind=DutyType.Kind.HOLIDAY)),
    "checked_in": Count("checkin"),
    "late": Count("checkin", filter=Q(checkin__is_late=True)),
    "minutes_late": Coalesce(Sum("checkin__minutes_late"), 0),
}


def _published(user, start: date, end: date) -> QuerySet:
    return assignment_list(user=user).filter(
        roster__status=Roster.Status.PUBLISHED, date__gte=start, date__lte=end
    )


def duty_figures_by_staff(*, user, units: QuerySet[OrgUnit], start: date, end: date) -> list[dict]:
    """Per person of `units`: duties, holiday duties, check-ins, late check-ins, minutes
    late, in [start, end]. One query."""
    rows = (
        _published(user, start, end)
        .filter(staff__unit__in=units)
        .values("staff_id", "staff__name", "staff__employee_no", "staff__unit__name")
        .annotate(**_FIGURES)
        .order_by("staff__name", "staff_id")
    )
    return [
        {
            "staff_id": row["staff_id"],
            "name": row["staff__name"],
            "employee_no": row["staff__employee_no"],
            "unit": row["staff__unit__name"],
            **{key: row[key] for key in _FIGURES},
        }
        for row in rows
    ]


def duty_figures_by_month_for_staff(*, user, staff: Staff, start: date, end: date) -> list[dict]:
    """One person's figures month by month in [start, end]. One query."""
    rows = (
        _published(user, start, end)
        .filter(staff=staff)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(**_FIGURES)
        .order_by("month")
    )
    return [{"month": row["month"], **{key: row[key] for key in _FIGURES}} for row in rows]
