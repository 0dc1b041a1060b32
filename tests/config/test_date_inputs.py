"""Pre-filled date pickers carry ISO values in every language (browsers reject others)."""

import re

import pytest
from django.urls import reverse


@pytest.mark.parametrize("url_name", ["staffmgmt:coverage_gaps"])
def test_prefilled_date_inputs_are_iso_in_chinese(client, manager, url_name):
    client.force_login(manager.user)

    page = client.get(reverse(url_name), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    values = re.findall(r'<input type="date"[^>]*value="([^"]*)"', page)
    assert values
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in values), values


def test_the_pairing_form_date_is_iso_in_chinese(client, manager, hall):
    from tests import factories

    post = factories.post(unit=hall)
    client.force_login(manager.user)

    page = client.get(
        reverse("staffmgmt:post_detail", args=[post.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()

    values = re.findall(r'<input type="date"[^>]*value="([^"]*)"', page)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in values), values
