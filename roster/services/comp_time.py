"""Requesting compensatory time off, earned by holiday duty.

staffmgmt knows nothing of rosters (the dependency points roster -> staffmgmt), so the
balance check lives here and the request itself is an ordinary absence of kind
"compensatory": its approval runs the same AB-coverage check as any leave.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from roster.selectors_extras import comp_days_requested, comp_time_balance
from staffmgmt import services as staff_services
from staffmgmt.models import Absence, Staff

__all__ = ["comp_time_request"]


def _days(value: Decimal) -> str:
    return format(value.normalize(), "f")


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

    Guarantees: the period takes at least half a working day; its working days (halves as
    0.5) do not exceed balance - pending requests; the rest is `absence_request` (who may
    ask, overlapping leave, well-formed period). The person is locked first, so two
    concurrent requests cannot both spend the same balance.
    """
    Staff.objects.select_for_update().filter(pk=staff.pk).first()
    if end_date < start_date:
        raise ValidationError({"end_date": _("The last day must not be before the first day.")})
    wanted = comp_days_requested(start_date, end_date, start_half, end_half)
    if wanted <= 0:
        raise ValidationError(
            {"start_date": _("These days are not working days; no time off is needed.")}
        )
    balance = comp_time_balance(staff)
    available = balance["balance"] - balance["pending"]
    if wanted > available:
        raise ValidationError(
            {
                "end_date": _(
                    "This takes %(wanted)s working days but only %(available)s days of "
                    "compensatory time are available."
                )
                % {"wanted": _days(wanted), "available": _days(max(available, Decimal(0)))}
            }
        )
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
