"""Leave workflow: request, approve (with the coverage warning), reject, cancel, and scoping."""

import threading
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection
from django.http import Http404
from django.utils import timezone

from kernel.errors import ConfirmationRequired, DecisionError
from kernel.roles import Role
from staffmgmt import extensions, selectors, services
from staffmgmt.models import Absence
from tests import factories

MON = date(2026, 3, 2)
TUE = date(2026, 3, 3)
SAT = date(2026, 3, 7)


@pytest.fixture
def pair(hall):
    a = factories.staff(unit=hall, name="Li Na")
    b = factories.staff(unit=hall, name="Wang Fang")
    post = factories.post(unit=hall, name="Invoice desk")
    factories.pairing(post=post, a=a, b=b)
    return post, a, b


def request_leave(staff, start, end=None, **kwargs):
    return services.absence_request(
        actor=staff.user,
        staff=staff,
        kind=kwargs.pop("kind", "annual"),
        start_date=start,
        end_date=end or start,
        **kwargs,
    )


# --- requesting -------------------------------------------------------------------------


def test_cadre_requests_own_leave_which_waits_for_a_decision(cadre):
    absence = request_leave(cadre, MON, TUE, reason=" family matter ")

    assert absence.status == Absence.Status.REQUESTED
    assert absence.requested_by == cadre.user
    assert absence.reason == "family matter"
    assert absence.history.first().history_user == cadre.user


def test_cadre_cannot_request_leave_for_a_colleague(cadre, hall):
    colleague = factories.staff(unit=hall)

    with pytest.raises(PermissionDenied):
        services.absence_request(
            actor=cadre.user, staff=colleague, kind="sick", start_date=MON, end_date=MON
        )


def test_manager_requests_leave_for_staff_of_the_unit_but_not_another_hall(manager, cadre):
    stranger = factories.staff(unit=factories.unit())

    absence = services.absence_request(
        actor=manager.user, staff=cadre, kind="sick", start_date=MON, end_date=MON
    )

    assert (absence.staff, absence.requested_by) == (cadre, manager.user)
    with pytest.raises(PermissionDenied):
        services.absence_request(
            actor=manager.user, staff=stranger, kind="sick", start_date=MON, end_date=MON
        )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"start_date": TUE, "end_date": MON}, "end_date"),
        ({"start_date": MON, "end_date": MON, "start_half": "pm", "end_half": "am"}, "end_half"),
        ({"start_date": MON, "end_date": MON, "kind": "holiday"}, "kind"),
        ({"start_date": MON, "end_date": MON, "start_half": "noon"}, "start_half"),
        ({"start_date": MON, "end_date": MON + timedelta(days=400)}, "end_date"),
    ],
)
def test_malformed_requests_are_rejected_with_the_field_named(cadre, kwargs, field):
    kwargs = {"kind": "annual", **kwargs}

    with pytest.raises(ValidationError) as error:
        services.absence_request(actor=cadre.user, staff=cadre, **kwargs)

    assert field in error.value.message_dict
    assert not Absence.objects.exists()


def test_overlapping_requested_or_approved_leave_is_refused(cadre, manager):
    request_leave(cadre, MON, TUE)

    with pytest.raises(ValidationError) as error:
        request_leave(cadre, TUE, SAT)

    assert "start_date" in error.value.message_dict
    assert Absence.objects.count() == 1


def test_morning_and_afternoon_leave_on_the_same_day_do_not_overlap(cadre):
    request_leave(cadre, MON, end_half="am")
    afternoon = request_leave(cadre, MON, start_half="pm")

    assert afternoon.is_half_day


def test_rejected_or_cancelled_leave_does_not_block_a_new_request(cadre, manager):
    services.absence_reject(actor=manager.user, absence=request_leave(cadre, MON), note="busy")
    services.absence_cancel(actor=cadre.user, absence=request_leave(cadre, MON))

    assert request_leave(cadre, MON).status == Absence.Status.REQUESTED


# --- approving --------------------------------------------------------------------------


def test_approving_without_gaps_records_the_decision(pair, manager):
    _post, a, _b = pair
    absence = request_leave(a, MON)

    approved = services.absence_approve(actor=manager.user, absence=absence, note="ok")

    approved.refresh_from_db()
    assert approved.status == Absence.Status.APPROVED
    assert (approved.decided_by, approved.decision_note) == (manager.user, "ok")
    assert approved.decided_at is not None and not approved.gaps_confirmed
    assert approved.history.first().history_user == manager.user


