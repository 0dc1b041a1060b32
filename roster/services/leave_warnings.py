"""What the roster has to say when a manager is about to approve leave: the person's duties.

Registered on `staffmgmt.extensions.absence_approval_warnings` (RosterConfig.ready()), so
the approval queue and the confirmation name each duty in the period with a proposed
replacement, the same way they name coverage gaps, before anything is approved.
"""

from collections import defaultdict

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from roster.domain import duty_halves
from roster.models import DutyAssignment, Roster
from roster.services.assignments import propose_replacement

__all__ = ["duty_warnings_for_absences"]

DUTY_AFFECTED = "duty_affected"


def duty_warnings_for_absences(absences) -> dict[int, list[dict]]:
    """{absence pk: [warning]} for every draft or published duty of the absentee on a half
    day the absence takes. One query for the duties of all the absences; a replacement is
    looked for only for the duties found (a few queries each)."""
    absences = list(absences)
    if not absences:
        return {}
    start = min(a.start_date for a in absences)
    end = max(a.end_date for a in absences)
    by_staff: dict[int, list] = defaultdict(list)
    for duty in (
        DutyAssignment.objects.filter(
            staff_id__in={a.staff_id for a in absences},
            date__range=(start, end),
            roster__status__in=[Roster.Status.DRAFT, Roster.Status.PUBLISHED],
        )
        .select_related("duty_type", "roster", "staff")
        .prefetch_related("duty_type__required_skills__skill")
        .order_by("date", "pk")
    ):
        by_staff[duty.staff_id].append(duty)
    warnings: dict[int, list[dict]] = {}
    for absence in absences:
        for duty in by_staff.get(absence.staff_id, ()):
            if not absence.halves_on(duty.date) & duty_halves(duty.duty_type):
                continue
            replacement = propose_replacement(duty)
            params = {
                "duty": duty.duty_type.name,
                "date": formats.date_format(duty.date, "Y-m-d D"),
            }
            if replacement is not None:
                message = _("%(duty)s on %(date)s: proposed replacement %(replacement)s.") % {
                    **params,
                    "replacement": replacement.name,
                }
            else:
                message = _("%(duty)s on %(date)s: nobody is available to replace.") % params
            if duty.roster.status == Roster.Status.DRAFT:
                message = _("%(message)s (draft roster)") % {"message": message}
            warnings.setdefault(absence.pk, []).append(
                {
                    "code": DUTY_AFFECTED,
                    "message": message,
                    "assignment_id": duty.pk,
                    "date": duty.date.isoformat(),
                    "duty": duty.duty_type.name,
                    "replacement": replacement.name if replacement else None,
                    "url": reverse("roster:roster-detail", args=[duty.roster_id]),
                }
            )
    return warnings
