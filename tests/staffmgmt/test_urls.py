"""staffmgmt's page names live in its namespace, like every app's."""

import pytest
from django.urls import NoReverseMatch, reverse


def test_staffmgmt_pages_are_named_in_the_staffmgmt_namespace():
    assert reverse("staffmgmt:home") == "/"
    assert reverse("staffmgmt:post_detail", args=[7]) == "/posts/7/"
    assert reverse("staffmgmt:absence_approvals") == "/leave/approvals/"


def test_a_bare_page_name_no_longer_resolves():
    with pytest.raises(NoReverseMatch):
        reverse("post_list")


def test_every_menu_entry_of_staffmgmt_names_a_namespaced_page():
    from kernel.nav import navigation

    staffmgmt_entries = [item for item in navigation if item.url_name.startswith("staffmgmt:")]

    assert {item.key for item in staffmgmt_entries} >= {"home", "staff", "posts", "leave"}
    for item in staffmgmt_entries:
        reverse(item.url_name)
