"""Every read of integrity files, scoped to the asking user.

Who sees what (issue 10):
- a cadre: their own file, confirmed records only (never drafts about them), their talks
  and credits, and who read their file;
- an integrity officer: every file of their unit and the units below it, drafts included,
  and the access log of those files;
- leadership: reads the confirmed files of their unit and below (no drafts, no log);
- a manager: only the per-period summary of their staff (`integrity_summary_list`);
- nobody else: nothing.
A superuser counts as an integrity officer of the whole bureau.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from integrity_files.models import (
    Category,
    CreditRequirement,
    Evidence,
    FileAccess,
    IntegrityNotice,
    IntegrityRecord,
    RecordResponse,
    Talk,
    TrainingCredit,
)
from kernel.roles import Role, user_has_role, user_roles
from staffmgmt import selectors as staff_selectors

__all__ = [
    "can_keep_file",
    "can_read_file",
    "credit_requirement_list",
    "credit_shortfall_for_staff",
    "credit_shortfall_for_unit",
    "credit_shortfall_unscoped",
    "evidence_get_for_user",
    "file_access_list",
    "integrity_points_by_category",
    "integrity_summary_list",
    "integrity_summary_unscoped",
    "kept_staff",
    "notice_list",
    "notice_unread_count",
    "objection_list",
    "proposal_list",
    "readable_staff",
    "record_get_for_user",
    "record_list",
    "summary_staff",
    "talk_list",
    "training_credit_list",
]


def _me(user):
    return staff_selectors.staff_for_user(user=user)


def _subtree_staff(user):
    """Staff of the user's unit and below (everyone, for a superuser without a unit)."""
    if user.is_superuser and _me(user) is None:
        return staff_selectors.staff_list(user=user)
    me = _me(user)
    if me is None:
        return None
    return _staff_of_tree(me.unit)


def _staff_of_tree(unit):
    """Everyone of `unit` and below, people who have left included (their records outlive
    their service)."""
    return staff_selectors.staff_of_units_unscoped(
        units=staff_selectors.org_unit_subtree_unscoped(unit=unit), active_only=False
    ).select_related("unit", "user")


def _none():
    return staff_selectors.staff_by_ids_unscoped(ids=[])


def kept_staff(*, user):
    """The people whose files `user` keeps (writes, sees drafts): integrity officers."""
    if not getattr(user, "is_authenticated", False) or not user_has_role(
        user, Role.INTEGRITY_OFFICER
    ):
        return _none()
    people = _subtree_staff(user)
    return _none() if people is None else people


def readable_staff(*, user):
    """The people whose (confirmed) files `user` may read: own, plus the subtree for
    integrity officers and leadership."""
    if not getattr(user, "is_authenticated", False):
        return _none()
    roles = user_roles(user)
    if roles & {Role.INTEGRITY_OFFICER, Role.LEADERSHIP}:
        people = _subtree_staff(user)
        if people is not None:
            return people
    me = _me(user)
    return (
        _none()
        if me is None
        else staff_selectors.staff_by_ids_unscoped(ids=[me.pk]).select_related("unit", "user")
    )


def summary_staff(*, user):
    """The people whose per-period summary `user` may see: readable files, plus a
    manager's staff (managers see the summary only, never the file)."""
    if not getattr(user, "is_authenticated", False):
        return _none()
    if user_has_role(user, Role.MANAGER):
        return staff_selectors.staff_list(user=user)
    return readable_staff(user=user)


def can_keep_file(*, user, staff) -> bool:
    return kept_staff(user=user).filter(pk=staff.pk).exists()


def can_read_file(*, user, staff) -> bool:
    return readable_staff(user=user).filter(pk=staff.pk).exists()


def _confirmed_correction(outer: str = "pk"):
    return IntegrityRecord.objects.filter(
        supersedes=OuterRef(outer), status=IntegrityRecord.Status.CONFIRMED
    )


def current_records() -> QuerySet[IntegrityRecord]:
    """Confirmed records no confirmed correction supersedes: the ones totals count.
    UNSCOPED: callers filter to what the user may see."""
    return IntegrityRecord.objects.filter(status=IntegrityRecord.Status.CONFIRMED).exclude(
        Exists(_confirmed_correction())
    )


