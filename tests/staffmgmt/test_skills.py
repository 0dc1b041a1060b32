"""Skills: a manager records what a post requires and what a person can do, on the pages
and in the API, with who and why in the history; an acting holder is then chosen by them."""

from datetime import date

import pytest
from django.urls import reverse

from staffmgmt import selectors, services
from staffmgmt.models import Post
from tests import factories

WED = date(2026, 3, 4)


@pytest.fixture
def invoice(db):
    return factories.skill()


@pytest.fixture
def tax_law(db):
    return factories.skill(code="law", name="Tax law questions", name_zh="涉税咨询")


def test_post_update_sets_the_required_skills_with_who_and_why(hall, manager, invoice, tax_law):
    post = factories.post(unit=hall, name="Invoice desk")

    services.post_update(
        actor=manager.user, post=post, required_skills=[invoice, tax_law], reason="new desk"
    )
    services.post_update(actor=manager.user, post=post, required_skills=[invoice], reason="less")

    assert list(post.required_skills.all()) == [invoice]
    changes = selectors.post_skill_changes_unscoped(post=post)
    assert [(c.reason, c.who, c.added, c.removed) for c in changes] == [
        ("less", manager.user, [], [tax_law]),
        ("new desk", manager.user, [invoice, tax_law], []),
    ]


def test_post_update_leaves_the_skills_alone_when_not_given(hall, manager, invoice):
    post = factories.post(unit=hall)
    post.required_skills.add(invoice)

    services.post_update(actor=manager.user, post=post, name="Renamed")

    assert list(post.required_skills.all()) == [invoice]


def test_the_manager_sets_a_posts_skills_on_its_page_and_acting_candidates_follow(
    client, hall, manager, invoice
):
    post = factories.post(unit=hall, name="Invoice desk")
    skilled = factories.staff(unit=hall, name="Skilled Sun", skills=[invoice])
    factories.staff(unit=hall, name="Unskilled Zhou")
    client.force_login(manager.user)

    page = client.get(reverse("staffmgmt:post_detail", args=[post.pk])).content.decode()
    assert 'id="post-skills"' in page
    response = client.post(
        reverse("staffmgmt:post_skills_update", args=[post.pk]),
        {"skills": [invoice.pk], "reason": "issues invoices"},
    )

    assert response.status_code == 302
    assert list(post.required_skills.all()) == [invoice]
    page = client.get(reverse("staffmgmt:post_detail", args=[post.pk])).content.decode()
    assert "issues invoices" in page
    candidates = selectors.acting_candidate_list_unscoped(post=post, day=WED, halves=("am",))
    assert [person.pk for person in candidates] == [skilled.pk]


def test_an_unknown_skill_re_shows_the_form_and_saves_nothing(client, hall, manager, invoice):
    post = factories.post(unit=hall)
    client.force_login(manager.user)

    response = client.post(
        reverse("staffmgmt:post_skills_update", args=[post.pk]),
        {"skills": [invoice.pk, 999999], "reason": "typo"},
    )

    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert not post.required_skills.exists()


def test_a_cadre_sees_the_skills_but_no_form_and_cannot_post(client, hall, cadre, invoice):
    post = factories.post(unit=hall)
    post.required_skills.add(invoice)
    client.force_login(cadre.user)

    page = client.get(reverse("staffmgmt:post_detail", args=[post.pk])).content.decode()
    assert "Invoice issuing" in page
    assert "post_skills_update" not in page and 'action="/posts/' not in page
    response = client.post(reverse("staffmgmt:post_skills_update", args=[post.pk]), {"skills": []})
    assert response.status_code == 403
    assert post.required_skills.exists()


def test_a_manager_of_another_hall_gets_404(client, hall, invoice):
    post = factories.post(unit=hall)
    other = factories.staff(unit=factories.unit(name="Other hall"), roles=("cadre", "manager"))
    client.force_login(other.user)

    response = client.post(
        reverse("staffmgmt:post_skills_update", args=[post.pk]), {"skills": [invoice.pk]}
    )

    assert response.status_code == 404
    assert not post.required_skills.exists()


def test_the_manager_records_a_persons_skills_on_their_page(client, hall, manager, cadre, invoice):
    client.force_login(manager.user)

    response = client.post(
        reverse("staffmgmt:staff_skills_update", args=[cadre.pk]),
        {"skills": [invoice.pk], "reason": "trained in March"},
    )

    assert response.status_code == 302
    assert list(cadre.skills.all()) == [invoice]
    assert cadre.history.first().history_change_reason == "trained in March"


def test_a_cadre_cannot_give_himself_skills(client, cadre, invoice):
    client.force_login(cadre.user)

    page = client.get(reverse("staffmgmt:staff_detail", args=[cadre.pk])).content.decode()
    assert 'id="edit-skills"' not in page
    response = client.post(
        reverse("staffmgmt:staff_skills_update", args=[cadre.pk]), {"skills": [invoice.pk]}
    )
    assert response.status_code == 403
    assert not cadre.skills.exists()


def test_the_api_reads_and_writes_required_skills(api_as, hall, manager, invoice):
    post = factories.post(unit=hall)
    api = api_as(manager)

    response = api.patch(
        f"/api/posts/{post.pk}/", {"required_skills": [invoice.pk], "reason": "api"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["required_skills"] == [invoice.pk]

    response = api.patch(f"/api/posts/{post.pk}/", {"required_skills": [999999]}, format="json")
    assert response.status_code == 400
    assert "required_skills" in response.json()
    assert list(Post.objects.get(pk=post.pk).required_skills.all()) == [invoice]


def test_the_post_list_api_reads_skills_in_constant_queries(
    api_as, hall, manager, invoice, tax_law, django_assert_max_num_queries
):
    for _ in range(2):
        factories.post(unit=hall).required_skills.add(invoice)
    api = api_as(manager)
    with django_assert_max_num_queries(50) as few:
        api.get("/api/posts/")
    for _ in range(6):
        factories.post(unit=hall).required_skills.add(invoice, tax_law)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api.get("/api/posts/")
    assert len(response.json()["results"]) == 8
