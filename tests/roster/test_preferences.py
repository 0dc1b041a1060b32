from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kernel.roles import Role
from roster import selectors, services
from roster.domain import duty_days
from roster.models import DutyPreference, DutyWeekdayPreference
from tests import factories

PREFERENCES = "/api/duty-preferences/"
GENERATE = "/api/rosters/generate/"


def next_month() -> tuple[date, date]:
    """The whole calendar month after the current one: always in the future."""
    today = timezone.localdate()
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


def generate(manager, duty_type, start, end):
    return services.roster_generate(
        actor=manager.user, duty_type=duty_type, start_date=start, end_date=end, time_limit_s=5
    )


def avoid(person, day, *, actor=None):
    return services.duty_preference_set(
        actor=actor if actor is not None else person.user, staff=person, day=day, kind="avoid"
    )


def test_cadre_states_and_replaces_a_wish_for_a_day(cadre):
    day = next_month()[0]

    avoid(cadre, day)
    services.duty_preference_set(
        actor=cadre.user, staff=cadre, day=day, kind="prefer", note="  swap with Zhao  "
    )

    preference = DutyPreference.objects.get(staff=cadre, date=day)
    assert preference.kind == DutyPreference.Kind.PREFER
    assert preference.note == "swap with Zhao"
    assert preference.history.first().history_user == cadre.user


def test_past_days_are_refused(cadre):
    yesterday = timezone.localdate() - timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        avoid(cadre, yesterday)

    assert "date" in error.value.message_dict
    assert not DutyPreference.objects.exists()


def test_a_cadre_cannot_state_wishes_for_a_colleague(hall, cadre):
    colleague = factories.staff(unit=hall)

    with pytest.raises(PermissionDenied):
        avoid(colleague, next_month()[0], actor=cadre.user)
    with pytest.raises(PermissionDenied):
        services.duty_weekdays_set(actor=cadre.user, staff=colleague, weekdays=[0])


def test_a_manager_of_the_unit_may_state_wishes_for_their_people(hall, manager, cadre):
    avoid(cadre, next_month()[0], actor=manager.user)

    assert DutyPreference.objects.filter(staff=cadre).count() == 1


def test_a_manager_of_another_unit_may_not(cadre):
    elsewhere = factories.staff(unit=factories.unit(), roles=(Role.CADRE, Role.MANAGER))

    with pytest.raises(PermissionDenied):
        avoid(cadre, next_month()[0], actor=elsewhere.user)


def test_at_most_ten_avoided_days_a_month_so_avoid_is_no_veto(cadre):
    first, last = next_month()
    for offset in range(services.MAX_AVOID_DAYS_PER_MONTH):
        avoid(cadre, first + timedelta(days=offset))

    with pytest.raises(ValidationError) as error:
        avoid(cadre, first + timedelta(days=20))

    assert "not a veto" in error.value.message_dict["date"][0]
    # Changing the wish of a day already counted, preferring days and other months stay open.
    avoid(cadre, first)
    services.duty_preference_set(
        actor=cadre.user, staff=cadre, day=first + timedelta(days=21), kind="prefer"
    )
    avoid(cadre, last + timedelta(days=1))
    assert DutyPreference.objects.filter(staff=cadre, kind="avoid").count() == 11


def test_weekdays_are_set_exactly_and_out_of_range_refused(cadre):
    services.duty_weekdays_set(actor=cadre.user, staff=cadre, weekdays=[0, 2])
    services.duty_weekdays_set(actor=cadre.user, staff=cadre, weekdays=[2, 4])

    assert selectors.duty_weekdays_of_staff_unscoped(staff=cadre) == {2, 4}
    with pytest.raises(ValidationError) as error:
        services.duty_weekdays_set(actor=cadre.user, staff=cadre, weekdays=[7])
    assert "weekdays" in error.value.message_dict
    assert selectors.duty_weekdays_of_staff_unscoped(staff=cadre) == {2, 4}


def test_removing_a_wish_is_recorded_and_needs_the_person_or_their_manager(hall, manager, cadre):
    preference = avoid(cadre, next_month()[0])
    colleague = factories.staff(unit=hall)

    with pytest.raises(PermissionDenied):
        services.duty_preference_remove(actor=colleague.user, preference=preference)
    services.duty_preference_remove(actor=manager.user, preference=preference)

    assert not DutyPreference.objects.exists()
    assert DutyPreference.history.filter(history_type="-").get().history_user == manager.user


