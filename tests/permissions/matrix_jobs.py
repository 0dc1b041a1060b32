"""Permission matrix rows of jobs: a job is seen, cancelled and retried by the person who
started it and by the managers of its unit (and an administrator), nobody else."""

from tests.permissions.matrix import OWNER_X_AND_MANAGERS, SIGNED_IN, Access


def _job(w) -> str:
    return str(w.job_x.pk)


ACCESS = [
    Access("jobs/", "GET", SIGNED_IN, why="each sees the jobs they started or manage"),
    Access("jobs/<pk>/", "GET", OWNER_X_AND_MANAGERS, url=lambda w: f"/jobs/{_job(w)}/"),
    Access(
        "jobs/<pk>/status.json",
        "GET",
        OWNER_X_AND_MANAGERS,
        url=lambda w: f"/jobs/{_job(w)}/status.json",
    ),
    Access(
        "jobs/<pk>/cancel/", "POST", OWNER_X_AND_MANAGERS, url=lambda w: f"/jobs/{_job(w)}/cancel/"
    ),
    Access(
        "jobs/<pk>/retry/", "POST", OWNER_X_AND_MANAGERS, url=lambda w: f"/jobs/{_job(w)}/retry/"
    ),
    Access("api/jobs/", "GET", SIGNED_IN, why="scoped: each lists the jobs they may follow"),
    Access("api/jobs/<pk>/", "GET", OWNER_X_AND_MANAGERS, url=lambda w: f"/api/jobs/{_job(w)}/"),
    Access(
        "api/jobs/<pk>/cancel/",
        "POST",
        OWNER_X_AND_MANAGERS,
        url=lambda w: f"/api/jobs/{_job(w)}/cancel/",
    ),
    Access(
        "api/jobs/<pk>/retry/",
        "POST",
        OWNER_X_AND_MANAGERS,
        url=lambda w: f"/api/jobs/{_job(w)}/retry/",
        why="a queued job answers 400 (not retryable) to those who may retry",
    ),
]


def extend_world(world):
    """A job cadre_x started for hall X (the worker probe: nothing runs it here)."""
    from jobs.probe import PROBE
    from jobs.services import job_start

    world.objects["job_x"] = job_start(
        actor=world.cadre_x.user, kind=PROBE, unit_id=world.hall_x.pk, params={}
    )
