"""Staff handling: first inquiry responsibility, replies, closing, verification,
follow-ups, rating cards."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from feedback import services
from feedback.errors import FeedbackError
from feedback.models import EntryKind, EntryStatus, FollowUpStatus, Verification
from kernel.roles import Role
from tests import factories
from tests.feedback.conftest import WORKDAY, local


@pytest.fixture
def entry(submit_entry):
    return submit_entry(at=local(WORKDAY, 10))


@pytest.fixture
def second_manager(hall):
    return factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER), name="Deputy Sun")


def test_the_first_person_who_takes_an_entry_owns_it(entry, manager):
    taken = services.entry_take(actor=manager.user, entry=entry)

    assert taken.owner == manager
    assert taken.status == EntryStatus.ACCEPTED
    assert taken.history.first().history_user == manager.user


def test_a_second_person_cannot_take_an_owned_entry(entry, manager, second_manager):
    services.entry_take(actor=manager.user, entry=entry)

    with pytest.raises(ValidationError) as caught:
        services.entry_take(actor=second_manager.user, entry=entry)
    assert caught.value.code == FeedbackError.ALREADY_OWNED


def test_a_cadre_it_is_not_assigned_to_cannot_take_it(entry, cadre):
    with pytest.raises(PermissionDenied):
        services.entry_take(actor=cadre.user, entry=entry)


def test_the_person_it_is_assigned_to_can_take_it(entry, manager, b_holder):
    services.entry_assign(actor=manager.user, entry=entry, assignee=b_holder)

    taken = services.entry_take(actor=b_holder.user, entry=entry)

    assert taken.owner == b_holder


def test_a_manager_of_another_unit_cannot_assign(entry, other_manager, b_holder):
    with pytest.raises(PermissionDenied):
        services.entry_assign(actor=other_manager.user, entry=entry, assignee=b_holder)


def test_an_entry_cannot_be_assigned_outside_its_unit(entry, manager, other_manager):
    with pytest.raises(ValidationError) as caught:
        services.entry_assign(actor=manager.user, entry=entry, assignee=other_manager)
    assert FeedbackError.ASSIGNEE_INVALID in {e.code for e in caught.value.error_dict["assignee"]}


def test_replying_takes_and_answers_the_entry(entry, manager):
    reply = services.entry_reply(actor=manager.user, entry=entry, text="Yes, online.")

    entry.refresh_from_db()
    assert reply.author == manager
    assert entry.owner == manager
    assert entry.status == EntryStatus.ANSWERED
    assert entry.answered_at == reply.created_at


def test_only_the_owner_replies(entry, manager, second_manager):
    services.entry_take(actor=manager.user, entry=entry)

    with pytest.raises(ValidationError) as caught:
        services.entry_reply(actor=second_manager.user, entry=entry, text="Me too")
    assert caught.value.code == FeedbackError.NOT_OWNER


def test_an_empty_reply_is_refused(entry, manager):
    with pytest.raises(ValidationError) as caught:
        services.entry_reply(actor=manager.user, entry=entry, text="  ")
    assert FeedbackError.TEXT_REQUIRED in {e.code for e in caught.value.error_dict["text"]}


@pytest.mark.django_db(transaction=True)
def test_the_reply_is_mailed_to_a_taxpayer_who_left_an_email(submit_entry, manager):
    entry = submit_entry(contact="wang@example.cn")

    services.entry_reply(actor=manager.user, entry=entry, text="Here is the answer.")

    assert [m.to for m in mail.outbox] == [["wang@example.cn"]]
    assert entry.tracking_code in mail.outbox[0].subject


def test_an_unanswered_entry_cannot_be_closed(entry, manager):
    with pytest.raises(ValidationError) as caught:
        services.entry_close(actor=manager.user, entry=entry)
    assert caught.value.code == FeedbackError.NOT_ANSWERED


def test_an_answered_entry_is_closed_and_then_takes_no_reply(entry, manager):
    services.entry_reply(actor=manager.user, entry=entry, text="Done.")
    closed = services.entry_close(actor=manager.user, entry=entry)

    assert closed.status == EntryStatus.CLOSED
    with pytest.raises(ValidationError) as caught:
        services.entry_reply(actor=manager.user, entry=entry, text="More")
    assert caught.value.code == FeedbackError.ENTRY_CLOSED


def test_a_verified_complaint_names_the_staff_member_who_was_serving(submit_entry, manager, cadre):
    complaint = submit_entry(kind=EntryKind.COMPLAINT, topic="attitude", at=local(WORKDAY, 10))

    checked = services.entry_verify(
        actor=manager.user, entry=complaint, verification=Verification.VERIFIED, note="CCTV"
    )

    assert checked.concerned_staff == cadre
    assert checked.verified_by == manager.user


def test_an_unfounded_complaint_names_nobody(submit_entry, manager):
    complaint = submit_entry(kind=EntryKind.COMPLAINT, at=local(WORKDAY, 10))

    checked = services.entry_verify(
        actor=manager.user, entry=complaint, verification=Verification.UNFOUNDED, note="Rules"
    )

    assert checked.concerned_staff is None


def test_verification_needs_a_note(submit_entry, manager):
    complaint = submit_entry(kind=EntryKind.COMPLAINT)

    with pytest.raises(ValidationError) as caught:
        services.entry_verify(
            actor=manager.user, entry=complaint, verification=Verification.VERIFIED, note=""
        )
    assert FeedbackError.NOTE_REQUIRED in {e.code for e in caught.value.error_dict["note"]}


def test_only_complaints_are_verified(entry, manager):
    with pytest.raises(ValidationError) as caught:
        services.entry_verify(
            actor=manager.user, entry=entry, verification=Verification.VERIFIED, note="x"
        )
    assert caught.value.code == FeedbackError.NOT_A_COMPLAINT


def test_a_manager_of_another_unit_cannot_verify(submit_entry, other_manager):
    complaint = submit_entry(kind=EntryKind.COMPLAINT)

    with pytest.raises(PermissionDenied):
        services.entry_verify(
            actor=other_manager.user, entry=complaint, verification="verified", note="x"
        )


def test_a_follow_up_is_closed_with_a_note_by_a_manager_who_owns_it(submit_rating, manager):
    rating = submit_rating(level=2, reasons=["unclear"])

    done = services.follow_up_close(
        actor=manager.user, follow_up=rating.follow_up, note="Called back"
    )

    assert done.status == FollowUpStatus.DONE
    assert done.owner == manager
    with pytest.raises(ValidationError) as caught:
        services.follow_up_close(actor=manager.user, follow_up=done, note="again")
    assert caught.value.code == FeedbackError.FOLLOW_UP_DONE


def test_a_follow_up_needs_a_note(submit_rating, manager):
    rating = submit_rating(level=1)

    with pytest.raises(ValidationError):
        services.follow_up_close(actor=manager.user, follow_up=rating.follow_up, note=" ")


def test_renewing_a_card_changes_its_token(card, manager):
    old = card.token

    renewed = services.window_card_issue(actor=manager.user, window=card.window, renew=True)

    assert renewed.pk == card.pk and renewed.token != old


def test_only_a_manager_of_the_unit_issues_cards(window, other_manager):
    with pytest.raises(PermissionDenied):
        services.window_card_issue(actor=other_manager.user, window=window)
