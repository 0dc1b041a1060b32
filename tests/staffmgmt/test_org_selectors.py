"""Unscoped org reads other apps use (managers of a unit, a unit's active staff) and the
row lock service they serialise their work with."""

import pytest
from django.db import transaction

from staffmgmt import selectors, services
from staffmgmt.models import OrgUnit
from staffmgmt.roles import Role
from tests import factories


def test_managers_of_unit_are_active_managers_of_the_unit_or_above(hall, manager, cadre):
    section = factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall)
    section_manager = factories.staff(unit=section, roles=(Role.CADRE, Role.MANAGER))
    bureau_manager = factories.staff(unit=hall.parent, roles=(Role.CADRE, Role.MANAGER))
    gone = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER))
    gone.is_active = False
    gone.save()
    other_hall_manager = factories.staff(
        unit=factories.unit(parent=hall.parent), roles=(Role.CADRE, Role.MANAGER)
    )

    assert set(selectors.managers_of_unit(section)) == {manager, section_manager, bureau_manager}
    assert set(selectors.managers_of_unit(hall)) == {manager, bureau_manager}
    assert other_hall_manager not in selectors.managers_of_unit(hall)


def test_active_staff_of_unit_excludes_inactive_and_units_below_with_skills_in_one_query(
    hall, manager, cadre, django_assert_num_queries
):
    invoice = factories.skill()
    skilled = factories.staff(unit=hall, skills=[invoice])
    factories.staff(unit=factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall))
    gone = factories.staff(unit=hall)
    gone.is_active = False
    gone.save()

    with django_assert_num_queries(2):
        people = list(selectors.active_staff_of_unit(hall))
        codes = {p.pk: {s.code for s in p.skills.all()} for p in people}

    assert set(people) == {manager, cadre, skilled}
    assert codes[skilled.pk] == {"invoice"}


def test_staff_lock_refuses_to_run_outside_a_transaction(transactional_db):
    person = factories.staff()

    with pytest.raises(RuntimeError):
        services.staff_lock(staff_ids=[person.pk])


def test_staff_lock_takes_the_rows_inside_a_transaction(cadre, django_assert_num_queries):
    with transaction.atomic(), django_assert_num_queries(1):
        services.staff_lock(staff_ids=[cadre.pk])
