"""Reads for swaps, check-ins, calendar feeds, compensatory time and notices.

Scoped like `roster.selectors.rosters`: a cadre sees their own swaps and check-ins, a
manager also those of the units they manage. The `..._unscoped` ones are for services and
other apps' selectors (assessment, integrity files), which decide who may see the result.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Max, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from roster.domain import report_datetime
from roster.models import (
    CalendarFeedToken,
    CheckIn,
    DutyAssignment,
    DutyNotification,
    DutyType,
    Roster,
    SwapRequest,
)
from staffmgmt import selectors as staff_selectors
from staffmgmt.models import Absence, Staff

__all__ = [
    "checkin_list",
    "checkin_summary_unscoped",
    "comp_days_requested",
    "comp_time_balance_unscoped",
    "comp_time_people_list",
    "feed_calendar_unscoped",
    "feed_duty_list_unscoped",
    "feed_token_active_unscoped",
    "feed_token_get_unscoped",
    "late_checkin_list_unscoped",
    "notification_unread_count",
    "notification_unread_list",
    "swap_counterpart_list",
    "swap_get_for_user",
    "swap_list",
    "swappable_duty_list_unscoped",
    "today_duty_list",
]


def _managed_unit_ids(user):
    return staff_selectors.managed_org_unit_list(user=user).values("pk")


def _swap_colleagues(staff: Staff | None) -> QuerySet[Staff]:
    """The active people `staff` may ask to take a duty: everyone of the unit, or a unit
    below it, of a roster holding a future published duty of theirs (a hall duty: the whole
    hall), themselves excluded; unit loaded, skills prefetched.

    These are the people `swap_request` accepts, so the page offers no one it refuses. Two
    queries (the rosters' units, then the people) however many duties and colleagues.
    """
    if staff is None:
        return Staff.objects.none()
    tomorrow = timezone.localdate() + timedelta(days=1)
    rosters = (
        Roster.objects.filter(
            status=Roster.Status.PUBLISHED,
            assignments__staff=staff,
            assignments__date__gte=tomorrow,
        )
        .select_related("unit")
        .distinct()
    )
    colleagues = Staff.objects.none()
    for unit in {roster.unit.pk: roster.unit for roster in rosters}.values():
        colleagues |= staff_selectors.active_staff_of_unit_unscoped(unit=unit)
    return colleagues.exclude(pk=staff.pk)


def swap_counterpart_list(*, user) -> QuerySet[Staff]:
    """The people `user` may ask to take one of their duties (see `_swap_colleagues`): what
    the swap page offers and what the API accepts as a counterpart."""
    return _swap_colleagues(staff_selectors.staff_for_user(user=user))


# --- swaps ---------------------------------------------------------------------------


def swappable_duty_list_unscoped(*, people) -> QuerySet[DutyAssignment]:
    """Published duties from tomorrow on of `people` (a person, or a queryset of them, such
    as `swap_counterpart_list`): the duties a swap may offer or ask for. Type and person loaded."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    duties = DutyAssignment.objects.filter(
        roster__status=Roster.Status.PUBLISHED, date__gte=tomorrow
    ).select_related("duty_type", "staff")
    if isinstance(people, Staff):
        return duties.filter(staff=people)
    return duties.filter(staff__in=people)


def swap_list(*, user) -> QuerySet[SwapRequest]:
    """Swaps the user asked for or was asked, plus every swap of the units they manage."""
    me = staff_selectors.staff_for_user(user=user)
    scope = Q(assignment__roster__unit__in=_managed_unit_ids(user))
    if me is not None:
        scope |= Q(requester=me) | Q(counterpart=me)
    return SwapRequest.objects.filter(scope).select_related(
        "assignment",
        "assignment__duty_type",
        "assignment__roster__unit",
        "counterpart_assignment",
        "counterpart_assignment__duty_type",
        "requester",
        "counterpart",
        "decided_by",
    )


