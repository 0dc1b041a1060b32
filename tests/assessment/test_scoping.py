"""Who sees what: a cadre sees only their own scores and results; a manager of another
hall sees none of this hall's; reviewers see their subtree."""

import pytest
from django.urls import reverse

from assessment import selectors, services
from assessment.models import Member, Period, Result, Score
from kernel.roles import Role
from tests import factories
from tests.assessment.conftest import advance_to, build_world, open_period, score_everyone


@pytest.fixture
def computed(db):
    world = build_world()
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score_everyone(period, world)
    services.period_compute_results(actor=world.manager.user, period=period)
    return world, period


def test_a_cadre_sees_only_their_own_scores(computed):
    world, _period = computed
    cadre = world.cadres[0]
    staff_ids = set(
        selectors.score_list(user=cadre.user).values_list("member__staff_id", flat=True)
    )
    assert staff_ids == {cadre.pk}


def test_a_cadre_sees_no_result_before_publication_and_then_only_their_own(computed):
    world, period = computed
    cadre = world.cadres[0]
    assert not selectors.result_list(user=cadre.user).exists()

    period = advance_to(period, Period.State.REVIEW, world.manager.user)
    services.period_approve(actor=world.leader.user, period=period)

    assert [r.member.staff_id for r in selectors.result_list(user=cadre.user)] == [cadre.pk]


def test_the_api_lists_a_cadre_only_their_own_scores(computed, api_as):
    world, _period = computed
    body = api_as(world.cadres[0]).get(reverse("assessment-score-list"), {"page_size": 500}).json()
    assert body["count"] == Score.objects.filter(member__staff=world.cadres[0]).count()
    assert {row["staff_name"] for row in body["results"]} == {world.cadres[0].name}


def test_the_api_answers_404_for_a_colleagues_result(computed, api_as):
    world, _period = computed
    other = Result.objects.get(member__staff=world.cadres[1])
    response = api_as(world.cadres[0]).get(reverse("assessment-result-detail", args=[other.pk]))
    assert response.status_code == 404


def test_a_manager_sees_every_score_of_the_hall(computed):
    world, period = computed
    members = Member.objects.filter(period=period).count()
    seen = selectors.result_list(user=world.manager.user, period=period).count()
    assert seen == members


def test_a_manager_of_another_hall_sees_nothing_of_this_one(computed):
    world, _period = computed
    other_hall = factories.unit(parent=world.bureau, name="West Hall")
    stranger = factories.staff(unit=other_hall, roles=(Role.CADRE, Role.MANAGER))
    assert not selectors.period_list(user=stranger.user).exists()
    assert not selectors.score_list(user=stranger.user).exists()
    assert not selectors.result_list(user=stranger.user).exists()


def test_a_bureau_leader_sees_the_halls_results(computed):
    world, period = computed
    assert selectors.reviewed_result_list(user=world.leader.user, period=period).count() == (
        Member.objects.filter(period=period).count()
    )


def test_an_integrity_officer_sees_no_scores(computed):
    world, _period = computed
    officer = factories.staff(unit=world.bureau, roles=(Role.CADRE, Role.INTEGRITY_OFFICER))
    assert not selectors.score_list(user=officer.user).exists()


def test_a_cadre_cannot_change_a_score_through_the_api(computed, api_as):
    world, _period = computed
    score = Score.objects.filter(
        member__staff=world.cadres[1], indicator__code="declarations"
    ).get()
    response = api_as(world.cadres[0]).patch(
        reverse("assessment-score-detail", args=[score.pk]), {"actual_value": "1"}, format="json"
    )
    assert response.status_code == 403
