"""Enrolling one more cadre into a period (another post type, or who joined): by a
manager of the cadre, before scoring, once, with a reason the history keeps; on the
period's page, bad input re-shows the form."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assessment import services
from assessment.errors import AssessmentError
from assessment.models import Member, Period, Score
from kernel.roles import Role
from tests import factories
from tests.assessment.conftest import advance_to, build_world, open_period, simple_dimensions


@pytest.fixture
def world(db):
    world = build_world(cadres=2)
    back = services.scheme_create(
        actor=world.manager.user,
        post_type="back office",
        name="Back office",
        valid_from=date(2020, 1, 1),
        dimensions=simple_dimensions(),
    )
    services.scheme_activate(actor=world.manager.user, scheme=back)
    world.back_office = back
    return world


@pytest.fixture
def period(world):
    return open_period(world)


def test_enrolling_puts_the_cadre_under_the_other_post_types_scheme_with_the_reason(world, period):
    clerk = factories.staff(unit=world.hall, name="Clerk Li")
    member = services.period_enroll(
        actor=world.manager.user,
        period=period,
        staff=clerk,
        post_type="back office",
        reason="Back-office clerk",
    )
    assert member.scheme == world.back_office
    assert Score.objects.filter(member=member).count() == 5
    record = member.history.get()
    assert (record.history_user, record.history_change_reason) == (
        world.manager.user,
        "Back-office clerk",
    )


def test_enrolling_twice_is_refused_with_a_code(world, period):
    with pytest.raises(ValidationError) as error:
        services.period_enroll(
            actor=world.manager.user,
            period=period,
            staff=world.cadres[0],
            post_type="back office",
            reason="Again",
        )
    assert error.value.error_dict["staff"][0].code == AssessmentError.ALREADY_ENROLLED
    assert Member.objects.get(period=period, staff=world.cadres[0]).scheme == world.scheme


def test_enrolling_needs_a_reason_and_a_cadre_of_the_period_unit(world, period):
    clerk = factories.staff(unit=world.hall, name="Clerk Li")
    with pytest.raises(ValidationError) as error:
        services.period_enroll(
            actor=world.manager.user, period=period, staff=clerk, post_type="back office"
        )
    assert error.value.error_dict["reason"][0].code == AssessmentError.REASON_REQUIRED
    outsider = factories.staff(unit=world.bureau, name="Bureau clerk")
    with pytest.raises(ValidationError) as error:
        services.period_enroll(
            actor=world.chief.user,
            period=period,
            staff=outsider,
            post_type="back office",
            reason="Helps out",
        )
    assert error.value.error_dict["staff"][0].code == AssessmentError.ENROL_OUTSIDE_UNIT
    assert not Member.objects.filter(staff__in=[clerk, outsider]).exists()


def test_only_a_manager_of_the_cadre_enrols_before_scoring(world, period):
    clerk = factories.staff(unit=world.hall, name="Clerk Li")
    other_hall = factories.unit(parent=world.bureau, name="West Hall")
    other = factories.staff(unit=other_hall, roles=(Role.CADRE, Role.MANAGER))
    kwargs = {"period": period, "staff": clerk, "post_type": "back office", "reason": "x"}
    with pytest.raises(ValidationError) as error:
        services.period_enroll(actor=other.user, **kwargs)
    assert error.value.error_dict["unit"][0].code == AssessmentError.NOT_MANAGED
    with pytest.raises(PermissionDenied):
        services.period_enroll(actor=world.leader.user, **kwargs)
    scoring = advance_to(period, Period.State.SCORING, world.manager.user)
    with pytest.raises(ValidationError) as error:
        services.period_enroll(actor=world.manager.user, **{**kwargs, "period": scoring})
    assert error.value.error_list[0].code == AssessmentError.PERIOD_STATE


def test_the_period_page_enrols_a_cadre_and_reshows_bad_input(client, world, period):
    clerk = factories.staff(unit=world.hall, name="Clerk Li")
    client.force_login(world.manager.user)
    url = reverse("assessment:period-detail", args=[period.pk])
    page = client.get(url)
    assert list(page.context["enroll_form"].fields["staff"].queryset) == [clerk]
    response = client.post(
        url,
        {"step": "enroll", "enrol-staff": clerk.pk, "enrol-post_type": "back office"},
    )
    assert response.status_code == 200
    assert "reason" in response.context["enroll_form"].errors
    response = client.post(
        url,
        {
            "step": "enroll",
            "enrol-staff": world.cadres[0].pk,
            "enrol-post_type": "back office",
            "enrol-reason": "Again",
        },
    )
    assert response.status_code == 200
    assert "staff" in response.context["enroll_form"].errors
    assert not Member.objects.filter(staff=clerk).exists()
    response = client.post(
        url,
        {
            "step": "enroll",
            "enrol-staff": clerk.pk,
            "enrol-post_type": "back office",
            "enrol-reason": "Back-office clerk",
        },
    )
    assert response.status_code == 302
    assert Member.objects.get(period=period, staff=clerk).scheme == world.back_office


def test_a_leader_sees_no_enrolment_form_and_may_not_post_one(client, world, period):
    clerk = factories.staff(unit=world.hall, name="Clerk Li")
    client.force_login(world.leader.user)
    url = reverse("assessment:period-detail", args=[period.pk])
    assert client.get(url).context["enroll_form"] is None
    body = {
        "step": "enroll",
        "enrol-staff": clerk.pk,
        "enrol-post_type": "back office",
        "enrol-reason": "x",
    }
    assert client.post(url, body).status_code == 403