def record_list(*, user, staff=None) -> QuerySet[IntegrityRecord]:
    """Records `user` may see, each annotated `is_current`; drafts only for keepers."""
    kept = kept_staff(user=user).values("pk")
    readable = readable_staff(user=user).values("pk")
    records = IntegrityRecord.objects.filter(
        Q(staff__in=kept) | Q(staff__in=readable, status=IntegrityRecord.Status.CONFIRMED)
    )
    if staff is not None:
        records = records.filter(staff=staff)
    return records.annotate(
        is_current=Q(status=IntegrityRecord.Status.CONFIRMED) & ~Exists(_confirmed_correction())
    ).select_related(
        "staff", "staff__unit", "recorded_by", "confirmed_by", "supersedes", "response"
    )


def proposal_list(*, user) -> QuerySet[IntegrityRecord]:
    """Drafts other parts proposed (late check-ins, verified complaints) in the files
    `user` keeps, awaiting confirmation or dismissal; oldest first."""
    return (
        IntegrityRecord.objects.filter(
            staff__in=kept_staff(user=user).values("pk"),
            status=IntegrityRecord.Status.DRAFT,
            source_ref__isnull=False,
        )
        .select_related("staff", "staff__unit")
        .order_by("occurred_on", "id")
    )


def record_get_for_user(*, user, pk) -> IntegrityRecord | None:
    return record_list(user=user).filter(pk=pk).first()


def evidence_get_for_user(*, user, pk) -> Evidence | None:
    records = record_list(user=user).values("pk")
    return Evidence.objects.filter(pk=pk, record__in=records).select_related("record").first()


def objection_list(*, user, status: str | None = None) -> QuerySet[RecordResponse]:
    """Objections `user` may see: those of the files they keep, and their own."""
    me = _me(user)
    kept = kept_staff(user=user).values("pk")
    scope = Q(record__staff__in=kept)
    if me is not None:
        scope |= Q(record__staff=me)
    objections = RecordResponse.objects.filter(scope, kind=RecordResponse.Kind.OBJECTION)
    if status:
        objections = objections.filter(status=status)
    return objections.select_related(
        "record", "record__staff", "record__staff__unit", "responded_by", "decided_by"
    ).order_by("decide_by", "id")


def talk_list(*, user, staff=None) -> QuerySet[Talk]:
    talks = Talk.objects.filter(staff__in=readable_staff(user=user).values("pk"))
    if staff is not None:
        talks = talks.filter(staff=staff)
    return talks.select_related("staff", "recorded_by", "follow_up_done_by")


def training_credit_list(*, user, staff=None, year: int | None = None) -> QuerySet[TrainingCredit]:
    credits = TrainingCredit.objects.filter(staff__in=readable_staff(user=user).values("pk"))
    if staff is not None:
        credits = credits.filter(staff=staff)
    if year is not None:
        credits = credits.filter(completed_on__year=year)
    return credits.select_related("staff", "recorded_by")


def credit_requirement_list(*, user) -> QuerySet[CreditRequirement]:
    if not getattr(user, "is_authenticated", False):
        return CreditRequirement.objects.none()
    return CreditRequirement.objects.filter(
        unit__in=staff_selectors.org_unit_id_list(user=user)
    ).select_related("unit")


def file_access_list(*, user, staff=None) -> QuerySet[FileAccess]:
    """Reads of files: integrity officers see those of the files they keep, a cadre those
    of their own file."""
    me = _me(user)
    scope = Q(staff__in=kept_staff(user=user).values("pk"))
    if me is not None:
        scope |= Q(staff=me)
    log = FileAccess.objects.filter(scope)
    if staff is not None:
        log = log.filter(staff=staff)
    return log.select_related("viewer", "staff")


def notice_list(*, user) -> QuerySet[IntegrityNotice]:
    me = _me(user)
    if me is None:
        return IntegrityNotice.objects.none()
    return IntegrityNotice.objects.filter(recipient=me).select_related("record")


def notice_unread_count(user) -> int:
    return notice_list(user=user).filter(read_at__isnull=True).count()


# --- Metrics for assessment and dashboards (database aggregates) -------------------------


