from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from roster import services
from roster.models import DutyAssignment, DutyNotification, SwapRequest
from roster.services import swaps as swap_module
from tests import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")
D1, D2 = date(2026, 3, 10), date(2026, 3, 12)  # working days, after the frozen today


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    now = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now


@pytest.fixture
def colleague(hall):
    return factories.staff(unit=hall, name="Cadre Zhao")


@pytest.fixture
def noon(hall):
    return factories.duty_type(unit=hall, headcount=1)


@pytest.fixture
def roster(noon, cadre, colleague):
    return factories.published_roster(duty_type=noon, duties={D1: [cadre], D2: [colleague]})


def duty(staff, day):
    return DutyAssignment.objects.get(staff=staff, date=day)


def test_exchange_moves_both_duties_after_accept_and_approval(roster, cadre, colleague, manager):
    mine, theirs = duty(cadre, D1), duty(colleague, D2)

    swap = services.swap_request(
        actor=cadre.user, assignment=mine, counterpart=colleague, counterpart_assignment=theirs
    )
    services.swap_accept(actor=colleague.user, swap=swap)
    services.swap_approve(actor=manager.user, swap=swap)

    assert duty(colleague, D1).pk == mine.pk
    assert duty(cadre, D2).pk == theirs.pk
    swap.refresh_from_db()
    assert swap.status == SwapRequest.Status.APPROVED
    assert mine.history.first().history_change_reason == f"swap #{swap.pk}"
    notified = DutyNotification.objects.filter(kind="swap", params__status="Approved")
    assert set(notified.values_list("recipient_id", flat=True)) == {cadre.pk, colleague.pk}


def test_hand_over_without_exchange_gives_the_colleague_the_duty(roster, cadre, colleague, manager):
    mine = duty(cadre, D1)
    swap = services.swap_request(actor=cadre.user, assignment=mine, counterpart=colleague)
    services.swap_accept(actor=colleague.user, swap=swap)

    services.swap_approve(actor=manager.user, swap=swap)

    assert DutyAssignment.objects.get(pk=mine.pk).staff_id == colleague.pk
    assert not DutyAssignment.objects.filter(staff=cadre).exists()


def test_only_the_assignee_may_ask_for_a_swap(roster, cadre, colleague):
    with pytest.raises(PermissionDenied):
        services.swap_request(
            actor=colleague.user, assignment=duty(cadre, D1), counterpart=colleague
        )


def test_a_past_or_todays_duty_cannot_be_swapped(noon, cadre, colleague, monkeypatch):
    factories.published_roster(duty_type=noon, duties={D1: [cadre]})
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 3, 10, 8, 0, tzinfo=SHANGHAI))

    with pytest.raises(ValidationError) as error:
        services.swap_request(actor=cadre.user, assignment=duty(cadre, D1), counterpart=colleague)
    assert "future" in str(error.value)


def test_a_draft_duty_cannot_be_swapped(noon, cadre, colleague):
    factories.published_roster(duty_type=noon, duties={D1: [cadre]}, publish=False)

    with pytest.raises(ValidationError, match="published"):
        services.swap_request(actor=cadre.user, assignment=duty(cadre, D1), counterpart=colleague)


def test_counterpart_must_be_an_active_colleague_of_the_same_unit(roster, cadre):
    stranger = factories.staff(name="Other Hall")
    with pytest.raises(ValidationError) as error:
        services.swap_request(actor=cadre.user, assignment=duty(cadre, D1), counterpart=stranger)
    assert "counterpart" in error.value.message_dict


def test_second_open_request_for_one_duty_is_refused(roster, cadre, colleague, hall):
    third = factories.staff(unit=hall)
    services.swap_request(actor=cadre.user, assignment=duty(cadre, D1), counterpart=colleague)

    with pytest.raises(ValidationError, match="already has an open swap request"):
        services.swap_request(actor=cadre.user, assignment=duty(cadre, D1), counterpart=third)


