"""Benchmark: computing a period's results for one unit of 500 cadres.

Builds, in a fresh SQLite file in a temporary folder, one hall of N cadres (default 500),
a scheme of 20 indicators over the five dimensions (8 rubric, 6 quantitative, 5 computed
from the roster and staffmgmt providers, 1 democratic appraisal), a period with every
score entered (rubric levels and quantitative actuals written in bulk: the setup is not
what is measured) and a ballot from every cadre on five colleagues. Then times
`period_compute_results` twice (first computation, and a recomputation) and counts the
queries of each; the count must not grow with the number of cadres.

Run: `DEBUG=1 .venv/bin/python benchmarks/assessment.py [cadres]` from the repository
root. Prints one JSON line: cadres, indicators, seconds, queries (first computation),
recompute_seconds, recompute_queries. Whatever DATABASE_URL says, only the temporary
database is touched.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEED = 20260101


def _dimensions():
    from assessment.models import Indicator

    def rubric(code):
        return {
            "code": code,
            "name": code,
            "weight": 0,
            "kind": Indicator.Kind.RUBRIC,
            "levels": [
                {"label": "A", "points": 95},
                {"label": "B", "points": 80},
                {"label": "C", "points": 60},
            ],
        }

    def quantitative(code):
        return {
            "code": code,
            "name": code,
            "weight": 0,
            "kind": Indicator.Kind.QUANTITATIVE,
            "rule": Indicator.Rule.RATIO_CAPPED,
            "rule_params": {"cap": 100},
            "target_value": 1000,
        }

    def computed(code, metric):
        return {
            "code": code,
            "name": code,
            "weight": 0,
            "kind": Indicator.Kind.COMPUTED,
            "metric": metric,
            "rule": Indicator.Rule.DEDUCTION,
            "rule_params": {"per_occurrence": 5, "floor": 50},
        }

    groups = {
        "morality": [rubric("m1"), rubric("m2"), rubric("m3")],
        "ability": [
            rubric("a1"),
            rubric("a2"),
            {
                "code": "peer",
                "name": "peer",
                "weight": 0,
                "kind": Indicator.Kind.COMPUTED,
                "metric": "assessment.democratic_appraisal",
            },
        ],
        "diligence": [
            computed("late", "roster.late_checkins"),
            computed("missed", "roster.duties_missed"),
            computed("swapped", "roster.duties_swapped"),
            computed("minutes", "roster.minutes_late"),
            computed("covers", "staffmgmt.ab_covers_taken"),
        ],
        "performance": [quantitative(f"p{n}") for n in range(1, 7)],
        "integrity": [rubric("i1"), rubric("i2"), rubric("i3")],
    }
    weights = {"morality": 15, "ability": 15, "diligence": 20, "performance": 40, "integrity": 10}
    dimensions = []
    for code, indicators in groups.items():
        share = 100 // len(indicators)
        for indicator in indicators:
            indicator["weight"] = share
        indicators[0]["weight"] += 100 - share * len(indicators)
        dimensions.append({"dimension": code, "weight": weights[code], "indicators": indicators})
    return dimensions


def run(cadres: int, folder: str) -> dict:
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'assessment.sqlite3'}"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from simple_history.utils import bulk_update_with_history

    from assessment import services
    from assessment.models import Ballot, Indicator, Member, Score, Vote, VoterMark
    from kernel.roles import Role
    from staffmgmt import services as staff_services
    from staffmgmt.models import OrgUnit

    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    bureau = staff_services.org_unit_create(actor=None, code="bench", name="Bench", kind="bureau")
    hall = staff_services.org_unit_create(
        actor=None, code="bench-hall", name="Bench hall", kind=OrgUnit.Kind.HALL, parent=bureau
    )
    for n in range(cadres):
        staff_services.staff_create(
            actor=None,
            username=f"bench{n}",
            employee_no=f"B{n:05d}",
            name=f"Cadre {n}",
            unit=hall,
            roles=(Role.CADRE,),
            skills=[],
            password="",
        )
    scheme = services.scheme_create(
        actor=None,
        post_type="bench",
        name="Bench",
        valid_from=date(2020, 1, 1),
        dimensions=_dimensions(),
    )
    services.scheme_activate(actor=None, scheme=scheme)
    period = services.period_create(
        actor=None,
        name="Bench Q1",
        kind="quarterly",
        unit=hall,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 3, 31),
        post_type="bench",
    )
    services.period_advance(actor=None, period=period)
    services.period_advance(actor=None, period=period)

    # Scores in bulk (setup, not measured): rubric levels and quantitative actuals.
    levels = {}
    for indicator in Indicator.objects.filter(dimension__scheme=scheme).prefetch_related("levels"):
        levels[indicator.pk] = list(indicator.levels.all())
    scores = list(Score.objects.filter(member__period=period).select_related("indicator"))
    for score in scores:
        if score.indicator.kind == Indicator.Kind.RUBRIC:
            score.level = rng.choice(levels[score.indicator_id])
            score.points = score.level.points
            score.source = Score.Source.ASSESSOR
        elif score.indicator.kind == Indicator.Kind.QUANTITATIVE:
            score.actual_value = rng.randint(600, 1200)
            score.points = min(100, score.actual_value / 10)
            score.source = Score.Source.IMPORT
    bulk_update_with_history(
        scores, Score, ["level", "points", "source", "actual_value"], batch_size=500
    )
    members = list(Member.objects.filter(period=period))
    choices = ["excellent", "competent", "competent", "basic"]
    for voter in members:
        VoterMark.objects.create(period=period, voter_id=voter.staff_id)
        ballot = Ballot.objects.create(period=period, unit=hall, receipt_hash=f"{voter.pk:064d}")
        others = rng.sample([m for m in members if m.pk != voter.pk], 5)
        Vote.objects.bulk_create(
            Vote(ballot=ballot, appraisee=m, choice=rng.choice(choices)) for m in others
        )

    def timed():
        # The setup filled DEBUG's query log (it keeps 9,000); start from an empty one.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            services.period_compute_results(actor=None, period=period)
            seconds = time.perf_counter() - started
        return round(seconds, 2), len(queries)

    seconds, queries = timed()
    again_seconds, again_queries = timed()
    return {
        "cadres": cadres,
        "indicators": Indicator.objects.filter(dimension__scheme=scheme).count(),
        "seconds": seconds,
        "queries": queries,
        "recompute_seconds": again_seconds,
        "recompute_queries": again_queries,
    }


def main() -> None:
    cadres = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory() as folder:
        print(json.dumps(run(cadres, folder)))


if __name__ == "__main__":
    main()
