from datetime import date

import pytest

from kernel.roles import Role
from roster import services
from roster.models import DutyAssignment, Roster
from tests import factories
from tests.jobs.conftest import run_worker

GENERATE = "/api/rosters/generate/"


@pytest.fixture
def noon(hall):
    for _ in range(3):
        factories.staff(unit=hall)
    return factories.duty_type(unit=hall)


def generate_body(duty_type, start="2026-03-02", end="2026-03-13"):
    return {"duty_type": duty_type.pk, "start_date": start, "end_date": end, "time_limit_s": 2}


def test_generate_answers_at_once_with_a_queued_job(api_as, manager, noon):
    response = api_as(manager).post(GENERATE, generate_body(noon), format="json")

    assert response.status_code == 202, response.content
    assert response.json()["state"] == "queued"
    assert response.json()["kind"] == "roster.generate"
    assert response["Location"].endswith(f"/api/jobs/{response.json()['id']}/")
    assert not Roster.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_generation_job_names_the_draft_with_its_fairness_figures(api_as, manager, noon):
    client = api_as(manager)
    job = client.post(GENERATE, generate_body(noon), format="json").json()

    run_worker()
    done = client.get(f"/api/jobs/{job['id']}/").json()
    roster = client.get(f"/api/rosters/{done['result']['roster_id']}/").json()

    assert done["state"] == "done"
    assert done["result_url"] == f"/roster/{done['result']['roster_id']}/"
    figures = roster["figures"]
    assert {"spread", "optimal", "seconds", "counts", "relaxations"} <= set(figures)
    assert figures["spread"] <= 1
    assert sum(figures["counts"].values()) == 10
    assert roster["status"] == "draft"


def test_a_second_generation_of_the_unit_and_dates_answers_400_with_its_code(api_as, manager, noon):
    client = api_as(manager)
    client.post(GENERATE, generate_body(noon), format="json")

    again = client.post(GENERATE, generate_body(noon, "2026-03-09", "2026-03-20"), format="json")

    assert again.status_code == 400
    assert again.json()["non_field_errors"][0]["code"] == "roster.generation_running"


def test_generate_with_bad_input_answers_400_with_field_errors(api_as, manager, noon):
    client = api_as(manager)

    backwards = client.post(
        GENERATE, generate_body(noon, "2026-03-10", "2026-03-01"), format="json"
    )
    missing = client.post(GENERATE, {"duty_type": noon.pk}, format="json")
    unknown = client.post(GENERATE, {**generate_body(noon), "duty_type": 999999}, format="json")

    assert backwards.status_code == 400 and "end_date" in backwards.json()
    assert missing.status_code == 400 and "start_date" in missing.json()
    assert unknown.status_code == 400 and "duty_type" in unknown.json()
    assert not Roster.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_infeasible_generation_fails_its_job_in_words_and_saves_nothing(api_as, manager, hall):
    invoice = factories.skill()
    factories.staff(unit=hall)
    noon = factories.duty_type(unit=hall, required_skills={invoice: 1})
    client = api_as(manager)

    job = client.post(GENERATE, generate_body(noon), format="json").json()
    run_worker()
    failed = client.get(f"/api/jobs/{job['id']}/").json()

    assert failed["state"] == "failed"
    assert "Invoice issuing" in " ".join(failed["reasons"])
    assert not Roster.objects.exists()


def test_cadre_cannot_generate_or_publish(api_as, cadre, manager, noon):
    roster = services.roster_generate(
        actor=manager.user,
        duty_type=noon,
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 6),
        time_limit_s=2,
    )
    client = api_as(cadre)

    assert client.post(GENERATE, generate_body(noon), format="json").status_code == 403
    assert client.post(f"/api/rosters/{roster.pk}/publish/").status_code == 403


def test_cadre_sees_only_published_rosters_of_their_unit(api_as, cadre, manager, noon):
    draft = services.roster_generate(
        actor=manager.user,
        duty_type=noon,
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 6),
        time_limit_s=2,
    )
    assert api_as(cadre).get("/api/rosters/").json()["count"] == 0
    assert api_as(manager).get("/api/rosters/").json()["count"] == 1

    response = api_as(manager).post(f"/api/rosters/{draft.pk}/publish/")
    assert response.status_code == 200 and response.json()["status"] == "published"

    assert api_as(cadre).get("/api/rosters/").json()["count"] == 1
    stranger = factories.staff()  # a cadre of another hall
    assert api_as(stranger).get("/api/rosters/").json()["count"] == 0
    assert api_as(stranger).get("/api/assignments/").json()["count"] == 0
    assert api_as(stranger).get(f"/api/rosters/{draft.pk}/").status_code == 404


