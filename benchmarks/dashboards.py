"""Benchmark: the leadership dashboard at province scale on PostgreSQL, against the bare SQL
GROUP BY that computes its largest aggregate on the raw ratings.

1. Builds a fresh database `hallmark_rollups_bench` on the local PostgreSQL server (dropped
   first, dropped again at the end unless `--keep`): `seed_demo --scale H` (H halls, each a
   manager, three sections, 12 windows and 20 AB posts; the province leader), then
   `--ratings` ratings (default 2,000,000) spread over the last `--days` days (default 30)
   at hall hours, inserted by the server itself (`INSERT ... SELECT` from
   `generate_series`, seeded): levels in the shares of a hall with a ~97 % positive rate,
   80 % attributed to the window's A holder, 15 % to the B holder, 5 % to nobody; every
   negative rating has its follow-up (half done). The daily rollups are then built by
   `manage.py rebuild_feedback_rollups` (timed: `rebuild_s`), as after any bulk load.
2. As the province leader, with Django's test Client (in process: the server time, no
   network): `GET /dashboards/` for the province over the period (median of three after
   one warm-up: `dashboard_ms`, and its query count: `queries`), then each unit panel's
   JSON (`panels_ms`: the same median per panel).
3. In the same run, the bare SQL that computes the dashboard's largest aggregate on the raw
   table: ratings per person and level over the province and period (what the
   satisfaction ranking shows), `GROUP BY staff_id, level` on `feedback_rating`
   (`bare_sql_ms`, median of three). `ratio` = dashboard_ms / bare_sql_ms.

Targets: `queries` ≤ 25 and the same at every size; `ratio` ≤ 2.

Run: `DEBUG=1 .venv/bin/python benchmarks/dashboards.py [--ratings 2000000] [--halls 100]
[--days 30] [--keep]` from the repository root (PostgreSQL on 127.0.0.1:5432, user
postgres). `--ratings 100000 --halls 10` is a quick run. Prints one JSON line. Whatever
DATABASE_URL says, only its own database is touched (`--database NAME` names it;
`--keep --database NAME` once, then `--reuse --keep --database NAME` measures again
without the load of several minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "hallmark_rollups_bench"  # `--database NAME` for another
RUNS = 3


def _server(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def _setup(database: str) -> None:
    os.environ["DATABASE_URL"] = f"{PG_SERVER}/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test Client's host name, as in the tests


def _median_ms(call) -> float:
    seconds = []
    for _ in range(RUNS):
        began = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - began)
    return round(statistics.median(seconds) * 1000, 1)


LOAD_RATINGS = """
WITH served AS (
    SELECT w.id, w.unit_id,
           (SELECT pp.a_holder_id FROM staffmgmt_postpairing pp
              JOIN staffmgmt_post p ON p.id = pp.post_id
             WHERE p.window_id = w.id ORDER BY pp.id LIMIT 1) AS a_id,
           (SELECT pp.b_holder_id FROM staffmgmt_postpairing pp
              JOIN staffmgmt_post p ON p.id = pp.post_id
             WHERE p.window_id = w.id ORDER BY pp.id LIMIT 1) AS b_id,
           row_number() OVER (ORDER BY w.id) - 1 AS i
      FROM staffmgmt_window w
),
draws AS (
    SELECT g, random() AS r_window, random() AS r_staff, random() AS r_level,
           random() AS r_time, random() AS r_day
      FROM generate_series(1, %(ratings)s) AS g
),
rated AS (
    SELECT s.id AS window_id, s.unit_id,
           CASE WHEN d.r_staff < 0.80 THEN s.a_id WHEN d.r_staff < 0.95 THEN s.b_id END
               AS staff_id,
           CASE WHEN d.r_level < 0.70 THEN 5 WHEN d.r_level < 0.90 THEN 4
                WHEN d.r_level < 0.97 THEN 3 WHEN d.r_level < 0.99 THEN 2 ELSE 1 END AS level,
           (((now() AT TIME ZONE %(zone)s)::date - floor(d.r_day * %(days)s)::int)
               + time '09:00' + d.r_time * interval '8 hours') AT TIME ZONE %(zone)s
               AS created_at
      FROM draws d JOIN served s ON s.i = floor(d.r_window * %(windows)s)::int
)
INSERT INTO feedback_rating (window_id, unit_id, staff_id, level, reasons, comment, created_at,
                             submission)
SELECT window_id, unit_id, staff_id, level,
       CASE WHEN level <= 2 THEN 'waited' ELSE '' END, '', created_at, ''
  FROM rated
"""

LOAD_FOLLOW_UPS = """
INSERT INTO feedback_followup (rating_id, unit_id, status, owner_id, due_date, note, done_at,
                               created_at)
SELECT r.id, r.unit_id,
       CASE WHEN r.staff_id IS NOT NULL AND r.id %% 2 = 0 THEN 'done' ELSE 'open' END,
       CASE WHEN r.staff_id IS NOT NULL AND r.id %% 2 = 0 THEN r.staff_id END,
       (r.created_at AT TIME ZONE %(zone)s)::date + 7,
       CASE WHEN r.staff_id IS NOT NULL AND r.id %% 2 = 0 THEN 'called back' ELSE '' END,
       CASE WHEN r.staff_id IS NOT NULL AND r.id %% 2 = 0 THEN r.created_at + interval '1 day'
       END,
       r.created_at
  FROM feedback_rating r WHERE r.level <= 2
