"""Every model in the admin opens for a superuser: list, history and (where allowed) add."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

OUR_APPS = {
    "jobs",
    "staffmgmt",
    "roster",
    "feedback",
    "integrity_files",
    "assessment",
    "dashboards",
}
REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in OUR_APPS
)


@pytest.fixture
def superuser_client(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(user)
    return client


def test_our_models_are_in_the_admin():
    assert ("staffmgmt", "postpairing") in REGISTERED
    assert ("roster", "dutyassignment") in REGISTERED


@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
def test_admin_pages_of_each_model_open(superuser_client, app_label, model_name):
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")

    assert superuser_client.get(changelist).status_code == 200
    assert superuser_client.get(changelist, {"q": "x"}).status_code == 200
    add = superuser_client.get(reverse(f"admin:{app_label}_{model_name}_add"))
    assert add.status_code in {200, 403}
