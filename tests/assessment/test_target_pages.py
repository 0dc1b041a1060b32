"""Targets on their pages: a bureau target set, decomposed into units, posts and people
(all parts or none, a stretch asked for when they add up to more), changed with a reason
kept in the history; a manager acts in their subtree, a cadre only reads their own."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assessment import selectors, services
from assessment.errors import AssessmentError
from assessment.models import Target
from kernel.roles import Role
from tests import factories
from tests.assessment.conftest import build_world


@pytest.fixture
def world(db):
    return build_world(cadres=2)


@pytest.fixture
def bureau_target(world):
    return services.target_create(
        actor=world.chief.user,
        year=2026,
        indicator_code="declarations",
        level="bureau",
        unit=world.bureau,
        value=Decimal(1000),
    )


@pytest.fixture
def hall_target(world, bureau_target):
    (target,) = services.target_decompose(
        actor=world.chief.user,
        parent=bureau_target,
        children=[{"unit": world.hall, "value": Decimal(600)}],
    )
    return target


# --- the service --------------------------------------------------------------------


def test_decompose_sets_every_part_one_level_down_with_the_parents_year_and_code(
    world, hall_target
):
    desk = factories.post(unit=world.hall, name="Declarations desk")
    counter = factories.post(unit=world.hall, name="Counter")
    parts = services.target_decompose(
        actor=world.manager.user,
        parent=hall_target,
        children=[{"post": desk, "value": Decimal(400)}, {"post": counter, "value": Decimal(200)}],
    )
    assert [(p.level, p.post, p.unit, p.year, p.indicator_code) for p in parts] == [
        ("post", desk, world.hall, 2026, "declarations"),
        ("post", counter, world.hall, 2026, "declarations"),
    ]
    assert parts[0].history.first().history_change_reason == "Target decomposed"


def test_decompose_above_the_parent_without_a_stretch_saves_no_part(world, hall_target):
    desk = factories.post(unit=world.hall, name="Declarations desk")
    counter = factories.post(unit=world.hall, name="Counter")
    with pytest.raises(ValidationError) as error:
        services.target_decompose(
            actor=world.manager.user,
            parent=hall_target,
            children=[
                {"post": desk, "value": Decimal(400)},
                {"post": counter, "value": Decimal(300)},
            ],
        )
    assert error.value.error_dict["value"][0].code == AssessmentError.TARGET_CHILDREN_EXCEED_PARENT
    assert not Target.objects.filter(parent=hall_target).exists()


def test_decompose_with_a_stretch_records_it_on_the_parent_with_who(world, hall_target):
    desk = factories.post(unit=world.hall, name="Declarations desk")
    services.target_decompose(
        actor=world.manager.user,
        parent=hall_target,
        children=[{"post": desk, "value": Decimal(700)}],
        stretch_note="The new district opens in May",
    )
    hall_target.refresh_from_db()
    assert hall_target.stretch_note == "The new district opens in May"
    latest = hall_target.history.order_by("-history_date").first()
    assert (latest.history_user, latest.history_change_reason) == (
        world.manager.user,
        "Stretch stated",
    )


def test_decompose_refuses_a_second_part_for_the_same_person(world, hall_target):
    desk = factories.post(unit=world.hall, name="Declarations desk")
    (post_target,) = services.target_decompose(
        actor=world.manager.user,
        parent=hall_target,
        children=[{"post": desk, "value": Decimal(600)}],
    )
    cadre = world.cadres[0]
    services.target_decompose(
        actor=world.manager.user,
        parent=post_target,
        children=[{"staff": cadre, "value": Decimal(100)}],
    )
    with pytest.raises(ValidationError) as error:
        services.target_decompose(
            actor=world.manager.user,
            parent=post_target,
            children=[{"staff": cadre, "value": Decimal(50)}],
        )
    assert error.value.error_dict["children"][0].code == AssessmentError.TARGET_CHILD_EXISTS
    assert Target.objects.filter(parent=post_target).count() == 1


def test_decompose_refuses_no_parts_and_a_personal_target(world, hall_target):
    with pytest.raises(ValidationError) as error:
        services.target_decompose(actor=world.manager.user, parent=hall_target, children=[])
    assert error.value.error_dict["children"][0].code == AssessmentError.TARGET_NO_CHILDREN
    desk = factories.post(unit=world.hall)
    (post_target,) = services.target_decompose(
        actor=world.manager.user, parent=hall_target, children=[{"post": desk, "value": 1}]
    )
    (personal,) = services.target_decompose(
        actor=world.manager.user,
        parent=post_target,
        children=[{"staff": world.cadres[0], "value": 1}],
    )
    with pytest.raises(ValidationError) as error:
        services.target_decompose(
            actor=world.manager.user,
            parent=personal,
            children=[{"staff": world.cadres[1], "value": 1}],
        )
    assert error.value.error_dict["level"][0].code == AssessmentError.TARGET_LEVEL_ORDER


def test_a_manager_of_another_hall_may_not_decompose_into_this_hall(world, hall_target):
    other_hall = factories.unit(parent=world.bureau, name="West Hall")
    other = factories.staff(unit=other_hall, roles=(Role.CADRE, Role.MANAGER))
    desk = factories.post(unit=world.hall)
    with pytest.raises(ValidationError) as error:
        services.target_decompose(
            actor=other.user, parent=hall_target, children=[{"post": desk, "value": 1}]
        )
    assert error.value.error_dict["unit"][0].code == AssessmentError.NOT_MANAGED
    with pytest.raises(PermissionDenied):
        services.target_decompose(
            actor=world.cadres[0].user, parent=hall_target, children=[{"post": desk, "value": 1}]
        )


def test_a_root_target_is_the_bureaus(world):
    with pytest.raises(ValidationError) as error:
        services.target_create(
            actor=world.manager.user,
            year=2026,
            indicator_code="declarations",
            level="unit",
            unit=world.hall,
            value=Decimal(10),
        )
    assert error.value.error_dict["level"][0].code == AssessmentError.TARGET_LEVEL_ORDER


# --- scope ----------------------------------------------------------------------------


def test_a_hall_manager_sees_the_hall_subtree_and_a_cadre_only_their_own(world, hall_target):
    desk = factories.post(unit=world.hall)
    (post_target,) = services.target_decompose(
        actor=world.manager.user, parent=hall_target, children=[{"post": desk, "value": 600}]
    )
    mine, theirs = services.target_decompose(
        actor=world.manager.user,
        parent=post_target,
        children=[{"staff": world.cadres[0], "value": 300}, {"staff": world.cadres[1], "value": 1}],
    )
    forest = selectors.target_forest(user=world.manager.user, year=2026)
    assert [node.target for node in forest["declarations"]] == [hall_target]
    assert set(selectors.target_list(user=world.cadres[0].user)) == {mine}
    assert set(selectors.target_list(user=world.leader.user)) == {
        Target.objects.get(level="bureau"),
        hall_target,
        post_target,
        mine,
        theirs,
    }


def test_decomposition_candidates_leave_out_those_with_a_part(world, hall_target):
    desk = factories.post(unit=world.hall, name="Desk")
    counter = factories.post(unit=world.hall, name="Counter")
    services.target_decompose(
        actor=world.manager.user, parent=hall_target, children=[{"post": desk, "value": 1}]
    )
    assert selectors.target_child_candidates(user=world.manager.user, parent=hall_target) == [
        counter
    ]


# --- pages ----------------------------------------------------------------------------


def test_the_tree_page_shows_a_managers_targets_in_a_fixed_number_of_queries(
    client, world, hall_target, django_assert_max_num_queries
):
    for n in range(5):
        services.target_decompose(
            actor=world.manager.user,
            parent=hall_target,
            children=[{"post": factories.post(unit=world.hall, name=f"Desk {n}"), "value": 10}],
        )
    client.force_login(world.manager.user)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("assessment:target-tree"), {"year": 2026})
    assert response.status_code == 200
    assert b"Desk 4" in response.content
    assert b"children add up to 50: short" in response.content


def test_bad_input_on_the_new_target_page_is_reshown_and_nothing_saved(client, world):
    client.force_login(world.chief.user)
    url = reverse("assessment:target-create")
    response = client.post(
        url,
        {"year": "2026", "indicator_code": "not a slug", "unit": world.bureau.pk, "value": "-1"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"indicator_code", "value"}
    assert not Target.objects.exists()
    response = client.post(
        url,
        {"year": "2026", "indicator_code": "declarations", "unit": world.bureau.pk, "value": "90"},
    )
    target = Target.objects.get()
    assert response.url == reverse("assessment:target-detail", args=[target.pk])
    assert (target.level, target.value) == ("bureau", 90)


def test_a_change_on_the_page_needs_a_reason_and_keeps_who_and_why(client, world, hall_target):
    client.force_login(world.manager.user)
    url = reverse("assessment:target-detail", args=[hall_target.pk])
    response = client.post(url, {"step": "edit", "edit-value": "550", "edit-reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["edit_form"].errors
    response = client.post(
        url, {"step": "edit", "edit-value": "550", "edit-reason": "District merged"}
    )
    assert response.status_code == 302
    hall_target.refresh_from_db()
    assert hall_target.value == 550
    page = client.get(url)
    assert b"District merged" in page.content
    row = page.context["history"][0]
    assert (row.history_user, row.history_change_reason) == (world.manager.user, "District merged")


def test_a_change_above_the_parent_is_reshown_on_the_change_form(client, world, hall_target):
    client.force_login(world.manager.user)
    url = reverse("assessment:target-detail", args=[hall_target.pk])
    response = client.post(url, {"step": "edit", "edit-value": "1200", "edit-reason": "More"})
    assert response.status_code == 200
    assert "above the parent" in str(response.context["edit_form"].errors["value"])
    hall_target.refresh_from_db()
    assert hall_target.value == 600


def test_decomposing_above_the_target_on_the_page_asks_for_a_stretch(client, world, hall_target):
    desk = factories.post(unit=world.hall, name="Desk")
    counter = factories.post(unit=world.hall, name="Counter")
    client.force_login(world.manager.user)
    url = reverse("assessment:target-detail", args=[hall_target.pk])
    body = {"step": "decompose", f"split-c{desk.pk}": "400", f"split-c{counter.pk}": "300"}
    response = client.post(url, body)
    assert response.status_code == 200
    assert "stretch" in str(response.context["decompose_form"].errors["stretch_note"])
    assert not Target.objects.filter(parent=hall_target).exists()
    response = client.post(url, {**body, "split-stretch_note": "New district"})
    assert response.status_code == 302
    page = client.get(url)
    assert page.context["node"].children_sum == 700
    assert page.context["node"].difference == -100


def test_a_decomposition_without_any_value_is_reshown(client, world, hall_target):
    factories.post(unit=world.hall, name="Desk")
    client.force_login(world.manager.user)
    url = reverse("assessment:target-detail", args=[hall_target.pk])
    response = client.post(url, {"step": "decompose", "split-stretch_note": ""})
    assert response.status_code == 200
    assert "at least one part" in str(response.context["decompose_form"].non_field_errors())


def test_a_cadre_reads_their_own_target_and_nothing_else(client, world, hall_target):
    desk = factories.post(unit=world.hall)
    (post_target,) = services.target_decompose(
        actor=world.manager.user, parent=hall_target, children=[{"post": desk, "value": 600}]
    )
    mine, theirs = services.target_decompose(
        actor=world.manager.user,
        parent=post_target,
        children=[{"staff": world.cadres[0], "value": 300}, {"staff": world.cadres[1], "value": 1}],
    )
    client.force_login(world.cadres[0].user)
    own = reverse("assessment:target-detail", args=[mine.pk])
    response = client.get(own)
    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert b"edit-form" not in response.content
    assert (
        client.post(own, {"step": "edit", "edit-value": "1", "edit-reason": "x"}).status_code == 403
    )
    for other in (theirs, post_target, hall_target):
        url = reverse("assessment:target-detail", args=[other.pk])
        assert client.get(url).status_code == 404
    assert client.get(reverse("assessment:target-create")).status_code == 403


def test_a_leader_reads_the_tree_but_changes_nothing(client, world, hall_target):
    client.force_login(world.leader.user)
    url = reverse("assessment:target-detail", args=[hall_target.pk])
    assert client.get(url).status_code == 200
    assert (
        client.post(url, {"step": "edit", "edit-value": "1", "edit-reason": "x"}).status_code == 403
    )