def swap_get_for_user(*, user, pk) -> SwapRequest:
    try:
        return swap_list(user=user).get(pk=pk)
    except (SwapRequest.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


# --- check-in ------------------------------------------------------------------------


def checkin_list(*, user) -> QuerySet[CheckIn]:
    """Own check-ins, plus those of the units the user manages."""
    me = staff_selectors.staff_for_user(user=user)
    scope = Q(assignment__roster__unit__in=_managed_unit_ids(user))
    if me is not None:
        scope |= Q(assignment__staff=me)
    return CheckIn.objects.filter(scope).select_related(
        "assignment", "assignment__staff", "assignment__duty_type"
    )


def today_duty_list(*, user, day: date | None = None) -> QuerySet[DutyAssignment]:
    """Published duties of `day` (today) in the units the user manages, check-ins attached."""
    day = day or timezone.localdate()
    return (
        DutyAssignment.objects.filter(
            roster__unit__in=_managed_unit_ids(user),
            roster__status=Roster.Status.PUBLISHED,
            date=day,
        )
        .select_related("staff", "duty_type", "checkin")
        .order_by("duty_type__name", "staff__name")
    )


def late_checkin_list_unscoped(
    *, staff_ids: Iterable[int], start: date, end: date
) -> QuerySet[CheckIn]:
    """Late check-ins of these people for duties in [start, end]. UNSCOPED."""
    return (
        CheckIn.objects.filter(
            assignment__staff_id__in=list(staff_ids),
            assignment__date__range=(start, end),
            is_late=True,
        )
        .select_related("assignment", "assignment__duty_type")
        .order_by("assignment__date")
    )


def checkin_summary_unscoped(
    *, staff_ids: Iterable[int], start: date, end: date
) -> dict[int, dict]:
    """Per person: published duties in [start, end] that have come, checked in, late,
    minutes late, missed (no check-in). One grouped query. UNSCOPED."""
    last = min(end, timezone.localdate())
    rows = (
        DutyAssignment.objects.filter(
            staff_id__in=list(staff_ids),
            roster__status=Roster.Status.PUBLISHED,
            date__range=(start, last),
        )
        .values("staff_id")
        .annotate(
            duties=Count("id"),
            checked_in=Count("checkin"),
            late=Count("checkin", filter=Q(checkin__is_late=True)),
            minutes_late=Sum("checkin__minutes_late"),
        )
        .order_by()
    )
    return {
        row["staff_id"]: {
            "duties": row["duties"],
            "checked_in": row["checked_in"],
            "late": row["late"],
            "minutes_late": row["minutes_late"] or 0,
            "missed": row["duties"] - row["checked_in"],
        }
        for row in rows
    }


# --- calendar feed -------------------------------------------------------------------


def feed_token_active_unscoped(*, staff: Staff | None) -> CalendarFeedToken | None:
    if staff is None:
        return None
    return CalendarFeedToken.objects.filter(staff=staff, revoked_at__isnull=True).first()


def feed_token_get_unscoped(*, token: str) -> CalendarFeedToken:
    """The active token with this secret; Http404 for an unknown or revoked one."""
    found = (
        CalendarFeedToken.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("staff")
        .first()
    )
    if found is None or not token:
        raise Http404
    return found


FEED_PAST_DAYS = 90
FEED_FUTURE_DAYS = 400


def feed_duty_list_unscoped(
    *, staff: Staff
) -> tuple[list[DutyAssignment], dict[int, tuple[int, object]]]:
    """A person's published duties for the feed (90 days back, 400 ahead) and, per duty,
    (number of changes, last change time) from its history: two queries."""
    today = timezone.localdate()
    duties = list(
        DutyAssignment.objects.filter(
            staff=staff,
            roster__status=Roster.Status.PUBLISHED,
            date__range=(
                today - timedelta(days=FEED_PAST_DAYS),
                today + timedelta(days=FEED_FUTURE_DAYS),
            ),
        )
        .select_related("duty_type", "roster__unit")
        .order_by("date")
    )
    changes = {
        row["id"]: (row["n"], row["last"])
        for row in DutyAssignment.history.filter(id__in=[d.pk for d in duties])
        .values("id")
        .annotate(n=Count("history_id"), last=Max("history_date"))
        .order_by()
    }
    return duties, changes


# --- compensatory time ---------------------------------------------------------------


def _comp_days(absences: list[Absence], year: int | None) -> Decimal:
    """Working days an absence takes, halves counted as 0.5 (rest days cost nothing)."""
    if not absences:
        return Decimal("0")
    total = Decimal("0")
    for absence in absences:
        start, end = absence.start_date, absence.end_date
        if year is not None:
            start, end = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
        if end < start:
            continue
        for day in staff_selectors.working_days(start=start, end=end):
            total += Decimal("0.5") * len(absence.halves_on(day))
    return total


def comp_days_requested(
    *, start_date: date, end_date: date, start_half: str = "am", end_half: str = "pm"
) -> Decimal:
    """What a compensatory absence over these days would cost, in working days."""
    probe = Absence(
        start_date=start_date, end_date=end_date, start_half=start_half, end_half=end_half
    )
    return _comp_days([probe], None)


def comp_time_people_list(*, user) -> QuerySet[Staff]:
    """The people whose compensatory time `user` may see: themselves, and the people of the
    units they manage (it is leave data, so seeing a unit is not enough)."""
    managed = staff_selectors.staff_of_units_unscoped(
        units=staff_selectors.managed_org_unit_list(user=user), active_only=False
    )
    scope = Q(pk__in=managed.values("pk"))
    me = staff_selectors.staff_for_user(user=user)
    if me is not None:
        scope |= Q(pk=me.pk)
    return staff_selectors.staff_list(user=user).filter(scope)


def comp_time_balance_unscoped(*, staff: Staff, year: int | None = None) -> dict[str, Decimal]:
    """Compensatory time of a person: earned by published duties that have come (each worth
    its duty type's `comp_days_per_duty`), taken as approved compensatory leave, pending
    (requested, not decided), and the balance (earned - taken). UNSCOPED: callers check the
    user may see `staff`."""
    duties = DutyAssignment.objects.filter(
        staff=staff,
        roster__status=Roster.Status.PUBLISHED,
        date__lte=timezone.localdate(),
        duty_type__comp_days_per_duty__gt=0,
    )
    absences = staff_selectors.absence_list_of_staff_unscoped(
        staff=staff,
        kind=Absence.Kind.COMPENSATORY,
        statuses=[Absence.Status.APPROVED, Absence.Status.REQUESTED],
        start=date(year, 1, 1) if year is not None else None,
        end=date(year, 12, 31) if year is not None else None,
    )
    if year is not None:
        duties = duties.filter(date__year=year)
    earned = duties.aggregate(
        total=Sum(
            ExpressionWrapper(
                F("duty_type__comp_days_per_duty"),
                output_field=DecimalField(max_digits=8, decimal_places=2),
            )
        )
    )["total"] or Decimal("0")
    by_status: dict[str, list[Absence]] = defaultdict(list)
    for absence in absences:
        by_status[absence.status].append(absence)
    taken = _comp_days(by_status[Absence.Status.APPROVED], year)
    pending = _comp_days(by_status[Absence.Status.REQUESTED], year)
    earned = Decimal(earned).quantize(Decimal("0.01"))
    return {
        "earned": earned,
        "taken": taken,
        "pending": pending,
        "balance": earned - taken,
    }


# --- notices -------------------------------------------------------------------------


def notification_unread_list(*, user) -> QuerySet[DutyNotification]:
    """The user's unread duty notices (none without a staff record)."""
    me = staff_selectors.staff_for_user(user=user)
    if me is None:
        return DutyNotification.objects.none()
    return DutyNotification.objects.filter(recipient=me, read_at__isnull=True)


def notification_unread_count(*, user) -> int:
    return notification_unread_list(user=user).count()


# --- iCalendar -----------------------------------------------------------------------


def feed_calendar_unscoped(*, staff: Staff) -> bytes:
    """A person's published duties as an iCalendar document (RFC 5545), in the active
    language: one VEVENT per duty with a stable UID, UTC times, the report time and the
    hygiene duty in the description, the holiday's name in the summary, an alarm at the
    report time, and SEQUENCE / LAST-MODIFIED from the duty's history so moves propagate."""
    import icalendar
    from django.utils.translation import gettext as _

    from roster.domain import duty_halves

    duties, changes = feed_duty_list_unscoped(staff=staff)
    holiday_names: dict[date, str] = {}
    on_leave: dict[tuple[int, date], frozenset[str]] = {}
    if duties:
        holiday_names = {
            d.date: d.name
            for d in staff_selectors.calendar_days(start=duties[0].date, end=duties[-1].date)
            if d.kind == "holiday" and d.name
        }
        on_leave = staff_selectors.absent_halves_unscoped(
            staff_ids=[staff.pk], start=duties[0].date, end=duties[-1].date
        )
    cal = icalendar.Calendar()
    cal.add("prodid", "-//HallMark//Duty roster//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Duties of %(name)s") % {"name": staff.name})
    cal.add("x-wr-timezone", "Asia/Shanghai")
    cal.add("x-published-ttl", "PT1H")
    stamp = timezone.now().astimezone(UTC)
    for duty in duties:
        tz = timezone.get_default_timezone()
        start = timezone.make_aware(datetime.combine(duty.date, duty.duty_type.start_time), tz)
        end = timezone.make_aware(datetime.combine(duty.date, duty.duty_type.end_time), tz)
        report = timezone.localtime(report_datetime(duty), tz)
        holiday = holiday_names.get(duty.date, "")
        if duty.duty_type.kind == DutyType.Kind.HOLIDAY and holiday:
            summary = _("%(duty)s — %(holiday)s") % {
                "duty": duty.duty_type.name,
                "holiday": holiday,
            }
        else:
            summary = duty.duty_type.name
        # Approved leave over the duty: the calendar shows it struck out (cancelled) until
        # the manager hands it over, so nobody turns up for a duty they are excused from.
        excused = bool(
            on_leave.get((staff.pk, duty.date), frozenset()) & duty_halves(duty.duty_type)
        )
        if excused:
            summary = _("On leave: %(summary)s") % {"summary": summary}
        description = _(
            "Report at %(time)s (%(minutes)d minutes before the start); you are responsible "
            "for the day's hygiene (cleaning of the hall)."
        ) % {"time": report.strftime("%H:%M"), "minutes": duty.duty_type.report_minutes_before}
        if duty.is_leader_on_call:
            description += " " + _("You are the leader on call.")
        count, last = changes.get(duty.pk, (1, None))
        event = icalendar.Event()
        event.add("uid", f"duty-{duty.pk}@hallmark")
        event.add("dtstamp", stamp)
        event.add("dtstart", start.astimezone(UTC))
        event.add("dtend", end.astimezone(UTC))
        event.add("summary", summary)
        event.add("description", description)
        event.add("location", duty.roster.unit.name)
        event.add("sequence", max(count - 1, 0))
        if last is not None:
            event.add("last-modified", last.astimezone(UTC))
        event.add("transp", "TRANSPARENT" if excused else "OPAQUE")
        if excused:
            event.add("status", "CANCELLED")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", description)
        alarm.add("trigger", -timedelta(minutes=duty.duty_type.report_minutes_before))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