def _points_by_category(records: QuerySet[IntegrityRecord]) -> dict[str, int]:
    totals = {category: 0 for category in Category.values}
    for row in records.values("category").annotate(total=Sum("points")).order_by():
        totals[row["category"]] = row["total"] or 0
    return totals


def integrity_points_by_category(
    *, user, start: date, end: date, staff=None, unit=None
) -> dict[str, int]:
    """Current points per category (every category present, 0 when none) of `staff`, or
    of every cadre of `unit` and below, from records dated within [start, end]; limited to
    the people whose summary `user` may see. One query."""
    people = summary_staff(user=user)
    if unit is not None:
        people = people.filter(pk__in=_staff_of_tree(unit).values("pk"))
    records = current_records().filter(
        staff__in=people.values("pk"), occurred_on__gte=start, occurred_on__lte=end
    )
    if staff is not None:
        records = records.filter(staff=staff)
    return _points_by_category(records)


@dataclass
class CreditShortfall:
    staff: object
    required: Decimal
    earned: Decimal

    @property
    def shortfall(self) -> Decimal:
        return max(Decimal(0), self.required - self.earned)


def _requirement_by_path(year: int) -> list[tuple[str, Decimal]]:
    """(unit path, credits) of every unit that sets a requirement in `year`, deepest
    first: a person owes the first one whose path their unit's path starts with (the
    nearest unit at or above theirs). One query, however many units set one."""
    rows = (
        CreditRequirement.objects.filter(year=year)
        .values_list("unit__path", "required_credits")
        .order_by()
    )
    return sorted(rows, key=lambda row: len(row[0]), reverse=True)


def _unit_loaded(person) -> bool:
    return person._meta.get_field("unit").is_cached(person)


def credit_shortfall_by_staff_unscoped(
    *, staff, year: int, until: date | None = None
) -> dict[int, CreditShortfall]:
    """staff pk → required, earned and short credits of each of `staff` (Staff rows, their
    unit loaded or not, or ids) for `year`: the requirement of the nearest unit at or above
    the person's that sets one (0 when none does), the credits completed from 1 January to
    `until` (the year's end when None). Everyone given who exists is in the answer.

    Set-based: the credits in one grouped query, the year's requirements in one, the
    people's units in one when they are not loaded; whatever the head-count and however
    many units set a requirement.

    UNSCOPED: for callers that decide who sees the figures (the scoped selectors below,
    assessment's metric provider, the scheduled reminders). Never hand it to a view."""
    people = list(staff)
    if any(isinstance(person, int) or not _unit_loaded(person) for person in people):
        people = list(
            staff_selectors.staff_by_ids_unscoped(
                ids=[getattr(person, "pk", person) for person in people]
            ).prefetch_related(None)
        )
    if not people:
        return {}
    last = date(year, 12, 31) if until is None else min(until, date(year, 12, 31))
    earned = dict(
        TrainingCredit.objects.filter(
            staff__in=[person.pk for person in people],
            completed_on__gte=date(year, 1, 1),
            completed_on__lte=last,
        )
        .values("staff")
        .annotate(total=Coalesce(Sum("credits"), Decimal(0)))
        .order_by()
        .values_list("staff", "total")
    )
    requirements = _requirement_by_path(year)

    def required(path: str) -> Decimal:
        return next(
            (credits for prefix, credits in requirements if path.startswith(prefix)), Decimal(0)
        )

    return {
        person.pk: CreditShortfall(
            staff=person,
            required=required(person.unit.path),
            earned=earned.get(person.pk, Decimal(0)),
        )
        for person in people
    }


def _shortfalls(people, year: int) -> list[CreditShortfall]:
    return list(credit_shortfall_by_staff_unscoped(staff=people, year=year).values())


def credit_shortfall_for_staff(*, user, staff, year: int) -> CreditShortfall | None:
    """Required, earned and short credits of one person in `year` (None if out of scope)."""
    person = summary_staff(user=user).filter(pk=staff.pk).select_related("unit").first()
    if person is None:
        return None
    return _shortfalls([person], year)[0]


def credit_shortfall_for_unit(
    *, user, unit, year: int, only_short: bool = True
) -> list[CreditShortfall]:
    """Per active person of `unit` and below (within what `user` may see): required,
    earned and short credits in `year`; by default only those short of the requirement.
    Three queries whatever the head-count."""
    people = (
        summary_staff(user=user)
        .filter(pk__in=_staff_of_tree(unit).values("pk"), is_active=True)
        .select_related("unit")
        .order_by("unit__path", "employee_no")
    )
    rows = _shortfalls(people, year)
    return [row for row in rows if row.shortfall > 0] if only_short else rows


