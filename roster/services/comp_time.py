"""Requesting compensatory time off, earned by holiday duty.

staffmgmt knows nothing of rosters (the dependency points roster -> staffmgmt), so the
balance rule lives here and is registered with staffmgmt's `absence_request_validators`
(in RosterConfig.ready()): every request of kind "compensatory", whether through this
module, the generic leave page or the API, is checked against the balance. The request
itself is an ordinary absence: its approval runs the same AB-coverage check as any leave.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from kernel.errors import invalid
from roster.errors import RosterError
from roster.selectors import comp_days_requested, comp_time_balance_unscoped
from staffmgmt import services as staff_services
from staffmgmt.models import Absence, Staff

__all__ = ["comp_time_check_balance", "comp_time_request"]


def _days(value: Decimal) -> str:
    return format(value.normalize(), "f")


def comp_time_check_balance(
    staff: Staff, kind: str, start_date: date, start_half: str, end_date: date, end_half: str
) -> None:
    """Refuse a compensatory absence that takes no working day, or more working days (halves
    as 0.5) than the balance minus pending requests. Other kinds pass untouched.

    Runs inside `absence_request`, which has already checked the period and locked the
    person, so two concurrent requests cannot both spend the same balance.
    """
    if kind != Absence.Kind.COMPENSATORY:
        return
    wanted = comp_days_requested(
        start_date=start_date, end_date=end_date, start_half=start_half, end_half=end_half
    )
    if wanted <= 0:
        raise invalid(
            RosterError.COMP_TIME_NO_WORKING_DAY,
            _("These days are not working days; no time off is needed."),
            field="start_date",
        )
    balance = comp_time_balance_unscoped(staff=staff)
    available = balance["balance"] - balance["pending"]
    if wanted > available:
        raise invalid(
            RosterError.COMP_TIME_BALANCE_EXCEEDED,
            _(
                "This takes %(wanted)s working days but only %(available)s days of "
                "compensatory time are available."
            )
            % {"wanted": _days(wanted), "available": _days(max(available, Decimal(0)))},
            field="end_date",
        )


@transaction.atomic
def comp_time_request(
    *,
    actor,
    staff: Staff,
    start_date: date,
    end_date: date,
    start_half: str = "am",
    end_half: str = "pm",
    reason: str = "",
) -> Absence:
    """Request compensatory time off for `staff`, within the balance not yet requested.

    Guarantees: those of `absence_request` (who may ask, overlapping leave, well-formed
    period), including the balance rule `comp_time_check_balance` registered with it.
    """
    return staff_services.absence_request(
        actor=actor,
        staff=staff,
        kind=Absence.Kind.COMPENSATORY,
        start_date=start_date,
        end_date=end_date,
        start_half=start_half,
        end_half=end_half,
        reason=reason,
    )
