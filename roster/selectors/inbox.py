"""The roster's part of a manager's home inbox (staffmgmt's `home_context` point):
duties needing a replacement, swaps waiting for the manager, and public holidays coming
without a published holiday-duty roster. Each item links to where it is dealt with."""

from datetime import timedelta

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kernel.roles import Role, user_roles
from roster.models import CheckIn, DutyAssignment, DutyType, Roster, SwapRequest
from staffmgmt import selectors as staff_selectors

__all__ = ["HOLIDAY_WARNING_DAYS", "manager_inbox_list"]

INBOX_LIMIT = 20
# A holiday roster is needed well before the holiday: people plan their own days off.
HOLIDAY_WARNING_DAYS = 30
# Missed duties (no check-in) of the last two weeks: older ones are for the assessment.
MISSED_DAYS = 14


def _day(value) -> str:
    return formats.date_format(value, "Y-m-d D")


def manager_inbox_list(*, user) -> list[dict]:
    """Groups of {"key", "title", "items": [{"text", "url"}]} for a manager; [] otherwise.
    A constant number of queries: one per group, and one per holiday period coming."""
    if Role.MANAGER not in user_roles(user):
        return []
    today = timezone.localdate()
    managed = staff_selectors.managed_org_unit_list(user=user).values("pk")
    flagged = (
        DutyAssignment.objects.filter(
            roster__unit__in=managed,
            roster__status=Roster.Status.PUBLISHED,
            date__gte=today,
        )
        .exclude(flagged_reason="")
        .select_related("duty_type", "staff", "proposed_replacement")
        .order_by("date", "pk")[:INBOX_LIMIT]
    )
    swaps = (
        SwapRequest.objects.filter(
            assignment__roster__unit__in=managed, status=SwapRequest.Status.ACCEPTED
        )
        .select_related("assignment__duty_type", "requester", "counterpart")
        .order_by("assignment__date", "pk")[:INBOX_LIMIT]
    )
    missed = (
        DutyAssignment.objects.filter(
            roster__unit__in=managed,
            roster__status=Roster.Status.PUBLISHED,
            date__range=(today - timedelta(days=MISSED_DAYS), today - timedelta(days=1)),
        )
        .exclude(pk__in=CheckIn.objects.values("assignment_id"))
        .select_related("duty_type", "staff")
        .order_by("-date", "pk")[:INBOX_LIMIT]
    )
    groups = [
        {
            "key": "duties",
            "title": _("Duties needing a replacement"),
            "items": [
                {
                    "text": _("%(duty)s on %(date)s: %(name)s is on leave; proposed: %(who)s")
                    % {
                        "duty": duty.duty_type.name,
                        "date": _day(duty.date),
                        "name": duty.staff.name,
                        "who": duty.proposed_replacement.name
                        if duty.proposed_replacement
                        else _("nobody available"),
                    },
                    "url": reverse("roster:roster-detail", args=[duty.roster_id])
                    + f"#duty-{duty.pk}",
                }
                for duty in flagged
            ],
            "empty": _("No duty needs a replacement."),
        },
        {
            "key": "swaps",
            "title": _("Swaps waiting for you"),
            "items": [
                {
                    "text": _("%(duty)s on %(date)s: %(requester)s with %(counterpart)s")
                    % {
                        "duty": swap.assignment.duty_type.name,
                        "date": _day(swap.assignment.date),
                        "requester": swap.requester.name,
                        "counterpart": swap.counterpart.name,
                    },
                    "url": reverse("roster:swap-list") + f"#swap-{swap.pk}",
                }
                for swap in swaps
            ],
            "empty": _("No swap is waiting for your approval."),
        },
        {
            "key": "missed",
            "title": _("Missed duties (no check-in)"),
            "items": [
                {
                    "text": _("%(duty)s on %(date)s: %(name)s did not check in")
                    % {
                        "duty": duty.duty_type.name,
                        "date": _day(duty.date),
                        "name": duty.staff.name,
                    },
                    "url": reverse("roster:roster-detail", args=[duty.roster_id])
                    + f"?year={duty.date.year}&month={duty.date.month}",
                }
                for duty in missed
            ],
            "empty": _("No duty was missed in the last two weeks."),
        },
    ]
    holidays = []
    for period in staff_selectors.holiday_periods(
        start=today, end=today + timedelta(days=HOLIDAY_WARNING_DAYS)
    ):
        if period.end < today:
            continue
        covered = Roster.objects.filter(
            unit__in=managed,
            status=Roster.Status.PUBLISHED,
            duty_type__kind=DutyType.Kind.HOLIDAY,
            start_date__lte=period.end,
            end_date__gte=max(period.start, today),
        ).exists()
        if not covered:
            holidays.append(
                {
                    "text": _(
                        "%(holiday)s (%(start)s to %(end)s) has no published holiday-duty roster."
                    )
                    % {
                        "holiday": period.name,
                        "start": _day(period.start),
                        "end": _day(period.end),
                    },
                    "url": reverse("roster:generate"),
                    "warning": True,
                }
            )
    if holidays:
        groups.insert(
            0,
            {"key": "holidays", "title": _("Holidays without a duty roster"), "items": holidays},
        )
    return groups
