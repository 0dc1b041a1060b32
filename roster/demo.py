"""Roster content of the demo hall: duty types, a published noon roster, a holiday draft,
a pending swap and a few check-ins, so every demo login finds duties to look at.

Registered in `staffmgmt.demo.demo_builders` by RosterConfig.ready(), so `seed_demo` runs it
at the end of `build_demo`, inside its transaction. Everything goes through roster's own
services (the manager generates and publishes, the cadre asks for the swap, the people on
duty check in), and everything is looked up by natural key first: a second run the same
day writes nothing.

The duties belong to the hall (第一办税服务厅), as noon and holiday duty are organised for
the whole hall: generation draws on the hall and every section below it. The hall's
director and section chiefs take turns leading on holidays; a few window staff outside the
invoice section are trained to issue invoices so noon duty can stay fair (see
NOON_INVOICE_SHARE).

Demo databases seeded before the duties moved keep their section-level duty types and
rosters; a re-run adds the hall's beside them.
"""

# The demo text is Chinese and uses Chinese (full-width) punctuation on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from roster import domain, services
from roster.models import CheckIn, DutyAssignment, DutyType, Roster, SwapRequest
from staffmgmt import demo as staff_demo
from staffmgmt import selectors as staff_selectors
from staffmgmt import services as staff_services
from staffmgmt.models import OrgUnit, Skill, Staff

__all__ = [
    "HOLIDAY_DUTY_NAME",
    "HOLIDAY_LOOKAHEAD_DAYS",
    "NOON_DUTY_NAME",
    "NOON_INVOICE_SHARE",
    "TIME_LIMIT_S",
    "build_roster_demo",
]

NOON_DUTY_NAME = "午间值班"
HOLIDAY_DUTY_NAME = "节假日值班"
# Two months of noon duty for the hall's ~40 people solve in a second or two; the limit
# only bounds `make demo` should the hall grow.
TIME_LIMIT_S = 5
# A holiday draft is made for the next holiday period starting within this many days.
HOLIDAY_LOOKAHEAD_DAYS = 120
# Noon duty needs someone who can issue invoices every working day. With 2 people a day,
# invoice holders carry no more duties than the others (spread 1) in every month only if
# at least half the hall holds the skill. The invoice section's 13 and the few others who
# hold it make 15 of the hall's 40, which left a Nov-Dec roster at spread 2; so window
# staff are trained up to half (five more people; 18 happened to suffice for Nov-Dec, but
# months with fewer working days need the full half).
NOON_INVOICE_SHARE = 0.5

# Labels of the report lines this builder adds (BuildReport looks each kind up there).
staff_demo.ROW_LABELS.update(
    {
        "duty_skills": gettext_lazy("staff trained for duties"),
        "duty_types": gettext_lazy("duty types"),
        "rosters": gettext_lazy("rosters"),
        "swaps": gettext_lazy("duty swap requests"),
        "checkins": gettext_lazy("check-ins"),
    }
)


def build_roster_demo(report: staff_demo.BuildReport, today: date) -> None:
    """Duty types, rosters, a swap and check-ins of the demo hall.

    Guarantees: a published noon roster covers the current month and the next (from the
    first day not yet covered by a noon roster); a draft holiday roster covers the next
    holiday period within HOLIDAY_LOOKAHEAD_DAYS, when the calendar has one; the cadre has
    one swap request for a future duty while any future duty of theirs exists; the two
    latest past noon duties of this month have a check-in, the later one late. Nothing is
    made twice.
    """
    User = get_user_model()
    manager = User.objects.get(username="manager")
    cadre = Staff.objects.select_related("unit", "user").get(user__username="cadre")
    hall = OrgUnit.objects.get(code=staff_demo.HALL_CODE)
    members = list(staff_selectors.active_staff_of_unit_unscoped(unit=hall).order_by("employee_no"))
    invoice = Skill.objects.get(code="invoice")

    _train_for_duties(report, members, invoice, actor=manager)
    noon, holiday = _duty_types(report, hall, invoice, actor=manager)
    _noon_roster(report, noon, today, actor=manager)
    _holiday_roster(report, holiday, today, actor=manager)
    _swap(report, cadre, noon, today)
    _checkins(report, noon, cadre, today)


def _train_for_duties(
    report: staff_demo.BuildReport, members: list[Staff], invoice: Skill, *, actor
) -> None:
    """Invoice issuing for enough of the hall to keep noon duty fair.

    Trainees are window staff outside the invoice section, taken in employee-number order
    (leaders and chiefs excepted), so every run picks the same people and a re-run finds
    them trained. Holiday duty needs no grant: the director and the three section chiefs
    are four leaders for the leader on call.
    """
    needed = math.ceil(len(members) * NOON_INVOICE_SHARE)
    holders = [m for m in members if invoice in m.skills.all()]
    trained = 0
    for person in members:
        if len(holders) >= needed:
            break
        if person.is_leader or person in holders:
            continue
        staff_services.staff_update(
            actor=actor,
            staff=person,
            skills=[*person.skills.all(), invoice],
            reason="一窗通办：综合服务窗口人员经发票业务培训",
        )
        holders.append(person)
        trained += 1
    report.count("duty_skills", created=trained, existing=len(holders) - trained)


