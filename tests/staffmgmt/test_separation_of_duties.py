"""Separation of duties on leave and on accounts (ADR 0005): nobody decides their own leave,
one they asked for, or through an account they made; the next manager up decides; only an
administrator grants a role above cadre, and every grant is logged."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from kernel import accounts
from kernel.errors import DecisionError, RoleError
from kernel.models import AccountOrigin, RoleGrant
from kernel.roles import Role
from staffmgmt import selectors, services
from staffmgmt.models import Absence, Staff
from tests import factories

MON = date(2026, 3, 2)


@pytest.fixture
def director(hall):
    """A manager of the bureau above the hall: the next manager up."""
    return factories.staff(
        unit=hall.parent, roles=(Role.CADRE, Role.MANAGER), name="Director Zhang"
    )


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "pw")


def own_leave(staff, day=MON):
    return services.absence_request(
        actor=staff.user, staff=staff, kind="annual", start_date=day, end_date=day
    )


def code_of(error: ValidationError) -> str:
    return error.error_list[0].code


def promoted_account_of(creator: Staff, unit, *, by, name="Helper Sun") -> Staff:
    """An account `creator` made as a cadre, later made a manager by an administrator."""
    made = services.staff_create(
        actor=creator.user, username="helper", employee_no="H1", name=name, unit=unit
    )
    accounts.role_grant(actor=by, user=made.user, role=Role.MANAGER, reason="promoted")
    return made


# --- leave -----------------------------------------------------------------------------


def test_a_manager_approving_his_own_leave_is_refused_with_the_code_and_who_can(manager, director):
    absence = own_leave(manager)

    with pytest.raises(ValidationError) as refused:
        services.absence_approve(actor=manager.user, absence=absence)

    assert code_of(refused.value) == DecisionError.ABOUT_SELF
    assert "Director Zhang" in refused.value.messages[0]
    absence.refresh_from_db()
    assert absence.status == Absence.Status.REQUESTED


def test_a_manager_rejecting_his_own_leave_is_refused_too(manager, director):
    absence = own_leave(manager)

    with pytest.raises(ValidationError) as refused:
        services.absence_reject(actor=manager.user, absence=absence, note="no")

    assert code_of(refused.value) == DecisionError.ABOUT_SELF


def test_the_manager_who_asked_for_a_cadres_leave_cannot_also_approve_it(manager, cadre, director):
    absence = services.absence_request(
        actor=manager.user, staff=cadre, kind="sick", start_date=MON, end_date=MON
    )

    with pytest.raises(ValidationError) as refused:
        services.absence_approve(actor=manager.user, absence=absence)

    assert code_of(refused.value) == DecisionError.OWN_REQUEST
    assert services.absence_approve(actor=director.user, absence=absence).status == "approved"


def test_an_account_the_absentee_created_cannot_approve_his_leave(
    hall, manager, director, admin_user
):
    helper = promoted_account_of(manager, hall, by=admin_user)
    absence = own_leave(manager)

    with pytest.raises(ValidationError) as refused:
        services.absence_approve(actor=helper.user, absence=absence)

    assert code_of(refused.value) == DecisionError.CREATED_BY_PARTY
    assert manager.name in refused.value.messages[0]
    assert "Director Zhang" in refused.value.messages[0]


def test_an_account_created_through_an_account_the_absentee_created_is_refused_as_well(
    hall, manager, director, admin_user
):
    helper = promoted_account_of(manager, hall, by=admin_user)
    grandchild = services.staff_create(
        actor=helper.user, username="grand", employee_no="G1", name="Grand", unit=hall
    )
    accounts.role_grant(actor=admin_user, user=grandchild.user, role=Role.MANAGER, reason="x")

    with pytest.raises(ValidationError) as refused:
        services.absence_approve(actor=grandchild.user, absence=own_leave(manager))

    assert code_of(refused.value) == DecisionError.CREATED_BY_PARTY


def test_the_next_manager_up_approves_the_managers_leave(manager, director):
    absence = own_leave(manager)

    approved = services.absence_approve(actor=director.user, absence=absence)

    assert approved.status == Absence.Status.APPROVED
    assert approved.decided_by == director.user


def test_the_deciders_of_the_only_managers_leave_are_the_managers_above(manager, director):
    deciders = selectors.deciders_for_unit_unscoped(unit=manager.unit, excluding=[manager])

    assert [(d.name, d.unit) for d in deciders] == [("Director Zhang", director.unit.name)]


def test_the_deciders_leave_out_accounts_the_excluded_person_created(
    hall, manager, director, admin_user
):
    promoted_account_of(manager, hall, by=admin_user)

    deciders = selectors.deciders_for_unit_unscoped(unit=hall, excluding=[manager.user])

    assert [d.name for d in deciders] == ["Director Zhang"]


def test_an_administrator_decides_where_no_manager_is_above(manager, admin_user):
    absence = own_leave(manager)

    with pytest.raises(ValidationError) as refused:
        services.absence_approve(actor=manager.user, absence=absence)
    deciders = selectors.deciders_for_unit_unscoped(unit=manager.unit, excluding=[manager])

    assert [d.is_administrator for d in deciders] == [True]
    assert "root" in refused.value.messages[0]
    assert services.absence_approve(actor=admin_user, absence=absence).status == "approved"


def test_a_cadres_leave_is_still_decided_by_the_units_own_manager(manager, cadre, director):
    absence = own_leave(cadre)

    assert [d.name for d in selectors.absence_deciders_unscoped(absence=absence)] == [manager.name]
    assert services.absence_approve(actor=manager.user, absence=absence).status == "approved"


# --- accounts and roles ----------------------------------------------------------------


def test_a_manager_cannot_create_a_manager_account(hall, manager):
    with pytest.raises(ValidationError) as refused:
        services.staff_create(
            actor=manager.user,
            username="deputy",
            employee_no="D1",
            name="Deputy",
            unit=hall,
            roles=[Role.CADRE, Role.MANAGER],
        )

    assert refused.value.error_dict["roles"][0].code == RoleError.ADMINISTRATOR_ONLY
    assert not get_user_model().objects.filter(username="deputy").exists()


def test_a_manager_cannot_raise_an_existing_accounts_role(hall, manager, cadre):
    with pytest.raises(ValidationError) as refused:
        services.staff_set_roles(
            actor=manager.user, staff=cadre, roles=[Role.CADRE, Role.MANAGER], reason="help"
        )

    assert refused.value.error_dict["roles"][0].code == RoleError.ADMINISTRATOR_ONLY
    assert set(cadre.user.groups.values_list("name", flat=True)) == {Role.CADRE}


def test_a_manager_adds_a_cadre_and_the_account_records_who_made_it(hall, manager):
    made = services.staff_create(
        actor=manager.user, username="newbie", employee_no="N1", name="Newbie", unit=hall
    )

    assert AccountOrigin.objects.get(user=made.user).created_by == manager.user
    grant = RoleGrant.objects.get(user=made.user)
    assert (grant.role, grant.action, grant.actor) == (Role.CADRE, "grant", manager.user)
    assert grant.reason == "account created"


def test_an_administrator_grants_a_role_and_the_log_says_who_and_why(cadre, admin_user):
    accounts.role_grant(
        actor=admin_user, user=cadre.user, role=Role.MANAGER, reason="appointed section chief"
    )

    entry = accounts.role_grant_list(user=cadre.user).first()
    assert (entry.role, entry.action, entry.actor, entry.reason) == (
        Role.MANAGER,
        RoleGrant.Action.GRANT,
        admin_user,
        "appointed section chief",
    )
    assert cadre.user.groups.filter(name=Role.MANAGER).exists()


def test_a_revocation_is_logged_and_an_unchanged_role_logs_nothing(cadre, admin_user):
    accounts.role_grant(actor=admin_user, user=cadre.user, role=Role.MANAGER, reason="a")
    again = accounts.role_grant(actor=admin_user, user=cadre.user, role=Role.MANAGER, reason="b")
    accounts.role_revoke(actor=admin_user, user=cadre.user, role=Role.MANAGER, reason="left")

    assert again is None
    assert list(
        RoleGrant.objects.filter(user=cadre.user, role=Role.MANAGER)
        .order_by("id")
        .values_list("action", "reason")
    ) == [("grant", "a"), ("revoke", "left")]
    assert not cadre.user.groups.filter(name=Role.MANAGER).exists()