def test_race_lost_on_the_constraint_is_a_validation_error(
    roster, cadre, colleague, hall, monkeypatch
):
    # The check before the insert saw no open request (as a concurrent request would not):
    # the partial unique constraint decides, and the loser gets a clean error.
    third = factories.staff(unit=hall)
    services.swap_request(actor=cadre.user, assignment=duty(cadre, D1), counterpart=colleague)
    monkeypatch.setattr(swap_module, "_open_swap_exists", lambda assignment: False)

    with pytest.raises(ValidationError, match="already has an open swap request"):
        services.swap_request(actor=cadre.user, assignment=duty(cadre, D1), counterpart=third)
    assert SwapRequest.objects.count() == 1


def test_after_cancel_a_new_request_is_possible(roster, cadre, colleague):
    swap = services.swap_request(
        actor=cadre.user, assignment=duty(cadre, D1), counterpart=colleague
    )
    services.swap_cancel(actor=cadre.user, swap=swap)

    again = services.swap_request(
        actor=cadre.user, assignment=duty(cadre, D1), counterpart=colleague
    )

    assert again.status == SwapRequest.Status.REQUESTED


def test_only_the_counterpart_answers_and_only_the_requester_cancels(roster, cadre, colleague):
    swap = services.swap_request(
        actor=cadre.user, assignment=duty(cadre, D1), counterpart=colleague
    )
    with pytest.raises(PermissionDenied):
        services.swap_accept(actor=cadre.user, swap=swap)
    with pytest.raises(PermissionDenied):
        services.swap_cancel(actor=colleague.user, swap=swap)


def test_declined_swap_cannot_be_approved(roster, cadre, colleague, manager):
    swap = services.swap_request(
        actor=cadre.user, assignment=duty(cadre, D1), counterpart=colleague
    )
    services.swap_decline(actor=colleague.user, swap=swap, note="busy")

    with pytest.raises(ValidationError, match="Declined"):
        services.swap_approve(actor=manager.user, swap=swap)
    assert duty(cadre, D1)


def test_manager_must_approve_only_after_the_colleague_accepts(roster, cadre, colleague, manager):
    swap = services.swap_request(
        actor=cadre.user, assignment=duty(cadre, D1), counterpart=colleague
    )
    with pytest.raises(ValidationError):
        services.swap_approve(actor=manager.user, swap=swap)


def test_a_cadre_cannot_approve(roster, cadre, colleague, hall):
    swap = services.swap_request(
        actor=cadre.user, assignment=duty(cadre, D1), counterpart=colleague
    )
    services.swap_accept(actor=colleague.user, swap=swap)
    with pytest.raises(PermissionDenied):
        services.swap_approve(actor=factories.staff(unit=hall).user, swap=swap)


def test_reject_needs_a_reason(roster, cadre, colleague, manager):
    swap = services.swap_request(
        actor=cadre.user, assignment=duty(cadre, D1), counterpart=colleague
    )
    with pytest.raises(ValidationError):
        services.swap_reject(actor=manager.user, swap=swap, note=" ")
    services.swap_reject(actor=manager.user, swap=swap, note="short-staffed")
    swap.refresh_from_db()
    assert swap.status == SwapRequest.Status.REJECTED


def test_approval_refused_when_colleague_is_on_leave_that_day(roster, cadre, colleague, manager):
    swap = services.swap_request(
        actor=cadre.user, assignment=duty(cadre, D1), counterpart=colleague
    )
    services.swap_accept(actor=colleague.user, swap=swap)
    factories.approved_absence(staff=colleague, approver=manager, start_date=D1)

    with pytest.raises(ValidationError, match="leave"):
        services.swap_approve(actor=manager.user, swap=swap)
    assert duty(cadre, D1)
    swap.refresh_from_db()
    assert swap.status == SwapRequest.Status.ACCEPTED


