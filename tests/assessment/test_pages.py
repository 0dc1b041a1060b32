"""Every assessment page answers for the people who use it, and refuses the others."""

import pytest
from django.urls import reverse

from assessment.models import Member, Period
from tests.assessment.conftest import advance_to, build_world, open_period, score_everyone


@pytest.fixture
def published(db):
    world = build_world()
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score_everyone(period, world)
    period = advance_to(period, Period.State.REVIEW, world.manager.user)
    from assessment import services

    period = services.period_approve(actor=world.leader.user, period=period)
    return world, period


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_cadre_pages_answer(client, published):
    world, period = published
    cadre = world.cadres[0]
    member = Member.objects.get(period=period, staff=cadre)
    for url in (
        reverse("assessment:my-periods"),
        reverse("assessment:scorecard", args=[member.pk]),
        reverse("assessment:vote", args=[period.pk]),
        reverse("assessment:scheme-list"),
        reverse("assessment:scheme-detail", args=[world.scheme.pk]),
        reverse("assessment:target-tree"),
    ):
        assert _get(client, cadre.user, url).status_code == 200, url


def test_manager_and_leader_pages_answer(client, published):
    world, period = published
    for user in (world.manager.user, world.leader.user):
        for name in ("period-detail", "score-grid", "review", "objections"):
            url = reverse(f"assessment:{name}", args=[period.pk])
            assert _get(client, user, url).status_code == 200, (user, url)
        assert _get(client, user, reverse("assessment:period-list")).status_code == 200


def test_a_cadre_is_refused_the_managers_pages(client, published):
    world, period = published
    for name in ("period-detail", "score-grid", "review", "objections"):
        url = reverse(f"assessment:{name}", args=[period.pk])
        assert _get(client, world.cadres[0].user, url).status_code == 403


def test_a_cadre_cannot_open_a_colleagues_scorecard(client, published):
    world, period = published
    other = Member.objects.get(period=period, staff=world.cadres[1])
    response = _get(client, world.cadres[0].user, reverse("assessment:scorecard", args=[other.pk]))
    assert response.status_code == 404