def test_approval_that_would_uncover_a_post_asks_for_confirmation_and_writes_nothing(pair, manager):
    post, a, b = pair
    factories.absence(staff=b, start_date=MON, end_date=TUE, end_half="am", approved_by=manager)
    absence = request_leave(a, MON, SAT)

    with pytest.raises(ConfirmationRequired) as raised:
        services.absence_approve(actor=manager.user, absence=absence)

    assert raised.value.code == "coverage_gaps"
    assert raised.value.warnings == [
        {"post_id": post.pk, "post": "Invoice desk", "date": "2026-03-02", "halves": ["am", "pm"]},
        {"post_id": post.pk, "post": "Invoice desk", "date": "2026-03-03", "halves": ["am"]},
    ]
    assert "Invoice desk" in raised.value.message and "2026" in raised.value.message
    absence.refresh_from_db()
    assert absence.status == Absence.Status.REQUESTED and absence.decided_by is None


def test_confirmed_approval_despite_gaps_is_recorded_as_such(pair, manager):
    _post, a, b = pair
    factories.absence(staff=b, start_date=MON, approved_by=manager)
    absence = request_leave(a, MON)

    approved = services.absence_approve(actor=manager.user, absence=absence, confirm_gaps=True)

    approved.refresh_from_db()
    assert approved.status == Absence.Status.APPROVED and approved.gaps_confirmed


def test_nobody_approves_their_own_leave(hall, manager):
    other_manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER))
    own = request_leave(manager, MON)

    with pytest.raises(ValidationError) as refused:
        services.absence_approve(actor=manager.user, absence=own)
    assert refused.value.error_list[0].code == DecisionError.ABOUT_SELF
    assert services.absence_approve(actor=other_manager.user, absence=own).status == "approved"


def test_a_cadre_or_a_manager_of_another_hall_cannot_approve(cadre, hall):
    colleague = factories.staff(unit=hall)
    elsewhere = factories.staff(unit=factories.unit(), roles=(Role.CADRE, Role.MANAGER))
    absence = request_leave(colleague, MON)

    for actor in (cadre.user, elsewhere.user):
        with pytest.raises(PermissionDenied):
            services.absence_approve(actor=actor, absence=absence)
    absence.refresh_from_db()
    assert absence.status == Absence.Status.REQUESTED


def test_a_manager_of_the_parent_unit_may_approve(hall):
    section = factories.unit(kind="section", parent=hall)
    hall_manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER))
    clerk = factories.staff(unit=section)

    approved = services.absence_approve(actor=hall_manager.user, absence=request_leave(clerk, MON))

    assert approved.status == Absence.Status.APPROVED


def test_only_a_requested_leave_can_be_approved(cadre, manager):
    absence = request_leave(cadre, MON)
    services.absence_reject(actor=manager.user, absence=absence, note="no")

    with pytest.raises(ValidationError) as error:
        services.absence_approve(actor=manager.user, absence=absence)

    assert "status" in error.value.message_dict


def test_approval_hooks_run_after_commit_with_the_absence(
    cadre, manager, django_capture_on_commit_callbacks
):
    seen = []
    with extensions.absence_approved.registered(seen.append):
        absence = request_leave(cadre, MON)
        with django_capture_on_commit_callbacks(execute=True):
            services.absence_approve(actor=manager.user, absence=absence)

    assert [a.pk for a in seen] == [absence.pk]
    assert seen[0].status == Absence.Status.APPROVED


def test_approval_hooks_do_not_run_when_confirmation_is_needed(
    pair, manager, django_capture_on_commit_callbacks
):
    _post, a, b = pair
    factories.absence(staff=b, start_date=MON, approved_by=manager)
    seen = []
    with (
        extensions.absence_approved.registered(seen.append),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ConfirmationRequired),
    ):
        services.absence_approve(actor=manager.user, absence=request_leave(a, MON))

    assert seen == [] and callbacks == []


# --- rejecting and cancelling ----------------------------------------------------------


def test_rejecting_needs_a_note_and_records_it(cadre, manager):
    absence = request_leave(cadre, MON)

    with pytest.raises(ValidationError) as error:
        services.absence_reject(actor=manager.user, absence=absence, note="  ")
    assert "note" in error.value.message_dict

    rejected = services.absence_reject(actor=manager.user, absence=absence, note="Tax deadline")
    rejected.refresh_from_db()
    assert (rejected.status, rejected.decision_note, rejected.decided_by) == (
        Absence.Status.REJECTED,
        "Tax deadline",
        manager.user,
    )


def test_a_cadre_cannot_reject(cadre, hall):
    absence = request_leave(factories.staff(unit=hall), MON)

    with pytest.raises(PermissionDenied):
        services.absence_reject(actor=cadre.user, absence=absence, note="no")


