"""The metric providers of feedback and integrity files, through a period computation
with known figures: satisfaction rate, reply compliance, verified complaints, integrity
points by category, training credit shortfall, and the serious-violation bar on
"excellent"."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessment import services
from assessment.models import Grade, Indicator, Period, Result, Score
from assessment.providers import provider_by_key
from feedback import services as feedback_services
from integrity_files import services as integrity_services
from kernel.roles import Role
from tests import factories
from tests.assessment.conftest import advance_to, build_world, simple_dimensions

Q1 = {"start_date": date(2026, 1, 1), "end_date": date(2026, 3, 31)}
ADR_KEYS = {
    "feedback.satisfaction_rate",
    "feedback.reply_compliance",
    "feedback.verified_complaints",
    "integrity_files.points.ideology",
    "integrity_files.points.diligence",
    "integrity_files.points.honesty",
    "integrity_files.points.law",
    "integrity_files.points.work_style",
    "integrity_files.training_shortfall",
    "integrity_files.serious_violations",
}


def test_the_providers_named_in_adr_0009_are_registered():
    assert set(provider_by_key()) >= ADR_KEYS


def _computed(code, metric, rule, params, target=None):
    indicator = {
        "code": code,
        "name": code,
        "weight": 0,
        "kind": Indicator.Kind.COMPUTED,
        "metric": metric,
        "rule": rule,
        "rule_params": params,
    }
    if target is not None:
        indicator["target_value"] = target
    return indicator


def _scheme(world):
    """Public opinion in diligence (satisfaction 60 %, replies 40 %), integrity from the
    file (honesty points 50 %, training 50 %); the rest rubric."""
    dims = simple_dimensions()
    satisfaction = _computed(
        "satisfaction", "feedback.satisfaction_rate", Indicator.Rule.RATIO_CAPPED, {"cap": 100}, 90
    )
    satisfaction["weight"] = 60
    replies = _computed(
        "replies", "feedback.reply_compliance", Indicator.Rule.RATIO_CAPPED, {"cap": 100}, 100
    )
    replies["weight"] = 40
    dims[2]["indicators"] = [satisfaction, replies]
    honesty = _computed(
        "honesty",
        "integrity_files.points.honesty",
        Indicator.Rule.THRESHOLDS,
        {"steps": [{"at_least": 0, "points": 100}, {"at_least": -5, "points": 80}]},
    )
    honesty["weight"] = 50
    training = _computed(
        "training",
        "integrity_files.training_shortfall",
        Indicator.Rule.DEDUCTION,
        {"per_occurrence": 5, "floor": 0},
    )
    training["weight"] = 50
    dims[4]["indicators"] = [honesty, training]
    scheme = services.scheme_create(
        actor=world.manager.user,
        post_type="public",
        name="Public-facing",
        valid_from=date(2020, 1, 1),
        dimensions=dims,
    )
    services.scheme_activate(actor=world.manager.user, scheme=scheme)


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def sourced(db):
    world = build_world(cadres=3)
    a, b, c = world.cadres
    officer = factories.staff(
        unit=world.hall, roles=(Role.CADRE, Role.INTEGRITY_OFFICER), name="Officer Qian"
    )
    window = factories.window(unit=world.hall, number="7")
    post = factories.post(unit=world.hall, window=window, name="Window 7")
    factories.pairing(post=post, a=a, b=b)
    card = feedback_services.window_card_issue(actor=world.manager.user, window=window)
    # a served all the ratings: 4 of 5 in the top three levels (80 %); b, c: none.
    for level in (5, 5, 4, 3, 1):
        feedback_services.rating_submit(
            actor=None, card=card, level=level, client=None, at=_at(date(2026, 2, 3))
        )
    # Integrity: a -3 in honesty (80 points); c a serious violation (-12: 0 points, barred).
    for person, points in ((a, -3), (c, -12)):
        record = integrity_services.record_create(
            actor=officer.user,
            staff=person,
            category="honesty",
            kind="violation",
            occurred_on=date(2026, 2, 10),
            facts="Accepted a gift card.",
            source="inspection",
            points=points,
        )
        integrity_services.record_confirm(actor=officer.user, record=record)
    # Training: the hall owes 20 credits in 2026; a earned 18 (2 short: 90 points), b 20.
    integrity_services.credit_requirement_set(
        actor=officer.user, unit=world.hall, year=2026, required_credits=Decimal("20")
    )
    for person, credits in ((a, "18"), (b, "20")):
        integrity_services.training_credit_record(
            actor=officer.user,
            staff=person,
            course="Tax law",
            hours=Decimal("20"),
            credits=Decimal(credits),
            completed_on=date(2026, 3, 1),
        )
    _scheme(world)
    period = services.period_create(
        actor=world.manager.user,
        name="Q1",
        kind=Period.Kind.QUARTERLY,
        unit=world.hall,
        post_type="public",
        excellent_quota_percent=100,
        **Q1,
    )
    period = advance_to(period, Period.State.SCORING, world.manager.user)
    for score in Score.objects.filter(
        member__period=period, indicator__kind=Indicator.Kind.RUBRIC
    ).select_related("indicator", "member"):
        assessor = world.chief if score.member.staff_id == world.manager.pk else world.manager
        level = score.indicator.levels.get(label="Good")
        services.score_set(actor=assessor.user, score=score, level=level, comment="ok")
    return world, period


def _score(period, person, code):
    return Score.objects.get(member__period=period, member__staff=person, indicator__code=code)


def test_feedback_figures_become_points_and_a_rate_without_ratings_is_not_counted(sourced):
    world, period = sourced
    a, b, _c = world.cadres

    services.period_compute_results(actor=world.manager.user, period=period)

    satisfaction = _score(period, a, "satisfaction")
    assert (satisfaction.actual_value, satisfaction.points) == (Decimal("80"), Decimal("88.89"))
    assert satisfaction.source == Score.Source.PROVIDER
    unrated = _score(period, b, "satisfaction")
    assert (unrated.actual_value, unrated.points, unrated.counted) == (None, None, False)
    # Nobody had a suggestion-book entry due: no compliance figure, not 0 %.
    assert _score(period, a, "replies").counted is False


def test_integrity_points_and_training_shortfall_become_points(sourced):
    world, period = sourced
    a, b, c = world.cadres

    services.period_compute_results(actor=world.manager.user, period=period)

    assert (_score(period, a, "honesty").actual_value, _score(period, a, "honesty").points) == (
        Decimal(-3),
        Decimal(80),
    )
    # No record is no deduction: a count's provider leaves b out, and that is 0 points off.
    assert _score(period, b, "honesty").points == Decimal(100)
    assert _score(period, c, "honesty").points == Decimal(0)
    assert _score(period, a, "training").actual_value == Decimal(2)
    assert _score(period, a, "training").points == Decimal(90)
    assert _score(period, b, "training").points == Decimal(100)
    # c earned nothing of the 20 credits: 20 short, 100 points deducted, floor 0.
    assert _score(period, c, "training").actual_value == Decimal(20)
    assert _score(period, c, "training").points == Decimal(0)


def test_a_serious_violation_bars_excellent_with_a_note(sourced):
    world, period = sourced
    _a, _b, c = world.cadres
    # Low bands, so everyone's score is in the "excellent" band (the quota is 100 %).
    period.band_excellent, period.band_competent, period.band_basic = 30, 20, 10
    period.save(update_fields=["band_excellent", "band_competent", "band_basic"])

    services.period_compute_results(actor=world.manager.user, period=period)

    barred = Result.objects.get(member__period=period, member__staff=c)
    assert barred.proposed_grade != Grade.EXCELLENT
    assert [note["code"] for note in barred.notes] == ["integrity_bar"]
    others = Result.objects.filter(member__period=period).exclude(member__staff=c)
    assert {r.proposed_grade for r in others} == {Grade.EXCELLENT}


def test_the_providers_read_once_per_metric_whatever_the_head_count(sourced):
    world, period = sourced
    with CaptureQueriesContext(connection) as small:
        services.period_compute_results(actor=world.manager.user, period=period)
    provider_sql = [
        q["sql"]
        for q in small.captured_queries
        if "feedback_" in q["sql"] or "integrity_files_" in q["sql"]
    ]
    # satisfaction, replies, honesty points, serious violations; training: the people's
    # units, their credits, the year's requirements (+ unit and subtree per requirement)
    assert len(provider_sql) <= 8
