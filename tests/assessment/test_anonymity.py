"""Democratic appraisal: votes are anonymous to everyone, through every door."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessment import services
from assessment.errors import AssessmentError
from assessment.models import Ballot, Member, Period, Vote, VoterMark
from tests import factories
from tests.assessment.conftest import advance_to, build_world, open_period, score_everyone


@pytest.fixture
def appraisal(db):
    world = build_world(democratic=True)
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score_everyone(period, world)
    period = advance_to(period, Period.State.DEMOCRATIC, world.manager.user)
    members = {m.staff_id: m for m in Member.objects.filter(period=period)}
    return world, period, members


def _vote(world, members, voter, choice="competent"):
    period = members[voter.pk].period
    votes = {m.pk: choice for staff_id, m in members.items() if staff_id != voter.pk}
    return services.ballot_cast(actor=voter.user, period=period, votes=votes)


def test_no_stored_row_of_a_vote_names_a_person_or_a_time(appraisal):
    # A ballot knows its period and the unit voted in; a vote knows its ballot and whom it
    # is about. Nothing points at a voter, a user or a "has voted" mark, nothing is dated.
    allowed = {"period", "orgunit", "ballot", "vote", "member"}
    for model in (Ballot, Vote):
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            if related is not None:
                assert related._meta.model_name in allowed, (model, field.name)
            assert field.get_internal_type() not in ("DateTimeField", "DateField"), field
    assert not hasattr(Ballot, "history") and not hasattr(Vote, "history")


def test_the_voter_mark_links_to_no_ballot(appraisal):
    names = {f.name for f in VoterMark._meta.get_fields()}
    assert names == {"id", "period", "voter"}


def test_ballot_and_vote_ids_are_random_so_their_order_pairs_nothing(appraisal):
    world, _period, members = appraisal
    _vote(world, members, world.cadres[0])
    _vote(world, members, world.cadres[1])
    assert all(b.pk.version == 4 for b in Ballot.objects.all())


def test_the_receipt_is_stored_only_as_a_hash(appraisal):
    world, _period, members = appraisal
    cast = _vote(world, members, world.cadres[0])
    ballot = Ballot.objects.get()
    assert cast.receipt not in ballot.receipt_hash
    assert len(ballot.receipt_hash) == 64


def test_a_voter_votes_once_and_changes_votes_only_with_the_receipt(appraisal):
    world, period, members = appraisal
    cast = _vote(world, members, world.cadres[0], "competent")
    with pytest.raises(ValidationError) as error:
        _vote(world, members, world.cadres[0], "excellent")
    assert error.value.error_dict["receipt"][0].code == AssessmentError.ALREADY_VOTED

    votes = {m.pk: "excellent" for s, m in members.items() if s != world.cadres[0].pk}
    again = services.ballot_cast(
        actor=world.cadres[0].user, period=period, votes=votes, receipt=cast.receipt
    )
    assert again.changed
    assert Ballot.objects.count() == 1
    assert set(Vote.objects.values_list("choice", flat=True)) == {"excellent"}


def test_nobody_votes_on_themselves(appraisal):
    world, period, members = appraisal
    me = members[world.cadres[0].pk]
    with pytest.raises(ValidationError) as error:
        services.ballot_cast(actor=world.cadres[0].user, period=period, votes={me.pk: "excellent"})
    assert error.value.error_dict["votes"][0].code == AssessmentError.VOTE_ON_ONESELF
    assert not VoterMark.objects.exists()


def test_nobody_votes_on_another_units_cadre(db):
    world = build_world(democratic=True)
    section = factories.unit(kind="section", parent=world.hall, name="Back office")
    outsider = factories.staff(unit=section, name="Section cadre")
    period = advance_to(open_period(world), Period.State.SCORING, world.manager.user)
    score_everyone(period, world)
    period = advance_to(period, Period.State.DEMOCRATIC, world.manager.user)
    hall_cadre = Member.objects.get(period=period, staff=world.cadres[0])

    with pytest.raises(ValidationError) as error:
        services.ballot_cast(actor=outsider.user, period=period, votes={hall_cadre.pk: "basic"})

    assert error.value.error_dict["votes"][0].code == AssessmentError.VOTE_NOT_COLLEAGUE


def test_votes_are_refused_once_the_stage_closed(appraisal):
    world, period, members = appraisal
    period = services.period_advance(actor=world.manager.user, period=period, confirm=True)
    with pytest.raises(ValidationError) as error:
        _vote(world, members, world.cadres[0])
    assert error.value.code == AssessmentError.PERIOD_STATE


def test_the_api_has_no_way_to_read_a_vote(appraisal, api_as):
    world, _period, members = appraisal
    _vote(world, members, world.cadres[0])
    superuser = factories.staff(unit=world.bureau, name="Root")
    superuser.user.is_superuser = True
    superuser.user.save()
    client = api_as(superuser)
    url = reverse("assessment-vote-list")
    assert client.get(url).status_code == 405
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    vote_paths = [p for p in schema["paths"] if "votes" in p]
    assert vote_paths == ["/api/assessment/votes/"]
    assert set(schema["paths"]["/api/assessment/votes/"]) == {"post"}


def test_the_admin_lists_no_ballot_and_no_vote(appraisal):
    assert Ballot not in admin.site._registry
    assert Vote not in admin.site._registry


def test_the_voting_page_answers_with_a_receipt_cookie_and_the_mark_only(appraisal, client):
    world, period, members = appraisal
    voter = world.cadres[0]
    client.force_login(voter.user)
    data = {f"m{m.pk}": "competent" for s, m in members.items() if s != voter.pk}
    response = client.post(reverse("assessment:vote", args=[period.pk]), data)
    assert response.status_code == 302
    assert response.cookies[f"hm_ballot_{period.pk}"].value
    assert VoterMark.objects.filter(period=period, voter=voter).exists()
    # The receipt is not in the session (stored in the database).
    assert response.cookies[f"hm_ballot_{period.pk}"].value not in str(dict(client.session))


def test_turnout_counts_voters_without_naming_them(appraisal, api_as):
    world, period, members = appraisal
    _vote(world, members, world.cadres[0])
    answer = (
        api_as(world.manager).get(reverse("assessment-period-turnout", args=[period.pk])).json()
    )
    assert answer == [{"unit": world.hall.name, "members": len(members), "voted": 1}]
