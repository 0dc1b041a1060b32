"""The work calendar: which days are working days, weekends or public holidays.

Defaults come from the `holidays` library's China calendar (State Council schedules,
adjusted working days included); a bureau's `CalendarOverride` rows win over them.

Rules, in order:

1. A day listed by the library is a rest day; a weekend day the library lists as an
   adjusted working day (调休上班日) is a working day; other Saturdays and Sundays are
   weekends; everything else is a working day.
2. An override of a day replaces its kind (and name).
3. A holiday period is a maximal run of consecutive rest days (weekend or holiday) that
   contains at least one holiday: the library's, or an override's. Every day of the run
   becomes a holiday (unless an override says otherwise for that day) and carries the
   period's name: the public holiday that most of its days belong to (so 1-8 Oct 2025 is
   National Day, although Mid-Autumn falls inside), else "Holiday".
4. An adjusted working day is named after the holiday period that its day off went to.

Periods are recomputed after overrides on every call, so an override that makes a working
day a holiday extends (or creates) a run. Runs are followed up to `_PAD` days beyond the
requested range, so a period is reported with its full extent unless it is longer than
that.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import holidays
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from kernel.errors import invalid
from staffmgmt.errors import StaffError
from staffmgmt.models import CalendarOverride, DayKind

__all__ = [
    "CALENDAR_FIRST_DAY",
    "CALENDAR_LAST_DAY",
    "MAX_CALENDAR_RANGE_DAYS",
    "CalendarDay",
    "HolidayPeriod",
    "add_working_days",
    "calendar_day",
    "calendar_days",
    "calendar_override_list",
    "calendar_year_get",
    "can_override_calendar",
    "confirmed_years",
    "holiday_periods",
    "is_provisional_year",
    "is_working_day",
    "provisional_years",
    "within_calendar",
    "working_days",
]

# About three years: enough for any report or roster, small enough to answer at once.
MAX_CALENDAR_RANGE_DAYS = 3 * 366
# The library knows Chinese holidays from 1950 and the lunar calendar up to 2100; outside
# that it would silently report every weekday as a working day.
CALENDAR_FIRST_DAY = date(1950, 1, 1)
CALENDAR_LAST_DAY = date(2100, 12, 31)

# How far beyond the asked range runs of rest days are followed. The longest official run
# so far is ten days (Spring Festival 2020), and the day off an adjusted working day pays
# for lies at most about three weeks away from it.
_PAD = timedelta(days=31)

# The library's source language is zh_CN: its zh_CN labels are the stable keys of the
# public holidays (and the official Chinese names). English names are ours, translatable.
_FULLWIDTH_BRACKET = "\uff08"
_KEY_ALIASES = {"农历除夕": "春节", "春节延长假期": "春节"}
_ENGLISH_NAMES: dict[str, Promise] = {
    "元旦": gettext_lazy("New Year's Day"),
    "春节": gettext_lazy("Spring Festival"),
    "清明节": gettext_lazy("Tomb-Sweeping Day"),
    "劳动节": gettext_lazy("Labour Day"),
    "端午节": gettext_lazy("Dragon Boat Festival"),
    "中秋节": gettext_lazy("Mid-Autumn Festival"),
    "国庆节": gettext_lazy("National Day"),
}


@dataclass(frozen=True)
class CalendarDay:
    date: date
    kind: str
    name: str
    is_adjusted_working_day: bool
    is_override: bool

    @property
    def is_working(self) -> bool:
        return self.kind == DayKind.WORKING


@dataclass(frozen=True)
class HolidayPeriod:
    """A whole run of rest days around a public holiday, e.g. 15-23 Feb 2026."""

    name: str
    start: date
    end: date

    @property
    def days(self) -> list[date]:
        return list(_date_range(self.start, self.end))

    def __len__(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class _LibraryYear:
    # rest day -> the name it votes for as its period's name (None: a day off in lieu)
    rest_days: dict[date, str | Promise | None]
    # adjusted working days of the year
    adjusted_working_days: frozenset[date]
    # adjusted working day -> the day off it pays for (either may lie in another year)
    paid_day_off: dict[date, date]


def _date_range(start: date, end: date):
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def _library_language() -> str:
    return "zh_CN" if (get_language() or "").lower().startswith("zh") else "en_US"


@functools.lru_cache(maxsize=128)
def _library_year(year: int, language: str) -> _LibraryYear:
    """The library's view of one year, names in `language` (lazy for English)."""
    source = holidays.China(years=year, language="zh_CN")
    localised = source if language == "zh_CN" else holidays.China(years=year, language=language)
    substituted_prefix = source.substituted_label.split("%s", 1)[0]
    iso_format = source.substituted_date_format
    adjusted = frozenset(d for d in source.weekend_workdays if d.year == year)
    # Weekend workdays of the neighbouring years too: a day off in January may pay for a
    # Saturday in the December before.
    nearby_workdays = [d for d in source.weekend_workdays if abs(d.year - year) <= 1]
    rest_days: dict[date, str | Promise | None] = {}
    paid_day_off: dict[date, date] = {}
    for day in source:
        votes = []
        for label in source.get_list(day):
            if label.startswith(substituted_prefix):
                for workday in nearby_workdays:
                    if workday.strftime(iso_format) in label:
                        paid_day_off[workday] = day
                continue
            # Observed and estimated days read "清明节(补假)", "春节(推定)" with a full-width
            # bracket: the holiday is the text before it.
            key = label.split(_FULLWIDTH_BRACKET, 1)[0].strip()
            votes.append(_KEY_ALIASES.get(key, key))
        if not votes:
            rest_days[day] = None
            continue
        key = votes[0]
        if language == "zh_CN":
            rest_days[day] = key
        elif key in _ENGLISH_NAMES:
            rest_days[day] = _ENGLISH_NAMES[key]
        else:
            rest_days[day] = localised.get_list(day)[0] if day in localised else key
    return _LibraryYear(
        rest_days=rest_days, adjusted_working_days=adjusted, paid_day_off=paid_day_off
    )


