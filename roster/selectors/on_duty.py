"""Who is on a published duty at a given moment, for apps that attribute work to the
person serving (taxpayer feedback at noon and on holidays)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from roster.models import DutyAssignment, Roster
from staffmgmt import selectors as staff_selectors
from staffmgmt.models import OrgUnit, Staff

__all__ = ["on_duty_at_unscoped"]


def on_duty_at_unscoped(*, unit: OrgUnit, at: datetime) -> list[Staff]:
    """The people on a published duty of `unit` or a unit above it (a hall's noon duty
    covers its sections' windows) whose hours include `at` (local time), by name.

    UNSCOPED: the caller decides what of them it shows. One query.
    """
    local = timezone.localtime(at)
    moment = local.time()
    duties = (
        DutyAssignment.objects.filter(
            roster__unit__in=staff_selectors.org_unit_and_ancestors_unscoped(unit=unit),
            roster__status=Roster.Status.PUBLISHED,
            date=local.date(),
            duty_type__start_time__lte=moment,
            duty_type__end_time__gt=moment,
        )
        .select_related("staff")
        .order_by("staff__name", "staff_id")
    )
    return [duty.staff for duty in duties]
