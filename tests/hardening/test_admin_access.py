"""The admin opens for administrators only: `is_staff` alone, even with every model
permission, does not let a manager in (kernel.admin_site)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from kernel.accounts import role_grant
from kernel.roles import ADMINISTRATOR, Role
from tests import factories

PAGES = [
    "admin:index",
    "admin:auth_user_changelist",
    "admin:kernel_rolegrant_changelist",
    "admin:staffmgmt_staff_changelist",
]


@pytest.fixture
def staff_manager(manager):
    user = manager.user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.all())
    return user


@pytest.mark.parametrize("page", PAGES)
def test_a_manager_with_is_staff_and_every_permission_is_sent_to_the_admin_login(
    client, staff_manager, page
):
    client.force_login(staff_manager)

    response = client.get(reverse(page))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_manager_with_is_staff_cannot_post_a_change_in_the_admin(client, staff_manager, cadre):
    client.force_login(staff_manager)
    url = reverse("admin:auth_user_change", args=[cadre.user.pk])

    response = client.post(url, {"username": "renamed", "is_superuser": "on"})

    assert response.status_code == 302
    cadre.user.refresh_from_db()
    assert cadre.user.username != "renamed"
    assert not cadre.user.is_superuser


def test_the_admin_login_does_not_let_a_staff_manager_in(client, staff_manager):
    response = client.post(
        reverse("admin:login"),
        {"username": staff_manager.username, "password": "pw-hallmark-test"},
        follow=True,
    )

    assert response.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.parametrize("page", PAGES)
def test_an_administrator_opens_the_admin(client, db, page):
    grantee = factories.staff(roles=(Role.CADRE,)).user
    role_grant(actor=None, user=grantee, role=ADMINISTRATOR, reason="test")
    grantee.refresh_from_db()
    client.force_login(grantee)

    assert client.get(reverse(page)).status_code == 200


def test_an_administrator_role_taken_away_closes_the_admin(client, db):
    from kernel.accounts import role_revoke

    grantee = factories.staff(roles=(Role.CADRE,)).user
    role_grant(actor=None, user=grantee, role=ADMINISTRATOR, reason="test")
    grantee.refresh_from_db()
    grantee.is_staff = True
    grantee.save(update_fields=["is_staff"])
    role_revoke(actor=None, user=grantee, role=ADMINISTRATOR, reason="left the post")
    client.force_login(grantee)

    assert client.get(reverse("admin:index")).status_code == 302
