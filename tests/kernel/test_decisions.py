"""The separation-of-duties rule itself (kernel.decisions), independent of any app."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from kernel import accounts
from kernel.decisions import (
    Decider,
    SeparationCheck,
    deciders_sentence,
    decision_refusal,
    require_separate_decider,
)
from kernel.errors import DecisionError
from kernel.models import AccountOrigin, RoleGrant


@pytest.fixture
def people(db):
    User = get_user_model()
    return {name: User.objects.create_user(name, first_name=name.title()) for name in "abcd"}


def made(account, by):
    accounts.account_origin_record(account=account, created_by=by)


def test_nobody_decides_about_themselves(people):
    refusal = decision_refusal(actor=people["a"], about=[people["a"], people["b"]])

    assert refusal.code == DecisionError.ABOUT_SELF


def test_nobody_decides_what_they_asked_for(people):
    refusal = decision_refusal(actor=people["a"], about=[people["b"]], requested_by=people["a"])

    assert refusal.code == DecisionError.OWN_REQUEST


def test_an_account_made_by_the_person_concerned_may_not_decide(people):
    made(people["b"], by=people["a"])

    refusal = decision_refusal(actor=people["b"], about=[people["a"]])

    assert refusal.code == DecisionError.CREATED_BY_PARTY
    assert "A" in refusal.message


def test_an_account_made_by_the_requester_may_not_decide(people):
    made(people["c"], by=people["b"])

    refusal = decision_refusal(actor=people["c"], about=[people["a"]], requested_by=people["b"])

    assert refusal.code == DecisionError.CREATED_BY_PARTY


def test_the_chain_of_creators_is_followed(people):
    made(people["b"], by=people["a"])
    made(people["c"], by=people["b"])

    assert decision_refusal(actor=people["c"], about=[people["a"]]).code == (
        DecisionError.CREATED_BY_PARTY
    )


def test_the_creator_of_an_account_may_decide_about_it(people):
    made(people["b"], by=people["a"])

    assert decision_refusal(actor=people["a"], about=[people["b"]]) is None


def test_someone_apart_from_the_decision_may_take_it(people):
    assert (
        decision_refusal(actor=people["d"], about=[people["a"]], requested_by=people["b"]) is None
    )


def test_the_system_is_never_refused(people):
    assert decision_refusal(actor=None, about=[people["a"]], requested_by=people["a"]) is None


def test_a_staff_like_record_counts_by_its_user_id_and_name(people):
    class Person:
        user_id = people["a"].pk
        name = "Li Na"

    made(people["b"], by=people["a"])

    refusal = decision_refusal(actor=people["b"], about=[Person()])

    assert "Li Na" in refusal.message


def test_the_refusal_raises_a_coded_error_naming_the_deciders_only_when_refused(people):
    asked = []

    def deciders():
        asked.append(True)
        return [Decider(user_id=people["d"].pk, name="Zhang Wei", unit="Bureau")]

    require_separate_decider(actor=people["d"], about=[people["a"]], deciders=deciders)
    with pytest.raises(ValidationError) as refused:
        require_separate_decider(actor=people["a"], about=[people["a"]], deciders=deciders)

    assert len(asked) == 1
    assert refused.value.error_list[0].code == DecisionError.ABOUT_SELF
    assert "Zhang Wei (Bureau)" in refused.value.messages[0]


def test_with_no_decider_the_sentence_sends_to_an_administrator():
    assert deciders_sentence([]) == "An administrator can decide."
    two = [Decider(1, "Wang"), Decider(2, "Li", unit="Hall")]
    assert deciders_sentence(two) == "Who can decide: Wang or Li (Hall)."


def test_one_check_reads_the_actors_creators_once(people, django_assert_num_queries):
    made(people["b"], by=people["a"])
    check = SeparationCheck(people["b"])

    with django_assert_num_queries(2):  # b's creator, then a's (none)
        for _ in range(10):
            check.refusal(about=[people["c"]])


def test_the_logs_are_append_only(people):
    made(people["b"], by=people["a"])
    entry = accounts.role_grant(actor=None, user=people["b"], role="cadre", reason="x")
    origin = AccountOrigin.objects.get(user=people["b"])

    for row in (entry, origin):
        with pytest.raises(RuntimeError):
            row.save()
        with pytest.raises(RuntimeError):
            row.delete()
    assert RoleGrant.objects.filter(pk=entry.pk).exists()