def test_wishes_of_many_people_are_read_in_one_query(hall, django_assert_num_queries):
    first, last = next_month()
    people = [factories.staff(unit=hall) for _ in range(6)]
    for i, person in enumerate(people):
        avoid(person, first + timedelta(days=i))
        services.duty_preference_set(
            actor=None, staff=person, day=first + timedelta(days=10 + i), kind="prefer"
        )
        services.duty_weekdays_set(actor=None, staff=person, weekdays=[i % 5])
    avoid(people[0], last + timedelta(days=3))  # outside the range

    with django_assert_num_queries(1):
        wishes = selectors.duty_preferences_by_staff_unscoped(
            staff_ids=[p.pk for p in people], start=first, end=last
        )

    assert wishes[people[2].pk].avoid == {first + timedelta(days=2)}
    assert wishes[people[2].pk].prefer == {first + timedelta(days=12)}
    assert wishes[people[2].pk].weekdays == {2}
    assert wishes[people[0].pk].avoid == {first}


def test_avoided_days_are_kept_free_when_spare_staff_allow_it(hall, manager):
    first, last = next_month()
    people = [factories.staff(unit=hall) for _ in range(5)]
    noon = factories.duty_type(unit=hall, headcount=1)
    days = [d.date for d in duty_days(noon, first, last)]
    avoided = {(people[i % 5].pk, day) for i, day in enumerate(days[:8])}
    for staff_id, day in avoided:
        avoid(next(p for p in people if p.pk == staff_id), day)

    roster = generate(manager, noon, first, last)

    on_duty = set(roster.assignments.values_list("staff_id", "date"))
    assert not on_duty & avoided
    assert roster.figures["avoided_dates_used"] == 0
    assert roster.figures["avoided_dates_stated"] == len(avoided)
    assert roster.figures["preference_people"] == 5
    assert roster.figures["spread"] <= 1


def test_preferred_days_and_weekdays_are_given_and_counted(hall, manager):
    first, last = next_month()
    keen, weekday_fan, *_rest = [factories.staff(unit=hall) for _ in range(4)]
    noon = factories.duty_type(unit=hall, headcount=1)
    days = [d.date for d in duty_days(noon, first, last)]
    wanted = [days[0], days[9]]
    for day in wanted:
        services.duty_preference_set(actor=keen.user, staff=keen, day=day, kind="prefer")
    services.duty_weekdays_set(actor=weekday_fan.user, staff=weekday_fan, weekdays=[2])

    roster = generate(manager, noon, first, last)

    on_duty = set(roster.assignments.values_list("staff_id", "date"))
    assert {(keen.pk, day) for day in wanted} <= on_duty
    wednesdays = {(weekday_fan.pk, d) for d in days if d.weekday() == 2}
    assert roster.figures["preferred_dates_met"] == 2 + len(wednesdays & on_duty)
    assert len(wednesdays & on_duty) >= 2


def test_an_avoided_day_gives_way_when_nobody_else_can_serve(hall, manager):
    first, last = next_month()
    only, other = factories.staff(unit=hall), factories.staff(unit=hall)
    # The manager is on the hall's staff too: three people, three a day.
    noon = factories.duty_type(unit=hall, headcount=3)
    day = duty_days(noon, first, last)[0].date
    avoid(only, day)

    roster = generate(manager, noon, first, last)

    assert roster.assignments.filter(staff=only, date=day).exists()
    assert roster.assignments.filter(staff=other, date=day).exists()
    assert roster.figures["avoided_dates_used"] == 1


# --- API ---------------------------------------------------------------------------------


def test_api_cadre_creates_lists_and_deletes_own_wishes(api_as, cadre):
    client = api_as(cadre)
    day = next_month()[0]

    created = client.post(PREFERENCES, {"kind": "avoid", "date": day.isoformat(), "note": "exam"})

    assert created.status_code == 201, created.content
    assert created.json()["staff"] == cadre.pk
    listed = client.get(PREFERENCES).json()["results"]
    assert [(row["date"], row["kind"]) for row in listed] == [(day.isoformat(), "avoid")]
    assert client.delete(f"{PREFERENCES}{created.json()['id']}/").status_code == 204
    assert not DutyPreference.objects.exists()


def test_api_past_day_answers_400_with_a_date_error(api_as, cadre):
    yesterday = timezone.localdate() - timedelta(days=1)

    response = api_as(cadre).post(PREFERENCES, {"kind": "avoid", "date": yesterday.isoformat()})

    assert response.status_code == 400
    assert "date" in response.json()


def test_api_cadre_cannot_set_a_colleagues_wish(api_as, hall, cadre):
    colleague = factories.staff(unit=hall)

    response = api_as(cadre).post(
        PREFERENCES,
        {"staff": colleague.pk, "kind": "avoid", "date": next_month()[0].isoformat()},
    )

    assert response.status_code == 403
    assert not DutyPreference.objects.exists()


