"""Benchmark: coverage gaps over 30 days for a whole province and for one hall.

Builds `seed_demo --scale N` (default 50 halls, about 2,000 staff, 1,000 AB posts) in a
fresh SQLite file in a temporary folder, then times `gap_list` over the next 30 days for
the province leader (every hall) and for one hall's manager (that hall only). Each
figure is the median of three calls; the query count is that of one call and must not
grow with the number of halls.

Run: `DEBUG=1 .venv/bin/python benchmarks/coverage.py [halls]` from the repository root.
Prints one JSON line. Whatever DATABASE_URL says, the benchmark only touches its own
temporary database.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DAYS = 30
RUNS = 3


def _timed(call) -> tuple[float, int, object]:
    """Median seconds of RUNS calls, the query count of one call, and its result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seconds = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = call()
            seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), len(queries), result


def run(halls: int, folder: str) -> dict:
    # Set before Django reads its settings: the seed must never land in a real database.
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'coverage.sqlite3'}"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from staffmgmt import demo, selectors
    from staffmgmt.models import OrgUnit, Post, Staff

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", scale=halls, stdout=StringIO())
    seconds_seed = time.perf_counter() - started

    User = get_user_model()
    leader = User.objects.get(username=demo.SCALE_LEADER_USERNAME)
    manager = User.objects.get(staff__employee_no="SC000100")
    province = OrgUnit.objects.get(code=demo.SCALE_PROVINCE_CODE)
    start = timezone.localdate()
    end = start + timedelta(days=DAYS - 1)

    province_seconds, province_queries, province_gaps = _timed(
        lambda: selectors.gap_list(user=leader, start=start, end=end)
    )
    hall_seconds, hall_queries, hall_gaps = _timed(
        lambda: selectors.gap_list(user=manager, start=start, end=end)
    )
    return {
        "halls": halls,
        "staff": Staff.objects.filter(unit__path__startswith=province.path).count(),
        "posts": Post.objects.filter(unit__path__startswith=province.path).count(),
        "days": DAYS,
        "seconds_gap_list_province": round(province_seconds, 3),
        "queries_gap_list": province_queries,
        "gaps_province": len(province_gaps),
        "seconds_gap_list_hall": round(hall_seconds, 4),
        "queries_gap_list_hall": hall_queries,
        "gaps_hall": len(hall_gaps),
        "seconds_seed": round(seconds_seed, 2),
    }


def main(argv: list[str]) -> None:
    halls = int(argv[0]) if argv else 50
    with tempfile.TemporaryDirectory(prefix="hallmark-coverage-") as folder:
        print(json.dumps(run(halls, folder)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
