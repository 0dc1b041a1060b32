"""Taxpayer submissions: attribution, follow-ups, deadlines, bad input, honeypot."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from feedback import services
from feedback.errors import FeedbackError
from feedback.models import EntryKind, FollowUp, Rating, SuggestionEntry
from tests import factories
from tests.feedback.conftest import WORKDAY, local


def codes(error: ValidationError) -> dict[str, set[str]]:
    return {field: {e.code for e in errors} for field, errors in error.error_dict.items()}


def test_a_rating_names_the_a_holder_serving_the_window(submit_rating, cadre):
    rating = submit_rating(level=5, at=local(WORKDAY, 10))

    assert rating.staff == cadre


def test_a_rating_names_the_b_holder_when_a_is_away(submit_rating, cadre, b_holder, manager):
    factories.approved_absence(staff=cadre, approver=manager, start_date=WORKDAY)

    rating = submit_rating(level=4, at=local(WORKDAY, 15))

    assert rating.staff == b_holder


def test_a_rating_keeps_its_staff_member_after_they_leave(submit_rating, cadre, manager, post):
    from staffmgmt import services as staff_services

    rating = submit_rating(level=5, at=local(WORKDAY, 10))
    staff_services.pairing_end(actor=manager.user, pairing=post.pairings.get(), last_day=WORKDAY)
    staff_services.staff_update(actor=manager.user, staff=cadre, is_active=False, reason="left")

    rating.refresh_from_db()
    assert rating.staff == cadre


def test_at_noon_the_person_on_duty_who_holds_the_window_serves_it(submit_rating, hall, b_holder):
    noon = factories.duty_type(unit=hall, kind="noon")
    factories.published_roster(duty_type=noon, duties={WORKDAY: [b_holder]})

    rating = submit_rating(level=5, at=local(WORKDAY, 12, 30))

    assert rating.staff == b_holder


def test_a_negative_rating_opens_a_follow_up_due_in_five_working_days(submit_rating):
    # Friday 2026-03-06: five working days later is Friday 2026-03-13.
    rating = submit_rating(level=1, reasons=["waited", "attitude"], at=local(date(2026, 3, 6), 9))

    follow_up = FollowUp.objects.get(rating=rating)
    assert follow_up.due_date == date(2026, 3, 13)
    assert follow_up.status == "open"


def test_a_positive_rating_opens_no_follow_up(submit_rating):
    submit_rating(level=3, at=local(WORKDAY, 9))

    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"level": 0}, "level", FeedbackError.LEVEL_INVALID),
        ({"level": 6}, "level", FeedbackError.LEVEL_INVALID),
        ({"level": 1, "reasons": ["bored"]}, "reasons", FeedbackError.REASON_INVALID),
        ({"level": 5, "reasons": ["waited"]}, "reasons", FeedbackError.REASONS_ONLY_FOR_NEGATIVE),
        ({"level": 4, "comment": "hm"}, "reasons", FeedbackError.REASONS_ONLY_FOR_NEGATIVE),
        ({"level": 1, "comment": "x" * 501}, "comment", FeedbackError.TEXT_TOO_LONG),
    ],
)
def test_bad_rating_input_is_refused_with_its_code_and_nothing_saved(
    submit_rating, kwargs, field, code
):
    with pytest.raises(ValidationError) as caught:
        submit_rating(**kwargs)

    assert code in codes(caught.value)[field]
    assert not Rating.objects.exists()


def test_a_filled_honeypot_refuses_the_rating(submit_rating):
    with pytest.raises(ValidationError) as caught:
        submit_rating(level=5, honeypot="http://spam.example")

    assert caught.value.code == FeedbackError.HONEYPOT
    assert not Rating.objects.exists()


def test_a_filled_honeypot_refuses_the_entry(submit_entry):
    with pytest.raises(ValidationError) as caught:
        submit_entry(honeypot="buy now")

    assert caught.value.code == FeedbackError.HONEYPOT
    assert not SuggestionEntry.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"kind": "rant"}, "kind", FeedbackError.KIND_INVALID),
        ({"kind": "question", "topic": "attitude"}, "topic", FeedbackError.TOPIC_INVALID),
        ({"kind": "complaint", "topic": "weather"}, "topic", FeedbackError.TOPIC_INVALID),
        ({"text": "   "}, "text", FeedbackError.TEXT_REQUIRED),
        ({"text": "x" * 2001}, "text", FeedbackError.TEXT_TOO_LONG),
        ({"contact_name": "n" * 81}, "contact_name", FeedbackError.TEXT_TOO_LONG),
        ({"contact": "c" * 121}, "contact", FeedbackError.TEXT_TOO_LONG),
        ({"contact": "call me"}, "contact", FeedbackError.CONTACT_INVALID),
        ({"contact": "a@b"}, "contact", FeedbackError.CONTACT_INVALID),
        ({"contact": "12345"}, "contact", FeedbackError.CONTACT_INVALID),
    ],
)
def test_bad_entry_input_is_refused_with_its_code_and_nothing_saved(
    submit_entry, kwargs, field, code
):
    with pytest.raises(ValidationError) as caught:
        submit_entry(**kwargs)

    assert code in codes(caught.value)[field]
    assert not SuggestionEntry.objects.exists()


@pytest.mark.parametrize("contact", ["138 0013 8000", "+86-10-6841-2345", "wang@example.cn"])
def test_a_phone_number_or_an_email_is_a_contact(submit_entry, contact):
    entry = submit_entry(contact=contact)

    assert entry.contact == contact


def test_a_question_is_due_three_working_days_after_it_arrives(submit_entry):
    # Thursday 2026-03-05: Fri, Mon, Tue -> Tuesday 2026-03-10.
    entry = submit_entry(kind=EntryKind.QUESTION, at=local(date(2026, 3, 5), 16))

    assert entry.due_date == date(2026, 3, 10)
    assert entry.accept_due_date is None


def test_an_entry_on_the_eve_of_the_spring_festival_is_due_three_working_days_after_it(
    submit_entry,
):
    # Saturday 2026-02-14 is an adjusted working day; 15-23 Feb is the Spring Festival
    # holiday; the three working days after it are 24, 25 and 26 Feb.
    entry = submit_entry(kind=EntryKind.QUESTION, at=local(date(2026, 2, 14), 16))

    assert entry.due_date == date(2026, 2, 26)


def test_a_complaint_about_attitude_is_accepted_in_one_and_closed_in_ten_working_days(
    submit_entry,
):
    entry = submit_entry(kind=EntryKind.COMPLAINT, topic="attitude", at=local(WORKDAY, 10))

    assert entry.accept_due_date == date(2026, 3, 4)
    assert entry.due_date == date(2026, 3, 17)


def test_a_complaint_without_a_topic_counts_as_service_quality_twenty_working_days(
    submit_entry,
):
    entry = submit_entry(kind=EntryKind.COMPLAINT, at=local(WORKDAY, 10))

    assert entry.topic == "quality"
    assert entry.due_date == date(2026, 3, 31)


def test_deadlines_follow_the_settings(submit_entry, settings):
    settings.FEEDBACK = {**settings.FEEDBACK, "DEADLINE_DAYS": {"question": 1}}

    entry = submit_entry(kind=EntryKind.QUESTION, at=local(WORKDAY, 10))

    assert entry.due_date == date(2026, 3, 4)


def test_an_entry_is_assigned_to_the_serving_persons_manager(submit_entry, cadre, manager):
    entry = submit_entry(at=local(WORKDAY, 10))

    assert entry.staff == cadre
    assert entry.assigned_to == manager


def test_an_entry_records_the_taxpayer_as_author_in_history(submit_entry):
    entry = submit_entry(at=local(WORKDAY, 10))

    record = entry.history.get()
    assert record.history_user is None
    assert record.history_change_reason == "written in the suggestion book"


def test_history_of_an_entry_keeps_no_contact_details(submit_entry):
    entry = submit_entry(contact="wang@example.cn", contact_name="Wang")

    fields = {f.name for f in entry.history.model._meta.get_fields()}
    assert "contact" not in fields and "contact_name" not in fields


def test_a_closed_window_takes_no_rating(submit_rating, window, manager):
    from staffmgmt import services as staff_services

    staff_services.window_update(actor=manager.user, window=window, is_active=False)

    with pytest.raises(ValidationError) as caught:
        submit_rating(level=5)
    assert caught.value.code == FeedbackError.WINDOW_INACTIVE


def test_submitting_a_rating_takes_a_few_queries_once_the_server_knows_who_serves(
    card, client_id, django_assert_max_num_queries
):
    services.rating_submit(actor=None, card=card, level=5, client=client_id())

    # The INSERT and the rollup's upsert, in a savepoint here (each test is a transaction;
    # served, the savepoint is a BEGIN and COMMIT, which are not queries).
    with django_assert_max_num_queries(4):
        services.rating_submit(actor=None, card=card, level=4, client=client_id())