def test_requester_cancels_own_request_but_a_colleague_cannot(cadre, hall):
    absence = request_leave(cadre, MON)
    colleague = factories.staff(unit=hall)

    with pytest.raises(PermissionDenied):
        services.absence_cancel(actor=colleague.user, absence=absence)
    cancelled = services.absence_cancel(actor=cadre.user, absence=absence, reason="plans changed")

    assert cancelled.status == Absence.Status.CANCELLED
    assert cancelled.history.first().history_change_reason == "plans changed"


def test_approved_leave_can_be_cancelled_until_it_ends_but_not_after(cadre, manager):
    today = timezone.localdate()
    ongoing = factories.absence(
        staff=cadre, start_date=today - timedelta(days=1), end_date=today, approved_by=manager
    )
    past = factories.absence(
        staff=cadre,
        start_date=today - timedelta(days=10),
        end_date=today - timedelta(days=9),
        approved_by=manager,
    )

    assert services.absence_cancel(actor=manager.user, absence=ongoing).status == "cancelled"
    with pytest.raises(ValidationError):
        services.absence_cancel(actor=cadre.user, absence=past)


def test_a_cancelled_leave_cannot_be_cancelled_again(cadre):
    absence = services.absence_cancel(actor=cadre.user, absence=request_leave(cadre, MON))

    with pytest.raises(ValidationError):
        services.absence_cancel(actor=cadre.user, absence=absence)


# --- reading ----------------------------------------------------------------------------


def test_cadre_sees_only_own_leave_manager_sees_the_unit_and_not_another_hall(cadre, manager, hall):
    colleague = factories.staff(unit=hall)
    other_hall = factories.unit()
    other_manager = factories.staff(unit=other_hall, roles=(Role.CADRE, Role.MANAGER))
    mine = request_leave(cadre, MON)
    theirs = request_leave(colleague, MON)

    assert list(selectors.absence_list(user=cadre.user)) == [mine]
    assert set(selectors.absence_list(user=manager.user)) == {mine, theirs}
    assert list(selectors.absence_list(user=other_manager.user)) == []
    assert list(selectors.absence_list(user=AnonymousUser())) == []
    with pytest.raises(Http404):
        selectors.absence_get_for_user(user=cadre.user, pk=theirs.pk)
    with pytest.raises(Http404):
        selectors.absence_get_for_user(user=other_manager.user, pk=mine.pk)


def test_pending_queue_holds_requests_of_managed_units_but_not_own(cadre, manager):
    pending = request_leave(cadre, TUE)
    request_leave(manager, MON)
    services.absence_cancel(actor=cadre.user, absence=request_leave(cadre, SAT))

    assert list(selectors.pending_absence_list(user=manager.user)) == [pending]
    assert list(selectors.pending_absence_list(user=cadre.user)) == []


def test_approved_absences_helper_lists_only_approved_overlapping_leave(cadre, manager):
    approved = factories.absence(staff=cadre, start_date=MON, approved_by=manager)
    request_leave(cadre, TUE)

    assert list(
        selectors.approved_absence_list_unscoped(staff_ids=[cadre.pk], start=MON, end=SAT)
    ) == [approved]
    assert (
        list(selectors.approved_absence_list_unscoped(staff_ids=[cadre.pk], start=TUE, end=SAT))
        == []
    )


# --- concurrency (PostgreSQL only: SQLite has no row locks) ----------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_concurrent_approvals_of_a_and_b_cannot_both_slip_past_the_gap_check(transactional_db):
    hall = factories.unit()
    manager = factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER))
    a, b = factories.staff(unit=hall), factories.staff(unit=hall)
    post = factories.post(unit=hall)
    factories.pairing(post=post, a=a, b=b)
    leave_a, leave_b = request_leave(a, MON), request_leave(b, MON)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def approve(name, absence):
        try:
            barrier.wait(timeout=10)
            services.absence_approve(actor=manager.user, absence=absence)
            outcomes[name] = "approved"
        except ConfirmationRequired:
            outcomes[name] = "confirmation"
        except Exception as exc:  # reported in the assertion below
            outcomes[name] = repr(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=approve, args=(name, absence))
        for name, absence in (("a", leave_a), ("b", leave_b))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["approved", "confirmation"]
    assert Absence.objects.filter(status=Absence.Status.APPROVED).count() == 1


# --- pages ------------------------------------------------------------------------------