def credit_shortfall_unscoped(*, year: int) -> list[CreditShortfall]:
    """Every active person short of the credits their unit requires in `year` (user
    loaded). UNSCOPED: for the scheduled reminders. A query per unit setting a requirement
    (its people), then three, whatever the head-count."""
    ids: set[int] = set()
    for requirement in CreditRequirement.objects.filter(year=year).select_related("unit"):
        ids.update(
            staff_selectors.staff_of_units_unscoped(
                units=staff_selectors.org_unit_subtree_unscoped(unit=requirement.unit)
            ).values_list("pk", flat=True)
        )
    if not ids:
        return []
    people = (
        staff_selectors.staff_by_ids_unscoped(ids=ids)
        .select_related("user")
        .order_by("unit__path", "employee_no")
    )
    return [row for row in _shortfalls(people, year) if row.shortfall > 0]


@dataclass
class IntegritySummary:
    staff: object
    points: dict[str, int] = field(default_factory=dict)
    total: int = 0
    open_objections: int = 0
    talks: int = 0
    credit: CreditShortfall | None = None


def integrity_summary_list(*, user, start: date, end: date, unit=None) -> list[IntegritySummary]:
    """Per cadre `user` may summarise: current points by category and in total, open
    objections and talks within [start, end], and the training credit shortfall of the
    year `end` falls in. A fixed number of queries (one per aggregate), whatever the
    head-count."""
    people = summary_staff(user=user).filter(is_active=True)
    if unit is not None:
        people = people.filter(pk__in=_staff_of_tree(unit).values("pk"))
    return _summaries(people, start=start, end=end)


def integrity_summary_unscoped(*, staff, start: date, end: date) -> dict[int, IntegritySummary]:
    """staff pk → the `IntegritySummary` of each of `staff` (Staff rows or a queryset) over
    [start, end], as `integrity_summary_list` computes it: current points by category and in
    total, open objections, talks, and the credit shortfall of `end`'s year. Every person
    given is present (zeros when nothing is on file). A fixed number of queries.

    UNSCOPED: for computations that have no user (assessment's metric providers); callers
    decide who sees the figures. Never hand it to a view."""
    people = staff_selectors.staff_by_ids_unscoped(
        ids=[getattr(person, "pk", person) for person in staff]
    )
    return {row.staff.pk: row for row in _summaries(people, start=start, end=end)}


def _summaries(people, *, start: date, end: date) -> list[IntegritySummary]:
    # Name, number and unit only: not the user account nor the skills some people
    # selectors load (at province scale building 4,000 users was a third of the time).
    people = list(
        people.select_related(None)
        .select_related("unit")
        .prefetch_related(None)
        .order_by("unit__path", "employee_no")
    )
    ids = [person.pk for person in people]
    summaries = {person.pk: IntegritySummary(staff=person) for person in people}
    categories = Category.values  # a property that builds its list on every read
    for summary in summaries.values():
        summary.points = dict.fromkeys(categories, 0)
    points = (
        current_records()
        .filter(staff__in=ids, occurred_on__gte=start, occurred_on__lte=end)
        .values("staff", "category")
        .annotate(total=Sum("points"))
        .order_by()
    )
    for row in points:
        summary = summaries[row["staff"]]
        summary.points[row["category"]] = row["total"] or 0
        summary.total += row["total"] or 0
    objections = (
        RecordResponse.objects.filter(
            record__staff__in=ids,
            kind=RecordResponse.Kind.OBJECTION,
            status=RecordResponse.Status.OPEN,
        )
        .values("record__staff")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in objections:
        summaries[row["record__staff"]].open_objections = row["n"]
    talks = (
        Talk.objects.filter(staff__in=ids, held_on__gte=start, held_on__lte=end)
        .values("staff")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in talks:
        summaries[row["staff"]].talks = row["n"]
    for credit in _shortfalls(people, end.year):
        summaries[credit.staff.pk].credit = credit
    return list(summaries.values())