def test_approval_refused_when_colleague_got_another_duty_that_day(
    noon, roster, cadre, colleague, manager, hall
):
    swap = services.swap_request(
        actor=cadre.user, assignment=duty(cadre, D1), counterpart=colleague
    )
    services.swap_accept(actor=colleague.user, swap=swap)
    other_type = factories.duty_type(unit=hall, name="Second noon desk")
    factories.published_roster(duty_type=other_type, duties={D1: [colleague]})

    with pytest.raises(ValidationError, match="twice on one day"):
        services.swap_approve(actor=manager.user, swap=swap)
    assert duty(cadre, D1).duty_type_id == noon.pk


# Rules are checked when the swap is requested (before the colleague is asked), and again
# at approval (see the leave test above): these are refused at once.
def test_a_swap_losing_a_required_skill_is_refused_when_requested(hall, cadre, colleague):
    invoice = factories.skill()
    cadre.skills.add(invoice)
    typed = factories.duty_type(unit=hall, required_skills={invoice: 1})
    factories.published_roster(duty_type=typed, duties={D1: [cadre]})

    with pytest.raises(ValidationError, match="Invoice issuing"):
        services.swap_request(actor=cadre.user, assignment=duty(cadre, D1), counterpart=colleague)
    assert not SwapRequest.objects.exists()


def test_a_swap_giving_consecutive_holiday_duty_is_refused_when_requested(hall, cadre, colleague):
    holiday = factories.duty_type(unit=hall, kind="holiday")
    factories.published_roster(
        duty_type=holiday,
        duties={date(2026, 5, 1): [cadre], date(2026, 5, 2): [colleague]},
    )

    with pytest.raises(ValidationError, match="consecutive"):
        services.swap_request(
            actor=cadre.user, assignment=duty(cadre, date(2026, 5, 1)), counterpart=colleague
        )
    assert not SwapRequest.objects.exists()


def test_exchanging_neighbouring_holiday_duties_is_not_blamed_on_the_duty_that_leaves(
    hall, cadre, colleague, manager
):
    holiday = factories.duty_type(unit=hall, kind="holiday")
    factories.published_roster(
        duty_type=holiday,
        duties={date(2026, 5, 1): [cadre], date(2026, 5, 2): [colleague]},
    )
    swap = services.swap_request(
        actor=cadre.user,
        assignment=duty(cadre, date(2026, 5, 1)),
        counterpart=colleague,
        counterpart_assignment=duty(colleague, date(2026, 5, 2)),
    )
    services.swap_accept(actor=colleague.user, swap=swap)

    services.swap_approve(actor=manager.user, swap=swap)

    assert duty(colleague, date(2026, 5, 1)) and duty(cadre, date(2026, 5, 2))


def test_second_approval_of_the_same_swap_fails_cleanly(roster, cadre, colleague, manager):
    swap = services.swap_request(
        actor=cadre.user, assignment=duty(cadre, D1), counterpart=colleague
    )
    services.swap_accept(actor=colleague.user, swap=swap)
    services.swap_approve(actor=manager.user, swap=swap)

    with pytest.raises(ValidationError, match="Approved"):
        services.swap_approve(actor=manager.user, swap=swap)


def test_two_swaps_giving_one_person_two_duties_on_a_day_only_one_is_approved(
    hall, cadre, colleague, manager
):
    second_desk = factories.duty_type(unit=hall, name="Second desk")
    first_desk = factories.duty_type(unit=hall, name="First desk")
    other = factories.staff(unit=hall)
    factories.published_roster(duty_type=first_desk, duties={D1: [cadre]})
    factories.published_roster(duty_type=second_desk, duties={D1: [other]})
    one = services.swap_request(actor=cadre.user, assignment=duty(cadre, D1), counterpart=colleague)
    two = services.swap_request(actor=other.user, assignment=duty(other, D1), counterpart=colleague)
    services.swap_accept(actor=colleague.user, swap=one)
    services.swap_accept(actor=colleague.user, swap=two)

    services.swap_approve(actor=manager.user, swap=one)
    with pytest.raises(ValidationError, match="twice on one day"):
        services.swap_approve(actor=manager.user, swap=two)

    assert DutyAssignment.objects.filter(staff=colleague, date=D1).count() == 1


