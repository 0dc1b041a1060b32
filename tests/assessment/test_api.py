"""The assessment API: coded 400 bodies, 409 for a confirmation, schemes with their weight
problems, the ballot receipt, and a valid OpenAPI schema."""

from datetime import date

import pytest
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from assessment.models import Member, Period, Score
from tests.assessment.conftest import (
    POST_TYPE,
    advance_to,
    build_world,
    open_period,
    score_everyone,
    simple_dimensions,
)


@pytest.fixture
def world(db):
    return build_world(democratic=True)


def test_a_scheme_posted_with_uneven_weights_is_saved_as_a_draft_that_says_where(world, api_as):
    dims = simple_dimensions()
    dims[1]["weight"] = 10
    body = {
        "post_type": "back",
        "name": "Back office",
        "valid_from": "2026-01-01",
        "dimensions": dims,
    }
    response = api_as(world.manager).post(reverse("assessment-scheme-list"), body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "draft"
    assert response.json()["weight_problems"] == ["The dimension weights add up to 90%, not 100%."]

    activate = api_as(world.manager).post(
        reverse("assessment-scheme-activate", args=[response.json()["id"]])
    )
    assert activate.status_code == 400
    assert activate.json()["dimensions"][0]["code"] == "assessment.weights_do_not_add_up"


def test_a_bad_score_answers_400_with_the_field_and_its_code(world, api_as):
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score = Score.objects.get(member__staff=world.cadres[0], indicator__code="ethics")
    level = score.indicator.levels.first()
    response = api_as(world.manager).patch(
        reverse("assessment-score-detail", args=[score.pk]), {"level": level.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "comment": [
            {
                "message": "A rubric score needs the assessor's comment.",
                "code": "assessment.comment_required",
            }
        ]
    }
    assert period.state == Period.State.SCORING


def test_self_scoring_through_the_api_answers_its_code(world, api_as):
    advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    own = Score.objects.get(member__staff=world.manager, indicator__code="declarations")
    response = api_as(world.manager).patch(
        reverse("assessment-score-detail", args=[own.pk]), {"actual_value": "100"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"][0]["code"] == "decision.about_self"


def test_closing_the_appraisal_with_non_voters_answers_409_then_goes_on_with_confirm(world, api_as):
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score_everyone(period, world)
    period = advance_to(period, Period.State.DEMOCRATIC, world.manager.user)
    url = reverse("assessment-period-advance", args=[period.pk])
    first = api_as(world.manager).post(url, {}, format="json")
    assert first.status_code == 409
    assert first.json()["code"] == "assessment.period_incomplete"
    second = api_as(world.manager).post(url, {"confirm": True}, format="json")
    assert second.status_code == 200
    assert second.json()["state"] == "review"


def test_a_ballot_answers_only_the_receipt(world, api_as):
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score_everyone(period, world)
    period = advance_to(period, Period.State.DEMOCRATIC, world.manager.user)
    other = Member.objects.get(period=period, staff=world.cadres[1])
    body = {"period": period.pk, "votes": [{"member": other.pk, "choice": "excellent"}]}
    response = api_as(world.cadres[0]).post(reverse("assessment-vote-list"), body, format="json")
    assert response.status_code == 201
    assert set(response.json()) == {"receipt", "votes", "changed"}


def test_opening_a_period_through_the_api_enrols_the_unit(world, api_as):
    body = {
        "name": "April",
        "kind": "monthly",
        "unit": world.hall.pk,
        "start_date": "2026-04-01",
        "end_date": "2026-04-30",
        "post_type": POST_TYPE,
    }
    response = api_as(world.manager).post(reverse("assessment-period-list"), body, format="json")
    assert response.status_code == 201
    assert Member.objects.filter(period_id=response.json()["id"]).count() == len(world.cadres) + 1


def test_reversed_dates_answer_400_on_the_end_date(world, api_as):
    body = {
        "name": "Bad",
        "kind": "monthly",
        "unit": world.hall.pk,
        "start_date": str(date(2026, 5, 1)),
        "end_date": str(date(2026, 4, 1)),
        "post_type": POST_TYPE,
    }
    response = api_as(world.manager).post(reverse("assessment-period-list"), body, format="json")
    assert response.status_code == 400
    assert response.json()["end_date"][0]["code"] == "assessment.period_dates"
    assert not Period.objects.filter(name="Bad").exists()


def test_the_schema_is_valid_and_documents_the_assessment_api(admin_client):
    schema = admin_client.get("/api/schema/?format=json").json()
    validate_schema(schema)
    for path in (
        "/api/assessment/schemes/",
        "/api/assessment/periods/{id}/approve/",
        "/api/assessment/scores/{id}/",
        "/api/assessment/votes/",
        "/api/assessment/results/{id}/change-grade/",
        "/api/assessment/objections/{id}/answer/",
    ):
        assert path in schema["paths"], path
