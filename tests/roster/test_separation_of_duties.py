"""Separation of duties on swaps and hand edits (ADR 0005): a manager never approves a swap
he is part of, nor overrides a roster rule for his own duty, directly or through an account
he created; the next manager up (or an administrator) does; API and page say who can."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from kernel import accounts
from kernel.errors import ConfirmationRequired, DecisionError
from kernel.roles import Role
from roster import services
from roster.models import DutyAssignment, SwapRequest
from staffmgmt import services as staff_services
from tests import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")
D1, D2, D3 = date(2026, 3, 10), date(2026, 3, 12), date(2026, 3, 16)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    now = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now


@pytest.fixture
def director(hall):
    return factories.staff(
        unit=hall.parent, roles=(Role.CADRE, Role.MANAGER), name="Director Zhang"
    )


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "pw")


@pytest.fixture
def noon(hall):
    return factories.duty_type(unit=hall, headcount=1)


@pytest.fixture
def roster(noon, manager, cadre):
    return factories.published_roster(duty_type=noon, duties={D1: [manager], D2: [cadre]})


def accepted_swap(asker, colleague) -> SwapRequest:
    """`asker` hands his D1 duty to `colleague`, who accepts."""
    swap = services.swap_request(
        actor=asker.user,
        assignment=DutyAssignment.objects.get(staff=asker, date=D1),
        counterpart=colleague,
    )
    return services.swap_accept(actor=colleague.user, swap=swap)


def code_of(error: ValidationError) -> str:
    return error.error_list[0].code


# --- swaps -----------------------------------------------------------------------------


def test_a_manager_approving_his_own_swap_is_refused_naming_who_can(
    roster, manager, cadre, director
):
    swap = accepted_swap(manager, cadre)

    with pytest.raises(ValidationError) as refused:
        services.swap_approve(actor=manager.user, swap=swap)

    assert code_of(refused.value) == DecisionError.ABOUT_SELF
    assert "Director Zhang" in refused.value.messages[0]
    assert DutyAssignment.objects.get(date=D1).staff_id == manager.pk


def test_a_manager_who_is_the_colleague_of_a_swap_cannot_approve_it(noon, manager, cadre, director):
    factories.published_roster(duty_type=noon, duties={D1: [cadre]})
    swap = accepted_swap(cadre, manager)

    with pytest.raises(ValidationError) as refused:
        services.swap_approve(actor=manager.user, swap=swap)

    assert code_of(refused.value) == DecisionError.ABOUT_SELF


def test_rejecting_ones_own_swap_is_refused_too(roster, manager, cadre, director):
    swap = accepted_swap(manager, cadre)

    with pytest.raises(ValidationError) as refused:
        services.swap_reject(actor=manager.user, swap=swap, note="changed my mind")

    assert code_of(refused.value) == DecisionError.ABOUT_SELF


def test_an_account_the_requester_created_cannot_approve_his_swap(
    roster, hall, manager, cadre, director, admin_user
):
    helper = staff_services.staff_create(
        actor=manager.user, username="helper", employee_no="H1", name="Helper", unit=hall
    )
    accounts.role_grant(actor=admin_user, user=helper.user, role=Role.MANAGER, reason="x")
    swap = accepted_swap(manager, cadre)

    with pytest.raises(ValidationError) as refused:
        services.swap_approve(actor=helper.user, swap=swap)

    assert code_of(refused.value) == DecisionError.CREATED_BY_PARTY


def test_the_next_manager_up_approves_the_managers_swap(roster, manager, cadre, director):
    swap = accepted_swap(manager, cadre)

    approved = services.swap_approve(actor=director.user, swap=swap)

    assert approved.status == SwapRequest.Status.APPROVED
    assert approved.decided_by == director.user
    assert DutyAssignment.objects.get(date=D1).staff_id == cadre.pk


def test_an_administrator_approves_where_no_manager_is_above(roster, manager, cadre, admin_user):
    swap = accepted_swap(manager, cadre)

    with pytest.raises(ValidationError) as refused:
        services.swap_approve(actor=manager.user, swap=swap)

    assert "root" in refused.value.messages[0]
    assert services.swap_approve(actor=admin_user, swap=swap).status == "approved"


def test_api_own_swap_approval_answers_400_and_the_list_names_the_deciders(
    api_as, roster, manager, cadre, director
):
    swap = accepted_swap(manager, cadre)
    client = api_as(manager)

    response = client.post(f"/api/swaps/{swap.pk}/approve/", {}, format="json")
    listed = client.get("/api/swaps/").json()["results"]

    assert response.status_code == 400
    assert response.json()["non_field_errors"][0]["code"] == DecisionError.ABOUT_SELF
    assert "Director Zhang" in response.json()["non_field_errors"][0]["message"]
    assert [d["name"] for d in listed[0]["deciders"]] == ["Director Zhang"]


def test_api_next_manager_up_approves_the_swap(api_as, roster, manager, cadre, director):
    swap = accepted_swap(manager, cadre)

    response = api_as(director).post(f"/api/swaps/{swap.pk}/approve/", {}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "approved"


def test_page_own_swap_shows_who_can_decide_and_approving_it_is_refused(
    client, roster, manager, cadre, director
):
    swap = accepted_swap(manager, cadre)
    client.force_login(manager.user)

    page = client.get("/roster/swaps/").content.decode()
    refused = client.post(f"/roster/swaps/{swap.pk}/approve/", follow=True).content.decode()

    assert "This decision is about you" in page
    assert "Director Zhang" in page
    assert "someone else must take it" in refused
    swap.refresh_from_db()
    assert swap.status == SwapRequest.Status.ACCEPTED


def test_page_a_swap_the_manager_is_part_of_has_no_approve_button(
    client, noon, manager, cadre, director
):
    factories.published_roster(duty_type=noon, duties={D1: [cadre]})
    swap = accepted_swap(cadre, manager)
    client.force_login(manager.user)

    page = client.get("/roster/swaps/").content.decode()

    decide = page[page.index('id="swaps-to-decide"') :]
    decide = decide[: decide.index("</section>")]
    assert f'data-swap="{swap.pk}"' in decide
    assert "/approve/" not in decide


# --- hand edits that override a rule -------------------------------------------------


def test_a_manager_cannot_confirm_a_rule_break_on_his_own_duty(noon, manager, cadre, director):
    roster = factories.published_roster(duty_type=noon, duties={D1: [cadre], D3: [cadre]})

    with pytest.raises(ValidationError) as refused:
        services.assignment_add(
            actor=manager.user, roster=roster, staff=manager, date=D1, confirm=True
        )

    assert code_of(refused.value) == DecisionError.ABOUT_SELF
    assert "Director Zhang" in refused.value.messages[0]
    assert not DutyAssignment.objects.filter(staff=manager).exists()


def test_moving_ones_own_duty_to_a_colleague_against_a_rule_is_refused(
    noon, manager, cadre, director
):
    # Cadre is on duty on D2, so a duty on D1 is fewer than min_gap_days apart: a warning.
    roster = factories.published_roster(duty_type=noon, duties={D1: [manager], D2: [cadre]})

    with pytest.raises(ValidationError) as refused:
        services.assignment_move(
            actor=manager.user,
            assignment=DutyAssignment.objects.get(staff=manager),
            to_staff=cadre,
            confirm=True,
        )

    assert code_of(refused.value) == DecisionError.ABOUT_SELF
    assert roster.assignments.get(date=D1).staff_id == manager.pk


def test_the_next_manager_up_confirms_the_rule_break_on_the_managers_duty(
    noon, manager, cadre, director
):
    roster = factories.published_roster(duty_type=noon, duties={D1: [cadre], D3: [cadre]})

    with pytest.raises(ConfirmationRequired):
        services.assignment_add(actor=director.user, roster=roster, staff=manager, date=D1)
    added = services.assignment_add(
        actor=director.user, roster=roster, staff=manager, date=D1, confirm=True, reason="cover"
    )

    assert added.staff_id == manager.pk


def test_a_hand_edit_of_ones_own_duty_that_breaks_no_rule_stays_allowed(
    noon, manager, cadre, director
):
    roster = factories.published_roster(duty_type=noon, duties={D1: [cadre], D3: []})

    added = services.assignment_add(actor=manager.user, roster=roster, staff=manager, date=D2)

    assert added.staff_id == manager.pk


def test_api_own_rule_break_answers_400_not_409(api_as, noon, manager, cadre, director):
    roster = factories.published_roster(duty_type=noon, duties={D1: [cadre], D3: [cadre]})

    response = api_as(manager).post(
        "/api/assignments/",
        {"roster": roster.pk, "staff": manager.pk, "date": D1.isoformat()},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["non_field_errors"][0]["code"] == DecisionError.ABOUT_SELF


def test_page_own_rule_break_shows_the_refusal_on_the_form(client, noon, manager, cadre, director):
    roster = factories.published_roster(duty_type=noon, duties={D1: [cadre], D3: [cadre]})
    client.force_login(manager.user)

    response = client.post(
        f"/roster/{roster.pk}/edit/add/",
        {"add-staff": manager.pk, "add-date": D1.isoformat(), "add-confirm": "on"},
    )

    assert "someone else must take it" in response.content.decode()
    assert "Director Zhang" in response.content.decode()
    assert not DutyAssignment.objects.filter(staff=manager).exists()