def _duty_types(
    report: staff_demo.BuildReport, hall: OrgUnit, invoice: Skill, *, actor
) -> tuple[DutyType, DutyType]:
    existing = {d.name: d for d in DutyType.objects.filter(unit=hall)}
    noon = existing.get(NOON_DUTY_NAME)
    if noon is None:
        noon = services.duty_type_create(
            actor=actor,
            unit=hall,
            kind=DutyType.Kind.NOON,
            name=NOON_DUTY_NAME,
            headcount=2,
            required_skills={invoice: 1},
        )
    holiday = existing.get(HOLIDAY_DUTY_NAME)
    if holiday is None:
        holiday = services.duty_type_create(
            actor=actor,
            unit=hall,
            kind=DutyType.Kind.HOLIDAY,
            name=HOLIDAY_DUTY_NAME,
            headcount=2,
            leader_on_call=True,
        )
    made = (NOON_DUTY_NAME not in existing) + (HOLIDAY_DUTY_NAME not in existing)
    report.count("duty_types", created=made, existing=2 - made)
    return noon, holiday


def _month_end(day: date) -> date:
    next_month = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return next_month - timedelta(days=1)


def _noon_roster(report: staff_demo.BuildReport, noon: DutyType, today: date, *, actor) -> None:
    """A published noon roster over this month and the next.

    A reused demo database may already hold a noon roster reaching into this range (drafts
    included: a manager's draft is not replaced); only the days after it are generated.
    """
    first = today.replace(day=1)
    last = _month_end(_month_end(today) + timedelta(days=1))
    overlapping = list(
        Roster.objects.filter(duty_type=noon, start_date__lte=last, end_date__gte=first)
    )
    start = max([first, *(r.end_date + timedelta(days=1) for r in overlapping)])
    if start > last or not domain.duty_days(noon, start, last):
        report.count("rosters", existing=len(overlapping))
        return
    roster = services.roster_generate(
        actor=actor, duty_type=noon, start_date=start, end_date=last, time_limit_s=TIME_LIMIT_S
    )
    services.roster_publish(actor=actor, roster=roster)
    report.count("rosters", created=1, existing=len(overlapping))


def _next_holiday_period(today: date) -> list[date]:
    """The days of the first holiday period starting after today within the look-ahead."""
    with translation.override("en"):
        days = staff_selectors.calendar_days(
            start=today + timedelta(days=1), end=today + timedelta(days=HOLIDAY_LOOKAHEAD_DAYS + 14)
        )
    latest_start = today + timedelta(days=HOLIDAY_LOOKAHEAD_DAYS)
    period: list[date] = []
    for day in days:
        if day.kind != "holiday":
            if period:
                break
            continue
        if not period and day.date > latest_start:
            break
        period.append(day.date)
    return period


def _holiday_roster(
    report: staff_demo.BuildReport, holiday: DutyType, today: date, *, actor
) -> None:
    """A draft for the next holiday period, left for the manager to check and publish."""
    period = _next_holiday_period(today)
    if not period:
        return
    present = Roster.objects.filter(
        duty_type=holiday, start_date__lte=period[-1], end_date__gte=period[0]
    ).count()
    if present:
        report.count("rosters", existing=present)
        return
    services.roster_generate(
        actor=actor,
        duty_type=holiday,
        start_date=period[0],
        end_date=period[-1],
        time_limit_s=TIME_LIMIT_S,
    )
    report.count("rosters", created=1)


def _swap(report: staff_demo.BuildReport, cadre: Staff, noon: DutyType, today: date) -> None:
    """The cadre asks a colleague to take over their next noon duty (pending).

    Swaps only concern future duties (the service compares with the real date, which may
    differ from `today` in tests), so without one the cadre simply has no swap.
    """
    not_past = max(today, timezone.localdate())
    asked = SwapRequest.objects.filter(requester=cadre, assignment__date__gt=not_past).count()
    if asked:
        report.count("swaps", existing=asked)
        return
    duty = (
        DutyAssignment.objects.filter(
            staff=cadre,
            duty_type=noon,
            roster__status=Roster.Status.PUBLISHED,
            date__gt=not_past,
        )
        .select_related("roster", "duty_type", "staff")
        .order_by("date")
        .first()
    )
    if duty is None:
        return
    colleagues = (
        Staff.objects.filter(unit=cadre.unit, is_active=True)
        .exclude(pk=cadre.pk)
        .order_by("employee_no")
    )
    # The first colleague the manager could approve it for: free that day, not on leave,
    # and keeping the day's invoice holder.
    for colleague in colleagues:
        if not services.swap_rule_breaks([(duty, colleague)]):
            services.swap_request(
                actor=cadre.user,
                assignment=duty,
                counterpart=colleague,
                reason="当天中午需陪家人就医，请同事代班，下次由我替回。",
            )
            report.count("swaps", created=1)
            return


def _checkins(report: staff_demo.BuildReport, noon: DutyType, cadre: Staff, today: date) -> None:
    """Check-ins for two past noon duties of this month, the later one late.

    The cadre's latest past duty is one of them, so the cadre login sees a check-in too;
    the other is the latest past duty of someone else on another day.
    """
    past = (
        DutyAssignment.objects.filter(
            duty_type=noon,
            roster__status=Roster.Status.PUBLISHED,
            date__gte=today.replace(day=1),
            date__lt=today,
        )
        .select_related("duty_type", "staff__user")
        .order_by("-date", "staff__employee_no")
    )
    present = CheckIn.objects.filter(assignment__in=past).count()
    if present:
        report.count("checkins", existing=present)
        return
    own = past.filter(staff=cadre).first()
    other = past.exclude(staff=cadre)
    if own is not None:
        other = other.exclude(date=own.date)
    duties = sorted(filter(None, [own, other.first()]), key=lambda a: a.date)
    for index, duty in enumerate(duties):
        is_last = index == len(duties) - 1
        due = datetime.combine(duty.date, domain.report_time(duty.duty_type))
        arrival = due + (timedelta(minutes=7) if is_last else -timedelta(minutes=4))
        services.checkin_record(
            actor=duty.staff.user,
            assignment=duty,
            at=timezone.make_aware(arrival, timezone.get_default_timezone()),
        )
    report.count("checkins", created=len(duties))
