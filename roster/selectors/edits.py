"""Reads for editing a roster by hand: its edit log, what publishing it would put out,
and the people and duties a cell's forms offer."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from roster.domain import duty_days
from roster.models import DutyAssignment, Roster, RosterEdit
from staffmgmt import selectors as staff_selectors

__all__ = [
    "PublishSummary",
    "duty_of_roster_get_for_manager",
    "roster_edit_get_for_manager",
    "roster_edit_list",
    "roster_publish_summary_unscoped",
]


def _managed_rosters(user) -> QuerySet[Roster]:
    return Roster.objects.filter(
        unit__in=staff_selectors.managed_org_unit_list(user=user).values("pk")
    )


def roster_edit_list(*, user, roster: Roster | None = None) -> QuerySet[RosterEdit]:
    """The edit log of the rosters `user` manages (of `roster` only, if given), newest
    first; one query, whatever its length (actor and undo joined)."""
    edits = RosterEdit.objects.filter(roster__in=_managed_rosters(user).values("pk"))
    if roster is not None:
        edits = edits.filter(roster=roster)
    return edits.select_related("actor", "undoes", "undone_by").order_by("-created_at", "-id")


def roster_edit_get_for_manager(*, user, roster: Roster, pk) -> RosterEdit | None:
    return roster_edit_list(user=user, roster=roster).filter(pk=pk).first()


def duty_of_roster_get_for_manager(*, user, roster: Roster, pk) -> DutyAssignment | None:
    """A duty of `roster`, if `user` manages its unit (None otherwise)."""
    return (
        DutyAssignment.objects.filter(roster__in=_managed_rosters(user).values("pk"))
        .filter(roster=roster, pk=pk)
        .select_related("staff", "duty_type", "roster__unit", "roster__duty_type")
        .first()
    )


@dataclass
class PublishSummary:
    duties: int
    people: int
    duty_days: int
    short_days: list = field(default_factory=list)  # (date, have, need)
    flagged: int = 0


def roster_publish_summary_unscoped(*, roster: Roster) -> PublishSummary:
    """What publishing `roster` puts out: its duties, people, and the duty days staffed
    other than the duty type asks (a few queries, counted in the database)."""
    per_day = dict(
        roster.assignments.values("date").annotate(n=Count("pk")).values_list("date", "n")
    )
    need = roster.duty_type.headcount
    days = duty_days(roster.duty_type, roster.start_date, roster.end_date)
    short = [(d.date, per_day.get(d.date, 0), need) for d in days if per_day.get(d.date, 0) != need]
    return PublishSummary(
        duties=sum(per_day.values()),
        people=roster.assignments.values("staff").distinct().count(),
        duty_days=len(days),
        short_days=short,
        flagged=roster.assignments.exclude(flagged_reason="").count(),
    )
