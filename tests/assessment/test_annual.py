# ruff: noqa: RUF001, RUF003  (the scorecard shows formulas with the multiplication sign)
"""An annual period derived from its quarters with stated weights: the arithmetic, who
is not counted, the checks on the weights and the quarters, approval waiting for the
quarters, the page that sets and shows the weights, and bounded queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment import services
from assessment.errors import AssessmentError
from assessment.models import AnnualPart, Member, Period, Result
from tests.assessment.conftest import advance_to, build_world, score_everyone

QUARTERS = [
    ("Q1 2026", date(2026, 1, 1), date(2026, 3, 31)),
    ("Q2 2026", date(2026, 4, 1), date(2026, 6, 30)),
]


def _period(world, name, kind, start, end):
    return services.period_create(
        actor=world.manager.user,
        name=name,
        kind=kind,
        unit=world.hall,
        start_date=start,
        end_date=end,
        post_type="window",
    )


def _published_quarter(world, index, *, level_label, actual):
    name, start, end = QUARTERS[index]
    quarter = _period(world, name, Period.Kind.QUARTERLY, start, end)
    quarter = advance_to(quarter, Period.State.SCORING, world.manager.user)
    score_everyone(quarter, world, level_label=level_label, actual=actual)
    quarter = advance_to(quarter, Period.State.REVIEW, world.manager.user)
    return services.period_approve(actor=world.leader.user, period=quarter)


def _annual(world):
    return _period(world, "2026", Period.Kind.ANNUAL, date(2026, 1, 1), date(2026, 12, 31))


def _composite(period, staff):
    return Result.objects.get(member__period=period, member__staff=staff).composite


@pytest.fixture
def world(db):
    return build_world(cadres=3)


@pytest.fixture
def year(world):
    # Rubric "Good" is 90, "Fair" 70; performance (40%) is actual ÷ 100.
    q1 = _published_quarter(world, 0, level_label="Good", actual=100)  # 0.6·90 + 0.4·100 = 94
    q2 = _published_quarter(world, 1, level_label="Fair", actual=50)  # 0.6·70 + 0.4·50 = 62
    return q1, q2, _annual(world)


def test_the_annual_composite_weighs_each_quarter_and_the_years_own_indicators(world, year):
    q1, q2, annual = year
    services.period_set_annual_parts(
        actor=world.manager.user, period=annual, own_weight=40, quarters=[(q1, 30), (q2, 30)]
    )
    annual = advance_to(annual, Period.State.SCORING, world.manager.user)
    score_everyone(annual, world, level_label="Good", actual=100)  # own: 94
    services.period_compute_results(actor=world.manager.user, period=annual)

    cadre = world.cadres[0]
    assert _composite(q1, cadre) == Decimal("94.00")
    assert _composite(q2, cadre) == Decimal("62.00")
    result = Result.objects.get(member__period=annual, member__staff=cadre)
    # 40% × 94 + 30% × 94 + 30% × 62
    assert result.composite == Decimal("84.40")
    assert [(p["period"], p["weight"], p["score"], p["contribution"]) for p in result.parts] == [
        (None, "40.00", "94.00", "37.60"),
        (q1.pk, "30.00", "94.00", "28.20"),
        (q2.pk, "30.00", "62.00", "18.60"),
    ]
    # The own part is still explained dimension by dimension.
    assert {t["dimension"] for t in result.terms} == {
        "morality",
        "ability",
        "diligence",
        "performance",
        "integrity",
    }


def test_a_quarter_the_cadre_was_not_assessed_in_is_not_counted(world, year):
    q1, q2, annual = year
    newcomer = Member.objects.get(period=q2, staff=world.cadres[2])
    Result.objects.filter(member=newcomer).delete()  # as if enrolled only from Q3
    services.period_set_annual_parts(
        actor=world.manager.user, period=annual, own_weight=0, quarters=[(q1, 50), (q2, 50)]
    )
    annual = advance_to(annual, Period.State.SCORING, world.manager.user)
    services.period_compute_results(actor=world.manager.user, period=annual)

    # Own weight 0: nothing of the year needs scoring; Q2's weight goes to Q1.
    assert _composite(annual, world.cadres[2]) == Decimal("94.00")
    assert _composite(annual, world.cadres[0]) == Decimal("78.00")
    parts = Result.objects.get(member__period=annual, member__staff=world.cadres[2]).parts
    assert [p["score"] for p in parts] == [None, "94.00", None]


def test_an_unpublished_quarter_is_not_counted_and_holds_up_approval(world, year):
    q1, _q2, annual = year
    q3 = _period(world, "Q3 2026", Period.Kind.QUARTERLY, date(2026, 7, 1), date(2026, 9, 30))
    services.period_set_annual_parts(
        actor=world.manager.user, period=annual, own_weight=0, quarters=[(q1, 50), (q3, 50)]
    )
    annual = advance_to(annual, Period.State.REVIEW, world.manager.user)

    assert _composite(annual, world.cadres[0]) == Decimal("94.00")
    with pytest.raises(ValidationError) as error:
        services.period_approve(actor=world.leader.user, period=annual)
    assert error.value.code == AssessmentError.PERIOD_INCOMPLETE
    assert "Q3 2026" in error.value.messages[0]


@pytest.mark.parametrize(
    ("own", "weights", "expected"),
    [(40, (30, 20), "90%"), (0, (60, 60), "120%")],
)
def test_weights_that_do_not_add_up_to_100_are_refused_saying_the_total(
    world, year, own, weights, expected
):
    q1, q2, annual = year
    with pytest.raises(ValidationError) as error:
        services.period_set_annual_parts(
            actor=world.manager.user,
            period=annual,
            own_weight=own,
            quarters=[(q1, weights[0]), (q2, weights[1])],
        )
    assert error.value.error_dict["weights"][0].code == AssessmentError.ANNUAL_PARTS_INVALID
    assert expected in error.value.messages[0]
    assert not AnnualPart.objects.filter(period=annual).exists()


def test_only_quarters_of_the_unit_within_the_year_make_an_annual_period(world, year):
    q1, _q2, annual = year
    monthly = _period(world, "Jan", Period.Kind.MONTHLY, date(2026, 1, 1), date(2026, 1, 31))
    last_year = _period(
        world, "Q4 2025", Period.Kind.QUARTERLY, date(2025, 10, 1), date(2025, 12, 31)
    )
    for wrong in (monthly, last_year):
        with pytest.raises(ValidationError) as error:
            services.period_set_annual_parts(
                actor=world.manager.user, period=annual, own_weight=50, quarters=[(wrong, 50)]
            )
        assert wrong.name in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        services.period_set_annual_parts(
            actor=world.manager.user, period=q1, own_weight=50, quarters=[(annual, 50)]
        )
    assert error.value.code == AssessmentError.ANNUAL_PARTS_INVALID


def test_setting_the_parts_again_replaces_them_with_history(world, year):
    q1, q2, annual = year
    services.period_set_annual_parts(
        actor=world.manager.user, period=annual, own_weight=40, quarters=[(q1, 30), (q2, 30)]
    )
    services.period_set_annual_parts(
        actor=world.manager.user,
        period=annual,
        own_weight=50,
        quarters=[(q1, 25), (q2, 25)],
        reason="Board decision",
    )
    assert sorted(AnnualPart.objects.filter(period=annual).values_list("weight", flat=True)) == [
        25,
        25,
        50,
    ]
    deleted = AnnualPart.history.filter(history_type="-")
    assert deleted.count() == 3
    assert {h.history_user_id for h in deleted} == {world.manager.user.pk}
    assert {h.history_change_reason for h in deleted} == {"Board decision"}


def test_a_cadre_cannot_set_the_parts(world, year):
    from django.core.exceptions import PermissionDenied

    q1, _q2, annual = year
    with pytest.raises(PermissionDenied):
        services.period_set_annual_parts(
            actor=world.cadres[0].user, period=annual, own_weight=50, quarters=[(q1, 50)]
        )


def test_the_period_page_sets_and_shows_the_weights_and_reshows_errors(world, year, client):
    q1, q2, annual = year
    client.force_login(world.manager.user)
    url = reverse("assessment:period-detail", args=[annual.pk])
    page = client.get(url).content.decode()
    assert "Q1 2026" in page and "Q2 2026" in page

    bad = client.post(
        url, {"step": "annual", "own": "40", f"q{q1.pk}": "30", f"q{q2.pk}": "20"}
    ).content.decode()
    assert "add up to 90%" in bad
    assert not AnnualPart.objects.filter(period=annual).exists()

    response = client.post(
        url, {"step": "annual", "own": "40", f"q{q1.pk}": "30", f"q{q2.pk}": "30"}
    )
    assert response.status_code == 302
    assert AnnualPart.objects.filter(period=annual).count() == 3
    page = client.get(url).content.decode()
    assert 'id="annual-parts"' in page and "30.00%" in page


def test_a_quarterly_period_page_offers_no_annual_weights(world, year, client):
    q1, _q2, _annual = year
    client.force_login(world.manager.user)
    page = client.get(reverse("assessment:period-detail", args=[q1.pk])).content.decode()
    assert 'id="annual-parts"' not in page


def test_the_scorecard_shows_each_part_of_the_annual_composite(world, year, client):
    q1, q2, annual = year
    services.period_set_annual_parts(
        actor=world.manager.user, period=annual, own_weight=40, quarters=[(q1, 30), (q2, 30)]
    )
    annual = advance_to(annual, Period.State.SCORING, world.manager.user)
    score_everyone(annual, world, level_label="Good", actual=100)
    services.period_compute_results(actor=world.manager.user, period=annual)
    cadre = world.cadres[0]
    member = Member.objects.get(period=annual, staff=cadre)
    # The reviewer sees it under review; the cadre once published (the same template).
    client.force_login(world.manager.user)
    page = client.get(reverse("assessment:scorecard", args=[member.pk])).content.decode()
    assert 'id="annual-terms"' in page
    assert "30.00% × 62.00" in page and "84.40" in page


def test_computing_an_annual_period_takes_the_same_queries_for_few_or_many_cadres(db):
    counts = []
    for cadres in (2, 12):
        world = build_world(cadres=cadres)
        q1 = _published_quarter(world, 0, level_label="Good", actual=100)
        q2 = _published_quarter(world, 1, level_label="Fair", actual=50)
        annual = _annual(world)
        services.period_set_annual_parts(
            actor=world.manager.user, period=annual, own_weight=40, quarters=[(q1, 30), (q2, 30)]
        )
        annual = advance_to(annual, Period.State.SCORING, world.manager.user)
        score_everyone(annual, world)
        with CaptureQueriesContext(connection) as queries:
            services.period_compute_results(actor=world.manager.user, period=annual)
        counts.append(len(queries))
    assert counts[1] == counts[0]


def test_the_api_sets_the_parts_and_answers_400_on_uneven_weights(world, year, api_as):
    q1, q2, annual = year
    client = api_as(world.manager)
    url = reverse("assessment-period-annual-parts", args=[annual.pk])
    bad = client.post(
        url,
        {"own_weight": "40", "quarters": [{"quarter": q1.pk, "weight": "30"}]},
        format="json",
    )
    assert bad.status_code == 400
    assert "70%" in str(bad.json())
    good = client.post(
        url,
        {
            "own_weight": "40",
            "quarters": [{"quarter": q1.pk, "weight": "30"}, {"quarter": q2.pk, "weight": "30"}],
        },
        format="json",
    )
    assert good.status_code == 200
    assert [(p["quarter"], p["weight"]) for p in good.json()] == [
        (None, "40.00"),
        (q1.pk, "30.00"),
        (q2.pk, "30.00"),
    ]
