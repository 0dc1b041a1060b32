import pytest


def run_worker(max_tasks: int | None = None) -> None:
    """The database backend's own worker loop, in this thread, until the queue is empty:
    the real path a job takes in production (claim from the queue, run, record)."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


@pytest.fixture
def worker():
    return run_worker


@pytest.fixture(autouse=True)
def quick_heartbeat(settings):
    settings.JOBS_HEARTBEAT_INTERVAL_S = 0.05
    settings.JOBS_HEARTBEAT_TIMEOUT_S = 5
