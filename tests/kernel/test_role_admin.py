"""Role changes made in the admin go through the role log, with who and why."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from kernel.models import AccountOrigin, RoleGrant
from kernel.roles import Role

User = get_user_model()


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", "root@example.com", "pw")


@pytest.fixture
def target(db):
    user = User.objects.create_user("li", first_name="Li")
    user.groups.add(Group.objects.get_or_create(name=Role.CADRE)[0])
    return user


def change_form_data(user, **overrides):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": "",
        "email": "",
        "is_active": "on",
        "date_joined_0": "2026-03-02",
        "date_joined_1": "09:00:00",
        "initial-date_joined_0": "2026-03-02",
        "initial-date_joined_1": "09:00:00",
        "groups": [g.pk for g in user.groups.all()],
        "role_reason": "",
    }
    data.update(overrides)
    return data


def test_granting_a_role_in_the_admin_is_logged_with_who_and_why(client, root, target):
    manager = Group.objects.get_or_create(name=Role.MANAGER)[0]
    cadre = Group.objects.get(name=Role.CADRE)
    client.force_login(root)

    response = client.post(
        reverse("admin:auth_user_change", args=[target.pk]),
        change_form_data(target, groups=[cadre.pk, manager.pk], role_reason="appointed chief"),
    )

    assert response.status_code == 302
    entry = RoleGrant.objects.get(user=target, role=Role.MANAGER)
    assert (entry.action, entry.actor, entry.reason) == ("grant", root, "appointed chief")
    assert set(target.groups.values_list("name", flat=True)) == {Role.CADRE, Role.MANAGER}


def test_the_superuser_flag_in_the_admin_is_logged_as_the_administrator_role(client, root, target):
    client.force_login(root)

    client.post(
        reverse("admin:auth_user_change", args=[target.pk]),
        change_form_data(target, is_superuser="on", is_staff="on", role_reason="IT support"),
    )

    target.refresh_from_db()
    assert target.is_superuser
    entry = RoleGrant.objects.get(user=target, role="administrator")
    assert (entry.action, entry.actor) == ("grant", root)


def test_a_role_change_in_the_admin_needs_a_reason(client, root, target):
    manager = Group.objects.get_or_create(name=Role.MANAGER)[0]
    client.force_login(root)

    response = client.post(
        reverse("admin:auth_user_change", args=[target.pk]),
        change_form_data(target, groups=[manager.pk]),
    )

    assert response.status_code == 200
    assert "Say why the roles change." in response.content.decode()
    assert not RoleGrant.objects.filter(user=target).exists()


def test_a_non_administrator_with_user_rights_cannot_change_roles_in_the_admin(client, target):
    from django.contrib.auth.models import Permission

    clerk = User.objects.create_user("clerk", password="pw", is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_user", "view_user"])
    )
    manager = Group.objects.get_or_create(name=Role.MANAGER)[0]
    client.force_login(clerk)

    response = client.post(
        reverse("admin:auth_user_change", args=[target.pk]),
        change_form_data(target, groups=[manager.pk], role_reason="please"),
    )

    # The admin site lets only administrators in (kernel.admin_site); the form's own check
    # ("Only an administrator may change roles.") stays behind it.
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert not target.groups.filter(name=Role.MANAGER).exists()


def test_an_account_added_in_the_admin_records_its_creator(client, root):
    client.force_login(root)

    client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newcomer",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
            "usable_password": "true",
        },
    )

    assert AccountOrigin.objects.get(user__username="newcomer").created_by == root


def test_the_role_log_opens_read_only_in_the_admin(client, root, target):
    client.force_login(root)

    assert client.get(reverse("admin:kernel_rolegrant_changelist")).status_code == 200
    assert client.get(reverse("admin:kernel_rolegrant_add")).status_code == 403
    assert client.get(reverse("admin:kernel_accountorigin_changelist")).status_code == 200


def test_createsuperuser_enters_the_new_administrator_in_the_role_log(db):
    from django.core.management import call_command

    call_command(
        "createsuperuser", interactive=False, username="first", email="it@example.com", verbosity=0
    )

    entry = RoleGrant.objects.get(user__username="first")
    assert (entry.role, entry.action, entry.actor) == ("administrator", "grant", None)
    assert "createsuperuser" in entry.reason


def test_saving_a_superuser_again_logs_nothing_more(root):
    assert RoleGrant.objects.filter(user=root, role="administrator").count() == 1
    root.first_name = "Renamed"
    root.save()
    assert RoleGrant.objects.filter(user=root, role="administrator").count() == 1
