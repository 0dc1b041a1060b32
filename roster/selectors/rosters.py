"""Every read of roster, already scoped to the asking user.

Scope: a manager sees every roster (draft or published) of the units they manage and the
published rosters of the units they may see; everybody else sees published rosters of the
units they may see (a cadre: their own unit). Nobody sees another hall's rosters.
"""

from __future__ import annotations

import calendar as pycalendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kernel.roles import Role, user_roles
from roster.models import DutyAssignment, DutyNotification, DutyType, Roster
from staffmgmt import selectors as staff_selectors
from staffmgmt.models import OrgUnit, Staff

__all__ = [
    "GridDay",
    "GridRow",
    "MonthGrid",
    "assignment_list",
    "can_export_rosters",
    "duty_list_of_staff_unscoped",
    "duty_type_get_for_user",
    "duty_type_list",
    "notification_list",
    "roster_get_for_user",
    "roster_list",
    "roster_month_grid_unscoped",
    "roster_staff_names_unscoped",
    "upcoming_duty_list",
]


def duty_type_list(*, user) -> QuerySet[DutyType]:
    return (
        DutyType.objects.filter(unit__in=staff_selectors.org_unit_id_list(user=user))
        .select_related("unit")
        .prefetch_related("required_skills__skill")
    )


def duty_type_get_for_user(*, user, pk) -> DutyType:
    try:
        return duty_type_list(user=user).get(pk=pk)
    except (DutyType.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def roster_list(*, user) -> QuerySet[Roster]:
    """Published rosters of the units the user sees and of the units above their own (a
    hall's duty draws on its sections, so its people see the hall roster they are on);
    drafts too of the units the user manages."""
    units = Q(unit__in=staff_selectors.org_unit_id_list(user=user))
    me = staff_selectors.staff_for_user(user=user)
    if me is not None:
        units |= Q(unit__in=staff_selectors.org_unit_and_ancestors_unscoped(unit=me.unit))
    visible = units & Q(status=Roster.Status.PUBLISHED)
    managed = Q(unit__in=staff_selectors.managed_org_unit_list(user=user).values("pk"))
    return Roster.objects.filter(visible | managed).select_related(
        "unit", "duty_type", "created_by", "published_by"
    )


def roster_get_for_user(*, user, pk) -> Roster:
    try:
        return roster_list(user=user).get(pk=pk)
    except (Roster.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def assignment_list(*, user) -> QuerySet[DutyAssignment]:
    return (
        DutyAssignment.objects.filter(roster__in=roster_list(user=user).values("pk"))
        .select_related("staff", "duty_type", "roster", "proposed_replacement")
        .order_by("date", "duty_type_id", "staff_id")
    )


def can_export_rosters(*, user) -> bool:
    """Managers and leadership export rosters (of the units they may see) to Excel."""
    return bool(user_roles(user) & {Role.MANAGER, Role.LEADERSHIP})


def duty_list_of_staff_unscoped(
    *, staff: Staff | None, start: date, end: date
) -> QuerySet[DutyAssignment]:
    """A person's published duties in [start, end], by date."""
    if staff is None:
        return DutyAssignment.objects.none()
    return (
        DutyAssignment.objects.filter(
            staff=staff, roster__status=Roster.Status.PUBLISHED, date__range=(start, end)
        )
        .select_related("duty_type", "roster")
        .order_by("date")
    )


def upcoming_duty_list(*, user, days: int = 30) -> QuerySet[DutyAssignment]:
    today = timezone.localdate()
    return duty_list_of_staff_unscoped(
        staff=staff_selectors.staff_for_user(user=user),
        start=today,
        end=today + timedelta(days=days),
    )


def notification_list(*, user) -> QuerySet[DutyNotification]:
    staff = staff_selectors.staff_for_user(user=user)
    if staff is None:
        return DutyNotification.objects.none()
    return DutyNotification.objects.filter(recipient=staff).select_related("assignment")


def roster_staff_names_unscoped(*, roster: Roster) -> dict[int, str]:
    """Names of the people a roster's figures mention (its unit's staff), one query."""
    ids = [int(pk) for pk in (roster.figures or {}).get("counts", {})]
    return dict(staff_selectors.staff_by_ids_unscoped(ids=ids).values_list("pk", "name"))


@dataclass
class GridDay:
    date: date
    kind: str
    name: str
    is_today: bool
    is_duty_day: bool


@dataclass
class GridRow:
    staff: Staff
    cells: list[list[DutyAssignment]]
    total: int = 0


@dataclass
class MonthGrid:
    year: int
    month: int
    days: list[GridDay]
    rows: list[GridRow]
    flagged: list[DutyAssignment] = field(default_factory=list)
    prev: tuple[int, int] = (0, 0)
    next: tuple[int, int] = (0, 0)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


def roster_month_grid_unscoped(
    *, roster_or_unit: Roster | OrgUnit, year: int, month: int, include_drafts: bool = False
) -> MonthGrid:
    """People x days of one month: a roster's duties, or a unit's published duties.

    Rows are the active staff of the roster's unit and every unit below it (a hall duty
    draws on its sections), plus anyone on duty. A unit's duties are those of its rosters
    and of the units below, and those of its people on rosters above it (a section's grid
    shows its members' hall duties). The caller has scoped `roster_or_unit` to the user.
    Four queries whatever the size: calendar overrides, staff, their assignments (with
    duty types and replacements).
    """
    first = date(year, month, 1)
    last = date(year, month, pycalendar.monthrange(year, month)[1])
    if isinstance(roster_or_unit, Roster):
        roster = roster_or_unit
        unit_id = roster.unit_id
        assignments = DutyAssignment.objects.filter(roster=roster)
        duty_kind = roster.duty_type.kind
    else:
        roster = None
        unit_id = roster_or_unit.pk
        subtree = staff_selectors.org_unit_subtree_unscoped(unit=roster_or_unit).values("pk")
        assignments = DutyAssignment.objects.filter(
            Q(roster__unit__in=subtree) | Q(staff__unit__in=subtree)
        )
        if not include_drafts:
            assignments = assignments.filter(roster__status=Roster.Status.PUBLISHED)
        duty_kind = None
    assignments = list(
        assignments.filter(date__range=(first, last))
        .select_related("duty_type", "staff", "proposed_replacement")
        .order_by("date", "staff_id")
    )
    today = timezone.localdate()
    wanted_kind = {"noon": "working", "weekend": "weekend", "holiday": "holiday"}.get(
        duty_kind or ""
    )
    days = [
        GridDay(
            date=d.date,
            kind=d.kind,
            name=d.name,
            is_today=d.date == today,
            is_duty_day=(
                (roster.start_date <= d.date <= roster.end_date and d.kind == wanted_kind)
                if roster is not None
                else False
            ),
        )
        for d in staff_selectors.calendar_days(start=first, end=last)
    ]
    staff = {
        s.pk: s
        for s in staff_selectors.active_staff_of_unit_unscoped(unit=unit_id).order_by("name")
    }
    for a in assignments:
        staff.setdefault(a.staff_id, a.staff)
    cells: dict[int, dict[date, list[DutyAssignment]]] = defaultdict(lambda: defaultdict(list))
    for a in assignments:
        cells[a.staff_id][a.date].append(a)
    rows = [
        GridRow(
            staff=person,
            cells=[cells[person.pk].get(d.date, []) for d in days],
            total=sum(len(v) for v in cells[person.pk].values()),
        )
        for person in sorted(staff.values(), key=lambda s: (s.name, s.pk))
    ]
    prev_month = first - timedelta(days=1)
    next_month = last + timedelta(days=1)
    return MonthGrid(
        year=year,
        month=month,
        days=days,
        rows=rows,
        flagged=[a for a in assignments if a.flagged_reason],
        prev=(prev_month.year, prev_month.month),
        next=(next_month.year, next_month.month),
    )