def test_api_cadre_sees_only_own_wishes_and_manager_their_units(api_as, hall, manager, cadre):
    day = next_month()[0]
    colleague = factories.staff(unit=hall)
    outsider = factories.staff(unit=factories.unit())
    for person in (cadre, colleague, outsider):
        avoid(person, day)

    seen_by_cadre = {row["staff"] for row in api_as(cadre).get(PREFERENCES).json()["results"]}
    seen_by_manager = {row["staff"] for row in api_as(manager).get(PREFERENCES).json()["results"]}

    assert seen_by_cadre == {cadre.pk}
    assert seen_by_manager == {cadre.pk, colleague.pk}
    other = DutyPreference.objects.get(staff=colleague)
    assert api_as(cadre).delete(f"{PREFERENCES}{other.pk}/").status_code == 404


def test_api_list_query_count_does_not_grow(api_as, hall, manager, django_assert_max_num_queries):
    first = next_month()[0]
    for i in range(12):
        avoid(factories.staff(unit=hall), first + timedelta(days=i % 9))
    client = api_as(manager)

    with django_assert_max_num_queries(8):
        response = client.get(PREFERENCES)

    assert response.json()["count"] == 12


def test_api_weekdays_put_sets_them_and_refuses_eight(api_as, cadre):
    client = api_as(cadre)

    response = client.put(f"{PREFERENCES}weekdays/", {"weekdays": [4, 1]})
    refused = client.put(f"{PREFERENCES}weekdays/", {"weekdays": [8]})

    assert response.status_code == 200
    assert response.json() == {"staff": cadre.pk, "weekdays": [1, 4]}
    assert refused.status_code == 400
    assert set(DutyWeekdayPreference.objects.values_list("weekday", flat=True)) == {1, 4}


def test_api_generate_response_carries_the_preference_figures(api_as, hall, manager):
    first, last = next_month()
    people = [factories.staff(unit=hall) for _ in range(3)]
    noon = factories.duty_type(unit=hall)
    avoid(people[0], duty_days(noon, first, last)[0].date)

    response = api_as(manager).post(
        GENERATE,
        {
            "duty_type": noon.pk,
            "start_date": first.isoformat(),
            "end_date": last.isoformat(),
            "time_limit_s": 5,
        },
    )

    assert response.status_code == 201, response.content
    figures = response.json()["figures"]
    assert figures["avoided_dates_used"] == 0
    assert figures["preferred_dates_met"] == 0
    assert figures["preference_people"] == 1


# --- pages -------------------------------------------------------------------------------

PAGE = "/roster/preferences/"


def test_page_adds_a_wish_and_lists_it(client, cadre):
    client.force_login(cadre.user)
    day = next_month()[0]

    response = client.post(
        PAGE,
        {"action": "add", "add-date": day.isoformat(), "add-kind": "avoid", "add-note": "exam"},
        follow=True,
    )

    assert response.status_code == 200
    assert DutyPreference.objects.get(staff=cadre).date == day
    assert b"exam" in response.content


def test_page_reshows_the_form_with_the_error_for_a_past_day(client, cadre):
    client.force_login(cadre.user)
    yesterday = timezone.localdate() - timedelta(days=1)

    response = client.post(
        PAGE, {"action": "add", "add-date": yesterday.isoformat(), "add-kind": "avoid"}
    )

    assert response.status_code == 200
    assert "date" in response.context["add_form"].errors
    assert not DutyPreference.objects.exists()


def test_page_saves_weekdays_and_removes_a_wish(client, cadre):
    client.force_login(cadre.user)
    preference = avoid(cadre, next_month()[0])

    client.post(PAGE, {"action": "weekdays", "weekdays-weekdays": ["1", "3"]})
    client.post(f"{PAGE}{preference.pk}/remove/")

    assert selectors.duty_weekdays_of_staff_unscoped(staff=cadre) == {1, 3}
    assert not DutyPreference.objects.exists()


def test_page_cannot_remove_a_colleagues_wish(client, hall, cadre):
    colleague = factories.staff(unit=hall)
    preference = avoid(colleague, next_month()[0])
    client.force_login(cadre.user)

    response = client.post(f"{PAGE}{preference.pk}/remove/")

    assert response.status_code == 404
    assert DutyPreference.objects.filter(pk=preference.pk).exists()


def test_generate_page_tells_the_manager_how_many_people_stated_wishes(
    client, hall, manager, cadre
):
    avoid(cadre, next_month()[0])
    services.duty_weekdays_set(actor=None, staff=factories.staff(unit=hall), weekdays=[0])
    factories.duty_type(unit=hall)
    client.force_login(manager.user)

    response = client.get("/roster/generate/")

    assert response.context["preference_people"] == 2
    assert "2 people of your units stated duty wishes" in response.content.decode()
