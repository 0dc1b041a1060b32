"""Acting holders: when A and B are both away, a manager fills the gap with someone present
who has the post's skills; coverage then shows the post covered, and history keeps it."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from staffmgmt import selectors, services
from staffmgmt.errors import CoverageError
from staffmgmt.models import ActingAssignment
from tests import factories

WED = date(2026, 3, 4)


@pytest.fixture
def gap(hall, manager):
    invoice = factories.skill()
    a = factories.staff(unit=hall, name="A Holder")
    b = factories.staff(unit=hall, name="B Holder")
    post = factories.post(unit=hall, name="Invoice desk")
    post.required_skills.add(invoice)
    factories.pairing(post=post, a=a, b=b)
    for person in (a, b):
        factories.approved_absence(staff=person, approver=manager, start_date=WED)
    skilled = factories.staff(unit=hall, name="Skilled Sun", skills=[invoice])
    return post, skilled


def test_candidates_have_the_post_skills_and_are_present(gap, hall, manager):
    post, _skilled = gap
    factories.staff(unit=hall, name="Unskilled Zhou")
    away = factories.staff(unit=hall, name="Away Qian", skills=[factories.skill()])
    factories.approved_absence(staff=away, approver=manager, start_date=WED)

    names = [
        p.name
        for p in selectors.acting_candidate_list_unscoped(post=post, day=WED, halves=("am", "pm"))
    ]

    assert names == ["Skilled Sun"]


def test_an_acting_holder_covers_the_gap(gap, manager):
    post, skilled = gap

    services.acting_assign(
        actor=manager.user, post=post, day=WED, halves=("am", "pm"), acting_holder=skilled
    )

    coverage = selectors.post_coverage_list_unscoped(posts=[post], start=WED, end=WED)
    assert [(c.covered_by, c.role, c.is_gap) for c in coverage] == [
        (skilled, "acting", False),
        (skilled, "acting", False),
    ]
    assert selectors.gap_list(user=manager.user, start=WED, end=WED) == []


def test_acting_is_kept_in_history_with_who_and_why(gap, manager):
    post, skilled = gap

    (morning,) = services.acting_assign(
        actor=manager.user,
        post=post,
        day=WED,
        halves=("am",),
        acting_holder=skilled,
        reason="both on leave",
    )
    services.acting_remove(actor=manager.user, acting=morning, reason="A came back")

    records = list(ActingAssignment.history.order_by("history_id"))
    assert [(r.history_type, r.history_user, r.history_change_reason) for r in records] == [
        ("+", manager.user, "both on leave"),
        ("-", manager.user, "A came back"),
    ]


def test_someone_without_the_skills_may_not_act(gap, hall, manager):
    post, _skilled = gap
    unskilled = factories.staff(unit=hall)

    with pytest.raises(ValidationError) as caught:
        services.acting_assign(
            actor=manager.user, post=post, day=WED, halves=("am",), acting_holder=unskilled
        )

    assert caught.value.error_dict["acting_holder"][0].code == CoverageError.ACTING_NOT_ELIGIBLE


def test_an_acting_holder_is_only_for_a_gap(gap, manager):
    post, skilled = gap

    with pytest.raises(ValidationError) as caught:
        services.acting_assign(
            actor=manager.user,
            post=post,
            day=date(2026, 3, 5),
            halves=("am",),
            acting_holder=skilled,
        )

    assert caught.value.error_dict["halves"][0].code == CoverageError.ACTING_NOT_A_GAP


def test_a_cadre_may_not_assign_an_acting_holder(gap, cadre):
    post, skilled = gap

    with pytest.raises(PermissionDenied):
        services.acting_assign(
            actor=cadre.user, post=post, day=WED, halves=("am",), acting_holder=skilled
        )


def test_the_gap_page_assigns_an_acting_holder(gap, manager, client):
    post, skilled = gap
    client.force_login(manager.user)
    url = reverse("staffmgmt:acting_for_gap", args=[post.pk, WED.isoformat()])

    response = client.post(
        url, {"acting_holder": skilled.pk, "halves": ["am", "pm"], "reason": "cover"}
    )

    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "acting holder Skilled Sun covers" in page
    assert 'id="acting-history"' in page


def test_the_gap_list_links_each_gap_to_its_acting_page(gap, manager, client):
    post, _skilled = gap
    client.force_login(manager.user)

    page = client.get(
        reverse("staffmgmt:coverage_gaps"), {"start": "2026-03-04", "end": "2026-03-04"}
    )

    assert (
        reverse("staffmgmt:acting_for_gap", args=[post.pk, "2026-03-04"]) in page.content.decode()
    )


def test_the_gap_page_removes_an_acting_holder_with_a_reason(gap, manager, client):
    post, skilled = gap
    (acting,) = services.acting_assign(
        actor=manager.user, post=post, day=WED, halves=("am",), acting_holder=skilled
    )
    client.force_login(manager.user)

    response = client.post(
        reverse("staffmgmt:acting_remove", args=[acting.pk]), {"reason": "A came back"}
    )

    assert response.status_code == 302
    assert not ActingAssignment.objects.exists()
    assert ActingAssignment.history.first().history_change_reason == "A came back"
