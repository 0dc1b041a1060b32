"""Who may read and write the org API: authentication, roles and org-unit scope."""

from datetime import date

import pytest
from django.http import HttpRequest
from rest_framework.test import APIClient

from kernel.roles import Role
from staffmgmt.models import OrgUnit, PostPairing
from tests import factories

LISTS = [
    "/api/org-units/",
    "/api/skills/",
    "/api/staff/",
    "/api/windows/",
    "/api/posts/",
    "/api/pairings/",
]


@pytest.fixture
def two_halls(db):
    """Hall X and hall Y under one branch, each with a post paired by two cadres."""
    branch = factories.unit(kind=OrgUnit.Kind.BRANCH)
    halls = {}
    for key in ("x", "y"):
        hall = factories.unit(parent=branch)
        a, b = factories.staff(unit=hall), factories.staff(unit=hall)
        post = factories.post(unit=hall, window=factories.window(unit=hall))
        pairing = factories.pairing(post=post, a=a, b=b)
        halls[key] = {"hall": hall, "a": a, "b": b, "post": post, "pairing": pairing}
    return branch, halls


@pytest.mark.parametrize("url", LISTS)
def test_anonymous_request_to_a_list_is_refused(db, url):
    response = APIClient().get(url)
    assert response.status_code in (401, 403)


@pytest.mark.parametrize("url", LISTS)
def test_anonymous_write_is_refused(db, url):
    response = APIClient().post(url, {})
    assert response.status_code in (401, 403)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/api/staff/", "a"),
        ("/api/posts/", "post"),
        ("/api/pairings/", "pairing"),
        ("/api/org-units/", "hall"),
    ],
)
def test_cadre_of_hall_x_does_not_see_hall_y_in_lists_or_details(api_as, two_halls, url, key):
    _branch, halls = two_halls
    client = api_as(halls["x"]["a"])

    listed = {row["id"] for row in client.get(url).json()["results"]}
    own, foreign = halls["x"][key], halls["y"][key]

    assert own.pk in listed
    assert foreign.pk not in listed
    assert client.get(f"{url}{own.pk}/").status_code == 200
    assert client.get(f"{url}{foreign.pk}/").status_code == 404


def test_cadre_filtering_by_the_other_hall_gets_a_400_not_its_rows(api_as, two_halls):
    _branch, halls = two_halls
    client = api_as(halls["x"]["a"])
    response = client.get(f"/api/staff/?unit={halls['y']['hall'].pk}")
    assert response.status_code == 400


def test_manager_of_a_branch_sees_the_staff_and_posts_of_every_hall_below(api_as, two_halls):
    branch, halls = two_halls
    branch_manager = factories.staff(unit=branch, roles=(Role.CADRE, Role.MANAGER))
    client = api_as(branch_manager)

    staff_ids = {row["id"] for row in client.get("/api/staff/").json()["results"]}
    post_ids = {row["id"] for row in client.get("/api/posts/").json()["results"]}

    assert {halls["x"]["a"].pk, halls["y"]["b"].pk} <= staff_ids
    assert post_ids == {halls["x"]["post"].pk, halls["y"]["post"].pk}


def test_manager_of_hall_x_does_not_see_hall_y(api_as, two_halls):
    _branch, halls = two_halls
    manager_x = factories.staff(unit=halls["x"]["hall"], roles=(Role.CADRE, Role.MANAGER))
    client = api_as(manager_x)
    assert client.get(f"/api/posts/{halls['y']['post'].pk}/").status_code == 404


def test_cadre_cannot_create_a_pairing(api_as, two_halls):
    _branch, halls = two_halls
    x = halls["x"]
    post = factories.post(unit=x["hall"])
    response = api_as(x["a"]).post(
        "/api/pairings/",
        {"post": post.pk, "a_holder": x["a"].pk, "b_holder": x["b"].pk, "valid_from": "2025-01-01"},
    )
    assert response.status_code == 403
    assert not PostPairing.objects.filter(post=post).exists()


