"""The org API: lists with filters and constant query counts, writes through services,
bad input as 400 with field errors."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kernel.roles import Role
from staffmgmt.models import OrgUnit, PostPairing, Staff
from tests import factories


@pytest.fixture
def as_manager(api_as, manager):
    return api_as(manager)


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# --- lists: shape, filters, pagination ---------------------------------------------------


def test_org_units_list_gives_the_tree_with_parent_path_and_kind(as_manager, hall):
    section = factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall)

    rows = as_manager.get("/api/org-units/").json()["results"]

    by_id = {row["id"]: row for row in rows}
    assert by_id[section.pk]["parent"] == hall.pk
    assert by_id[section.pk]["path"] == section.path
    assert by_id[section.pk]["kind"] == "section"
    assert by_id[section.pk]["depth"] == hall.depth + 1


def test_skills_list_shows_the_skills(as_manager):
    skill = factories.skill(code="declaration", name="Declaration", name_zh="申报")
    rows = as_manager.get("/api/skills/").json()["results"]
    assert {"id": skill.pk, "code": "declaration", "name": "Declaration", "name_zh": "申报"} in rows


def test_staff_list_filters_by_skill_unit_activity_and_search(as_manager, hall, manager, cadre):
    invoice = factories.skill()
    section = factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall)
    skilled = factories.staff(unit=section, name="Sun Invoice", skills=[invoice])

    assert _ids(as_manager.get(f"/api/staff/?skill={invoice.pk}")) == {skilled.pk}
    assert _ids(as_manager.get(f"/api/staff/?unit={hall.pk}")) == {manager.pk, cadre.pk}
    assert _ids(as_manager.get(f"/api/staff/?within={hall.pk}")) == {
        manager.pk,
        cadre.pk,
        skilled.pk,
    }
    assert _ids(as_manager.get("/api/staff/?search=sun")) == {skilled.pk}
    assert _ids(as_manager.get(f"/api/staff/?search={cadre.employee_no}")) == {cadre.pk}
    assert _ids(as_manager.get("/api/staff/?is_active=false")) == set()


def test_staff_list_is_paginated(as_manager, hall):
    for _ in range(3):
        factories.staff(unit=hall)

    body = as_manager.get("/api/staff/?page_size=2").json()

    assert body["count"] == 4  # three plus the manager
    assert len(body["results"]) == 2
    assert body["next"] is not None


def test_posts_list_filters_and_shows_the_pairing_in_force_today(as_manager, hall, manager, cadre):
    window = factories.window(unit=hall)
    critical = factories.post(unit=hall, critical=True, window=window)
    plain = factories.post(unit=hall)
    factories.pairing(post=critical, a=cadre, b=manager, valid_from=date(2020, 1, 1))

    assert _ids(as_manager.get("/api/posts/?is_critical=true")) == {critical.pk}
    assert _ids(as_manager.get(f"/api/posts/?window={window.pk}")) == {critical.pk}
    assert _ids(as_manager.get("/api/posts/?is_active=true")) == {critical.pk, plain.pk}
    rows = {row["id"]: row for row in as_manager.get("/api/posts/").json()["results"]}
    assert rows[critical.pk]["current_pairing"]["a_holder"] == cadre.pk
    assert rows[critical.pk]["current_pairing"]["b_holder_name"] == manager.name
    assert rows[plain.pk]["current_pairing"] is None


def test_pairings_list_filters_by_post_holder_and_day_in_force(as_manager, hall, manager, cadre):
    third = factories.staff(unit=hall)
    post = factories.post(unit=hall)
    other_post = factories.post(unit=hall)
    old = factories.pairing(
        post=post, a=cadre, b=manager, valid_from=date(2025, 1, 1), valid_to=date(2025, 3, 31)
    )
    new = factories.pairing(post=post, a=third, b=manager, valid_from=date(2025, 4, 1))
    elsewhere = factories.pairing(post=other_post, a=manager, b=third)

    assert _ids(as_manager.get(f"/api/pairings/?post={post.pk}")) == {old.pk, new.pk}
    assert _ids(as_manager.get(f"/api/pairings/?holder={cadre.pk}")) == {old.pk}
    assert _ids(as_manager.get(f"/api/pairings/?holder={third.pk}")) == {new.pk, elsewhere.pk}
    on_day = as_manager.get(f"/api/pairings/?post={post.pk}&on_date=2025-03-31")
    assert _ids(on_day) == {old.pk}
    assert _ids(as_manager.get(f"/api/pairings/?post={post.pk}&on_date=2025-04-01")) == {new.pk}


def test_pairings_on_date_that_is_not_a_date_is_a_400_naming_the_filter(as_manager):
    response = as_manager.get("/api/pairings/?on_date=31.03.2025")
    assert response.status_code == 400
    assert "on_date" in response.json()


def _grow(hall, n):
    for _ in range(n):
        factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall)
        post = factories.post(unit=hall, window=factories.window(unit=hall))
        factories.pairing(
            post=post,
            a=factories.staff(unit=hall, skills=[factories.skill()]),
            b=factories.staff(unit=hall),
        )


@pytest.mark.parametrize(
    "url", ["/api/org-units/", "/api/staff/", "/api/windows/", "/api/posts/", "/api/pairings/"]
)
def test_list_query_count_does_not_grow_with_the_number_of_rows(
    url, api_as, manager, hall, django_assert_max_num_queries
):
    # A fresh user object per request: the role and staff caches live on it.
    _grow(hall, 2)
    client = api_as(Staff.objects.get(pk=manager.pk))
    with django_assert_max_num_queries(8) as few:
        assert client.get(url).status_code == 200

    _grow(hall, 12)
    client = api_as(Staff.objects.get(pk=manager.pk))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.json()["count"] >= 14


# --- writes -----------------------------------------------------------------------------


def test_manager_creates_a_staff_member_with_skills_who_can_then_log_in(as_manager, hall):
    invoice = factories.skill()
    response = as_manager.post(
        "/api/staff/",
        {
            "username": "newbie",
            "employee_no": "E99001",
            "name": "Xu New",
            "unit": hall.pk,
            "skills": [invoice.pk],
            "password": "a-long-enough-password-1",
        },
    )

    assert response.status_code == 201, response.content
    staff = Staff.objects.get(pk=response.json()["id"])
    assert list(staff.skills.all()) == [invoice]
    assert staff.user.check_password("a-long-enough-password-1")
    assert set(staff.user.groups.values_list("name", flat=True)) == {Role.CADRE}


def test_staff_create_with_a_taken_employee_number_is_a_400_and_creates_no_user(
    as_manager, hall, cadre, django_user_model
):
    users_before = django_user_model.objects.count()
    response = as_manager.post(
        "/api/staff/",
        {"username": "dup", "employee_no": cadre.employee_no, "name": "Dup", "unit": hall.pk},
    )

    assert response.status_code == 400
    assert "employee_no" in response.json()
    assert django_user_model.objects.count() == users_before


def test_staff_create_with_a_weak_password_is_a_400_on_password(as_manager, hall):
    response = as_manager.post(
        "/api/staff/",
        {"username": "weak", "employee_no": "E1", "name": "W", "unit": hall.pk, "password": "1"},
    )
    assert response.status_code == 400
    assert "password" in response.json()


def test_manager_patches_a_staff_title_with_a_reason_kept_in_history(as_manager, cadre):
    response = as_manager.patch(
        f"/api/staff/{cadre.pk}/", {"title": "Chief clerk", "reason": "Appointed"}
    )

    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Chief clerk"
    assert cadre.history.first().history_change_reason == "Appointed"


def test_deactivating_a_post_holder_over_the_api_is_a_400_naming_the_post(
    as_manager, hall, manager, cadre
):
    post = factories.post(unit=hall, name="Declaration")
    factories.pairing(post=post, a=cadre, b=manager)

    response = as_manager.patch(f"/api/staff/{cadre.pk}/", {"is_active": False})

    assert response.status_code == 400
    assert "Declaration" in response.json()["is_active"][0]["message"]


def test_put_is_not_offered_on_staff(as_manager, cadre):
    assert as_manager.put(f"/api/staff/{cadre.pk}/", {"name": "X"}).status_code == 405


def test_manager_creates_and_updates_a_window_and_a_post(as_manager, hall):
    window = as_manager.post("/api/windows/", {"unit": hall.pk, "number": "7", "name": "Tax"})
    assert window.status_code == 201, window.content
    post = as_manager.post(
        "/api/posts/",
        {"unit": hall.pk, "window": window.json()["id"], "name": "Counter 7", "is_critical": True},
    )
    assert post.status_code == 201, post.content

    renamed = as_manager.patch(f"/api/windows/{window.json()['id']}/", {"name": "Invoices"})
    closed = as_manager.patch(f"/api/posts/{post.json()['id']}/", {"is_active": False})

    assert renamed.json()["name"] == "Invoices"
    assert closed.json()["is_active"] is False


def test_post_with_a_window_of_another_unit_is_a_400_on_window(as_manager, hall):
    section = factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall)
    # The manager sees the section's window (it is in their tree) but it is not the hall's.
    window = factories.window(unit=section)
    response = as_manager.post(
        "/api/posts/", {"unit": hall.pk, "window": window.pk, "name": "Mismatch"}
    )
    assert response.status_code == 400
    assert "window" in response.json()


def test_manager_pairs_a_post_and_ends_the_pairing(as_manager, hall, manager, cadre):
    post = factories.post(unit=hall)

    created = as_manager.post(
        "/api/pairings/",
        {
            "post": post.pk,
            "a_holder": cadre.pk,
            "b_holder": manager.pk,
            "valid_from": "2025-01-01",
            "reason": "New hall layout",
        },
    )
    assert created.status_code == 201, created.content
    pairing_id = created.json()["id"]
    ended = as_manager.post(
        f"/api/pairings/{pairing_id}/end/", {"last_day": "2025-06-30", "reason": "Transfer"}
    )

    assert ended.status_code == 200, ended.content
    assert ended.json()["valid_to"] == "2025-06-30"
    pairing = PostPairing.objects.get(pk=pairing_id)
    assert [r.history_change_reason for r in pairing.history.all()] == [
        "Transfer",
        "New hall layout",
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"b_holder": "A"}, "b_holder"),
        ({"valid_to": "2024-12-31"}, "valid_to"),
        ({"a_holder": 999999}, "a_holder"),
        ({"post": 999999}, "post"),
        ({"valid_from": "not a date"}, "valid_from"),
        ({"valid_from": None}, "valid_from"),
    ],
)
def test_bad_pairing_input_is_a_400_with_the_field_named_and_nothing_saved(
    as_manager, hall, manager, cadre, change, field
):
    post = factories.post(unit=hall)
    payload = {
        "post": post.pk,
        "a_holder": cadre.pk,
        "b_holder": manager.pk,
        "valid_from": "2025-01-01",
    }
    payload.update({k: (cadre.pk if v == "A" else v) for k, v in change.items()})

    response = as_manager.post("/api/pairings/", payload, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not PostPairing.objects.exists()


def test_overlapping_pairing_over_the_api_is_a_400_on_valid_from(as_manager, hall, manager, cadre):
    post = factories.post(unit=hall)
    factories.pairing(post=post, a=cadre, b=manager, valid_from=date(2025, 1, 1))

    response = as_manager.post(
        "/api/pairings/",
        {"post": post.pk, "a_holder": manager.pk, "b_holder": cadre.pk, "valid_from": "2025-02-01"},
    )

    assert response.status_code == 400
    assert "valid_from" in response.json()
    assert PostPairing.objects.filter(post=post).count() == 1


def test_ending_before_the_start_is_a_400_on_valid_to(as_manager, hall, manager, cadre):
    pairing = factories.pairing(
        post=factories.post(unit=hall), a=cadre, b=manager, valid_from=date(2025, 1, 1)
    )
    response = as_manager.post(f"/api/pairings/{pairing.pk}/end/", {"last_day": "2024-01-01"})
    assert response.status_code == 400
    assert "valid_to" in response.json()
    pairing.refresh_from_db()
    assert pairing.valid_to is None


def test_pairings_cannot_be_deleted_or_rewritten(as_manager, hall, manager, cadre):
    pairing = factories.pairing(post=factories.post(unit=hall), a=cadre, b=manager)
    assert as_manager.delete(f"/api/pairings/{pairing.pk}/").status_code == 405
    assert as_manager.patch(f"/api/pairings/{pairing.pk}/", {"note": "x"}).status_code == 405
    assert PostPairing.objects.filter(pk=pairing.pk).exists()


def test_post_current_pairing_follows_today(as_manager, hall, manager, cadre):
    today = timezone.localdate()
    post = factories.post(unit=hall)
    factories.pairing(post=post, a=cadre, b=manager, valid_from=today + timedelta(days=1))

    body = as_manager.get(f"/api/posts/{post.pk}/").json()

    assert body["current_pairing"] is None
