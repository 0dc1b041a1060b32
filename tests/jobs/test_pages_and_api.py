"""Job pages and API: the starter and the unit's managers follow, cancel and retry a job."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs import services
from jobs.models import Job
from jobs.probe import PROBE
from kernel.roles import Role
from tests import factories


@pytest.fixture
def job(manager, hall):
    return services.job_start(actor=manager.user, kind=PROBE, unit_id=hall.pk, params={})


def test_the_api_shows_a_queued_job_to_its_starter(api_as, manager, job):
    response = api_as(manager).get(f"/api/jobs/{job.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "queued"
    assert body["kind_label"] == "Worker probe"
    assert body["progress_text"] == "Waiting for a worker."
    assert body["status_url"] == reverse("jobs:job-status", args=[job.pk])


def test_a_colleague_who_neither_started_nor_manages_gets_404(api_as, cadre, job):
    assert api_as(cadre).get(f"/api/jobs/{job.pk}/").status_code == 404
    assert api_as(cadre).post(f"/api/jobs/{job.pk}/cancel/").status_code == 404


def test_another_manager_of_the_unit_sees_and_cancels_the_job(api_as, hall, job):
    deputy = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER))

    response = api_as(deputy).post(f"/api/jobs/{job.pk}/cancel/")

    assert response.status_code == 200
    assert response.json()["state"] == "cancelled"
    assert response.json()["reasons"] == [f"Cancelled by {deputy.name}; nothing was saved."]


def test_cancelling_a_finished_job_answers_400_with_its_code(api_as, manager, job):
    services.job_cancel(actor=None, job=job)

    response = api_as(manager).post(f"/api/jobs/{job.pk}/cancel/")

    assert response.status_code == 400
    assert response.json()["non_field_errors"][0]["code"] == "jobs.not_cancellable"


def test_retrying_a_cancelled_job_answers_201_with_the_new_job(api_as, manager, job):
    services.job_cancel(actor=None, job=job)

    response = api_as(manager).post(f"/api/jobs/{job.pk}/retry/")

    assert response.status_code == 201
    assert response.json()["retry_of"] == str(job.pk)
    assert response.json()["state"] == "queued"


def test_a_job_silent_past_the_timeout_reads_as_failed_worker_lost(api_as, manager, job, settings):
    stale = timezone.now() - timedelta(seconds=settings.JOBS_HEARTBEAT_TIMEOUT_S + 5)
    Job.objects.filter(pk=job.pk).update(state="running", heartbeat_at=stale)

    body = api_as(manager).get(f"/api/jobs/{job.pk}/").json()

    assert body["state"] == "failed"
    assert body["error_code"] == "jobs.worker_lost"


def test_the_job_list_holds_only_the_users_jobs_in_constant_queries(
    api_as, manager, hall, django_assert_max_num_queries
):
    for _ in range(5):
        services.job_start(actor=manager.user, kind=PROBE, unit_id=hall.pk)
    services.job_start(actor=None, kind=PROBE)  # nobody's: not listed

    with django_assert_max_num_queries(8):
        response = api_as(manager).get("/api/jobs/")

    assert response.json()["count"] == 5


def test_the_job_page_of_a_running_job_reloads_itself_without_javascript(client, manager, job):
    client.force_login(manager.user)

    html = client.get(job.get_absolute_url()).content.decode()

    assert '<noscript><meta http-equiv="refresh"' in html
    assert "jobs/job_progress.js" in html
    assert 'id="job-cancel"' in html


def test_the_job_page_of_a_failed_job_gives_the_reason_and_a_retry(client, manager, job):
    services.job_cancel(actor=None, job=job)
    client.force_login(manager.user)

    html = client.get(job.get_absolute_url()).content.decode()

    assert "Cancelled; nothing was saved." in html
    assert 'id="job-retry"' in html
    assert 'http-equiv="refresh"' not in html


def test_the_status_json_is_the_api_shape(client, manager, job):
    client.force_login(manager.user)

    body = client.get(reverse("jobs:job-status", args=[job.pk])).json()

    assert body["id"] == str(job.pk)
    assert body["finished"] is False


def test_cancel_and_retry_from_the_page(client, manager, job):
    client.force_login(manager.user)

    client.post(reverse("jobs:job-cancel", args=[job.pk]))
    response = client.post(reverse("jobs:job-retry", args=[job.pk]))

    retry = Job.objects.get(retry_of=job)
    assert Job.objects.get(pk=job.pk).state == "cancelled"
    assert response.url == retry.get_absolute_url()


def test_the_job_list_page_lists_my_jobs(client, manager, job):
    client.force_login(manager.user)

    html = client.get(reverse("jobs:job-list")).content.decode()

    assert job.get_absolute_url() in html
    assert "Worker probe" in html


def test_the_menu_reaches_the_jobs_for_managers_not_for_cadres(client, manager, cadre):
    client.force_login(manager.user)
    assert 'id="nav-jobs"' in client.get(reverse("staffmgmt:home")).content.decode()

    client.force_login(cadre.user)
    assert 'id="nav-jobs"' not in client.get(reverse("staffmgmt:home")).content.decode()
