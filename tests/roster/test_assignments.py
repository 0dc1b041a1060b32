from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kernel.errors import ConfirmationRequired
from roster import selectors, services
from roster.models import DutyAssignment, DutyNotification
from tests import factories

MON, TUE, WED = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)


@pytest.fixture
def roster(hall, manager):
    for _ in range(3):
        factories.staff(unit=hall)
    noon = factories.duty_type(unit=hall, min_gap_days=1)
    return services.roster_generate(
        actor=manager.user,
        duty_type=noon,
        start_date=MON,
        end_date=date(2026, 3, 6),
        time_limit_s=2,
    )


def free_person(roster, day):
    busy = set(DutyAssignment.objects.filter(date=day).values_list("staff_id", flat=True))
    # Managers are left out: they cannot approve their own leave in the tests that need it.
    people = roster.unit.staff.exclude(user__groups__name="manager").order_by("pk")
    return next(s for s in people if s.pk not in busy)


def test_adding_a_second_person_warns_about_headcount_and_proceeds_when_confirmed(roster, manager):
    person = free_person(roster, TUE)

    with pytest.raises(ConfirmationRequired) as needed:
        services.assignment_add(actor=manager.user, roster=roster, staff=person, date=TUE)
    assert [w["code"] for w in needed.value.warnings] == ["headcount"]
    assert not roster.assignments.filter(staff=person, date=TUE).exists()

    services.assignment_add(
        actor=manager.user, roster=roster, staff=person, date=TUE, confirm=True, reason="busy"
    )
    assert roster.assignments.filter(date=TUE).count() == 2


def test_a_day_outside_the_roster_or_without_duty_is_an_error_even_confirmed(roster, manager):
    person = free_person(roster, TUE)
    with pytest.raises(ValidationError) as outside:
        services.assignment_add(
            actor=manager.user, roster=roster, staff=person, date=date(2026, 3, 20), confirm=True
        )
    with pytest.raises(ValidationError) as sunday:
        services.assignment_add(
            actor=manager.user, roster=roster, staff=person, date=date(2026, 3, 1), confirm=True
        )
    assert "date" in outside.value.message_dict and "date" in sunday.value.message_dict


def test_moving_onto_someone_on_leave_warns_and_notifies_after_publishing(roster, manager, hall):
    services.roster_publish(actor=manager.user, roster=roster)
    duty = roster.assignments.get(date=WED)
    person = free_person(roster, WED)
    factories.approved_absence(staff=person, approver=manager, start_date=WED)

    with pytest.raises(ConfirmationRequired) as needed:
        services.assignment_move(actor=manager.user, assignment=duty, to_staff=person)
    assert "on_leave" in [w["code"] for w in needed.value.warnings]

    before = duty.staff
    services.assignment_move(
        actor=manager.user,
        assignment=duty,
        to_staff=person,
        confirm=True,
        reason="agreed on the phone",
    )
    duty.refresh_from_db()
    assert duty.staff == person
    assert DutyNotification.objects.filter(recipient=before, kind="removed").exists()
    assert DutyNotification.objects.filter(recipient=person, kind="added").exists()
    assert duty.history.first().history_change_reason == "agreed on the phone"


def test_removing_needs_a_reason_and_confirmation_when_it_leaves_the_day_short(roster, manager):
    duty = roster.assignments.get(date=MON)
    with pytest.raises(ValidationError):
        services.assignment_remove(actor=manager.user, assignment=duty, reason=" ")
    with pytest.raises(ConfirmationRequired):
        services.assignment_remove(actor=manager.user, assignment=duty, reason="ill")

    services.assignment_remove(actor=manager.user, assignment=duty, reason="ill", confirm=True)
    assert not roster.assignments.filter(date=MON).exists()


def test_cadre_cannot_edit_a_roster(roster, cadre):
    with pytest.raises(Exception) as denied:
        services.assignment_add(actor=cadre.user, roster=roster, staff=cadre, date=TUE)
    assert denied.type.__name__ == "PermissionDenied"


def test_month_grid_query_count_does_not_grow_with_people(
    roster, hall, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        small = selectors.roster_month_grid_unscoped(roster_or_unit=roster, year=2026, month=3)
    for _ in range(10):
        factories.staff(unit=hall)
    with django_assert_max_num_queries(5):
        big = selectors.roster_month_grid_unscoped(roster_or_unit=roster, year=2026, month=3)
    assert len(big.rows) == len(small.rows) + 10
    assert len(big.days) == 31
    assert sum(row.total for row in big.rows) == 5


def test_roster_pages_render_for_manager_and_cadre(client, roster, manager, cadre):
    client.force_login(manager.user)
    assert client.get(f"/roster/{roster.pk}/?year=2026&month=3").status_code == 200
    assert client.get("/roster/").status_code == 200
    assert client.get("/roster/generate/").status_code == 200
    client.force_login(cadre.user)
    # A draft is invisible to cadres.
    assert client.get(f"/roster/{roster.pk}/").status_code == 404
    assert client.get("/roster/generate/").status_code == 403
    assert client.get("/roster/mine/").status_code == 200


def test_hand_edit_page_shows_warnings_then_confirms(client, roster, manager):
    person = free_person(roster, TUE)
    client.force_login(manager.user)
    data = {"add-staff": person.pk, "add-date": TUE.isoformat(), "add-reason": ""}

    first = client.post(f"/roster/{roster.pk}/edit/add/", data)
    assert first.status_code == 200 and b"people on" in first.content
    assert not roster.assignments.filter(staff=person, date=TUE).exists()

    unexplained = client.post(f"/roster/{roster.pk}/edit/add/", {**data, "add-confirm": "on"})
    assert unexplained.status_code == 200 and b"Say why" in unexplained.content
    assert not roster.assignments.filter(staff=person, date=TUE).exists()

    second = client.post(
        f"/roster/{roster.pk}/edit/add/", {**data, "add-confirm": "on", "add-reason": "busy day"}
    )
    assert second.status_code == 302
    assert roster.assignments.filter(staff=person, date=TUE).exists()


def test_home_page_lists_the_cadres_published_duties_to_come(client, hall, manager, cadre):
    from datetime import timedelta

    from django.utils import timezone

    noon = factories.duty_type(unit=hall, name="Lunch desk", headcount=2)
    start = timezone.localdate() + timedelta(days=1)
    roster = services.roster_generate(
        actor=manager.user,
        duty_type=noon,
        start_date=start,
        end_date=start + timedelta(days=13),
        time_limit_s=2,
    )
    client.force_login(cadre.user)
    assert b"Lunch desk" not in client.get("/").content  # a draft is not shown

    services.roster_publish(actor=manager.user, roster=roster)

    assert b"Lunch desk" in client.get("/").content
