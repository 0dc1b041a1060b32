"""Editing a roster on its grid: move, swap, replace, remove a duty (rule warnings first, a
reason for a confirmed break), the edit log and its undo, withdrawing and republishing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kernel.errors import ConfirmationRequired
from roster import services
from roster.errors import RosterError
from roster.models import DutyAssignment, DutyNotification, Roster, RosterEdit
from tests import factories

MON, TUE, WED, THU, FRI = (date(2026, 3, d) for d in (2, 3, 4, 5, 6))


def codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


@pytest.fixture
def people(hall):
    return [factories.staff(unit=hall, name=name) for name in ("Ann", "Bo", "Cai")]


@pytest.fixture
def noon(hall):
    return factories.duty_type(unit=hall, min_gap_days=1)


@pytest.fixture
def draft(noon, people):
    ann, bo, cai = people
    return factories.published_roster(
        duty_type=noon,
        duties={MON: [ann], TUE: [bo], WED: [cai], THU: [ann], FRI: [bo]},
        publish=False,
    )


def duty(roster, day) -> DutyAssignment:
    return roster.assignments.select_related("staff").get(date=day)


def last_edit(roster) -> RosterEdit:
    return roster.edits.order_by("-id").first()


# Services -------------------------------------------------------------------------------


def test_moving_onto_a_staffed_day_warns_then_needs_a_reason_then_is_logged(draft, manager):
    monday = duty(draft, MON)

    with pytest.raises(ConfirmationRequired) as needed:
        services.assignment_move(actor=manager.user, assignment=monday, to_date=TUE)
    assert {w["code"] for w in needed.value.warnings} == {"headcount"}
    with pytest.raises(ValidationError) as unexplained:
        services.assignment_move(actor=manager.user, assignment=monday, to_date=TUE, confirm=True)
    assert codes(unexplained.value) == {RosterError.REASON_REQUIRED}
    assert duty(draft, MON).staff.name == "Ann"

    services.assignment_move(
        actor=manager.user, assignment=monday, to_date=TUE, confirm=True, reason="Ann asked"
    )

    edit = last_edit(draft)
    assert edit.action == RosterEdit.Action.MOVE
    assert edit.actor == manager.user and edit.reason == "Ann asked"
    assert edit.before == [
        {"id": monday.pk, "staff": monday.staff_id, "staff_name": "Ann", "date": "2026-03-02"}
    ]
    assert edit.after[0]["date"] == "2026-03-03"
    assert not draft.assignments.filter(date=MON).exists()


def test_swapping_exchanges_the_people_of_two_days_in_one_logged_edit(draft, manager, people):
    ann, bo, _cai = people

    services.assignment_swap(
        actor=manager.user, assignment=duty(draft, MON), other=duty(draft, TUE)
    )

    assert duty(draft, MON).staff == bo and duty(draft, TUE).staff == ann
    edit = last_edit(draft)
    assert edit.action == RosterEdit.Action.SWAP
    assert {(e["staff_name"], e["date"]) for e in edit.after} == {
        ("Bo", "2026-03-02"),
        ("Ann", "2026-03-03"),
    }


def test_swapping_onto_a_persons_leave_warns(draft, manager, people):
    _ann, bo, _cai = people
    factories.approved_absence(staff=bo, approver=manager, start_date=MON)

    with pytest.raises(ConfirmationRequired) as needed:
        services.assignment_swap(
            actor=manager.user, assignment=duty(draft, MON), other=duty(draft, TUE)
        )

    assert "on_leave" in {w["code"] for w in needed.value.warnings}
    assert duty(draft, MON).staff.name == "Ann"


def test_swapping_with_a_duty_of_the_same_day_or_another_roster_is_an_error(
    draft, manager, noon, people, hall
):
    other_roster = factories.published_roster(
        duty_type=factories.duty_type(unit=hall), duties={date(2026, 3, 9): [people[2]]}
    )
    with pytest.raises(ValidationError) as elsewhere:
        services.assignment_swap(
            actor=manager.user,
            assignment=duty(draft, MON),
            other=other_roster.assignments.get(),
            confirm=True,
            reason="x",
        )
    assert codes(elsewhere.value) == {RosterError.SWAP_NOT_SAME_ROSTER}
    with pytest.raises(ValidationError) as itself:
        services.assignment_swap(
            actor=manager.user, assignment=duty(draft, MON), other=duty(draft, MON)
        )
    assert codes(itself.value) == {RosterError.SWAP_NOT_SAME_ROSTER}


def test_replacing_by_someone_on_duty_that_day_is_an_error_even_confirmed(draft, manager, people):
    _ann, bo, cai = people
    other_roster = factories.published_roster(
        duty_type=factories.duty_type(unit=draft.unit), duties={MON: [cai]}
    )
    assert other_roster.assignments.filter(staff=cai, date=MON).exists()

    with pytest.raises(ValidationError) as twice:
        services.assignment_replace(
            actor=manager.user, assignment=duty(draft, MON), to_staff=cai, confirm=True, reason="x"
        )
    assert RosterError.DUTY_SAME_DAY in codes(twice.value)

    services.assignment_replace(actor=manager.user, assignment=duty(draft, MON), to_staff=bo)
    assert duty(draft, MON).staff == bo
    assert last_edit(draft).action == RosterEdit.Action.REPLACE


def test_undoing_a_move_restores_it_and_logs_the_undo_once(draft, manager):
    monday = duty(draft, MON)
    services.assignment_move(
        actor=manager.user, assignment=monday, to_date=TUE, confirm=True, reason="try"
    )
    move = last_edit(draft)

    undo = services.roster_edit_undo(actor=manager.user, edit=move)

    monday.refresh_from_db()
    assert monday.date == MON
    assert undo.action == RosterEdit.Action.UNDO and undo.undoes == move
    assert not RosterEdit.objects.get(pk=move.pk).is_undoable
    with pytest.raises(ValidationError) as again:
        services.roster_edit_undo(actor=manager.user, edit=move)
    assert codes(again.value) == {RosterError.EDIT_ALREADY_UNDONE}
    with pytest.raises(ValidationError) as of_undo:
        services.roster_edit_undo(actor=manager.user, edit=undo)
    assert codes(of_undo.value) == {RosterError.EDIT_NOT_UNDOABLE}


def test_undoing_a_removal_and_a_swap_brings_the_duties_back(draft, manager, people):
    ann, bo, _cai = people
    services.assignment_remove(
        actor=manager.user, assignment=duty(draft, WED), reason="ill", confirm=True
    )
    removal = last_edit(draft)
    services.assignment_swap(
        actor=manager.user, assignment=duty(draft, MON), other=duty(draft, TUE)
    )
    swap = last_edit(draft)

    services.roster_edit_undo(actor=manager.user, edit=swap)
    services.roster_edit_undo(actor=manager.user, edit=removal)

    assert duty(draft, MON).staff == ann and duty(draft, TUE).staff == bo
    assert duty(draft, WED).staff.name == "Cai"


def test_undo_is_refused_when_the_duties_changed_since(draft, manager, people):
    _ann, _bo, cai = people
    monday = duty(draft, MON)
    services.assignment_replace(actor=manager.user, assignment=monday, to_staff=people[1])
    replace = last_edit(draft)
    services.assignment_replace(
        actor=manager.user, assignment=duty(draft, MON), to_staff=cai, confirm=True, reason="x"
    )

    with pytest.raises(ValidationError) as stale:
        services.roster_edit_undo(actor=manager.user, edit=replace)

    assert codes(stale.value) == {RosterError.EDIT_STALE}
    assert "can no longer be undone" in stale.value.messages[0]
    assert duty(draft, MON).staff == cai
    assert not draft.edits.filter(action=RosterEdit.Action.UNDO).exists()


def test_undo_of_a_removal_is_refused_once_the_day_is_taken_again(draft, manager, people):
    ann = people[0]
    services.assignment_remove(
        actor=manager.user, assignment=duty(draft, MON), reason="ill", confirm=True
    )
    removal = last_edit(draft)
    services.assignment_add(actor=manager.user, roster=draft, staff=ann, date=MON)

    with pytest.raises(ValidationError) as stale:
        services.roster_edit_undo(actor=manager.user, edit=removal)

    assert codes(stale.value) == {RosterError.EDIT_STALE}
    assert draft.assignments.filter(date=MON).count() == 1


def test_edits_on_a_published_roster_notify_the_people_affected(draft, manager, people):
    ann, bo, _cai = people
    services.roster_publish(actor=manager.user, roster=draft)
    DutyNotification.objects.all().delete()

    services.assignment_swap(
        actor=manager.user, assignment=duty(draft, MON), other=duty(draft, TUE), reason="asked"
    )

    kinds = set(DutyNotification.objects.values_list("recipient__name", "kind"))
    assert kinds == {("Ann", "removed"), ("Ann", "added"), ("Bo", "removed"), ("Bo", "added")}
    DutyNotification.objects.all().delete()
    services.roster_edit_undo(actor=manager.user, edit=last_edit(draft))
    assert DutyNotification.objects.filter(recipient=ann, kind="added").exists()
    assert DutyNotification.objects.filter(recipient=bo, kind="added").exists()


def test_withdrawing_needs_a_reason_notifies_everyone_and_republishing_tells_who_lost_a_duty(
    draft, manager, people
):
    ann, bo, cai = people
    with pytest.raises(ValidationError) as not_published:
        services.roster_withdraw(actor=manager.user, roster=draft, reason="x")
    assert codes(not_published.value) == {RosterError.ROSTER_NOT_PUBLISHED}
    services.roster_publish(actor=manager.user, roster=draft)
    with pytest.raises(ValidationError) as unexplained:
        services.roster_withdraw(actor=manager.user, roster=draft, reason=" ")
    assert codes(unexplained.value) == {RosterError.REASON_REQUIRED}

    services.roster_withdraw(actor=manager.user, roster=draft, reason="new colleague")

    draft.refresh_from_db()
    assert draft.status == Roster.Status.DRAFT and draft.published_at is None
    withdrawn = DutyNotification.objects.filter(kind="withdrawn")
    assert sorted(withdrawn.values_list("recipient__name", flat=True)) == ["Ann", "Bo", "Cai"]
    assert "new colleague" in withdrawn.first().message

    services.assignment_replace(
        actor=manager.user, assignment=duty(draft, WED), to_staff=ann, confirm=True, reason="x"
    )
    DutyNotification.objects.all().delete()
    services.roster_publish(actor=manager.user, roster=draft)

    lost = DutyNotification.objects.filter(kind="removed")
    assert list(lost.values_list("recipient", "params__date")) == [(cai.pk, "2026-03-04")]
    assert DutyNotification.objects.filter(kind="published", recipient=ann).count() == 3
    assert last_edit(draft).action == RosterEdit.Action.PUBLISH
    assert bo.pk  # Bo's duties did not change: only the publication notices


def test_a_cadre_and_another_halls_manager_cannot_edit_undo_or_withdraw(
    draft, manager, cadre, people
):
    other_hall = factories.unit(name="Hall West")
    other_manager = factories.staff(unit=other_hall, roles=("cadre", "manager"))
    services.assignment_move(actor=manager.user, assignment=duty(draft, MON), to_staff=people[2])
    move = last_edit(draft)

    for person in (cadre, other_manager):
        with pytest.raises(PermissionDenied):
            services.assignment_swap(
                actor=person.user, assignment=duty(draft, TUE), other=duty(draft, WED)
            )
        with pytest.raises(PermissionDenied):
            services.roster_edit_undo(actor=person.user, edit=move)
    services.roster_publish(actor=manager.user, roster=draft)
    with pytest.raises(PermissionDenied):
        services.roster_withdraw(actor=cadre.user, roster=draft, reason="no")


# Pages ----------------------------------------------------------------------------------


def test_the_grid_links_each_duty_to_its_page_with_the_four_actions(client, draft, manager):
    client.force_login(manager.user)
    monday = duty(draft, MON)

    grid = client.get(f"/roster/{draft.pk}/?year=2026&month=3").content.decode()
    assert f'href="/roster/{draft.pk}/duties/{monday.pk}/"' in grid
    assert 'id="id_move-assignment"' not in grid  # no dropdown of every duty

    page = client.get(f"/roster/{draft.pk}/duties/{monday.pk}/").content.decode()
    for action in ("move", "swap", "replace", "remove"):
        assert f'action="/roster/{draft.pk}/duties/{monday.pk}/{action}/"' in page
    assert "Ann" in page


def test_a_move_on_the_page_shows_warnings_asks_a_reason_then_is_in_the_log(client, draft, manager):
    client.force_login(manager.user)
    monday = duty(draft, MON)
    url = f"/roster/{draft.pk}/duties/{monday.pk}/move/"

    warned = client.post(url, {"move-to_date": "2026-03-03"})
    assert warned.status_code == 200
    assert "people on" in warned.content.decode()
    assert 'name="move-confirm" value="on"' in warned.content.decode()
    unexplained = client.post(url, {"move-to_date": "2026-03-03", "move-confirm": "on"})
    assert unexplained.status_code == 200 and "Say why" in unexplained.content.decode()
    done = client.post(
        url, {"move-to_date": "2026-03-03", "move-confirm": "on", "move-reason": "Ann asked"}
    )

    assert done.status_code == 302
    log = client.get(f"/roster/{draft.pk}/?year=2026&month=3").content.decode()
    assert "Ann asked" in log and "Duty moved" in log


def test_page_forms_are_reshown_with_their_errors(client, draft, manager):
    client.force_login(manager.user)
    monday = duty(draft, MON)
    base = f"/roster/{draft.pk}/duties/{monday.pk}"

    bad_day = client.post(f"{base}/move/", {"move-to_date": "2026-13-40"})
    outside = client.post(f"{base}/move/", {"move-to_date": "2026-05-04"})
    no_duty = client.post(
        f"{base}/swap/",
        {"swap-with_staff": duty(draft, TUE).staff_id, "swap-with_date": "2026-03-05"},
    )
    no_reason = client.post(f"{base}/remove/", {"remove-reason": ""})

    for response in (bad_day, outside, no_duty, no_reason):
        assert response.status_code == 200
        assert 'class="errorlist' in response.content.decode()
    assert "has no duty of this roster on that day" in no_duty.content.decode()
    assert draft.assignments.count() == 5 and not draft.edits.exclude(action="add").exists()


def test_a_swap_and_an_undo_through_the_pages(client, draft, manager, people):
    ann, bo, _cai = people
    client.force_login(manager.user)
    monday = duty(draft, MON)

    swapped = client.post(
        f"/roster/{draft.pk}/duties/{monday.pk}/swap/",
        {"swap-with_staff": bo.pk, "swap-with_date": "2026-03-03", "swap-reason": "asked"},
    )
    assert swapped.status_code == 302 and duty(draft, MON).staff == bo
    edit = last_edit(draft)
    undone = client.post(f"/roster/{draft.pk}/edits/{edit.pk}/undo/", follow=True)
    assert "The edit was undone." in undone.content.decode()
    assert duty(draft, MON).staff == ann
    stale = client.post(f"/roster/{draft.pk}/edits/{edit.pk}/undo/", follow=True)
    assert "already undone" in stale.content.decode()


def test_cell_pages_are_refused_to_a_cadre_and_to_another_halls_manager(
    client, draft, manager, cadre
):
    services.roster_publish(actor=manager.user, roster=draft)
    other_manager = factories.staff(
        unit=factories.unit(name="Hall West"), roles=("cadre", "manager")
    )
    url = f"/roster/{draft.pk}/duties/{duty(draft, MON).pk}/"

    client.force_login(cadre.user)
    assert client.get(url).status_code == 403
    assert client.post(url + "remove/", {"remove-reason": "x"}).status_code == 403
    client.force_login(other_manager.user)
    assert client.get(url).status_code == 404
    assert draft.assignments.count() == 5


def test_publishing_asks_first_then_withdrawing_asks_a_reason(client, draft, manager):
    client.force_login(manager.user)
    services.assignment_remove(
        actor=manager.user, assignment=duty(draft, WED), reason="ill", confirm=True
    )

    ask = client.get(f"/roster/{draft.pk}/publish/").content.decode()
    assert 'id="confirm-publish"' in ask and 'id="summary-duties">4<' in ask
    assert "0 people, 1 needed" in ask
    draft.refresh_from_db()
    assert draft.is_draft
    assert client.post(f"/roster/{draft.pk}/publish/").status_code == 302
    draft.refresh_from_db()
    assert not draft.is_draft

    empty = client.post(f"/roster/{draft.pk}/withdraw/", {"reason": ""})
    assert empty.status_code == 200 and 'class="errorlist' in empty.content.decode()
    assert client.post(f"/roster/{draft.pk}/withdraw/", {"reason": "redo"}).status_code == 302
    draft.refresh_from_db()
    assert draft.is_draft


def test_roster_page_queries_do_not_grow_with_duties_or_edits(client, noon, manager, hall):
    people = [factories.staff(unit=hall) for _ in range(8)]
    small = factories.published_roster(duty_type=noon, duties={MON: [people[1]]}, publish=False)
    days = [date(2026, 3, d) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17)]
    big = factories.published_roster(
        duty_type=factories.duty_type(unit=hall, headcount=2),
        duties={d: [people[i % 8], people[(i + 3) % 8]] for i, d in enumerate(days)},
        publish=False,
    )
    for d in days[:3]:
        services.assignment_remove(
            actor=manager.user,
            assignment=big.assignments.filter(date=d).first(),
            reason="r",
            confirm=True,
        )
    client.force_login(manager.user)

    def count(roster) -> int:
        client.get(f"/roster/{roster.pk}/?year=2026&month=3")  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/roster/{roster.pk}/?year=2026&month=3").status_code == 200
        return len(queries)

    assert count(big) == count(small)


# API ------------------------------------------------------------------------------------


def test_api_replace_swap_undo_and_withdraw(api_as, draft, manager, people):
    ann, bo, cai = people
    factories.approved_absence(staff=cai, approver=manager, start_date=MON)
    client = api_as(manager)
    monday = duty(draft, MON)

    warned = client.post(
        f"/api/assignments/{monday.pk}/replace/", {"to_staff": cai.pk}, format="json"
    )
    assert warned.status_code == 409 and warned.json()["requires_confirmation"] is True
    unexplained = client.post(
        f"/api/assignments/{monday.pk}/replace/",
        {"to_staff": cai.pk, "confirm": True},
        format="json",
    )
    assert unexplained.status_code == 400
    assert unexplained.json()["reason"][0]["code"] == RosterError.REASON_REQUIRED
    swapped = client.post(
        f"/api/assignments/{monday.pk}/swap/",
        {"with_assignment": duty(draft, TUE).pk, "reason": "asked"},
        format="json",
    )
    assert swapped.status_code == 200
    assert swapped.json()["assignment"]["staff"] == bo.pk

    log = client.get(f"/api/roster-edits/?roster={draft.pk}&action=swap").json()["results"]
    assert [e["action"] for e in log] == ["swap"] and log[0]["is_undoable"] is True
    undone = client.post(f"/api/roster-edits/{log[0]['id']}/undo/", {}, format="json")
    assert undone.status_code == 201 and undone.json()["undoes"] == log[0]["id"]
    again = client.post(f"/api/roster-edits/{log[0]['id']}/undo/", {}, format="json")
    assert again.json()["non_field_errors"][0]["code"] == RosterError.EDIT_ALREADY_UNDONE

    services.roster_publish(actor=manager.user, roster=draft)
    withdrawn = client.post(f"/api/rosters/{draft.pk}/withdraw/", {"reason": "redo"}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "draft"
    assert duty(draft, MON).staff == ann


def test_api_edit_log_is_for_the_managers_of_the_roster(api_as, draft, cadre):
    other_manager = factories.staff(
        unit=factories.unit(name="Hall West"), roles=("cadre", "manager")
    )
    edit = draft.edits.first()

    assert api_as(cadre).get("/api/roster-edits/").status_code == 403
    assert api_as(other_manager).get(f"/api/roster-edits/{edit.pk}/").status_code == 404
    assert api_as(other_manager).post(f"/api/roster-edits/{edit.pk}/undo/").status_code == 404


def test_the_duty_page_warnings_and_log_read_in_chinese(client, draft, manager):
    client.force_login(manager.user)
    monday = duty(draft, MON)
    zh = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}

    page = client.get(f"/roster/{draft.pk}/duties/{monday.pk}/", **zh).content.decode()
    warned = client.post(
        f"/roster/{draft.pk}/duties/{monday.pk}/move/", {"move-to_date": "2026-03-03"}, **zh
    ).content.decode()
    services.assignment_swap(
        actor=manager.user, assignment=duty(draft, TUE), other=duty(draft, WED)
    )
    log = client.get(f"/roster/{draft.pk}/?year=2026&month=3", **zh).content.decode()

    assert "与他人值班互换" in page and "由他人替班" in page
    assert "此调整违反排班规则" in warned and "请填写理由并确认" in warned
    assert "调整记录" in log and "值班互换" in log
