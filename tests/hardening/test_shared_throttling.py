"""The public endpoints' limits hold across processes when they share one Redis.

Two separate Django processes (as two gunicorn workers would be) post to the suggestion
book at the same time, from one address, with `FEEDBACK_ENTRIES_PER_IP_HOUR=4`: between
them exactly four entries are stored and every other post is a 429. The same two
processes without Redis (each its own in-memory cache) let more through: that is what
the shared cache is for, and why the deployment sets `REDIS_URL`.

Skipped without a Redis on 127.0.0.1:6379 unless HALLMARK_REQUIRE_SERVICES=1 (CI).
"""

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from feedback import services
from feedback.models import SuggestionEntry
from kernel.roles import Role
from tests import factories
from tests.config.test_redis_cache import redis_url  # noqa: F401 - the fixture
from tests.jobs.processes import SharedDatabase

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 4
POSTS_PER_PROCESS = 4

# Each process posts from one address, a new device each time (so only the address
# limit applies), and prints the status codes it got.
POSTER = """
import json, sys
import django
django.setup()
from django.test import Client
token, ip, name, posts = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
codes = []
for n in range(posts):
    phone = Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR=ip)
    phone.cookies["hm_device"] = f"{name}-{n}"
    response = phone.post(f"/r/{token}/book/", {"kind": "suggestion", "text": f"{name} {n}"})
    codes.append(response.status_code)
print(json.dumps(codes))
"""


@pytest.fixture
def card(transactional_db):
    hall = factories.unit()
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER))
    window = factories.window(unit=hall, number="9")
    return services.window_card_issue(actor=manager.user, window=window)


def post_from_two_processes(card, tmp_path, *, redis: str | None = None) -> list[int]:
    database = SharedDatabase(tmp_path)
    address = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
    environment = database.env(
        FEEDBACK_ENTRIES_PER_IP_HOUR=str(LIMIT),
        FEEDBACK_ENTRIES_PER_DEVICE_HOUR="100",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    if redis:  # env() leaves out any REDIS_URL of this process
        environment["REDIS_URL"] = redis
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", POSTER, card.token, address, name, str(POSTS_PER_PROCESS)],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("worker-a", "worker-b")
    ]
    codes = []
    for process in processes:
        out, err = process.communicate(timeout=180)
        assert process.returncode == 0, err
        codes += json.loads(out.strip().splitlines()[-1])
    return codes


def test_two_processes_sharing_redis_hold_one_address_limit_between_them(
    card,
    tmp_path,
    redis_url,  # noqa: F811
):
    codes = post_from_two_processes(card, tmp_path, redis=redis_url)

    assert sorted(codes) == [302] * LIMIT + [429] * (2 * POSTS_PER_PROCESS - LIMIT)
    assert SuggestionEntry.objects.count() == LIMIT


def test_without_a_shared_cache_each_process_counts_alone(card, tmp_path):
    # The control: the same posts, each process with its own in-memory cache.
    codes = post_from_two_processes(card, tmp_path)

    assert codes.count(302) == 2 * POSTS_PER_PROCESS
    assert SuggestionEntry.objects.count() == 2 * POSTS_PER_PROCESS
