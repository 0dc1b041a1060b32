"""Separation of duties through the API and the pages (ADR 0005): status codes, the code and
the message naming who can decide, and the `deciders` of pending items."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from kernel.errors import DecisionError, RoleError
from kernel.models import RoleGrant
from kernel.roles import Role
from staffmgmt import services
from staffmgmt.models import Absence
from tests import factories

MON = date(2026, 3, 2)


@pytest.fixture
def director(hall):
    return factories.staff(
        unit=hall.parent, roles=(Role.CADRE, Role.MANAGER), name="Director Zhang"
    )


def own_leave(staff, day=MON):
    return services.absence_request(
        actor=staff.user, staff=staff, kind="annual", start_date=day, end_date=day
    )


def test_api_approving_ones_own_leave_answers_400_with_the_code_and_who_can(
    api_as, manager, director
):
    absence = own_leave(manager)

    response = api_as(manager).post(f"/api/absences/{absence.pk}/approve/", {}, format="json")

    assert response.status_code == 400
    error = response.json()["non_field_errors"][0]
    assert error["code"] == DecisionError.ABOUT_SELF
    assert "Director Zhang" in error["message"]
    absence.refresh_from_db()
    assert absence.status == Absence.Status.REQUESTED


def test_api_rejecting_ones_own_leave_answers_400(api_as, manager, director):
    absence = own_leave(manager)

    response = api_as(manager).post(
        f"/api/absences/{absence.pk}/reject/", {"note": "no"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["non_field_errors"][0]["code"] == DecisionError.ABOUT_SELF


def test_api_next_manager_up_approves(api_as, manager, director):
    absence = own_leave(manager)

    response = api_as(director).post(f"/api/absences/{absence.pk}/approve/", {}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["deciders"] == []


def test_api_pending_leave_lists_its_deciders(api_as, manager, director):
    own_leave(manager)

    items = api_as(manager).get("/api/absences/").json()["results"]

    assert [d["name"] for d in items[0]["deciders"]] == ["Director Zhang"]
    assert items[0]["deciders"][0]["is_administrator"] is False


def test_api_deciders_cost_no_query_per_leave(
    api_as, hall, manager, director, django_assert_max_num_queries
):
    for n in range(8):
        person = factories.staff(unit=hall)
        own_leave(person, date(2026, 3, 2 + n % 5))
    client = api_as(manager)
    client.get("/api/absences/")  # warm the user's caches

    with django_assert_max_num_queries(12):
        response = client.get("/api/absences/")

    assert len(response.json()["results"]) == 8
    assert all(item["deciders"] for item in response.json()["results"])


def test_api_a_manager_creating_a_manager_account_gets_400_with_the_code(api_as, hall, manager):
    response = api_as(manager).post(
        "/api/staff/",
        {
            "username": "deputy",
            "employee_no": "D1",
            "name": "Deputy",
            "unit": hall.pk,
            "roles": ["cadre", "manager"],
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["roles"][0]["code"] == RoleError.ADMINISTRATOR_ONLY
    assert not get_user_model().objects.filter(username="deputy").exists()


def test_api_a_manager_adds_a_cadre_and_the_grant_is_logged(api_as, hall, manager):
    response = api_as(manager).post(
        "/api/staff/",
        {"username": "newbie", "employee_no": "N1", "name": "Newbie", "unit": hall.pk},
        format="json",
    )

    assert response.status_code == 201
    grant = RoleGrant.objects.get(user__username="newbie")
    assert (grant.role, grant.actor) == (Role.CADRE, manager.user)


def test_api_an_administrator_creates_a_manager_account_logged_with_his_name(api_client, hall):
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    api_client.force_authenticate(admin)

    response = api_client.post(
        "/api/staff/",
        {
            "username": "deputy",
            "employee_no": "D1",
            "name": "Deputy",
            "unit": hall.pk,
            "roles": ["cadre", "manager"],
        },
        format="json",
    )

    assert response.status_code == 201
    logged = RoleGrant.objects.filter(user__username="deputy").values_list("role", "actor")
    assert set(logged) == {(Role.CADRE, admin.pk), (Role.MANAGER, admin.pk)}


# --- pages -----------------------------------------------------------------------------


def test_page_approving_ones_own_leave_answers_400_naming_who_can(client, manager, director):
    absence = own_leave(manager)
    client.force_login(manager.user)

    response = client.post(f"/leave/{absence.pk}/approve/", {"note": ""})

    assert response.status_code == 400
    assert "someone else must take it" in response.content.decode()
    assert "Director Zhang" in response.content.decode()
    absence.refresh_from_db()
    assert absence.status == Absence.Status.REQUESTED


def test_page_my_leave_says_who_decides_a_managers_own_request(client, manager, director):
    own_leave(manager)
    client.force_login(manager.user)

    page = client.get("/leave/").content.decode()

    assert "This decision is about you" in page
    assert "Who can decide:" in page
    assert "Director Zhang" in page


def test_page_approval_card_of_a_request_the_manager_made_shows_who_decides_not_buttons(
    client, manager, cadre, director
):
    absence = services.absence_request(
        actor=manager.user, staff=cadre, kind="sick", start_date=MON, end_date=MON
    )
    client.force_login(manager.user)

    page = client.get("/leave/approvals/").content.decode()

    card = page[page.index(f'id="request-{absence.pk}"') :]
    card = card[: card.index("</section>")]
    assert "You asked for this" in card
    assert "Director Zhang" in card
    assert "approve-form" not in card


def test_page_approval_card_of_a_cadres_request_keeps_its_buttons(client, manager, cadre):
    absence = own_leave(cadre)
    client.force_login(manager.user)

    page = client.get("/leave/approvals/").content.decode()

    card = page[page.index(f'id="request-{absence.pk}"') :]
    assert "approve-form" in card[: card.index("</section>")]


def test_page_staff_detail_shows_the_role_log_with_who_and_why_to_the_manager(
    client, hall, manager
):
    made = services.staff_create(
        actor=manager.user, username="newbie", employee_no="N1", name="Newbie", unit=hall
    )
    client.force_login(manager.user)

    page = client.get(f"/staff/{made.pk}/").content.decode()

    log = page[page.index('id="role-log"') :]
    assert f"Account created by {manager.name}" in log
    assert "Cadre" in log and "granted" in log and "account created" in log


def test_page_staff_detail_hides_the_role_log_from_a_cadre(client, hall, cadre, manager):
    client.force_login(cadre.user)

    page = client.get(f"/staff/{manager.pk}/").content.decode()

    assert 'id="role-log"' not in page
