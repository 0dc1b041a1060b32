"""Reads of absences (leave), scoped to the asking user, and unscoped helpers for services.

Scope: a cadre sees their own absences; a manager or leader also sees those of every
unit below their own; a superuser sees all; a user without a staff record sees nothing.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from kernel.roles import Role, user_roles
from staffmgmt.models import Absence
from staffmgmt.selectors.org import managed_org_unit_list, org_unit_id_list, staff_for_user

__all__ = [
    "absence_get_for_user",
    "absence_list",
    "absence_list_of_staff_unscoped",
    "absences_by_staff_day",
    "absent_halves_unscoped",
    "approved_absence_list_unscoped",
    "pending_absence_list",
    "upcoming_absence_list_of_staff_unscoped",
]

# Leave records of other people are personnel data: integrity officers reach them
# through their own files, not through the leave list.
ABSENCE_SUBTREE_ROLES = {Role.MANAGER, Role.LEADERSHIP}

# Absences that block the same half day for another request of the same person.
ACTIVE_STATUSES = (Absence.Status.REQUESTED, Absence.Status.APPROVED)


def _base() -> QuerySet[Absence]:
    return Absence.objects.select_related("staff", "staff__unit", "requested_by", "decided_by")


def absence_list(*, user) -> QuerySet[Absence]:
    """The absences a user may see (own; plus units below them for managers and leaders)."""
    if not user or not user.is_authenticated:
        return Absence.objects.none()
    if user.is_superuser:
        return _base()
    staff = staff_for_user(user=user)
    if staff is None:
        return Absence.objects.none()
    if user_roles(user) & ABSENCE_SUBTREE_ROLES:
        return _base().filter(Q(staff__unit__in=org_unit_id_list(user=user)) | Q(staff=staff))
    return _base().filter(staff=staff)


def absence_get_for_user(*, user, pk) -> Absence:
    """One absence the user may see; Http404 otherwise (existence is not revealed)."""
    return get_object_or_404(absence_list(user=user), pk=pk)


def pending_absence_list(*, user) -> QuerySet[Absence]:
    """Requests waiting for this user's decision: units they manage, never their own leave."""
    if not user or not user.is_authenticated:
        return Absence.objects.none()
    return (
        _base()
        .filter(
            status=Absence.Status.REQUESTED,
            staff__unit__in=managed_org_unit_list(user=user).values("pk"),
        )
        .exclude(staff__user=user)
        .order_by("start_date", "id")
    )


def upcoming_absence_list_of_staff_unscoped(*, staff, today: date) -> QuerySet[Absence]:
    """A person's requested or approved absences that have not ended yet, soonest first."""
    return (
        _base()
        .filter(staff=staff, status__in=ACTIVE_STATUSES, end_date__gte=today)
        .order_by("start_date", "id")
    )


def approved_absence_list_unscoped(
    *, staff_ids: Iterable[int], start: date, end: date
) -> QuerySet[Absence]:
    """Approved absences of these people overlapping [start, end].

    UNSCOPED: a helper for other apps' services (rosters, coverage), which decide who
    may see the result. Never hand it straight to a view.
    """
    return (
        Absence.objects.filter(
            status=Absence.Status.APPROVED,
            staff_id__in=list(staff_ids),
            start_date__lte=end,
            end_date__gte=start,
        )
        .select_related("staff")
        .order_by("start_date", "id")
    )


def absence_list_of_staff_unscoped(
    *,
    staff,
    kind: str | None = None,
    statuses: Iterable[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[Absence]:
    """A person's absences, optionally of one kind, in some statuses, overlapping [start, end].

    Like `approved_absence_list_unscoped`, for other apps' services and selectors (e.g. the
    compensatory-time balance), which check the user may see `staff`.
    """
    absences = Absence.objects.filter(staff=staff)
    if kind is not None:
        absences = absences.filter(kind=kind)
    if statuses is not None:
        absences = absences.filter(status__in=list(statuses))
    if start is not None:
        absences = absences.filter(end_date__gte=start)
    if end is not None:
        absences = absences.filter(start_date__lte=end)
    return absences


def absences_by_staff_day(
    *, absences: Iterable[Absence], start: date, end: date
) -> dict[tuple[int, date], list[tuple[Absence, frozenset[str]]]]:
    """Expand absences to (staff_id, day) -> [(absence, halves taken that day)] within a range."""
    expanded: dict[tuple[int, date], list[tuple[Absence, frozenset[str]]]] = defaultdict(list)
    for absence in absences:
        day = max(absence.start_date, start)
        last = min(absence.end_date, end)
        while day <= last:
            halves = absence.halves_on(day)
            if halves:
                expanded[(absence.staff_id, day)].append((absence, halves))
            day += timedelta(days=1)
    return dict(expanded)


def absent_halves_unscoped(
    *, staff_ids: Iterable[int], start: date, end: date
) -> dict[tuple[int, date], frozenset[str]]:
    """Approved absences expanded per person per day: (staff_id, day) -> {"am", "pm"} (ONE query).

    Days without an absence are missing from the dict. Like `approved_absence_list_unscoped`.
    """
    expanded = absences_by_staff_day(
        absences=approved_absence_list_unscoped(staff_ids=staff_ids, start=start, end=end),
        start=start,
        end=end,
    )
    return {
        key: frozenset().union(*(halves for _absence, halves in entries))
        for key, entries in expanded.items()
    }
