"""Assessment content of the demo hall: a window-post scheme in force and the current
quarter's period, in scoring, with part of the scores entered by the manager.

Registered on `staffmgmt.demo_builders` by AssessmentConfig.ready(), so `seed_demo` runs it
inside build_demo's transaction. Everything goes through assessment's services and is
looked up first: a second run writes nothing.
"""

# The demo text is Chinese on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy

from assessment import services
from assessment.models import Indicator, Period, Scheme, Score
from assessment.providers import DEMOCRATIC_METRIC
from staffmgmt import demo as staff_demo
from staffmgmt.models import OrgUnit

__all__ = ["DEMO_POST_TYPE", "build_assessment_demo", "demo_scheme_dimensions"]

DEMO_POST_TYPE = "窗口岗位"

staff_demo.ROW_LABELS.update(
    {
        "schemes": gettext_lazy("assessment schemes"),
        "periods": gettext_lazy("assessment periods"),
        "scores": gettext_lazy("scores entered"),
    }
)


def demo_scheme_dimensions() -> list[dict]:
    """The five dimensions of a window post, weights adding up to 100 everywhere."""

    def rubric(code, name, weight):
        return {
            "code": code,
            "name": name,
            "weight": weight,
            "kind": Indicator.Kind.RUBRIC,
            "levels": [
                {"label": "优秀", "description": "表现突出，可为表率", "points": 100},
                {"label": "良好", "description": "达到要求，偶有不足", "points": 85},
                {"label": "一般", "description": "基本达到要求", "points": 70},
                {"label": "较差", "description": "未达到要求", "points": 40},
            ],
        }

    return [
        {
            "dimension": "morality",
            "weight": 15,
            "indicators": [rubric("ethics", "政治思想与职业道德", 100)],
        },
        {
            "dimension": "ability",
            "weight": 15,
            "indicators": [
                rubric("skills", "业务技能", 60),
                {
                    "code": "democratic",
                    "name": "民主测评",
                    "weight": 40,
                    "kind": Indicator.Kind.COMPUTED,
                    "metric": DEMOCRATIC_METRIC,
                },
            ],
        },
        {
            "dimension": "diligence",
            "weight": 20,
            "indicators": [
                {
                    "code": "late-checkins",
                    "name": "值班签到迟到",
                    "weight": 50,
                    "kind": Indicator.Kind.COMPUTED,
                    "metric": "roster.late_checkins",
                    "rule": Indicator.Rule.DEDUCTION,
                    "rule_params": {"per_occurrence": 10, "floor": 40},
                    "unit_label": "次",
                },
                {
                    "code": "ab-covers",
                    "name": "AB岗顶岗",
                    "weight": 50,
                    "kind": Indicator.Kind.COMPUTED,
                    "metric": "staffmgmt.ab_covers_taken",
                    "rule": Indicator.Rule.THRESHOLDS,
                    "rule_params": {
                        "steps": [
                            {"at_least": 4, "points": 100},
                            {"at_least": 1, "points": 90},
                            {"at_least": 0, "points": 80},
                        ]
                    },
                    "unit_label": "半天",
                },
            ],
        },
        {
            "dimension": "performance",
            "weight": 40,
            "indicators": [
                {
                    "code": "declarations",
                    "name": "受理申报笔数",
                    "weight": 60,
                    "kind": Indicator.Kind.QUANTITATIVE,
                    "rule": Indicator.Rule.RATIO_CAPPED,
                    "rule_params": {"cap": 100},
                    "target_value": 1200,
                    "unit_label": "笔",
                },
                {
                    "code": "within-time",
                    "name": "按时办结率",
                    "weight": 40,
                    "kind": Indicator.Kind.QUANTITATIVE,
                    "rule": Indicator.Rule.THRESHOLDS,
                    "rule_params": {
                        "steps": [
                            {"at_least": 99, "points": 100},
                            {"at_least": 97, "points": 85},
                            {"at_least": 95, "points": 70},
                        ]
                    },
                    "target_value": 99,
                    "unit_label": "%",
                },
            ],
        },
        {"dimension": "integrity", "weight": 10, "indicators": [rubric("clean", "廉洁自律", 100)]},
    ]


def _quarter(today: date) -> tuple[date, date, str]:
    q = (today.month - 1) // 3
    start = date(today.year, 3 * q + 1, 1)
    end_month = 3 * q + 3
    end = date(today.year + (end_month == 12), 1 if end_month == 12 else end_month + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1), f"{today.year}年第{q + 1}季度考核"


def build_assessment_demo(report: staff_demo.BuildReport, today: date) -> None:
    """Guarantees: an active window-post scheme; a quarterly period of the demo hall for
    the current quarter, in scoring, with the ethics and integrity rubric of the first
    ten cadres scored by the manager. Nothing is made twice."""
    User = get_user_model()
    manager = User.objects.get(username="manager")
    hall = OrgUnit.objects.get(code=staff_demo.HALL_CODE)

    scheme = Scheme.objects.filter(post_type=DEMO_POST_TYPE, status=Scheme.Status.ACTIVE).first()
    if scheme is None:
        scheme = services.scheme_create(
            actor=None,
            post_type=DEMO_POST_TYPE,
            name="窗口岗位考核方案",
            valid_from=date(today.year, 1, 1),
            dimensions=demo_scheme_dimensions(),
        )
        services.scheme_activate(actor=None, scheme=scheme)
        report.count("schemes", created=1)
    else:
        report.count("schemes", existing=1)

    start, end, name = _quarter(today)
    period = Period.objects.filter(unit=hall, start_date=start, kind=Period.Kind.QUARTERLY).first()
    if period is not None:
        report.count("periods", existing=1)
        return
    period = services.period_create(
        actor=None,
        name=name,
        kind=Period.Kind.QUARTERLY,
        unit=hall,
        start_date=start,
        end_date=end,
        post_type=DEMO_POST_TYPE,
    )
    services.period_advance(actor=None, period=period)
    services.period_advance(actor=None, period=period)
    report.count("periods", created=1)
    scored = 0
    scores = (
        Score.objects.filter(member__period=period, indicator__code__in=["ethics", "clean"])
        .exclude(member__staff__user=manager)
        .select_related("indicator")
        .order_by("member__staff__employee_no", "indicator_id")
    )
    for score in list(scores)[:20]:
        level = score.indicator.levels.order_by("-points")[1]
        services.score_set(
            actor=manager, score=score, level=level, comment="日常表现良好", reason="示例评分"
        )
        scored += 1
    report.count("scores", created=scored)
