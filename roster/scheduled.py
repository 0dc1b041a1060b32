"""Roster's scheduled work (cron through jobs.scheduled): the holiday-duty calendar warning.

Daily: a holiday period starting within HOLIDAY_WARNING_DAYS with no published roster of a
holiday duty type for all of its days is mailed to the managers of that duty type's unit,
once per duty type and period (the job ledger makes a second run send nothing again).
"""

from __future__ import annotations

from datetime import timedelta

from django.core.mail import send_mail
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.extensions import scheduled_jobs
from jobs.scheduled import DAILY, ScheduledJob, ScheduledRun
from roster.models import DutyType, Roster
from staffmgmt import selectors as staff_selectors

HOLIDAY_WARNING_DAYS = 30
HOLIDAY_ROSTER_MISSING = "roster.holiday_roster_missing"


def holiday_rosters_missing(today, *, days: int = HOLIDAY_WARNING_DAYS) -> list[tuple]:
    """(duty type, holiday period) pairs: a period starting in [today, today + days] that no
    published roster of the holiday duty type covers entirely. UNSCOPED: for scheduled work."""
    periods = [
        p
        for p in staff_selectors.holiday_periods(start=today, end=today + timedelta(days=days))
        if today <= p.start <= today + timedelta(days=days)
    ]
    if not periods:
        return []
    duty_types = list(
        DutyType.objects.filter(kind=DutyType.Kind.HOLIDAY, is_active=True)
        .select_related("unit")
        .order_by("pk")
    )
    published = list(
        Roster.objects.filter(
            duty_type__in=duty_types,
            status=Roster.Status.PUBLISHED,
            end_date__gte=min(p.start for p in periods),
            start_date__lte=max(p.end for p in periods),
        ).values_list("duty_type_id", "start_date", "end_date")
    )
    missing = []
    for duty_type in duty_types:
        for period in periods:
            covered = {
                day
                for type_id, start, end in published
                if type_id == duty_type.pk
                for day in period.days
                if start <= day <= end
            }
            if len(covered) < len(period):
                missing.append((duty_type, period))
    return missing


def warn_holiday_rosters_missing(run: ScheduledRun) -> dict:
    missing = holiday_rosters_missing(run.day)
    sent = 0
    for n, (duty_type, period) in enumerate(missing, start=1):
        run.report(step=n, steps=len(missing))
        managers = [
            m
            for m in staff_selectors.managers_of_unit_unscoped(unit=duty_type.unit)
            if m.user.email
        ]
        if not managers:
            continue

        def mail(duty_type=duty_type, period=period, managers=managers) -> None:
            # In the job's language: the site's default (LANGUAGE_CODE) when cron starts it.
            context = {
                "duty": duty_type.name,
                "unit": duty_type.unit,
                "holiday": period.name,
                "start": formats.date_format(period.start, "DATE_FORMAT"),
                "end": formats.date_format(period.end, "DATE_FORMAT"),
            }
            subject = _("No published %(duty)s roster for %(holiday)s") % context
            body = (
                _(
                    "%(holiday)s runs from %(start)s to %(end)s, and %(unit)s has no published "
                    "%(duty)s roster for all of those days. Generate and publish one in HallMark "
                    "(Rosters, Generate)."
                )
                % context
            )
            send_mail(subject, body, None, [m.user.email for m in managers])

        subject = f"duty_type={duty_type.pk}:period={period.start.isoformat()}"
        if run.once(subject, mail):
            sent += 1
    return {"missing": len(missing), "sent": sent}


def register_scheduled() -> None:
    scheduled_jobs.register(
        ScheduledJob(
            key=HOLIDAY_ROSTER_MISSING,
            label=gettext_lazy("Holiday duty roster missing"),
            frequency=DAILY,
            run=warn_holiday_rosters_missing,
        ),
        key=HOLIDAY_ROSTER_MISSING,
    )
