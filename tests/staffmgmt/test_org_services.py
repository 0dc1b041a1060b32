"""Org write use cases (units, staff, windows, posts, pairings) and the org selectors."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kernel.errors import RoleError
from kernel.roles import Role
from staffmgmt import selectors, services
from staffmgmt.models import OrgUnit, Post, PostPairing, Staff
from tests import factories


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", password="pw-hallmark-test")


# --- org units --------------------------------------------------------------------------


def test_org_unit_path_is_the_parent_path_plus_the_code(db):
    branch = factories.unit(kind=OrgUnit.Kind.BRANCH, code="east")
    hall = services.org_unit_create(
        actor=None, code="hall-a", name="Hall A", kind=OrgUnit.Kind.HALL, parent=branch
    )
    assert hall.path == f"{branch.path}hall-a/"
    assert hall.depth == branch.depth + 1


def test_org_unit_create_refuses_a_manager_of_another_unit(hall, manager):
    elsewhere = factories.unit(kind=OrgUnit.Kind.BRANCH)
    with pytest.raises(PermissionDenied):
        services.org_unit_create(
            actor=manager.user, code="x", name="X", kind=OrgUnit.Kind.SECTION, parent=elsewhere
        )


def test_org_unit_create_lets_a_manager_add_a_section_below_their_hall(hall, manager):
    section = services.org_unit_create(
        actor=manager.user, code="sec-1", name="Section 1", kind=OrgUnit.Kind.SECTION, parent=hall
    )
    assert section.history.get().history_user == manager.user


def test_org_unit_create_refuses_a_bureau_with_a_parent(hall):
    with pytest.raises(ValidationError) as raised:
        services.org_unit_create(actor=None, code="b", name="B", kind="bureau", parent=hall)
    assert "parent" in raised.value.message_dict


def test_org_unit_update_moving_a_branch_rewrites_the_paths_below_it_with_history(db, superuser):
    bureau = factories.unit(kind=OrgUnit.Kind.BUREAU, code="bj")
    old_branch = factories.unit(kind=OrgUnit.Kind.BRANCH, parent=bureau, code="old")
    new_branch = factories.unit(kind=OrgUnit.Kind.BRANCH, parent=bureau, code="new")
    hall = factories.unit(parent=old_branch, code="hall-9")
    section = factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall, code="sec-9")

    services.org_unit_update(actor=superuser, unit=hall, parent=new_branch, reason="Reorganised")

    section.refresh_from_db()
    assert section.path == "bj/new/hall-9/sec-9/"
    assert section.history.first().history_change_reason == "Reorganised"
    assert section.history.first().history_user == superuser


def test_org_unit_update_refuses_to_move_a_unit_below_itself(db, superuser):
    branch = factories.unit(kind=OrgUnit.Kind.BRANCH)
    hall = factories.unit(parent=branch)
    with pytest.raises(ValidationError) as raised:
        services.org_unit_update(actor=superuser, unit=branch, parent=hall)
    assert "parent" in raised.value.message_dict
    branch.refresh_from_db()
    assert branch.parent_id != hall.pk


# --- staff ------------------------------------------------------------------------------


def test_staff_update_records_who_changed_the_title_and_why(manager, cadre):
    services.staff_update(
        actor=manager.user, staff=cadre, title="Deputy chief", reason="Promotion 2025"
    )
    record = Staff.objects.get(pk=cadre.pk).history.first()
    assert record.title == "Deputy chief"
    assert record.history_user == manager.user
    assert record.history_change_reason == "Promotion 2025"


def test_staff_update_sets_skills(manager, cadre):
    invoice = factories.skill()
    services.staff_update(actor=manager.user, staff=cadre, skills=[invoice])
    assert list(cadre.skills.all()) == [invoice]


def test_staff_update_by_a_cadre_is_refused(cadre, manager):
    with pytest.raises(PermissionDenied):
        services.staff_update(actor=cadre.user, staff=manager, title="Boss")


def test_staff_update_refuses_to_move_a_cadre_to_a_unit_the_manager_does_not_manage(manager, cadre):
    elsewhere = factories.unit()
    with pytest.raises(PermissionDenied):
        services.staff_update(actor=manager.user, staff=cadre, unit=elsewhere)


def test_deactivating_a_cadre_who_still_holds_a_post_is_refused_with_the_post_named(
    hall, manager, cadre
):
    post = factories.post(unit=hall, name="Registration")
    factories.pairing(post=post, a=cadre, b=manager)

    with pytest.raises(ValidationError) as raised:
        services.staff_update(actor=manager.user, staff=cadre, is_active=False)

    assert "Registration" in raised.value.message_dict["is_active"][0]
    assert Staff.objects.get(pk=cadre.pk).is_active


def test_deactivating_a_cadre_whose_pairings_ended_also_blocks_their_login(hall, manager, cadre):
    post = factories.post(unit=hall)
    factories.pairing(
        post=post, a=cadre, b=manager, valid_from=date(2020, 1, 1), valid_to=date(2020, 12, 31)
    )

    services.staff_update(actor=manager.user, staff=cadre, is_active=False)

    cadre.user.refresh_from_db()
    assert not cadre.user.is_active


def test_a_manager_cannot_grant_the_integrity_officer_role(hall, manager):
    with pytest.raises(ValidationError) as refused:
        services.staff_create(
            actor=manager.user,
            username="snoop",
            employee_no="X1",
            name="Snoop",
            unit=hall,
            roles=[Role.CADRE, Role.INTEGRITY_OFFICER],
        )
    assert refused.value.error_dict["roles"][0].code == RoleError.ADMINISTRATOR_ONLY
    assert not Staff.objects.filter(employee_no="X1").exists()


# --- windows and posts ------------------------------------------------------------------


def test_window_update_renames_the_window(hall, manager):
    window = factories.window(unit=hall, number="3")
    services.window_update(actor=manager.user, window=window, name="Invoices", reason="Sign")
    window.refresh_from_db()
    assert window.name == "Invoices"
    assert window.history.first().history_change_reason == "Sign"


def test_post_update_refuses_a_window_of_another_unit(hall, manager):
    other_hall = factories.unit(parent=hall.parent)
    post = factories.post(unit=hall)
    with pytest.raises(ValidationError) as raised:
        services.post_update(
            actor=manager.user, post=post, window=factories.window(unit=other_hall)
        )
    assert "window" in raised.value.message_dict
    assert Post.objects.get(pk=post.pk).window is None


def test_closing_a_post_with_a_pairing_in_force_is_refused(hall, manager, cadre):
    post = factories.post(unit=hall)
    factories.pairing(post=post, a=cadre, b=manager)
    with pytest.raises(ValidationError):
        services.post_update(actor=manager.user, post=post, is_active=False)
    assert Post.objects.get(pk=post.pk).is_active


def test_a_closed_post_takes_no_new_pairing(hall, manager, cadre):
    post = factories.post(unit=hall)
    services.post_update(actor=manager.user, post=post, is_active=False)
    with pytest.raises(ValidationError) as raised:
        factories.pairing(post=post, a=cadre, b=manager)
    assert "post" in raised.value.message_dict


# --- pairings ---------------------------------------------------------------------------


def test_pairing_of_a_person_with_themselves_is_refused_on_b_holder(hall, manager, cadre):
    post = factories.post(unit=hall)
    with pytest.raises(ValidationError) as raised:
        services.pairing_create(
            actor=manager.user,
            post=post,
            a_holder=cadre,
            b_holder=cadre,
            valid_from=date(2025, 1, 1),
        )
    assert "b_holder" in raised.value.message_dict
    assert not PostPairing.objects.exists()


def test_pairing_create_by_a_manager_of_another_hall_is_refused(hall, cadre):
    post = factories.post(unit=hall)
    other_manager = factories.staff(roles=(Role.CADRE, Role.MANAGER))
    with pytest.raises(PermissionDenied):
        services.pairing_create(
            actor=other_manager.user,
            post=post,
            a_holder=cadre,
            b_holder=other_manager,
            valid_from=date(2025, 1, 1),
        )


def test_ending_a_pairing_lets_a_new_one_start_the_next_day(hall, manager, cadre):
    post = factories.post(unit=hall)
    third = factories.staff(unit=hall)
    first = factories.pairing(post=post, a=cadre, b=manager, valid_from=date(2025, 1, 1))

    services.pairing_end(actor=manager.user, pairing=first, last_day=date(2025, 3, 31))
    second = factories.pairing(post=post, a=third, b=cadre, valid_from=date(2025, 4, 1))

    assert list(selectors.pairing_list(user=manager.user, on_day=date(2025, 4, 1))) == [second]


# --- selectors --------------------------------------------------------------------------


def test_post_list_with_holders_loads_every_post_holder_in_constant_queries(
    hall, manager, django_assert_max_num_queries
):
    today = timezone.localdate()
    for _ in range(6):
        post = factories.post(unit=hall)
        factories.pairing(
            post=post,
            a=factories.staff(unit=hall),
            b=factories.staff(unit=hall),
            valid_from=today - timedelta(days=5),
        )
    selectors.staff_for_user(user=manager.user)  # the per-request cache the pages warm up

    # The units in scope, the posts, their pairings with holders, their required skills.
    with django_assert_max_num_queries(4):
        names = [
            (post.pairings_on_day[0].a_holder.name, post.pairings_on_day[0].b_holder.name)
            for post in selectors.post_list_with_holders(user=manager.user, on_day=today)
        ]

    assert len(names) == 6


def test_post_list_with_holders_shows_no_pairing_on_a_day_after_it_ended(hall, manager, cadre):
    post = factories.post(unit=hall)
    factories.pairing(
        post=post, a=cadre, b=manager, valid_from=date(2025, 1, 1), valid_to=date(2025, 1, 31)
    )
    [listed] = selectors.post_list_with_holders(user=manager.user, on_day=date(2025, 2, 1))
    assert listed.pairings_on_day == []


def test_pairing_history_says_who_ended_the_pairing_why_and_what_changed(hall, manager, cadre):
    post = factories.post(unit=hall)
    pairing = factories.pairing(post=post, a=cadre, b=manager, valid_from=date(2025, 1, 1))
    services.pairing_end(
        actor=manager.user, pairing=pairing, last_day=date(2025, 6, 30), reason="Transfer"
    )

    latest, created = selectors.pairing_history_for_post_unscoped(post=post)

    assert created.kind == "+" and created.who is None
    assert latest.who == manager.user
    assert latest.reason == "Transfer"
    assert [(str(label), old, new) for label, old, new in latest.changes] == [
        ("valid to", None, date(2025, 6, 30))
    ]


def test_pairing_candidates_are_active_staff_of_the_post_unit_tree(hall, manager, cadre):
    section = factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall)
    in_section = factories.staff(unit=section)
    inactive = factories.staff(unit=hall)
    services.staff_update(actor=manager.user, staff=inactive, is_active=False)
    other_hall = factories.unit(parent=hall.parent)
    factories.staff(unit=other_hall)
    post = factories.post(unit=section)

    candidates = set(selectors.pairing_candidate_list(user=manager.user, post=post))

    # Staff of the hall above the section may hold its post; other halls' staff may not.
    assert candidates == {manager, cadre, in_section}


def test_pairings_held_by_lists_current_and_upcoming_but_not_ended(hall, manager, cadre):
    today = timezone.localdate()
    ended = factories.post(unit=hall)
    current = factories.post(unit=hall)
    upcoming = factories.post(unit=hall)
    factories.pairing(
        post=ended,
        a=cadre,
        b=manager,
        valid_from=date(2020, 1, 1),
        valid_to=today - timedelta(days=1),
    )
    factories.pairing(post=current, a=manager, b=cadre, valid_from=today)
    factories.pairing(post=upcoming, a=cadre, b=manager, valid_from=today + timedelta(days=30))

    held = selectors.pairing_list_held_by(user=manager.user, staff=cadre, from_day=today)

    assert [pairing.post for pairing in held] == [current, upcoming]


# --- admin ------------------------------------------------------------------------------


@pytest.fixture
def admin_web(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.parametrize(
    "model",
    ["orgunit", "skill", "staff", "window", "post", "postpairing", "absence", "calendaroverride"],
)
def test_admin_lists_and_history_pages_render(admin_web, hall, manager, cadre, model):
    factories.pairing(post=factories.post(unit=hall), a=cadre, b=manager)
    assert admin_web.get(f"/admin/staffmgmt/{model}/").status_code == 200


def test_admin_adding_an_org_unit_computes_its_path_and_records_who(admin_web, hall, superuser):
    response = admin_web.post(
        "/admin/staffmgmt/orgunit/add/",
        {"code": "sec-adm", "name": "Admin section", "kind": "section", "parent": hall.pk},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    section = OrgUnit.objects.get(code="sec-adm")
    assert section.path == f"{hall.path}sec-adm/"
    assert section.history.get().history_user == superuser


def test_admin_moving_a_unit_below_itself_reshows_the_form_with_the_error(admin_web, hall):
    section = factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall)
    response = admin_web.post(
        f"/admin/staffmgmt/orgunit/{hall.pk}/change/",
        {"code": hall.code, "name": hall.name, "kind": "hall", "parent": section.pk},
    )
    assert response.status_code == 200
    assert "below itself" in response.content.decode()
    hall.refresh_from_db()
    assert hall.parent_id != section.pk


def test_admin_deactivating_a_post_holder_is_refused_with_a_message_not_a_500(
    admin_web, hall, manager, cadre
):
    factories.pairing(post=factories.post(unit=hall, name="Registration"), a=cadre, b=manager)
    response = admin_web.post(
        f"/admin/staffmgmt/staff/{cadre.pk}/change/",
        {
            "employee_no": cadre.employee_no,
            "name": cadre.name,
            "unit": hall.pk,
            "title": "",
            "is_leader": "",
            "skills": [],
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Registration" in response.content.decode()
    assert Staff.objects.get(pk=cadre.pk).is_active


def test_admin_pairings_are_read_only_even_through_history_revert(admin_web, hall, manager, cadre):
    pairing = factories.pairing(post=factories.post(unit=hall), a=cadre, b=manager)
    services.pairing_end(actor=None, pairing=pairing, last_day=date(2030, 1, 1))
    first_version = pairing.history.earliest()
    base = f"/admin/staffmgmt/postpairing/{pairing.pk}"

    assert admin_web.get("/admin/staffmgmt/postpairing/add/").status_code == 403
    assert admin_web.get(f"{base}/history/").status_code == 200
    assert admin_web.get(f"{base}/history/{first_version.history_id}/").status_code == 200
    revert = admin_web.post(
        f"{base}/history/{first_version.history_id}/",
        {
            "post": pairing.post_id,
            "a_holder": cadre.pk,
            "b_holder": manager.pk,
            "valid_from": "2020-01-01",
            "valid_to": "",
        },
    )
    change = admin_web.post(f"{base}/change/", {"valid_to": ""})

    assert revert.status_code == 403
    assert change.status_code == 403
    pairing.refresh_from_db()
    assert pairing.valid_to == date(2030, 1, 1)


def test_a_unit_sits_only_below_a_unit_of_a_higher_kind(hall):
    with pytest.raises(ValidationError) as error:
        services.org_unit_create(
            actor=None, code="hall-in-hall", name="Hall in a hall", kind="hall", parent=hall
        )

    assert "parent" in error.value.message_dict
    assert not OrgUnit.objects.filter(code="hall-in-hall").exists()


def test_a_level_may_be_skipped_as_a_hall_directly_under_its_bureau(hall):
    bureau = hall.parent

    section = services.org_unit_create(
        actor=None, code="sec-direct", name="Section", kind="section", parent=bureau
    )

    assert section.path == f"{bureau.path}sec-direct/"


def test_a_unit_cannot_take_a_kind_at_or_below_its_children(hall):
    factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall)

    with pytest.raises(ValidationError) as error:
        services.org_unit_update(actor=None, unit=hall, kind=OrgUnit.Kind.SECTION)

    assert "kind" in error.value.message_dict