def _validate_range(start: date, end: date) -> None:
    for field, day in (("start", start), ("end", end)):
        if not CALENDAR_FIRST_DAY <= day <= CALENDAR_LAST_DAY:
            raise invalid(
                StaffError.OUTSIDE_CALENDAR,
                _("The calendar covers %(first)s to %(last)s.")
                % {"first": CALENDAR_FIRST_DAY, "last": CALENDAR_LAST_DAY},
                field=field,
            )
    if end < start:
        raise invalid(
            StaffError.CALENDAR_END_BEFORE_START,
            _("The end date must not be before the start date."),
            field="end",
        )
    if (end - start).days + 1 > MAX_CALENDAR_RANGE_DAYS:
        raise invalid(
            StaffError.CALENDAR_RANGE_TOO_LONG,
            _("Ask for at most %(days)d days at a time.") % {"days": MAX_CALENDAR_RANGE_DAYS},
            field="end",
        )


def _compute(start: date, end: date) -> tuple[list[CalendarDay], list[HolidayPeriod]]:
    """Days and holiday periods of [start, end]; one query (the overrides).

    A padded window around the range is classified first, so a holiday period that starts
    before `start` or ends after `end` is still seen whole (and named by all its days).
    """
    _validate_range(start, end)
    low, high = start - _PAD, end + _PAD
    overrides = _overrides_in(low, high)
    rest_days, adjusted, paid_day_off = _library_calendar(low, high)
    window = list(_date_range(low, high))
    kinds, anchors = _day_kinds(window, overrides, rest_days, adjusted)
    periods, period_of = _holiday_periods(window, kinds, anchors)
    days = [
        _named_day(day, kinds[day], overrides.get(day), period_of, paid_day_off)
        for day in _date_range(start, end)
    ]
    overlapping = [p for p in periods if p.end >= start and p.start <= end]
    return days, overlapping


def _overrides_in(low: date, high: date) -> dict[date, CalendarOverride]:
    return {
        o.date: o
        for o in CalendarOverride.objects.filter(date__range=(low, high)).only(
            "date", "kind", "name"
        )
    }


def _library_calendar(
    low: date, high: date
) -> tuple[dict[date, str | Promise | None], set[date], dict[date, date]]:
    """The library's rest days (with the name each votes for), adjusted working days and
    the day off each adjusted day pays for, over [low, high] and the years around it."""
    language = _library_language()
    rest_days: dict[date, str | Promise | None] = {}
    adjusted: set[date] = set()
    paid_day_off: dict[date, date] = {}
    for year in range(low.year - 1, high.year + 2):
        library = _library_year(year, language)
        rest_days.update(library.rest_days)
        adjusted |= library.adjusted_working_days
        paid_day_off.update(library.paid_day_off)
    return rest_days, adjusted, paid_day_off


def _day_kinds(window, overrides, rest_days, adjusted):
    """Pass 1: the kind of each day before periods, and which rest days anchor a period
    (anchor day -> the name it votes for, or None)."""
    kinds: dict[date, str] = {}
    anchors: dict[date, str | Promise | None] = {}
    for day in window:
        override = overrides.get(day)
        if override is not None:
            kinds[day] = override.kind
            if override.kind == DayKind.HOLIDAY:
                anchors[day] = override.name or None
        elif day in rest_days:
            kinds[day] = DayKind.HOLIDAY
            anchors[day] = rest_days[day]
        elif day in adjusted or day.weekday() < 5:
            kinds[day] = DayKind.WORKING
        else:
            kinds[day] = DayKind.WEEKEND
    return kinds, anchors


def _holiday_periods(window, kinds, anchors):
    """Pass 2: runs of rest days holding an anchor are holiday periods, named by the most
    votes of their days. Returns the periods and, per day in one, its period."""
    periods: list[HolidayPeriod] = []
    period_of: dict[date, HolidayPeriod] = {}
    run: list[date] = []
    for day in [*window, None]:
        if day is not None and kinds[day] != DayKind.WORKING:
            run.append(day)
            continue
        votes = Counter(str(anchors[d]) for d in run if anchors.get(d))
        if any(d in anchors for d in run):
            # most_common keeps first-seen order among equal counts: earliest day wins.
            name = votes.most_common(1)[0][0] if votes else _("Holiday")
            period = HolidayPeriod(name=name, start=run[0], end=run[-1])
            periods.append(period)
            for d in run:
                period_of[d] = period
        run = []
    return periods, period_of