def test_leave_page_requests_leave_and_reshows_the_form_on_bad_input(client, cadre):
    client.force_login(cadre.user)

    page = client.get("/leave/").content.decode()
    bad = client.post(
        "/leave/",
        {
            "kind": "annual",
            "start_date": "2026-03-03",
            "start_half": "am",
            "end_date": "2026-03-02",
            "end_half": "pm",
        },
    )
    good = client.post(
        "/leave/",
        {
            "kind": "annual",
            "start_date": "2026-03-02",
            "start_half": "pm",
            "end_date": "2026-03-03",
            "end_half": "am",
        },
    )

    assert 'name="staff"' not in page and 'name="start_half"' in page
    assert bad.status_code == 400
    assert "The last day must not be before the first day." in bad.content.decode()
    assert good.status_code == 302
    absence = Absence.objects.get()
    assert (absence.staff, absence.start_half, absence.end_half) == (cadre, "pm", "am")


def test_cadre_cannot_open_the_approval_queue_or_the_gap_page(client, cadre):
    client.force_login(cadre.user)

    assert client.get("/leave/approvals/").status_code == 403
    assert client.get("/coverage/gaps/").status_code == 403


def test_anonymous_is_sent_to_log_in_from_leave_pages(client):
    for url in ("/leave/", "/leave/approvals/", "/coverage/gaps/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_approval_page_warns_then_approves_only_with_explicit_confirmation(client, pair, manager):
    _post, a, b = pair
    factories.absence(staff=b, start_date=MON, approved_by=manager)
    absence = request_leave(a, MON)
    client.force_login(manager.user)

    queue = client.get("/leave/approvals/").content.decode()
    warned = client.post(f"/leave/{absence.pk}/approve/", {"note": ""})
    absence.refresh_from_db()
    status_after_warning = absence.status
    confirmed = client.post(f"/leave/{absence.pk}/approve/", {"confirm_gaps": "on", "note": ""})

    assert "Invoice desk" in queue and "2026-03-02" in queue
    assert warned.status_code == 200
    assert "Approve anyway" in warned.content.decode() and "Invoice desk" in warned.content.decode()
    assert status_after_warning == Absence.Status.REQUESTED
    assert confirmed.status_code == 302
    absence.refresh_from_db()
    assert absence.status == Absence.Status.APPROVED and absence.gaps_confirmed


def test_rejecting_on_the_page_needs_a_note(client, manager, cadre):
    absence = request_leave(cadre, MON)
    client.force_login(manager.user)

    missing = client.post(f"/leave/{absence.pk}/reject/", {"note": ""})
    done = client.post(f"/leave/{absence.pk}/reject/", {"note": "audit week"})

    assert (
        missing.status_code == 400 and "Say why the leave is rejected." in missing.content.decode()
    )
    assert done.status_code == 302
    absence.refresh_from_db()
    assert absence.status == Absence.Status.REJECTED


def test_a_manager_of_another_hall_gets_404_on_the_page_actions(client, cadre):
    absence = request_leave(cadre, MON)
    elsewhere = factories.staff(unit=factories.unit(), roles=(Role.CADRE, Role.MANAGER))
    client.force_login(elsewhere.user)

    assert client.post(f"/leave/{absence.pk}/approve/").status_code == 404
    assert client.post(f"/leave/{absence.pk}/reject/", {"note": "x"}).status_code == 404
    assert client.post(f"/leave/{absence.pk}/cancel/").status_code == 404


def test_cancelling_on_the_page(client, cadre):
    absence = request_leave(cadre, MON)
    client.force_login(cadre.user)

    response = client.post(f"/leave/{absence.pk}/cancel/", {"next": "https://evil.example/"})

    assert response.status_code == 302 and response["Location"] == "/leave/"
    absence.refresh_from_db()
    assert absence.status == Absence.Status.CANCELLED


def test_gap_page_groups_gaps_by_day_highlights_critical_posts_and_validates_the_range(
    client, manager, hall
):
    factories.post(unit=hall, name="Main desk", critical=True)
    factories.post(unit=hall, name="Side desk")
    client.force_login(manager.user)

    shown = client.get("/coverage/gaps/", {"start": "2026-03-02", "end": "2026-03-03"})
    reversed_range = client.get("/coverage/gaps/", {"start": "2026-03-03", "end": "2026-03-02"})
    default = client.get("/coverage/gaps/")

    body = shown.content.decode()
    assert body.count('class="card gap-day"') == 2
    assert body.count('class="gap-row critical"') == 2 and body.count('class="gap-row"') == 2
    assert reversed_range.status_code == 400
    assert "The end date must not be before the start date." in reversed_range.content.decode()
    assert default.status_code == 200 and "gap-day" in default.content.decode()
