from datetime import time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from roster import domain, services
from roster.models import DutyType
from tests import factories


def test_kind_sets_default_hours_report_time_and_compensation(hall, manager):
    noon = services.duty_type_create(actor=manager.user, unit=hall, kind="noon", name="Noon")
    holiday = services.duty_type_create(
        actor=manager.user, unit=hall, kind="holiday", name="Holiday"
    )

    assert (noon.start_time, noon.end_time, noon.comp_days_per_duty) == (
        time(12),
        time(14),
        Decimal("0"),
    )
    assert (holiday.start_time, holiday.end_time, holiday.comp_days_per_duty) == (
        time(9),
        time(17),
        Decimal("1"),
    )
    assert domain.report_time(noon) == time(11, 45)


def test_name_is_unique_in_the_unit(hall, manager):
    services.duty_type_create(actor=manager.user, unit=hall, kind="noon", name="Noon")
    with pytest.raises(ValidationError):
        services.duty_type_create(actor=manager.user, unit=hall, kind="noon", name="Noon")


def test_required_skills_must_fit_in_the_headcount(hall, manager):
    invoice = factories.skill()
    with pytest.raises(ValidationError) as error:
        services.duty_type_create(
            actor=manager.user,
            unit=hall,
            kind="noon",
            name="Noon",
            headcount=1,
            required_skills={invoice: 2},
        )
    assert "required_skills" in error.value.message_dict
    assert not DutyType.objects.exists()


def test_update_changes_fields_and_skills_with_history(hall, manager):
    invoice = factories.skill()
    duty = services.duty_type_create(
        actor=manager.user,
        unit=hall,
        kind="noon",
        name="Noon",
        headcount=2,
        required_skills={invoice: 1},
    )
    services.duty_type_update(
        actor=manager.user,
        duty_type=duty,
        headcount=3,
        required_skills={},
        reason="more people at lunch",
    )
    duty.refresh_from_db()
    assert duty.headcount == 3 and not duty.required_skills.exists()
    assert duty.history.first().history_change_reason == "more people at lunch"


def test_ending_before_starting_is_refused(hall, manager):
    with pytest.raises(ValidationError):
        services.duty_type_create(
            actor=manager.user,
            unit=hall,
            kind="noon",
            name="Odd",
            start_time=time(14),
            end_time=time(12),
        )


def test_only_managers_of_the_unit_define_duty_types(hall, cadre):
    with pytest.raises(PermissionDenied):
        services.duty_type_create(actor=cadre.user, unit=hall, kind="noon", name="Noon")


def test_duty_type_pages_create_and_list(client, hall, manager):
    client.force_login(manager.user)
    response = client.post(
        "/roster/duty-types/new/",
        {
            "unit": hall.pk,
            "kind": "noon",
            "name": "Lunch desk",
            "report_minutes_before": 15,
            "headcount": 1,
            "min_gap_days": 3,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert b"Lunch desk" in client.get("/roster/duty-types/").content


def test_a_duty_type_cannot_move_to_another_unit(hall, manager):
    noon = services.duty_type_create(actor=manager.user, unit=hall, kind="noon", name="Noon")
    section = factories.unit(kind="section", parent=hall)

    with pytest.raises(ValidationError) as error:
        services.duty_type_update(actor=manager.user, duty_type=noon, unit=section)

    assert error.value.error_dict["unit"][0].code == "roster.duty_type_unit_fixed"
    noon.refresh_from_db()
    assert noon.unit == hall


def test_naming_its_own_unit_is_no_move(hall, manager):
    noon = services.duty_type_create(actor=manager.user, unit=hall, kind="noon", name="Noon")

    services.duty_type_update(actor=manager.user, duty_type=noon, unit=hall, name="Noon duty")

    noon.refresh_from_db()
    assert (noon.unit, noon.name) == (hall, "Noon duty")


def test_the_duty_type_page_shows_the_refused_move_instead_of_dropping_it(hall, manager, client):
    noon = services.duty_type_create(actor=manager.user, unit=hall, kind="noon", name="Noon")
    section = factories.unit(kind="section", parent=hall)
    client.force_login(manager.user)

    response = client.post(
        f"/roster/duty-types/{noon.pk}/edit/",
        {
            "unit": section.pk,
            "kind": "noon",
            "name": "Noon",
            "report_minutes_before": 15,
            "headcount": 1,
            "min_gap_days": 3,
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert "cannot move to another unit" in response.content.decode()
    noon.refresh_from_db()
    assert noon.unit == hall
