"""Unscoped org reads other apps use (managers of a unit, a unit's active staff) and the
row lock service they serialise their work with."""

import pytest
from django.db import transaction

from kernel.roles import Role
from staffmgmt import selectors, services
from staffmgmt.models import OrgUnit
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

    assert set(selectors.managers_of_unit_unscoped(unit=section)) == {
        manager,
        section_manager,
        bureau_manager,
    }
    assert set(selectors.managers_of_unit_unscoped(unit=hall)) == {manager, bureau_manager}
    assert other_hall_manager not in selectors.managers_of_unit_unscoped(unit=hall)


def test_active_staff_of_unit_covers_units_below_not_inactive_nor_siblings_in_one_query(
    hall, manager, cadre, django_assert_num_queries
):
    invoice = factories.skill()
    skilled = factories.staff(unit=hall, skills=[invoice])
    section = factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall)
    section_member = factories.staff(unit=section, skills=[invoice])
    factories.staff(unit=factories.unit(parent=hall.parent))
    factories.staff(unit=factories.unit(kind=OrgUnit.Kind.SECTION, parent=factories.unit()))
    gone = factories.staff(unit=section)
    gone.is_active = False
    gone.save()

    with django_assert_num_queries(2):
        people = list(selectors.active_staff_of_unit_unscoped(unit=hall))
        codes = {p.pk: {s.code for s in p.skills.all()} for p in people}

    assert set(people) == {manager, cadre, skilled, section_member}
    assert codes[section_member.pk] == {"invoice"}
    assert set(selectors.active_staff_of_unit_unscoped(unit=section)) == {section_member}


def test_active_staff_of_unit_by_id_reads_the_path_in_the_same_query(
    hall, manager, cadre, django_assert_num_queries
):
    section_member = factories.staff(unit=factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall))
    factories.staff(unit=factories.unit(parent=hall.parent))

    with django_assert_num_queries(2):
        people = set(selectors.active_staff_of_unit_unscoped(unit=hall.pk))

    assert people == {manager, cadre, section_member}


def test_active_staff_of_unit_without_subunits_is_the_direct_members_only(hall, manager, cadre):
    factories.staff(unit=factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall))

    assert set(selectors.active_staff_of_unit_unscoped(unit=hall, include_subunits=False)) == {
        manager,
        cadre,
    }
    assert set(selectors.active_staff_of_unit_unscoped(unit=hall.pk, include_subunits=False)) == {
        manager,
        cadre,
    }


def test_staff_in_unit_is_true_for_the_unit_and_below_false_for_siblings_and_above(hall, cadre):
    section = factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall)
    section_member = factories.staff(unit=section)
    # Codes chosen so a plain string prefix without the path separator would match.
    sibling = factories.unit(parent=hall.parent, code=f"{hall.code}0")
    sibling_member = factories.staff(unit=sibling)

    assert selectors.staff_in_unit(staff=cadre, unit=hall)
    assert selectors.staff_in_unit(staff=section_member, unit=hall)
    assert selectors.staff_in_unit(staff=section_member, unit=section)
    assert not selectors.staff_in_unit(staff=cadre, unit=section)
    assert not selectors.staff_in_unit(staff=sibling_member, unit=hall)


def test_unit_and_ancestor_paths_lists_every_unit_above_and_the_unit_itself(hall):
    section = factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall)

    assert selectors.org._unit_and_ancestor_paths(section) == [
        hall.parent.path,
        hall.path,
        section.path,
    ]


def test_staff_lock_refuses_to_run_outside_a_transaction(transactional_db):
    person = factories.staff()

    with pytest.raises(RuntimeError):
        services.staff_lock(staff_ids=[person.pk])


def test_staff_lock_takes_the_rows_inside_a_transaction(cadre, django_assert_num_queries):
    with transaction.atomic(), django_assert_num_queries(1):
        services.staff_lock(staff_ids=[cadre.pk])


def test_org_unit_subtree_is_the_unit_and_every_unit_below_not_siblings(hall):
    section = factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall)
    sibling = factories.unit(parent=hall.parent, code=f"{hall.code}0")

    subtree = set(selectors.org_unit_subtree_unscoped(unit=hall))

    assert subtree == {hall, section}
    assert sibling not in subtree


def test_org_unit_and_ancestors_is_the_unit_and_every_unit_above(hall):
    section = factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall)
    factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall)

    assert set(selectors.org_unit_and_ancestors_unscoped(unit=section)) == {
        hall.parent,
        hall,
        section,
    }


def test_staff_of_unit_list_is_the_visible_active_staff_of_the_subtree(hall, manager, cadre):
    section_member = factories.staff(unit=factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall))
    gone = factories.staff(unit=hall)
    gone.is_active = False
    gone.save()
    factories.staff(unit=factories.unit(parent=hall.parent))

    assert set(selectors.staff_of_unit_list(user=manager.user, unit=hall)) == {
        manager,
        cadre,
        section_member,
    }
    assert gone in selectors.staff_of_unit_list(user=manager.user, unit=hall, active_only=False)
    # A cadre sees their own unit only, so the section's people stay out of their list.
    assert section_member not in selectors.staff_of_unit_list(user=cadre.user, unit=hall)


def test_staff_of_units_lists_the_direct_members_of_the_units_given(hall, manager, cadre):
    section = factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall)
    section_member = factories.staff(unit=section)

    found = set(selectors.staff_of_units_unscoped(units=OrgUnit.objects.filter(pk=section.pk)))

    assert found == {section_member}
