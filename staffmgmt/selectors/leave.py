"""Leave bookkeeping: how each kind of leave is counted, and the yearly balances.

The kinds follow the civil-service leave rules (ADR 0010):

| kind | counted in | yearly balance |
|---|---|---|
| annual (年休假) | working days | by years of service: LEAVE_ANNUAL_DAYS_BY_SERVICE |
| home visit (探亲假) | calendar days | LEAVE_YEARLY_DAYS["home_visit"] |
| sick, personal, compensatory | working days | none here (compensatory: the roster's balance) |
| marriage, bereavement | working days | none; one request is at most `max_days` long |
| maternity, paternity | calendar days | none; one request is at most `max_days` long |

Working days come from the work calendar (holidays and adjusted working days included);
a half day counts 0.5. Settings may override the figures (see `_setting`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from staffmgmt.models import Absence, Staff

__all__ = [
    "LEAVE_RULES",
    "LeaveBalance",
    "LeaveRule",
    "absence_day_counts",
    "annual_leave_entitlement",
    "leave_balance_list_unscoped",
    "leave_balance_unscoped",
    "leave_max_future_days",
    "leave_max_past_days",
    "leave_rule",
]

WORKING = "working"
CALENDAR = "calendar"

# 《职工带薪年休假条例》: 5 days after 1 year of service, 10 after 10, 15 after 20.
DEFAULT_ANNUAL_DAYS_BY_SERVICE = ((1, 5), (10, 10), (20, 15))
# 探亲假: 20 days a year to visit one's parents (30 for a spouse, set per person by HR).
DEFAULT_YEARLY_DAYS = {Absence.Kind.HOME_VISIT: 20}
# A request further back than this is a correction for HR, not a leave request.
DEFAULT_MAX_PAST_DAYS = 30
# Leave is planned at most a year ahead; 2100 is a typo, not a plan.
DEFAULT_MAX_FUTURE_DAYS = 366


@dataclass(frozen=True)
class LeaveRule:
    kind: str
    counting: str  # WORKING or CALENDAR
    max_days: int  # calendar days one request may span
    yearly: bool = False  # has a yearly balance kept here

    @property
    def counting_label(self) -> Promise:
        return _("working days") if self.counting == WORKING else _("calendar days")


K = Absence.Kind
LEAVE_RULES: dict[str, LeaveRule] = {
    rule.kind: rule
    for rule in (
        LeaveRule(K.ANNUAL, WORKING, max_days=31, yearly=True),
        LeaveRule(K.SICK, WORKING, max_days=183),
        LeaveRule(K.PERSONAL, WORKING, max_days=31),
        # 婚假 3 days, more where a province grants it; a request is at most a month.
        LeaveRule(K.MARRIAGE, WORKING, max_days=31),
        # 产假 98 days plus provincial extensions (up to about 188 days in total).
        LeaveRule(K.MATERNITY, CALENDAR, max_days=190),
        LeaveRule(K.PATERNITY, CALENDAR, max_days=31),
        LeaveRule(K.BEREAVEMENT, WORKING, max_days=15),
        LeaveRule(K.HOME_VISIT, CALENDAR, max_days=45, yearly=True),
        LeaveRule(K.COMPENSATORY, WORKING, max_days=31),
        LeaveRule(K.BUSINESS_TRIP, WORKING, max_days=92),
        LeaveRule(K.TRAINING, WORKING, max_days=183),
        LeaveRule(K.OTHER, WORKING, max_days=31),
    )
}
del K


def _setting(name: str, default):
    return getattr(settings, name, default)


def leave_max_past_days() -> int | None:
    """How many days back a request may start (None: no limit)."""
    return _setting("LEAVE_MAX_PAST_DAYS", DEFAULT_MAX_PAST_DAYS)


def leave_max_future_days() -> int | None:
    return _setting("LEAVE_MAX_FUTURE_DAYS", DEFAULT_MAX_FUTURE_DAYS)


def leave_rule(*, kind: str) -> LeaveRule:
    return LEAVE_RULES.get(kind, LEAVE_RULES[Absence.Kind.OTHER])


def absence_day_counts(
    *,
    kind: str,
    start_date: date,
    start_half: str,
    end_date: date,
    end_half: str,
) -> tuple[Decimal, Decimal]:
    """(working days, days counted by the kind's rule) of a period; one calendar read.

    The period must lie within the calendar (the caller checks).
    """
    from staffmgmt.selectors.calendar import calendar_days

    half = Decimal("0.5")
    working = Decimal(0)
    calendar = Decimal(0)
    for entry in calendar_days(start=start_date, end=end_date):
        amount = Decimal(1)
        if entry.date == start_date and start_half == "pm":
            amount -= half
        if entry.date == end_date and end_half == "am":
            amount -= half
        calendar += amount
        if entry.is_working:
            working += amount
    counted = working if leave_rule(kind=kind).counting == WORKING else calendar
    return working, counted


def _completed_years(since: date, on: date) -> int:
    years = on.year - since.year - ((on.month, on.day) < (since.month, since.day))
    return max(years, 0)


def annual_leave_entitlement(*, staff: Staff, year: int) -> int | None:
    """Annual-leave days of `year` by completed years of service on 1 January of it.

    None when the person's service start is not recorded (the balance is then unknown).
    """
    if staff.service_start is None:
        return None
    years = _completed_years(staff.service_start, date(year, 1, 1))
    days = 0
    for min_years, tier_days in _setting(
        "LEAVE_ANNUAL_DAYS_BY_SERVICE", DEFAULT_ANNUAL_DAYS_BY_SERVICE
    ):
        if years >= min_years:
            days = tier_days
    return days


@dataclass(frozen=True)
class LeaveBalance:
    kind: str
    label: str
    year: int
    counting_label: str
    entitled: Decimal | None  # None: not known (no service start recorded)
    taken: Decimal  # approved
    requested: Decimal  # waiting for a decision

    @property
    def left(self) -> Decimal | None:
        if self.entitled is None:
            return None
        return self.entitled - self.taken - self.requested


def _entitlement(staff: Staff, kind: str, year: int) -> Decimal | None:
    if kind == Absence.Kind.ANNUAL:
        days = annual_leave_entitlement(staff=staff, year=year)
        return None if days is None else Decimal(days)
    yearly = {**DEFAULT_YEARLY_DAYS, **_setting("LEAVE_YEARLY_DAYS", {})}
    return Decimal(yearly.get(kind, 0))


def leave_balance_list_unscoped(
    *, staff: Staff, year: int, exclude_pk: int | None = None
) -> list[LeaveBalance]:
    """The balances of every kind with a yearly balance, for `staff` in `year`; one query.

    Leave counts in the year it starts. UNSCOPED: the caller checks the user may see
    `staff` (the request form shows the asker's own; the services check their subject).
    """
    kinds = [rule.kind for rule in LEAVE_RULES.values() if rule.yearly]
    rows = (
        Absence.objects.filter(
            staff=staff,
            kind__in=kinds,
            status__in=[Absence.Status.APPROVED, Absence.Status.REQUESTED],
            start_date__gte=date(year, 1, 1),
            start_date__lt=date(year + 1, 1, 1),
        )
        .exclude(pk=exclude_pk)
        .values("kind", "status")
        .annotate(days=Sum("counted_days"))
    )
    used = {(row["kind"], row["status"]): row["days"] or Decimal(0) for row in rows}
    return [
        LeaveBalance(
            kind=kind,
            label=str(Absence.Kind(kind).label),
            year=year,
            counting_label=str(leave_rule(kind=kind).counting_label),
            entitled=_entitlement(staff, kind, year),
            taken=used.get((kind, Absence.Status.APPROVED), Decimal(0)),
            requested=used.get((kind, Absence.Status.REQUESTED), Decimal(0)),
        )
        for kind in kinds
    ]


def leave_balance_unscoped(
    *, staff: Staff, kind: str, year: int, exclude_pk: int | None = None
) -> LeaveBalance | None:
    """The balance of one kind (None if the kind has no yearly balance)."""
    if not leave_rule(kind=kind).yearly:
        return None
    return next(
        b
        for b in leave_balance_list_unscoped(staff=staff, year=year, exclude_pk=exclude_pk)
        if b.kind == kind
    )