def _named_day(day, kind, override, period_of, paid_day_off) -> CalendarDay:
    """Pass 3: one day of the asked range, with the name a person reads for it."""
    period = period_of.get(day)
    name = override.name if override is not None else ""
    if period is not None and override is None:
        kind = DayKind.HOLIDAY
    if kind == DayKind.HOLIDAY and not name:
        name = period.name if period is not None else _("Holiday")
    is_adjusted = kind == DayKind.WORKING and day.weekday() >= 5
    if is_adjusted and not name:
        paid = period_of.get(paid_day_off.get(day))
        name = (
            _("Adjusted working day (%(holiday)s)") % {"holiday": paid.name}
            if paid is not None
            else _("Adjusted working day")
        )
    return CalendarDay(
        date=day,
        kind=str(kind),
        name=str(name),
        is_adjusted_working_day=is_adjusted,
        is_override=override is not None,
    )


def calendar_days(*, start: date, end: date) -> list[CalendarDay]:
    """Every day from `start` to `end` inclusive, overrides applied; one query."""
    return _compute(start, end)[0]


def calendar_day(*, day: date) -> CalendarDay:
    return calendar_days(start=day, end=day)[0]


def is_working_day(*, day: date) -> bool:
    """One query per call: for many days, use `calendar_days` or `working_days`."""
    return calendar_day(day=day).is_working


def working_days(*, start: date, end: date) -> list[date]:
    return [d.date for d in calendar_days(start=start, end=end) if d.is_working]


def add_working_days(*, day: date, n: int) -> date:
    """The n-th working day after `day`: the deadline of "within n working days".

    n >= 1: counting starts the day after `day`, so exactly n working days lie in
    (day, result] and the result is a working day; a matter received on a Friday with
    n=3 is due on Wednesday (or later, across a holiday period). n = 0: `day` itself if it
    is a working day, else the next working day (the first day something can be done),
    which is then the same day as for n = 1. The result grows strictly with n from n = 1.
    """
    if n < 0:
        raise invalid(
            StaffError.NEGATIVE_WORKING_DAYS,
            _("The number of working days must not be negative."),
            field="n",
        )
    if n == 0:
        first, remaining = day, 1
    else:
        first, remaining = day + timedelta(days=1), n
    # Each step reads a generous chunk (one query) so usual deadlines need only one.
    chunk = timedelta(days=min(MAX_CALENDAR_RANGE_DAYS, 2 * remaining + 40) - 1)
    while True:
        last = first + chunk
        for calendar_entry in calendar_days(start=first, end=last):
            if calendar_entry.is_working:
                remaining -= 1
                if remaining == 0:
                    return calendar_entry.date
        first = last + timedelta(days=1)


def holiday_periods(*, start: date, end: date) -> list[HolidayPeriod]:
    """Holiday periods overlapping [start, end], each with its full extent."""
    return _compute(start, end)[1]


def within_calendar(*, start: date, end: date) -> bool:
    """Whether [start, end] lies within the days the calendar knows."""
    return start >= CALENDAR_FIRST_DAY and end <= CALENDAR_LAST_DAY


PROVISIONAL_CACHE_KEY = "staffmgmt:confirmed-calendar-years"


def confirmed_years() -> frozenset[int]:
    """Years an administrator confirmed (the published schedule is entered). Cached: every
    page asks (date pickers and rosters mark provisional years), confirmations are rare and
    clear the cache (calendar_year_confirm / calendar_year_reopen)."""
    from django.core.cache import cache

    years = cache.get(PROVISIONAL_CACHE_KEY)
    if years is None:
        from staffmgmt.models import CalendarYear

        years = frozenset(
            CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True)
        )
        cache.set(PROVISIONAL_CACHE_KEY, years, 3600)
    return years


def is_provisional_year(*, year: int) -> bool:
    """A year whose calendar is still the library's estimate, not confirmed."""
    return year not in confirmed_years()


def provisional_years(*, first_year: int, last_year: int) -> list[int]:
    """The provisional years of [first_year, last_year]."""
    confirmed = confirmed_years()
    return [y for y in range(first_year, last_year + 1) if y not in confirmed]


def calendar_year_get(*, year: int):
    """The confirmation record of a year (None if never confirmed), confirmer loaded."""
    from staffmgmt.models import CalendarYear

    return CalendarYear.objects.select_related("confirmed_by").filter(year=year).first()


def calendar_override_list() -> QuerySet[CalendarOverride]:
    """Every override, by date: the calendar is the same for the whole bureau."""
    return CalendarOverride.objects.order_by("date")


def can_override_calendar(*, user) -> bool:
    """Superusers and holders of `staffmgmt.change_calendaroverride`."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.has_perm("staffmgmt.change_calendaroverride")
    )
