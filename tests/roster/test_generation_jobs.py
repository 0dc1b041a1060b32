"""Roster generation as a background job, through the real database queue and worker."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from jobs import services as job_services
from jobs.models import Job
from roster.models import Roster
from roster.services.generation_jobs import roster_generation_start
from tests import factories
from tests.jobs.conftest import run_worker, wait_for

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture(autouse=True)
def quick_heartbeat(settings):
    settings.JOBS_HEARTBEAT_INTERVAL_S = 0.05
    settings.JOBS_HEARTBEAT_TIMEOUT_S = 10


def start(manager, duty_type, period=MARCH, time_limit_s=5):
    return roster_generation_start(
        actor=manager.user,
        duty_type=duty_type,
        start_date=period[0],
        end_date=period[1],
        time_limit_s=time_limit_s,
    )


def team(hall, n):
    return [factories.staff(unit=hall) for _ in range(n)]


@pytest.mark.django_db(transaction=True)
def test_generation_answers_with_a_queued_job_and_no_roster_yet(hall, manager):
    team(hall, 4)
    noon = factories.duty_type(unit=hall)

    job = start(manager, noon)

    assert job.state == Job.State.QUEUED
    assert job.unit_id == hall.pk
    assert not Roster.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_stores_the_roster_and_the_job_names_it_with_the_solvers_figures(hall, manager):
    team(hall, 4)
    noon = factories.duty_type(unit=hall)
    job = start(manager, noon)

    run_worker()

    job.refresh_from_db()
    roster = Roster.objects.get()
    assert job.state == Job.State.DONE
    assert job.result["roster_id"] == roster.pk
    assert job.result["spread"] == roster.figures["spread"]
    assert roster.created_by == manager.user
    assert job.progress["solutions"] >= 1
    assert job.progress["best_spread"] is not None
    assert job.progress["spread_lower_bound"] is not None
    assert "elapsed_s" in job.progress


@pytest.mark.django_db(transaction=True)
def test_an_impossible_roster_fails_with_the_day_and_rule_and_saves_nothing(hall, manager):
    team(hall, 1)  # with the manager: two people
    noon = factories.duty_type(unit=hall, headcount=3)
    job = start(manager, noon)

    run_worker()

    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "3 people are needed but only 2" in job.reasons()[0]
    assert not Roster.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_roster_published_while_the_job_waited_makes_it_fail_and_save_nothing(hall, manager):
    people = team(hall, 3)
    noon = factories.duty_type(unit=hall)
    job = start(manager, noon)
    factories.published_roster(duty_type=noon, duties={date(2026, 3, 2): [people[0]]})

    run_worker()

    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "already covers" in job.reasons()[0]
    assert Roster.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_second_generation_of_the_unit_over_overlapping_dates_is_refused(hall, manager):
    team(hall, 3)
    noon = factories.duty_type(unit=hall)
    holiday = factories.duty_type(unit=hall, kind="holiday")
    start(manager, noon)

    with pytest.raises(ValidationError) as error:
        start(manager, holiday, period=(date(2026, 3, 20), date(2026, 4, 10)))

    assert error.value.error_list[0].code == "roster.generation_running"
    assert "already being generated" in error.value.messages[0]


@pytest.mark.django_db(transaction=True)
def test_generations_of_the_unit_over_separate_dates_are_both_queued(hall, manager):
    team(hall, 3)
    noon = factories.duty_type(unit=hall)

    first = start(manager, noon)
    second = start(manager, noon, period=(date(2026, 4, 1), date(2026, 4, 30)))

    assert {first.state, second.state} == {Job.State.QUEUED}


@pytest.mark.django_db(transaction=True)
def test_a_finished_generation_no_longer_blocks_the_same_dates(hall, manager):
    team(hall, 3)
    noon = factories.duty_type(unit=hall)
    start(manager, noon)
    run_worker()

    again = start(manager, noon)

    assert again.state == Job.State.QUEUED


@pytest.mark.django_db(transaction=True)
def test_a_generation_cancelled_while_solving_stops_the_solver_and_saves_nothing(hall, manager):
    # A year of noon duty for 30 people: long enough to be watched while it solves.
    team(hall, 30)
    noon = factories.duty_type(unit=hall, headcount=2, min_gap_days=5)
    job = start(manager, noon, period=YEAR, time_limit_s=60)
    thread = threading.Thread(target=lambda: (run_worker(), connection.close()), daemon=True)
    thread.start()
    wait_for(lambda: Job.objects.get(pk=job.pk).progress.get("phase") == "solving")

    job_services.job_cancel(actor=manager.user, job=job)
    thread.join(30)

    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED
    assert job.finished_at is not None
    assert (job.finished_at - job.started_at).total_seconds() < 30
    assert not Roster.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_failed_generation_is_retried_as_a_new_job_naming_the_old(hall, manager):
    team(hall, 1)  # with the manager: two people
    noon = factories.duty_type(unit=hall, headcount=3)
    job = start(manager, noon)
    run_worker()
    team(hall, 2)

    retry = job_services.job_retry(actor=manager.user, job=Job.objects.get(pk=job.pk))
    run_worker()

    retry.refresh_from_db()
    assert retry.retry_of_id == job.pk
    assert retry.state == Job.State.DONE
    assert Roster.objects.filter(pk=retry.result["roster_id"]).exists()
