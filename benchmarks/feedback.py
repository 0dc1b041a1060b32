"""Benchmark: rating submission under gunicorn, against a bare Django view, and the
satisfaction-rate selector at province scale.

1. Throughput. Builds a hall (windows with AB posts and rating cards) in a fresh SQLite
   file in a temporary folder, starts `gunicorn` with 2 sync workers on loopback (DEBUG
   off, the real settings plus one extra URL), and drives it with a load generator of
   `--clients` threads for `--seconds` per phase: a bare Django view that returns a
   constant (the ceiling of the stack: WSGI, middleware, routing) and the public rating
   endpoint, in turn in five rounds so that both meet the same machine load
   (`POST /api/feedback/public/windows/<token>/ratings/`: validation, throttle
   counts in the cache, attribution, the INSERT, the daily rollup's upsert and their
   commit). Each rating comes from its
   own device id, so the per-device limit never refuses one; the per-address limit is
   lifted (every request comes from 127.0.0.1). After the server stops, every acknowledged
   rating (a 201 with its id) is looked up: `lost` counts those not in the database.
2. Selector. Adds `--ratings` ratings (default 500,000: a province's day) over a province
   of `--halls` halls with `--windows` windows each (one staff member per window), then
   times `positive_rate` for the whole province, one hall and one staff member, and
   `rating_summary_by_staff` for one hall: median of three calls, with the query count of
   one call (the database aggregates, nothing is looped over in Python). The figures read
   the daily rollups, which the bulk-loaded ratings get from `rating_rollups_rebuild`
   (timed: `rollup_rebuild_s`).

Target: `ratio` (ratings_per_s / bare_per_s) >= 0.5, `lost` = 0, `errors` = 0.

Run: `DEBUG=1 .venv/bin/python benchmarks/feedback.py [--seconds 10 --clients 8]
[--database postgres]` from the repository root. Prints one JSON line. Whatever
DATABASE_URL says, only its own database is touched: a temporary SQLite file, or (with
`--database postgres`) a database `hm_feedback_bench` it drops and creates on the local
server (or the database DATABASE_URL names, if its name ends in `_bench`).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 3
# The bare and the rating phases alternate in this many rounds (see _alternating).
ROUNDS = 5


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "hm_feedback_bench"
DATABASE = {"engine": "sqlite", "name": PG_DATABASE}


def _bench_database_name(url: str) -> str | None:
    """The database of a postgres DATABASE_URL named for a benchmark (ending in `_bench`,
    as a helper's own `hm_<branch>_bench`): that one is dropped and created instead of
    PG_DATABASE. Any other DATABASE_URL is never touched."""
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    name = url.rsplit("/", 1)[-1].split("?", 1)[0]
    return name if name.endswith("_bench") and name.replace("_", "").isalnum() else None


def _database_url(folder: str) -> str:
    if DATABASE["engine"] == "postgres":
        return f"{PG_SERVER}/{DATABASE['name']}"
    return f"sqlite:///{Path(folder) / 'feedback.sqlite3'}"


def _fresh_postgres() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE['name']}")
        connection.execute(f"CREATE DATABASE {DATABASE['name']}")


def _env(folder: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": _database_url(folder),
        "DJANGO_SETTINGS_MODULE": "benchmarks.feedback_settings",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + os.urandom(8).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "FEEDBACK_RATINGS_PER_IP_HOUR": str(10**9),
        # Persistent connections, as production runs (README: DB_CONN_MAX_AGE).
        "DB_CONN_MAX_AGE": "60",
        # Plain HTTP on loopback: in production the proxy in front ends TLS.
        "SECURE_SSL_REDIRECT": "0",
        "PYTHONPATH": str(ROOT),
    }


def _setup_django(folder: str) -> None:
    os.environ.update(_env(folder))
    import django

    django.setup()


def _build_hall(windows: int) -> list[str]:
    """A hall with `windows` windows, each with a post held by A and B, and its card."""
    from django.core.management import call_command

    from feedback import services
    from kernel.roles import Role
    from tests import factories

    call_command("migrate", verbosity=0)
    hall = factories.unit(name="Benchmark hall")
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER))
    tokens = []
    for number in range(1, windows + 1):
        window = factories.window(unit=hall, number=str(number))
        post = factories.post(unit=hall, window=window)
        factories.pairing(post=post, a=factories.staff(unit=hall), b=factories.staff(unit=hall))
        tokens.append(services.window_card_issue(actor=manager.user, window=window).token)
    return tokens


def _start_server(folder: str, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=_env(folder),
        stdout=subprocess.DEVNULL,
        # A file, not a pipe: a full pipe would stop a worker that logs an error mid-run.
        stderr=open(Path(folder) / "gunicorn.log", "wb"),  # noqa: SIM115
    )
    deadline = time.monotonic() + 120  # a loaded machine starts the workers slowly
    status = None
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/bench/bare/")
            status = connection.getresponse().status
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.kill()
    raise RuntimeError(
        f"gunicorn did not answer 200 (last status {status}): "
        + (Path(folder) / "gunicorn.log").read_text()[-2000:]
    )


def _drive(port: int, seconds: float, clients: int, make_request) -> dict:
    """`clients` threads sending `make_request(n)` -> (path, body) for `seconds`."""
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    acknowledged: list[int] = []
    errors = [0]
    lock = threading.Lock()
    counter = iter(range(10**12))

    def worker():
        while time.monotonic() < stop:
            with lock:
                n = next(counter)
            path, body, expected = make_request(n)
            started = time.perf_counter()
            try:
                # A new connection per request: gunicorn's sync workers close each one.
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request(
                    "POST", path, body=body, headers={"Content-Type": "application/json"}
                )
                response = connection.getresponse()
                payload = response.read()
                connection.close()
            except OSError:
                with lock:
                    errors[0] += 1
                continue
            elapsed = time.perf_counter() - started
            with lock:
                if response.status != expected:
                    errors[0] += 1
                    if errors[0] <= 3:
                        print(response.status, payload[:300], file=sys.stderr)
                    continue
                latencies.append(elapsed)
                if expected == 201:
                    acknowledged.append(json.loads(payload)["id"])

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else None
    return {
        "per_s": len(latencies) / wall,
        "p95_ms": p95,
        "errors": errors[0],
        "acknowledged": acknowledged,
        "latencies": latencies,
        "wall": wall,
    }


def _alternating(port, seconds, clients, rounds, first, second) -> tuple[dict, dict]:
    """`first` and `second` driven in turn, `rounds` times for seconds/rounds each, and
    summed: on a machine whose load changes during the run (other processes on the
    cores), both phases meet the same load, where one phase after the other would not."""
    totals = []
    for _n in range(rounds):
        for index, make_request in enumerate((first, second)):
            part = _drive(port, seconds / rounds, clients, make_request)
            if len(totals) <= index:
                totals.append({"latencies": [], "wall": 0.0, "errors": 0, "acknowledged": []})
            for key in ("latencies", "acknowledged"):
                totals[index][key] += part[key]
            totals[index]["wall"] += part["wall"]
            totals[index]["errors"] += part["errors"]
    for total in totals:
        latencies = sorted(total["latencies"])
        total["per_s"] = len(latencies) / total["wall"]
        total["p95_ms"] = latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else None
    return totals[0], totals[1]


def _throughput(folder: str, seconds: float, clients: int, windows: int) -> dict:
    tokens = _build_hall(windows)
    port = _free_port()
    server = _start_server(folder, port)
    try:
        bare_body = json.dumps({"level": 5}).encode()
        rng = random.Random(7)

        devices = itertools.count()  # across the rounds: `n` starts again in each

        def rating(n):
            level = rng.choices([5, 4, 3, 2, 1], [70, 20, 7, 2, 1])[0]
            body = {"level": level, "device": f"bench-{next(devices)}"}
            if level <= 2:
                body["reasons"] = ["waited"]
            token = tokens[n % len(tokens)]
            return f"/api/feedback/public/windows/{token}/ratings/", json.dumps(body).encode(), 201

        # Warm-up: each worker loads the calendar and code paths once before timing.
        _drive(port, 2, clients, lambda n: ("/bench/bare/", bare_body, 200))
        warm = _drive(port, 3, clients, lambda n: rating(10**9 + n))
        bare, ratings = _alternating(
            port, seconds, clients, ROUNDS, lambda n: ("/bench/bare/", bare_body, 200), rating
        )
    finally:
        server.terminate()
        server.wait(timeout=120)
        log = (Path(folder) / "gunicorn.log").read_text()
        if log.strip():
            print(log[-3000:], file=sys.stderr)
    from feedback.models import Rating

    stored = 0
    ids = ratings["acknowledged"] + warm["acknowledged"]
    for start in range(0, len(ids), 500):
        stored += Rating.objects.filter(pk__in=ids[start : start + 500]).count()
    return {
        "ratings_per_s": round(ratings["per_s"], 1),
        "bare_per_s": round(bare["per_s"], 1),
        "ratio": round(ratings["per_s"] / bare["per_s"], 3) if bare["per_s"] else None,
        "p95_ms": round(ratings["p95_ms"], 1) if ratings["p95_ms"] else None,
        "bare_p95_ms": round(bare["p95_ms"], 1) if bare["p95_ms"] else None,
        "errors": ratings["errors"] + bare["errors"] + warm["errors"],
        "acknowledged": len(ids),
        "lost": len(ids) - stored,
    }


def _province(halls: int, windows: int, ratings: int) -> dict:
    """Bulk-built province (benchmark data only) and the metric selectors' timings."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from feedback import selectors
    from feedback.models import Rating
    from staffmgmt.models import OrgUnit, Staff, Window

    User = get_user_model()
    province = OrgUnit.objects.create(
        code="bench-province", name="Province", kind="bureau", path="bench-province/"
    )
    units = OrgUnit.objects.bulk_create(
        OrgUnit(
            code=f"bench-hall-{h}",
            name=f"Hall {h}",
            kind="hall",
            parent=province,
            path=f"bench-province/bench-hall-{h}/",
        )
        for h in range(halls)
    )
    # bulk_create sets the new rows' ids (RETURNING, SQLite >= 3.35 and PostgreSQL).
    users = User.objects.bulk_create(
        User(username=f"bench-{h}-{w}") for h in range(halls) for w in range(windows)
    )
    people = Staff.objects.bulk_create(
        Staff(user=user, employee_no=f"B{i:07d}", name=f"Staff {i}", unit=units[i // windows])
        for i, user in enumerate(users)
    )
    counters = Window.objects.bulk_create(
        Window(unit=units[i // windows], number=str(i % windows + 1), name=f"W{i}")
        for i in range(halls * windows)
    )
    today = timezone.localdate()
    now = timezone.now()
    rng = random.Random(11)
    started = time.perf_counter()
    batch = []
    for _n in range(ratings):
        i = rng.randrange(len(counters))
        level = rng.choices([5, 4, 3, 2, 1], [70, 20, 7, 2, 1])[0]
        batch.append(
            Rating(
                window_id=counters[i].pk,
                unit_id=counters[i].unit_id,
                staff_id=people[i].pk,
                level=level,
                reasons="waited" if level <= 2 else "",
                created_at=now - timedelta(seconds=rng.randrange(20 * 86400)),
            )
        )
        if len(batch) == 20000:
            Rating.objects.bulk_create(batch)
            batch = []
    Rating.objects.bulk_create(batch)
    seconds_build = time.perf_counter() - started
    # Written in bulk, past rating_submit: the daily rollups are counted from the ratings,
    # as `manage.py rebuild_feedback_rollups` does after an import.
    from feedback.models import DailyWindowRating
    from feedback.services import rating_rollups_rebuild

    started = time.perf_counter()
    rating_rollups_rebuild(actor=None)
    seconds_rebuild = time.perf_counter() - started
    leader = User.objects.create_superuser("bench-leader", password="x")
    period = {"start": today - timedelta(days=30), "end": today}

    def timed(call):
        seconds = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                call()
                seconds.append(time.perf_counter() - began)
        return round(statistics.median(seconds) * 1000, 1), len(queries)

    selectors.rating_list(user=leader).exists()  # the user's roles, read once per request
    province_ms, province_q = timed(
        lambda: selectors.positive_rate(user=leader, unit=province, **period)
    )
    hall_ms, hall_q = timed(lambda: selectors.positive_rate(user=leader, unit=units[0], **period))
    staff_ms, staff_q = timed(
        lambda: selectors.positive_rate(user=leader, staff=people[0], **period)
    )
    by_staff_ms, by_staff_q = timed(
        lambda: selectors.rating_summary_by_staff(user=leader, unit=units[0], **period)
    )
    return {
        "province_windows_total": len(counters),
        "province_ratings": ratings,
        "province_build_s": round(seconds_build, 1),
        "rollup_rebuild_s": round(seconds_rebuild, 1),
        "rollup_rows": DailyWindowRating.objects.count(),
        "rate_province_ms": province_ms,
        "rate_province_queries": province_q,
        "rate_hall_ms": hall_ms,
        "rate_hall_queries": hall_q,
        "rate_staff_ms": staff_ms,
        "rate_staff_queries": staff_q,
        "by_staff_hall_ms": by_staff_ms,
        "by_staff_hall_queries": by_staff_q,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--windows", type=int, default=20, help="windows of the served hall")
    parser.add_argument("--halls", type=int, default=50)
    parser.add_argument("--province-windows", type=int, default=100, help="per hall")
    parser.add_argument("--ratings", type=int, default=500_000)
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help=f"postgres: a fresh {PG_DATABASE} database on {PG_SERVER}",
    )
    args = parser.parse_args()
    DATABASE["engine"] = args.database
    DATABASE["name"] = _bench_database_name(os.environ.get("DATABASE_URL", "")) or PG_DATABASE
    if args.database == "postgres":
        _fresh_postgres()
    with tempfile.TemporaryDirectory() as folder:
        _setup_django(folder)
        result = {"benchmark": "feedback", "workers": 2}
        result.update(vars(args))
        result.update(_throughput(folder, args.seconds, args.clients, args.windows))
        result.update(_province(args.halls, args.province_windows, args.ratings))
        print(json.dumps(result))


if __name__ == "__main__":
    main()