def test_assignment_add_needing_confirmation_answers_409_then_succeeds(api_as, manager, noon):
    roster = services.roster_generate(
        actor=manager.user,
        duty_type=noon,
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 6),
        time_limit_s=2,
    )
    on_duty = set(
        roster.assignments.filter(date=date(2026, 3, 3)).values_list("staff_id", flat=True)
    )
    # Not the manager: a rule broken for one's own duty is someone else's call.
    free = next(s for s in noon.unit.staff.all() if s.pk not in on_duty and s.pk != manager.pk)
    # Busy elsewhere that day would be an error; make sure `free` has no duty on the 3rd.
    DutyAssignment.objects.filter(staff=free, date=date(2026, 3, 3)).delete()
    body = {"roster": roster.pk, "staff": free.pk, "date": "2026-03-03"}
    client = api_as(manager)

    first = client.post("/api/assignments/", body, format="json")
    assert first.status_code == 409
    assert first.json()["requires_confirmation"] is True
    assert any(w["code"] == "headcount" for w in first.json()["warnings"])

    second = client.post(
        "/api/assignments/", {**body, "confirm": True, "reason": "busy"}, format="json"
    )
    assert second.status_code == 201
    assert roster.assignments.filter(date=date(2026, 3, 3)).count() == 2


def test_same_day_duty_is_an_error_not_a_warning(api_as, manager, noon):
    roster = services.roster_generate(
        actor=manager.user,
        duty_type=noon,
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 6),
        time_limit_s=2,
    )
    taken = roster.assignments.first()

    response = api_as(manager).post(
        "/api/assignments/",
        {
            "roster": roster.pk,
            "staff": taken.staff_id,
            "date": taken.date.isoformat(),
            "confirm": True,
        },
        format="json",
    )

    assert response.status_code == 400 and "date" in response.json()


def test_assignment_list_filters_and_query_count_does_not_grow(
    api_as, manager, noon, django_assert_max_num_queries
):
    services.roster_generate(
        actor=manager.user,
        duty_type=noon,
        start_date=date(2026, 3, 2),
        end_date=date(2026, 4, 30),
        time_limit_s=2,
    )
    client = api_as(manager)

    with django_assert_max_num_queries(8):
        response = client.get("/api/assignments/?page_size=200")
    assert response.json()["count"] == 43
    filtered = client.get(f"/api/assignments/?staff={manager.pk}&date_after=2026-04-01")
    assert all(
        row["staff"] == manager.pk and row["date"] >= "2026-04-01"
        for row in filtered.json()["results"]
    )
    with django_assert_max_num_queries(8):
        client.get("/api/rosters/")


def test_duty_type_crud_for_managers_only(api_as, manager, cadre, hall):
    skill = factories.skill()
    body = {
        "unit": hall.pk,
        "kind": "holiday",
        "name": "Holiday desk",
        "headcount": 2,
        "required_skills": [{"skill": skill.code, "min_count": 1}],
    }

    assert api_as(cadre).post("/api/duty-types/", body, format="json").status_code == 403
    created = api_as(manager).post("/api/duty-types/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["start_time"] == "09:00:00"
    assert created.json()["report_time"] == "08:45"
    assert created.json()["required_skills"] == [{"skill": skill.code, "min_count": 1}]

    too_many = api_as(manager).patch(
        f"/api/duty-types/{created.json()['id']}/", {"headcount": 0}, format="json"
    )
    assert too_many.status_code == 400

    duplicate = api_as(manager).post("/api/duty-types/", body, format="json")
    assert duplicate.status_code == 400

    other_manager = factories.staff(roles=(Role.CADRE, Role.MANAGER))
    assert api_as(other_manager).post("/api/duty-types/", body, format="json").status_code == 403


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/rosters/"),
        ("patch", "/api/rosters/{roster}/"),
        ("patch", "/api/assignments/{assignment}/"),
        ("patch", "/api/checkins/1/"),
        ("patch", "/api/swaps/1/"),
        ("patch", "/api/duty-preferences/1/"),
    ],
)
def test_rows_that_change_only_through_their_steps_refuse_generic_writes(
    api_as, manager, noon, method, url
):
    client = api_as(manager)
    roster = services.roster_generate(
        actor=manager.user, duty_type=noon, start_date=date(2026, 3, 2), end_date=date(2026, 3, 6)
    )
    url = url.format(roster=roster.pk, assignment=roster.assignments.first().pk)

    assert getattr(client, method)(url, {}, format="json").status_code == 405


def test_a_broken_roster_rule_answers_with_its_code(api_as, manager, noon):
    roster = services.roster_generate(
        actor=manager.user, duty_type=noon, start_date=date(2026, 3, 2), end_date=date(2026, 3, 6)
    )
    services.roster_publish(actor=manager.user, roster=roster)

    response = api_as(manager).post(f"/api/rosters/{roster.pk}/publish/")

    assert response.status_code == 400
    assert response.json()["status"][0]["code"] == "roster.roster_already_published"


def test_a_skill_code_with_a_nul_character_is_a_field_error_not_a_500(api_as, manager, hall):
    body = {
        "unit": hall.pk,
        "kind": "holiday",
        "name": "Holiday desk",
        "headcount": 2,
        "required_skills": [{"skill": "inv\x00oice", "min_count": 1}],
    }

    response = api_as(manager).post("/api/duty-types/", body, format="json")

    assert response.status_code == 400
    assert "required_skills" in response.json()