def test_cadre_cannot_end_a_pairing_or_change_staff(api_as, two_halls):
    _branch, halls = two_halls
    x = halls["x"]
    client = api_as(x["a"])
    end = client.post(f"/api/pairings/{x['pairing'].pk}/end/", {"last_day": "2030-01-01"})
    patch = client.patch(f"/api/staff/{x['b'].pk}/", {"title": "Boss"})
    assert end.status_code == 403
    assert patch.status_code == 403


def test_manager_of_hall_x_cannot_pair_hall_y_post(api_as, two_halls):
    _branch, halls = two_halls
    manager_x = factories.staff(unit=halls["x"]["hall"], roles=(Role.CADRE, Role.MANAGER))
    y_post = factories.post(unit=halls["y"]["hall"])
    response = api_as(manager_x).post(
        "/api/pairings/",
        {
            "post": y_post.pk,
            "a_holder": manager_x.pk,
            "b_holder": halls["x"]["a"].pk,
            "valid_from": "2025-01-01",
        },
    )
    # The post is outside the manager's scope: it "does not exist" for them.
    assert response.status_code == 400
    assert "post" in response.json()
    assert not PostPairing.objects.filter(post=y_post).exists()


def test_leader_without_the_manager_role_reads_but_cannot_write(api_as, two_halls):
    branch, halls = two_halls
    leader = factories.staff(unit=branch, roles=(Role.CADRE, Role.LEADERSHIP))
    client = api_as(leader)
    assert client.get(f"/api/posts/{halls['y']['post'].pk}/").status_code == 200
    response = client.patch(f"/api/posts/{halls['y']['post'].pk}/", {"name": "Renamed"})
    assert response.status_code == 403


def test_user_without_a_staff_record_sees_nothing(db, django_user_model):
    user = django_user_model.objects.create_user("outsider", password="pw-hallmark-test")
    client = APIClient()
    client.force_authenticate(user)
    assert client.get("/api/staff/").json()["count"] == 0
    assert client.get("/api/posts/").json()["count"] == 0


def test_token_auth_gives_a_script_the_same_scoped_view(db, two_halls):
    _branch, halls = two_halls
    cadre = halls["x"]["a"]
    anonymous = APIClient()

    token_response = anonymous.post(
        "/api/auth/token/",
        {"username": cadre.user.username, "password": "pw-hallmark-test"},
    )
    assert token_response.status_code == 200, token_response.content
    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Token {token_response.json()['token']}")

    response = script.get("/api/posts/")

    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {halls["x"]["post"].pk}


def test_token_request_with_a_wrong_password_is_a_400(db, two_halls):
    _branch, halls = two_halls
    response = APIClient().post(
        "/api/auth/token/", {"username": halls["x"]["a"].user.username, "password": "wrong"}
    )
    assert response.status_code == 400
    assert "token" not in response.json()


def test_session_login_works_for_the_browser(client, two_halls):
    _branch, halls = two_halls
    assert client.login(
        request=HttpRequest(), username=halls["y"]["b"].user.username, password="pw-hallmark-test"
    )
    response = client.get("/api/pairings/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [halls["y"]["pairing"].pk]


def test_session_write_without_csrf_token_is_refused(two_halls):
    _branch, halls = two_halls
    manager_x = factories.staff(unit=halls["x"]["hall"], roles=(Role.CADRE, Role.MANAGER))
    browser = APIClient(enforce_csrf_checks=True)
    browser.login(
        request=HttpRequest(), username=manager_x.user.username, password="pw-hallmark-test"
    )
    response = browser.post(
        f"/api/pairings/{halls['x']['pairing'].pk}/end/", {"last_day": date(2030, 1, 1)}
    )
    assert response.status_code == 403
    halls["x"]["pairing"].refresh_from_db()
    assert halls["x"]["pairing"].valid_to is None