def test_duty_changed_by_hand_after_the_request_blocks_approval(
    roster, cadre, colleague, manager, hall
):
    third = factories.staff(unit=hall)
    swap = services.swap_request(
        actor=cadre.user, assignment=duty(cadre, D1), counterpart=colleague
    )
    services.swap_accept(actor=colleague.user, swap=swap)
    services.assignment_move(
        actor=manager.user,
        assignment=duty(cadre, D1),
        to_staff=third,
        confirm=True,
        reason="cover",
    )

    with pytest.raises(ValidationError, match="changed"):
        services.swap_approve(actor=manager.user, swap=swap)


def test_swap_api_workflow_and_scoped_list(
    roster, cadre, colleague, manager, hall, api_as, django_assert_max_num_queries
):
    mine, theirs = duty(cadre, D1), duty(colleague, D2)
    created = api_as(cadre).post(
        "/api/swaps/",
        {"assignment": mine.pk, "counterpart": colleague.pk, "counterpart_assignment": theirs.pk},
    )
    assert created.status_code == 201, created.json()
    swap_id = created.json()["id"]
    again = api_as(cadre).post("/api/swaps/", {"assignment": mine.pk, "counterpart": colleague.pk})
    assert again.status_code == 400
    assert "already has an open swap request" in str(again.json())

    assert api_as(manager).post(f"/api/swaps/{swap_id}/accept/").status_code == 403
    assert api_as(colleague).post(f"/api/swaps/{swap_id}/accept/").status_code == 200
    approved = api_as(manager).post(f"/api/swaps/{swap_id}/approve/", {"note": "ok"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"

    outsider = factories.staff(unit=hall)
    assert api_as(outsider).get("/api/swaps/").json()["results"] == []
    with django_assert_max_num_queries(8):
        listed = api_as(manager).get("/api/swaps/")
    assert [row["id"] for row in listed.json()["results"]] == [swap_id]


def test_notices_are_marked_read_only_for_their_recipient(roster, cadre, colleague, client):
    services.swap_request(actor=cadre.user, assignment=duty(cadre, D1), counterpart=colleague)
    unread = DutyNotification.objects.filter(recipient=colleague, read_at__isnull=True)
    assert unread.exists()

    assert services.notification_mark_read(actor=cadre.user, notification_ids=[unread[0].pk]) == 0
    client.force_login(colleague.user)
    assert 'id="unread-badge"' in client.get("/roster/notifications/").content.decode()
    client.post("/roster/notifications/read/")

    assert not unread.exists()
    assert 'id="unread-badge"' not in client.get("/roster/notifications/").content.decode()


def test_swap_page_request_form_shows_service_errors(roster, cadre, colleague, client):
    client.force_login(cadre.user)
    ok = client.post(
        "/roster/swaps/", {"assignment": duty(cadre, D1).pk, "counterpart": colleague.pk}
    )
    assert ok.status_code == 302
    again = client.post(
        "/roster/swaps/", {"assignment": duty(cadre, D1).pk, "counterpart": colleague.pk}
    )
    assert again.status_code == 400
    assert "already has an open swap request" in again.content.decode()


def test_swap_page_and_api_offer_and_accept_the_same_counterparts(
    roster, cadre, colleague, hall, client, api_as
):
    gone = factories.staff(unit=hall, name="Cadre Gone")
    gone.is_active = False
    gone.save()
    client.force_login(cadre.user)

    page = client.get("/roster/swaps/").content.decode()
    answer = api_as(cadre).post(
        "/api/swaps/", {"assignment": duty(cadre, D1).pk, "counterpart": gone.pk}
    )

    assert colleague.name in page and gone.name not in page
    assert answer.status_code == 400
    assert answer.json()["counterpart"][0]["code"] == "roster.unknown_staff"
