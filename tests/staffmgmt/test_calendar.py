"""The work calendar against the State Council's schedules, its overrides and its rules."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from staffmgmt import selectors, services
from staffmgmt.models import CalendarOverride, DayKind
from tests import factories

pytestmark = pytest.mark.django_db


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


# The State Council's published schedules: (name, first day, last day), adjusted days.
OFFICIAL_PERIODS = {
    2025: [
        ("New Year's Day", date(2025, 1, 1), date(2025, 1, 1)),
        ("Spring Festival", date(2025, 1, 28), date(2025, 2, 4)),
        ("Tomb-Sweeping Day", date(2025, 4, 4), date(2025, 4, 6)),
        ("Labour Day", date(2025, 5, 1), date(2025, 5, 5)),
        ("Dragon Boat Festival", date(2025, 5, 31), date(2025, 6, 2)),
        ("National Day", date(2025, 10, 1), date(2025, 10, 8)),
    ],
    2026: [
        ("New Year's Day", date(2026, 1, 1), date(2026, 1, 3)),
        ("Spring Festival", date(2026, 2, 15), date(2026, 2, 23)),
        ("Tomb-Sweeping Day", date(2026, 4, 4), date(2026, 4, 6)),
        ("Labour Day", date(2026, 5, 1), date(2026, 5, 5)),
        ("Dragon Boat Festival", date(2026, 6, 19), date(2026, 6, 21)),
        ("Mid-Autumn Festival", date(2026, 9, 25), date(2026, 9, 27)),
        ("National Day", date(2026, 10, 1), date(2026, 10, 7)),
    ],
}
OFFICIAL_ADJUSTED_WORKING_DAYS = {
    2025: {
        date(2025, 1, 26): "Spring Festival",
        date(2025, 2, 8): "Spring Festival",
        date(2025, 4, 27): "Labour Day",
        date(2025, 9, 28): "National Day",
        date(2025, 10, 11): "National Day",
    },
    2026: {
        date(2026, 1, 4): "New Year's Day",
        date(2026, 2, 14): "Spring Festival",
        date(2026, 2, 28): "Spring Festival",
        date(2026, 5, 9): "Labour Day",
        date(2026, 9, 20): "National Day",
        date(2026, 10, 10): "National Day",
    },
}
# Counted by hand from the schedules: 261 weekdays, minus holidays on weekdays
# (18 in 2025, 19 in 2026), plus adjusted working days (5 and 6).
OFFICIAL_WORKING_DAY_COUNTS = {2025: 248, 2026: 248}
OFFICIAL_HOLIDAY_DAY_COUNTS = {2025: 28, 2026: 33}


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def editor(hall):
    return factories.calendar_editor(unit=hall)


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_official_holiday_day_is_a_holiday_named_after_its_period(year, english):
    days = {
        d.date: d for d in selectors.calendar_days(start=date(year, 1, 1), end=date(year, 12, 31))
    }

    for name, first, last in OFFICIAL_PERIODS[year]:
        for day in _days(first, last):
            assert days[day].kind == DayKind.HOLIDAY, day
            assert days[day].name == name, day
            assert not days[day].is_working


@pytest.mark.parametrize("year", [2025, 2026])
def test_days_next_to_each_official_period_are_not_holidays(year, english):
    days = {
        d.date: d
        for d in selectors.calendar_days(start=date(year - 1, 12, 1), end=date(year + 1, 1, 31))
    }

    for _name, first, last in OFFICIAL_PERIODS[year]:
        assert days[first - timedelta(days=1)].kind != DayKind.HOLIDAY, first
        assert days[last + timedelta(days=1)].kind != DayKind.HOLIDAY, last


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_official_adjusted_working_day_is_a_named_working_day(year, english):
    for day, holiday in OFFICIAL_ADJUSTED_WORKING_DAYS[year].items():
        entry = selectors.calendar_day(day=day)

        assert day.weekday() >= 5
        assert entry.kind == DayKind.WORKING
        assert entry.is_working and entry.is_adjusted_working_day
        assert entry.name == f"Adjusted working day ({holiday})"


@pytest.mark.parametrize("year", [2025, 2026])
def test_holiday_periods_of_a_year_are_exactly_the_official_ones(year, english):
    periods = selectors.holiday_periods(start=date(year, 1, 1), end=date(year, 12, 31))

    assert [(p.name, p.start, p.end) for p in periods] == OFFICIAL_PERIODS[year]


@pytest.mark.parametrize("year", [2025, 2026])
def test_working_and_holiday_day_counts_of_a_year_match_the_official_schedule(year):
    days = selectors.calendar_days(start=date(year, 1, 1), end=date(year, 12, 31))

    assert (
        len(selectors.working_days(start=date(year, 1, 1), end=date(year, 12, 31)))
        == (OFFICIAL_WORKING_DAY_COUNTS[year])
    )
    assert sum(d.kind == DayKind.HOLIDAY for d in days) == OFFICIAL_HOLIDAY_DAY_COUNTS[year]
    assert sum(d.is_adjusted_working_day for d in days) == len(OFFICIAL_ADJUSTED_WORKING_DAYS[year])


def test_ordinary_weekends_are_weekends_without_a_name():
    saturday = selectors.calendar_day(day=date(2026, 3, 7))

    assert saturday.kind == DayKind.WEEKEND
    assert saturday.name == ""
    assert not saturday.is_adjusted_working_day


def test_holiday_names_follow_the_active_language():
    with translation.override("zh-hans"):
        spring = selectors.calendar_day(day=date(2026, 2, 15))
        national = selectors.calendar_day(day=date(2025, 10, 6))
        periods = selectors.holiday_periods(start=date(2026, 2, 1), end=date(2026, 2, 28))
    with translation.override("en"):
        english = selectors.calendar_day(day=date(2026, 2, 15))

    assert spring.name == "春节"
    assert national.name == "国庆节"
    assert periods[0].name == "春节"
    assert english.name == "Spring Festival"


def test_a_period_is_reported_whole_when_the_range_cuts_into_it(english):
    periods = selectors.holiday_periods(start=date(2026, 2, 20), end=date(2026, 2, 20))

    assert len(periods) == 1
    assert (periods[0].start, periods[0].end) == (date(2026, 2, 15), date(2026, 2, 23))
    assert len(periods[0]) == 9
    assert periods[0].days == _days(date(2026, 2, 15), date(2026, 2, 23))


def test_adjusted_working_days_in_december_are_named_after_january_holidays(english):
    # 2001-12-29 and 30 were worked so that 1-3 January 2002 could be taken off.
    december = selectors.calendar_days(start=date(2001, 12, 29), end=date(2001, 12, 31))
    periods = selectors.holiday_periods(start=date(2001, 12, 31), end=date(2001, 12, 31))

    assert [d.is_adjusted_working_day for d in december] == [True, True, False]
    assert december[0].name == "Adjusted working day (New Year's Day)"
    assert periods == []
    assert selectors.calendar_day(day=date(2002, 1, 3)).kind == DayKind.HOLIDAY


def test_calendar_days_reads_the_overrides_with_one_query(django_assert_num_queries):
    CalendarOverride.objects.create(date=date(2026, 3, 2), kind=DayKind.HOLIDAY)

    with django_assert_num_queries(1):
        days = selectors.calendar_days(start=date(2024, 1, 1), end=date(2026, 12, 31))

    assert len(days) == 366 + 365 + 365


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 2, 2), date(2026, 2, 1)),
        (date(2020, 1, 1), date(2023, 12, 31)),
        (date(1949, 12, 31), date(1950, 1, 5)),
        (date(2100, 12, 1), date(2101, 1, 1)),
    ],
)
def test_calendar_days_rejects_reversed_too_long_or_unsupported_ranges(start, end):
    with pytest.raises(ValidationError):
        selectors.calendar_days(start=start, end=end)


# --- overrides --------------------------------------------------------------------------


def test_an_override_wins_over_the_default_kind_and_name(editor, english):
    services.calendar_override_set(
        actor=editor.user, day=date(2026, 2, 14), kind=DayKind.WEEKEND, note="Hall closed for works"
    )
    services.calendar_override_set(
        actor=editor.user, day=date(2026, 3, 10), kind=DayKind.HOLIDAY, name="Bureau anniversary"
    )

    fourteenth = selectors.calendar_day(day=date(2026, 2, 14))
    tenth = selectors.calendar_day(day=date(2026, 3, 10))

    assert fourteenth.kind == DayKind.WEEKEND and fourteenth.is_override
    assert not fourteenth.is_adjusted_working_day
    assert tenth.kind == DayKind.HOLIDAY and tenth.name == "Bureau anniversary"
    assert not selectors.is_working_day(day=date(2026, 3, 10))


def test_a_holiday_override_next_to_a_period_extends_it_and_takes_its_name(editor, english):
    # Thursday 24 Feb 2026 follows the Spring Festival run (15-23 Feb).
    services.calendar_override_set(actor=editor.user, day=date(2026, 2, 24), kind=DayKind.HOLIDAY)

    periods = selectors.holiday_periods(start=date(2026, 2, 1), end=date(2026, 2, 28))

    assert [(p.name, p.start, p.end) for p in periods] == [
        ("Spring Festival", date(2026, 2, 15), date(2026, 2, 24))
    ]
    assert selectors.calendar_day(day=date(2026, 2, 24)).name == "Spring Festival"


def test_a_holiday_override_on_a_friday_makes_the_weekend_a_period(editor, english):
    services.calendar_override_set(actor=editor.user, day=date(2026, 3, 13), kind=DayKind.HOLIDAY)

    periods = selectors.holiday_periods(start=date(2026, 3, 1), end=date(2026, 3, 31))
    saturday = selectors.calendar_day(day=date(2026, 3, 14))

    assert [(p.name, p.start, p.end) for p in periods] == [
        ("Holiday", date(2026, 3, 13), date(2026, 3, 15))
    ]
    assert saturday.kind == DayKind.HOLIDAY and saturday.name == "Holiday"


def test_next_years_schedule_can_be_entered_as_overrides(editor, english):
    # The library only estimates 2027; the bureau enters a published adjusted day.
    services.calendar_override_set(actor=editor.user, day=date(2027, 2, 20), kind=DayKind.WORKING)

    saturday = selectors.calendar_day(day=date(2027, 2, 20))

    assert saturday.kind == DayKind.WORKING
    assert saturday.is_adjusted_working_day and saturday.name == "Adjusted working day"


def test_a_working_override_splits_a_period(editor, english):
    services.calendar_override_set(
        actor=editor.user, day=date(2025, 10, 4), kind=DayKind.WORKING, name="Inspection day"
    )

    periods = selectors.holiday_periods(start=date(2025, 10, 1), end=date(2025, 10, 31))

    assert [(p.start, p.end) for p in periods] == [
        (date(2025, 10, 1), date(2025, 10, 3)),
        (date(2025, 10, 5), date(2025, 10, 8)),
    ]
    assert selectors.calendar_day(day=date(2025, 10, 4)).name == "Inspection day"


def test_setting_an_override_again_replaces_it_and_history_keeps_both(editor):
    services.calendar_override_set(
        actor=editor.user, day=date(2026, 3, 10), kind=DayKind.HOLIDAY, note="first"
    )
    override = services.calendar_override_set(
        actor=editor.user, day=date(2026, 3, 10), kind=DayKind.WORKING, note="second"
    )

    assert CalendarOverride.objects.count() == 1
    assert override.kind == DayKind.WORKING
    reasons = list(override.history.values_list("history_change_reason", "history_user"))
    assert reasons == [("second", editor.user.pk), ("first", editor.user.pk)]


def test_removing_an_override_restores_the_default_and_history_records_it(editor):
    services.calendar_override_set(actor=editor.user, day=date(2026, 2, 14), kind=DayKind.WEEKEND)

    services.calendar_override_remove(
        actor=editor.user, day=date(2026, 2, 14), reason="entered by mistake"
    )

    assert selectors.calendar_day(day=date(2026, 2, 14)).is_adjusted_working_day
    deletion = CalendarOverride.history.filter(history_type="-").get()
    assert deletion.history_user == editor.user
    assert deletion.history_change_reason == "entered by mistake"


def test_removing_a_missing_override_is_a_validation_error(editor):
    with pytest.raises(ValidationError):
        services.calendar_override_remove(actor=editor.user, day=date(2026, 2, 14))


def test_an_override_with_an_unknown_kind_is_rejected_and_nothing_is_saved(editor):
    with pytest.raises(ValidationError) as error:
        services.calendar_override_set(actor=editor.user, day=date(2026, 2, 14), kind="party")

    assert "kind" in error.value.message_dict
    assert not CalendarOverride.objects.exists()


def test_cadres_and_managers_without_the_permission_may_not_override(cadre, manager):
    for person in (cadre, manager):
        with pytest.raises(PermissionDenied):
            services.calendar_override_set(
                actor=person.user, day=date(2026, 2, 14), kind=DayKind.WEEKEND
            )
    assert not CalendarOverride.objects.exists()


def test_superusers_and_permission_holders_may_override(cadre, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="pw-root-test")
    cadre.user.user_permissions.add(Permission.objects.get(codename="change_calendaroverride"))

    services.calendar_override_set(actor=admin, day=date(2026, 3, 2), kind=DayKind.HOLIDAY)
    services.calendar_override_set(actor=cadre.user, day=date(2026, 3, 3), kind=DayKind.HOLIDAY)

    assert CalendarOverride.objects.count() == 2


# --- working-day arithmetic -------------------------------------------------------------


def test_three_working_days_from_the_friday_before_spring_festival_2026():
    # Received Fri 13 Feb; Sat 14 Feb is worked; 15-23 Feb are off.
    assert selectors.add_working_days(day=date(2026, 2, 13), n=1) == date(2026, 2, 14)
    assert selectors.add_working_days(day=date(2026, 2, 13), n=3) == date(2026, 2, 25)


def test_zero_working_days_is_the_day_itself_or_the_next_working_day():
    assert selectors.add_working_days(day=date(2026, 2, 13), n=0) == date(2026, 2, 13)
    assert selectors.add_working_days(day=date(2026, 2, 17), n=0) == date(2026, 2, 24)


def test_a_negative_number_of_working_days_is_rejected():
    with pytest.raises(ValidationError):
        selectors.add_working_days(day=date(2026, 2, 13), n=-1)


def test_add_working_days_reaches_far_beyond_one_chunk():
    result = selectors.add_working_days(day=date(2025, 1, 1), n=500)

    assert len(selectors.working_days(start=date(2025, 1, 2), end=result)) == 500
    assert selectors.is_working_day(day=result)


days_strategy = st.dates(min_value=date(2001, 1, 1), max_value=date(2030, 12, 31))
PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(day=days_strategy, n=st.integers(min_value=1, max_value=60))
def test_add_working_days_lands_on_a_working_day_with_exactly_n_working_days_before(day, n):
    result = selectors.add_working_days(day=day, n=n)

    assert selectors.is_working_day(day=result)
    assert len(selectors.working_days(start=day + timedelta(days=1), end=result)) == n


@PROPERTY_SETTINGS
@given(day=days_strategy, n=st.integers(min_value=1, max_value=40))
def test_add_working_days_is_strictly_increasing_in_n(day, n):
    assert selectors.add_working_days(day=day, n=n) < selectors.add_working_days(day=day, n=n + 1)


@PROPERTY_SETTINGS
@given(day=days_strategy)
def test_zero_working_days_comes_before_one_unless_the_day_is_a_rest_day(day):
    zero, one = selectors.add_working_days(day=day, n=0), selectors.add_working_days(day=day, n=1)

    if selectors.is_working_day(day=day):
        assert zero == day < one
    else:
        # Both are the first working day after a rest day: the rule for n = 0.
        assert zero == one


@PROPERTY_SETTINGS
@given(day=days_strategy)
def test_add_zero_working_days_skips_only_rest_days(day):
    result = selectors.add_working_days(day=day, n=0)

    assert result >= day and selectors.is_working_day(day=result)
    assert selectors.working_days(start=day, end=result) == [result]


@PROPERTY_SETTINGS
@given(
    day=st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
    n=st.integers(min_value=1, max_value=30),
    overrides=st.dictionaries(
        st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 3, 31)),
        st.sampled_from(DayKind.values),
        max_size=15,
    ),
)
def test_add_working_days_holds_with_any_overrides(day, n, overrides):
    with transaction.atomic():
        for override_day, kind in overrides.items():
            services.calendar_override_set(actor=None, day=override_day, kind=kind)

        result = selectors.add_working_days(day=day, n=n)

        assert selectors.calendar_day(day=result).kind == DayKind.WORKING
        if result in overrides:
            assert overrides[result] == DayKind.WORKING
        assert len(selectors.working_days(start=day + timedelta(days=1), end=result)) == n
        transaction.set_rollback(True)


@PROPERTY_SETTINGS
@given(
    start=st.dates(min_value=date(2024, 6, 1), max_value=date(2026, 6, 30)),
    length=st.integers(min_value=1, max_value=200),
    cut=st.integers(min_value=0, max_value=199),
)
def test_a_range_reads_the_same_as_its_two_halves(start, length, cut):
    end = start + timedelta(days=length - 1)
    middle = start + timedelta(days=min(cut, length - 1))

    whole = selectors.calendar_days(start=start, end=end)
    halves = selectors.calendar_days(start=start, end=middle)
    if middle < end:
        halves += selectors.calendar_days(start=middle + timedelta(days=1), end=end)

    assert whole == halves


# --- the page ---------------------------------------------------------------------------


def test_the_calendar_page_asks_anonymous_visitors_to_log_in(client):
    response = client.get("/calendar/?year=2026&month=2")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_cadre_may_read_the_page_but_not_post_an_override(client, cadre):
    client.force_login(cadre.user)

    page = client.get("/calendar/?year=2026&month=2")
    posted = client.post("/calendar/", {"action": "set", "date": "2026-03-10", "kind": "holiday"})
    removed = client.post("/calendar/", {"action": "remove", "date": "2026-03-10"})

    assert page.status_code == 200
    assert b'id="override"' not in page.content
    assert (posted.status_code, removed.status_code) == (403, 403)
    assert not CalendarOverride.objects.exists()


def test_an_unknown_month_shows_this_month_with_a_warning(client, cadre):
    client.force_login(cadre.user)

    response = client.get("/calendar/?year=2026&month=13", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.context["month_start"] == timezone.localdate().replace(day=1)
    assert "not in the calendar" in response.content.decode()


@pytest.mark.parametrize(("year", "month"), [(1950, 1), (2100, 12)])
def test_the_first_and_last_months_of_the_calendar_render(client, cadre, year, month):
    client.force_login(cadre.user)

    response = client.get(f"/calendar/?year={year}&month={month}")

    assert response.status_code == 200


def test_the_override_form_gives_the_date_input_an_iso_date_in_chinese(client, editor):
    client.force_login(editor.user)

    response = client.get("/calendar/?year=2026&month=2", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert 'type="date" name="date" value="2026-02-01"' in response.content.decode()


def test_removing_a_missing_override_on_the_page_shows_an_error(client, editor):
    client.force_login(editor.user)

    response = client.post(
        "/calendar/",
        {"action": "remove", "date": "2026-03-10"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "There is no override for 2026-03-10" in response.content.decode()
