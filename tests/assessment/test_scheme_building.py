"""Building a scheme on its pages: a draft with the five dimension weights, indicators of
each kind with their rules and sources, removal, activation; every refusal re-shows the
form with the reason, and only managers and leadership build schemes."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assessment import services
from assessment.errors import AssessmentError
from assessment.models import Indicator, RubricLevel, Scheme, SchemeDimension
from assessment.providers import DEMOCRATIC_METRIC
from tests.assessment.conftest import build_world

WEIGHTS = {"morality": 20, "ability": 20, "diligence": 10, "performance": 40, "integrity": 10}


@pytest.fixture
def world(db):
    return build_world(cadres=1)


def _draft(world, actor=None):
    return services.scheme_create(
        actor=(actor or world.manager).user,
        post_type="tax officer",
        name="Tax officers",
        valid_from=date(2026, 1, 1),
        dimensions=[{"dimension": code, "weight": w} for code, w in WEIGHTS.items()],
    )


def _rubric(code, weight=100):
    return {
        "code": code,
        "name": code.title(),
        "weight": weight,
        "kind": Indicator.Kind.RUBRIC,
        "levels": [{"label": "Good", "points": 90}, {"label": "Poor", "points": 40}],
    }


# --- services -------------------------------------------------------------------------


def test_leadership_builds_schemes_and_a_cadre_may_not(world):
    draft = _draft(world, actor=world.leader)
    services.indicator_add(
        actor=world.leader.user, scheme=draft, dimension="morality", spec=_rubric("ethics")
    )
    with pytest.raises(PermissionDenied):
        _draft(world, actor=world.cadres[0])
    with pytest.raises(PermissionDenied):
        services.indicator_add(
            actor=world.cadres[0].user, scheme=draft, dimension="ability", spec=_rubric("x")
        )


def test_dimension_weights_must_add_up_to_100_and_say_their_total(world):
    draft = _draft(world)
    with pytest.raises(ValidationError) as error:
        services.scheme_dimensions_set(
            actor=world.manager.user, scheme=draft, weights={**WEIGHTS, "integrity": 20}
        )
    assert error.value.error_dict["dimensions"][0].code == AssessmentError.WEIGHTS_DO_NOT_ADD_UP
    assert "110%" in error.value.messages[0]
    services.scheme_dimensions_set(
        actor=world.manager.user,
        scheme=draft,
        weights={**WEIGHTS, "integrity": 0, "performance": 50},
    )
    assert dict(
        SchemeDimension.objects.filter(scheme=draft).values_list("dimension", "weight")
    ) == {"morality": 20, "ability": 20, "diligence": 10, "performance": 50}


def test_a_dimension_with_indicators_is_not_taken_out(world):
    draft = _draft(world)
    services.indicator_add(
        actor=world.manager.user, scheme=draft, dimension="integrity", spec=_rubric("clean")
    )
    with pytest.raises(ValidationError) as error:
        services.scheme_dimensions_set(
            actor=world.manager.user,
            scheme=draft,
            weights={**WEIGHTS, "integrity": 0, "performance": 50},
        )
    assert "integrity" in error.value.error_dict


def test_indicators_of_each_kind_are_added_with_validated_rules(world):
    draft = _draft(world)
    user = world.manager.user
    ratio = services.indicator_add(
        actor=user,
        scheme=draft,
        dimension="performance",
        spec={
            "code": "declarations",
            "name": "Declarations",
            "weight": 60,
            "kind": Indicator.Kind.QUANTITATIVE,
            "rule": Indicator.Rule.RATIO_CAPPED,
            "rule_params": {"cap": 100},
            "target_value": 500,
        },
    )
    lateness = services.indicator_add(
        actor=user,
        scheme=draft,
        dimension="performance",
        spec={
            "code": "late",
            "name": "Late check-ins",
            "weight": 40,
            "kind": Indicator.Kind.COMPUTED,
            "metric": "roster.late_checkins",
            "rule": Indicator.Rule.DEDUCTION,
            "rule_params": {"per_occurrence": 5, "floor": 60},
        },
    )
    peers = services.indicator_add(
        actor=user,
        scheme=draft,
        dimension="ability",
        spec={
            "code": "peers",
            "name": "Peer votes",
            "weight": 100,
            "kind": Indicator.Kind.COMPUTED,
            "metric": DEMOCRATIC_METRIC,
        },
    )
    assert ratio.rule_params == {"cap": "100"} and ratio.target_value == Decimal(500)
    assert lateness.rule_params == {"per_occurrence": "5", "floor": "60"}
    assert peers.rule == ""
    with pytest.raises(ValidationError) as error:
        services.indicator_add(
            actor=user,
            scheme=draft,
            dimension="diligence",
            spec={
                "code": "bad",
                "name": "Bad",
                "weight": 100,
                "kind": Indicator.Kind.QUANTITATIVE,
                "rule": Indicator.Rule.RATIO_CAPPED,
            },
        )
    assert error.value.error_dict["target_value"][0].code == AssessmentError.RULE_PARAMS_INVALID
    with pytest.raises(ValidationError) as error:
        services.indicator_add(
            actor=user,
            scheme=draft,
            dimension="diligence",
            spec={
                "code": "x",
                "name": "X",
                "weight": 50,
                "kind": Indicator.Kind.COMPUTED,
                "metric": "nobody.registered",
            },
        )
    assert error.value.error_dict["metric"][0].code == AssessmentError.METRIC_UNKNOWN


def test_indicator_weights_may_not_pass_100_and_codes_are_unique_in_the_scheme(world):
    draft = _draft(world)
    user = world.manager.user
    services.indicator_add(
        actor=user, scheme=draft, dimension="morality", spec=_rubric("ethics", 70)
    )
    with pytest.raises(ValidationError) as error:
        services.indicator_add(
            actor=user, scheme=draft, dimension="morality", spec=_rubric("conduct", 40)
        )
    assert "110%" in error.value.error_dict["weight"][0].messages[0]
    with pytest.raises(ValidationError) as error:
        services.indicator_add(
            actor=user, scheme=draft, dimension="ability", spec=_rubric("ethics", 40)
        )
    assert "code" in error.value.error_dict
    assert Indicator.objects.filter(dimension__scheme=draft).count() == 1


def test_removing_an_indicator_takes_its_levels_with_history(world):
    draft = _draft(world)
    indicator = services.indicator_add(
        actor=world.manager.user, scheme=draft, dimension="morality", spec=_rubric("ethics")
    )
    pk = indicator.pk
    services.indicator_remove(actor=world.manager.user, indicator=indicator)
    assert not Indicator.objects.filter(dimension__scheme=draft).exists()
    assert not RubricLevel.objects.filter(indicator_id=pk).exists()
    assert RubricLevel.history.filter(indicator_id=pk, history_type="-").count() == 2
    removed = Indicator.history.get(id=pk, history_type="-")
    assert removed.history_user_id == world.manager.user.pk
    assert removed.history_change_reason == "Indicator removed"


def test_a_scheme_in_force_is_not_changed(world):
    with pytest.raises(ValidationError) as error:
        services.indicator_add(
            actor=world.manager.user, scheme=world.scheme, dimension="morality", spec=_rubric("z")
        )
    assert error.value.code == AssessmentError.SCHEME_IN_USE
    with pytest.raises(ValidationError):
        services.scheme_dimensions_set(actor=world.manager.user, scheme=world.scheme, weights={})


# --- pages ----------------------------------------------------------------------------


def _create_body(**overrides):
    body = {
        "post_type": "tax officer",
        "name": "Tax officers",
        "valid_from": "2026-01-01",
        **{code: str(w) for code, w in WEIGHTS.items()},
    }
    body.update(overrides)
    return body


def test_the_new_scheme_page_reshows_weights_that_do_not_add_up(world, client):
    client.force_login(world.manager.user)
    url = reverse("assessment:scheme-create")
    page = client.post(url, _create_body(integrity="5")).content.decode()
    assert "add up to 95%, not 100%" in page
    assert not Scheme.objects.filter(post_type="tax officer").exists()
    response = client.post(url, _create_body())
    scheme = Scheme.objects.get(post_type="tax officer")
    assert response.url == reverse("assessment:scheme-detail", args=[scheme.pk])
    assert scheme.status == Scheme.Status.DRAFT and scheme.created_by == world.manager.user


def test_a_cadre_gets_no_scheme_building_page(world, client):
    client.force_login(world.cadres[0].user)
    assert client.get(reverse("assessment:scheme-create")).status_code == 403
    draft = _draft(world)
    detail = reverse("assessment:scheme-detail", args=[draft.pk])
    assert client.post(detail, {"step": "activate"}).status_code == 403
    assert 'id="indicator-form"' not in client.get(detail).content.decode()


def test_the_draft_page_adds_indicators_reshows_errors_and_puts_in_force(world, client):
    draft = _draft(world)
    client.force_login(world.leader.user)
    url = reverse("assessment:scheme-detail", args=[draft.pk])

    page = client.post(url, {"step": "activate"}).content.decode()
    assert 'id="activate-errors"' in page and "not 100%" in page
    assert Scheme.objects.get(pk=draft.pk).status == Scheme.Status.DRAFT

    bad_levels = {
        "step": "indicator",
        "dimension": "morality",
        "code": "ethics",
        "name": "Ethics",
        "weight": "100",
        "kind": "rubric",
        "levels": "Good | 90 | Always\nPoor | lots",
    }
    page = client.post(url, bad_levels).content.decode()
    assert "Line 2" in page
    bad_rule = {
        "step": "indicator",
        "dimension": "performance",
        "code": "declarations",
        "name": "Declarations",
        "weight": "100",
        "kind": "quantitative",
        "rule": "thresholds",
    }
    page = client.post(url, bad_rule).content.decode()
    assert "Thresholds need at least one step" in page
    assert not Indicator.objects.filter(dimension__scheme=draft).exists()

    # A Chinese keyboard's full-width comma separates as well.
    response = client.post(url, {**bad_rule, "steps": "95, 100\n80\uff0c70"})
    assert response.status_code == 302
    added = Indicator.objects.get(dimension__scheme=draft, code="declarations")
    assert added.rule_params["steps"] == [
        {"at_least": "95", "points": "100"},
        {"at_least": "80", "points": "70"},
    ]
    for code in ("morality", "ability", "diligence", "integrity"):
        client.post(
            url,
            {
                **bad_levels,
                "dimension": code,
                "code": f"{code}-rubric",
                "levels": "Good | 90 | Always\nPoor | 40",
            },
        )
    page = client.get(url).content.decode()
    assert "Points by threshold" in page and 'id="weight-problems"' not in page

    assert client.post(url, {"step": "activate"}).status_code == 302
    assert Scheme.objects.get(pk=draft.pk).status == Scheme.Status.ACTIVE
    page = client.get(url).content.decode()
    assert 'id="indicator-form"' not in page and 'id="activate"' not in page


def test_the_draft_page_reshows_dimension_weights_that_do_not_add_up(world, client):
    draft = _draft(world)
    client.force_login(world.manager.user)
    url = reverse("assessment:scheme-detail", args=[draft.pk])
    page = client.post(
        url, {"step": "dimensions", **{c: str(w) for c, w in WEIGHTS.items()}, "ability": "30"}
    ).content.decode()
    assert "add up to 110%, not 100%" in page
    assert SchemeDimension.objects.get(scheme=draft, dimension="ability").weight == 20


def test_a_scheme_in_force_is_changed_through_a_new_version_drafted_from_its_page(world, client):
    client.force_login(world.manager.user)
    url = reverse("assessment:scheme-detail", args=[world.scheme.pk])
    response = client.post(url, {"step": "copy", "valid_from": "2027-01-01"})
    draft = Scheme.objects.get(post_type=world.scheme.post_type, version=2)
    assert response.url == reverse("assessment:scheme-detail", args=[draft.pk])
    assert draft.status == Scheme.Status.DRAFT and draft.valid_from == date(2027, 1, 1)

    def tree(scheme):
        return sorted(
            (
                i.dimension.dimension,
                i.dimension.weight,
                i.code,
                i.weight,
                i.kind,
                i.rule,
                str(i.rule_params),
                i.target_value,
                i.metric,
                tuple(sorted((lv.label, lv.points) for lv in i.levels.all())),
            )
            for i in Indicator.objects.filter(dimension__scheme=scheme).select_related("dimension")
        )

    assert tree(draft) == tree(world.scheme)
    assert Scheme.objects.get(pk=world.scheme.pk).status == Scheme.Status.ACTIVE
    client.force_login(world.cadres[0].user)
    assert client.post(url, {"step": "copy", "valid_from": "2027-01-01"}).status_code == 403