"""

# The satisfaction ranking's figures (ratings per person and level over the province and
# period) straight from the raw table: the largest aggregate the dashboard shows.
BARE_SQL = """
SELECT r.staff_id, r.level, count(*)
  FROM feedback_rating r
 WHERE r.created_at >= %(low)s AND r.created_at < %(high)s AND r.staff_id IS NOT NULL
   AND r.unit_id IN (SELECT u.id FROM staffmgmt_orgunit u WHERE u.path LIKE %(path)s)
 GROUP BY r.staff_id, r.level
"""


def _load(*, halls: int, ratings: int, days: int) -> dict:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from staffmgmt.models import Staff, Window

    figures = {}
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    call_command("seed_demo", scale=halls, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    figures["seed_s"] = round(time.perf_counter() - began, 1)
    windows = Window.objects.count()
    figures.update(staff=Staff.objects.count(), windows=windows)
    zone = settings.TIME_ZONE
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute(
            LOAD_RATINGS, {"ratings": ratings, "zone": zone, "days": days, "windows": windows}
        )
        cursor.execute(LOAD_FOLLOW_UPS, {"zone": zone})
        figures["follow_ups"] = cursor.rowcount
    figures["load_s"] = round(time.perf_counter() - began, 1)
    began = time.perf_counter()
    call_command("rebuild_feedback_rollups", stdout=open(os.devnull, "w"))  # noqa: SIM115
    figures["rebuild_s"] = round(time.perf_counter() - began, 1)
    with connection.cursor() as cursor:
        # What autovacuum does soon after a bulk load: the planner's statistics.
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT count(*) FROM feedback_dailywindowrating")
        figures["rollup_rows"] = cursor.fetchone()[0]
    return figures


def _measure(days: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from dashboards.panels import UNIT, panels_for
    from feedback.selectors.metrics import _bounds
    from staffmgmt.demo import SCALE_LEADER_USERNAME, SCALE_PROVINCE_CODE
    from staffmgmt.models import OrgUnit

    leader = get_user_model().objects.get(username=SCALE_LEADER_USERNAME)
    province = OrgUnit.objects.get(code=SCALE_PROVINCE_CODE)
    end = timezone.localdate()
    start = end - timedelta(days=days)
    query = {"unit": province.pk, "start": start.isoformat(), "end": end.isoformat()}
    client = Client()
    client.force_login(leader)

    def page():
        response = client.get("/dashboards/", query)
        assert response.status_code == 200, response.status_code
        return response

    page()  # warm-up: templates, the user's roles, plotly
    with CaptureQueriesContext(connection) as captured:
        html = page().content.decode()
    queries = len(captured)
    dashboard_ms = _median_ms(page)
    panels_ms, panel_queries = {}, {}
    for item in panels_for(UNIT):
        url = f"/dashboards/panels/{item.key}.json"
        response = client.get(url, query)
        assert response.status_code == 200, (item.key, response.status_code)
        with CaptureQueriesContext(connection) as captured:
            client.get(url, query)
        panel_queries[item.key] = len(captured)
        panels_ms[item.key] = _median_ms(lambda url=url: client.get(url, query))
    low, high = _bounds(start, end)

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(BARE_SQL, {"low": low, "high": high, "path": province.path + "%"})
            return cursor.fetchall()

    bare_rows = bare()
    bare_sql_ms = _median_ms(bare)
    ranking = client.get("/dashboards/panels/satisfaction-ranking.json", query).json()
    ranked = sum(row[3] for row in ranking["rows"])
    return {
        "dashboard_ms": dashboard_ms,
        "bare_sql_ms": bare_sql_ms,
        "ratio": round(dashboard_ms / bare_sql_ms, 2) if bare_sql_ms else None,
        "queries": queries,
        "panels_ms": panels_ms,
        "panel_queries": panel_queries,
        "page_kb": round(len(html) / 1024),
        # The ranking's ratings equal the bare SQL's: the page shows the raw figures.
        "ranking_ratings": ranked,
        "bare_sql_ratings": sum(n for _staff, _level, n in bare_rows),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ratings", type=int, default=2_000_000)
    parser.add_argument("--halls", type=int, default=100)
    parser.add_argument("--days", type=int, default=30, help="the period the ratings span")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--database",
        dest="db_name",
        default=PG_DATABASE,
        help="the database to create (and drop) for the run",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure a database an earlier `--keep` run loaded, without loading it again "
        "(the load of 2,000,000 ratings takes minutes; the measurement seconds)",
    )
    args = parser.parse_args()
    database = args.db_name
    if not args.reuse:
        _server(f"DROP DATABASE IF EXISTS {database}")
        _server(f"CREATE DATABASE {database}")
    try:
        _setup(database)
        result = {"benchmark": "dashboards", "database": "postgresql", **vars(args)}
        if not args.reuse:
            result.update(_load(halls=args.halls, ratings=args.ratings, days=args.days))
        result.update(_measure(args.days))
        print(json.dumps(result))
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _server(f"DROP DATABASE IF EXISTS {database}")


if __name__ == "__main__":
    main()
