"""Hand-typed admin addresses answer a page or a 404, never a 500."""

import pytest
from django.contrib.auth import get_user_model

from tests import factories


@pytest.fixture
def superuser_client(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(user)
    return client


def test_a_hand_typed_history_address_under_change_is_not_a_500(superuser_client, hall):
    post = factories.post(unit=hall)
    pairing = factories.pairing(
        post=post, a=factories.staff(unit=hall), b=factories.staff(unit=hall)
    )

    response = superuser_client.get(
        f"/admin/staffmgmt/postpairing/{pairing.pk}/change/history/", follow=True
    )

    assert response.status_code in {200, 404}


def test_the_history_page_names_the_system_not_none_and_translates_its_columns(
    superuser_client, hall
):
    post = factories.post(unit=hall)  # created with actor=None: nobody signed it

    page = superuser_client.get(
        f"/admin/staffmgmt/post/{post.pk}/history/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()

    table = page.split('id="change-history"', 1)[1]
    assert ">None<" not in table.replace(" ", "").replace("\n", "")
    assert "系统" in table
    assert "Changes" not in table
