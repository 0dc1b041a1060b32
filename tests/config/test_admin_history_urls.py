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
