"""A talk's follow-up is marked done once, by an officer keeping the file who is not the
cadre talked to, saying what was done; the database refuses any other change of a talk
and any change after that; the page and the API do it and re-show bad input."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from integrity_files import services
from integrity_files.errors import IntegrityFileError as E
from integrity_files.models import FileAccess, Talk

TALK_TABLE = Talk._meta.db_table


def _talk(org, *, staff=None, officer=None, follow_up="Check the check-in log."):
    today = timezone.localdate()
    return services.talk_record(
        actor=(officer or org.officer_x).user,
        staff=staff or org.cadre_x,
        kind="reminder",
        held_on=today,
        participants="Officer Zhao, Li Na",
        summary="On punctuality.",
        follow_up=follow_up,
        follow_up_due=today + timedelta(days=5) if follow_up else None,
    )


def _code(error):
    return error.value.error_list[0].code


def test_an_officer_marks_the_follow_up_done_with_who_when_and_why(org):
    talk = _talk(org)

    done = services.talk_follow_up_done(actor=org.second_officer_x.user, talk=talk, note=" Done ")

    talk.refresh_from_db()
    assert talk.follow_up_done_by == org.second_officer_x.user
    assert talk.follow_up_done_at is not None
    assert talk.follow_up_done_note == "Done"
    assert done.pk == talk.pk
    latest = talk.history.order_by("-history_date").first()
    assert (latest.history_user, latest.history_change_reason) == (
        org.second_officer_x.user,
        "talk follow-up done",
    )
    assert latest.follow_up_done_note == "Done"


def test_a_follow_up_is_marked_done_only_once(org):
    talk = _talk(org)
    services.talk_follow_up_done(actor=org.officer_x.user, talk=talk, note="Done")

    with pytest.raises(ValidationError) as error:
        services.talk_follow_up_done(actor=org.second_officer_x.user, talk=talk, note="Again")

    assert _code(error) == E.FOLLOW_UP_ALREADY_DONE
    talk.refresh_from_db()
    assert (talk.follow_up_done_by, talk.follow_up_done_note) == (org.officer_x.user, "Done")


def test_the_cadre_talked_to_does_not_close_their_own_follow_up(org):
    talk = _talk(org, staff=org.second_officer_x)

    with pytest.raises(ValidationError) as error:
        services.talk_follow_up_done(actor=org.second_officer_x.user, talk=talk, note="Done")

    assert _code(error) == E.FOLLOW_UP_BY_CADRE
    talk.refresh_from_db()
    assert talk.follow_up_done_at is None


def test_only_officers_keeping_the_file_mark_it(org):
    talk = _talk(org)
    for person in (org.officer_y, org.manager_x, org.cadre_x, org.leader):
        with pytest.raises(PermissionDenied):
            services.talk_follow_up_done(actor=person.user, talk=talk, note="Done")
    talk.refresh_from_db()
    assert talk.follow_up_done_at is None


def test_a_talk_without_follow_up_or_a_note_is_refused(org):
    with pytest.raises(ValidationError) as error:
        services.talk_follow_up_done(
            actor=org.officer_x.user, talk=_talk(org, follow_up=""), note="x"
        )
    assert _code(error) == E.NO_FOLLOW_UP
    with pytest.raises(ValidationError) as error:
        services.talk_follow_up_done(actor=org.officer_x.user, talk=_talk(org), note="  ")
    assert error.value.error_dict["note"][0].code == E.FOLLOW_UP_NOTE_REQUIRED


# --- the database keeps talks append-only --------------------------------------------


def _refused(sql, params):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_changing_what_a_talk_says(org):
    talk = _talk(org)

    _refused(f"UPDATE {TALK_TABLE} SET summary = 'Nothing said' WHERE id = %s", [talk.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        Talk.objects.filter(pk=talk.pk).update(follow_up_due=None, follow_up="")

    talk.refresh_from_db()
    assert talk.summary == "On punctuality."


def test_the_database_refuses_deleting_a_talk_and_rewriting_its_history(org):
    talk = _talk(org)

    _refused(f"DELETE FROM {TALK_TABLE} WHERE id = %s", [talk.pk])
    history = Talk.history.model._meta.db_table
    _refused(f"UPDATE {history} SET summary = 'x' WHERE id = %s", [talk.pk])
    _refused(f"DELETE FROM {history} WHERE id = %s", [talk.pk])

    assert Talk.objects.filter(pk=talk.pk).exists()


def test_the_database_refuses_a_second_setting_or_clearing_of_the_follow_up(org):
    talk = _talk(org)
    services.talk_follow_up_done(actor=org.officer_x.user, talk=talk, note="Done")

    _refused(f"UPDATE {TALK_TABLE} SET follow_up_done_note = 'Other' WHERE id = %s", [talk.pk])
    _refused(
        f"UPDATE {TALK_TABLE} SET follow_up_done_at = NULL, follow_up_done_by_id = NULL, "
        "follow_up_done_note = '' WHERE id = %s",
        [talk.pk],
    )

    talk.refresh_from_db()
    assert talk.follow_up_done_note == "Done"


def test_the_database_lets_only_the_follow_up_fields_be_set_once(org):
    talk = _talk(org)

    _refused(
        f"UPDATE {TALK_TABLE} SET follow_up_done_at = %s, follow_up_done_by_id = %s, "
        "follow_up_done_note = 'Done', summary = 'Changed' WHERE id = %s",
        [timezone.now(), org.officer_x.user.pk, talk.pk],
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TALK_TABLE} SET follow_up_done_at = %s, follow_up_done_by_id = %s, "
            "follow_up_done_note = 'Done' WHERE id = %s",
            [timezone.now(), org.officer_x.user.pk, talk.pk],
        )

    talk.refresh_from_db()
    assert (talk.summary, talk.follow_up_done_note) == ("On punctuality.", "Done")


# --- the page and the API -------------------------------------------------------------


def test_the_file_page_marks_a_follow_up_done_and_reshows_a_missing_note(client, org):
    talk = _talk(org)
    client.force_login(org.second_officer_x.user)
    url = reverse("integrity_files:file-detail", args=[org.cadre_x.pk])

    response = client.post(url, {"op": "talk_done", "talk": talk.pk, f"done{talk.pk}-note": ""})
    assert response.status_code == 400
    assert b"This field is required" in response.content
    response = client.post(
        url, {"op": "talk_done", "talk": talk.pk, f"done{talk.pk}-note": "Log checked."}
    )
    assert response.status_code == 302
    page = client.get(url)
    assert b"Follow-up done on" in page.content
    assert b"Log checked." in page.content
    assert b"follow-up-done-form" not in page.content

    response = client.post(url, {"op": "talk_done", "talk": talk.pk, f"done{talk.pk}-note": "x"})
    assert response.status_code == 400
    assert b"already marked done" in response.content


def test_the_cadre_sees_the_follow_up_done_but_has_no_form(client, org):
    talk = _talk(org)
    services.talk_follow_up_done(actor=org.officer_x.user, talk=talk, note="Log checked.")
    client.force_login(org.cadre_x.user)
    page = client.get(reverse("integrity_files:file-detail", args=[org.cadre_x.pk]))
    assert b"Log checked." in page.content
    response = client.post(
        reverse("integrity_files:file-detail", args=[org.cadre_x.pk]),
        {"op": "talk_done", "talk": talk.pk, f"done{talk.pk}-note": "x"},
    )
    assert response.status_code == 403


def test_the_api_marks_the_follow_up_done_once_and_logs_the_read(client, org):
    talk = _talk(org)
    client.force_login(org.second_officer_x.user)
    url = f"/api/integrity/talks/{talk.pk}/follow-up-done/"

    response = client.post(url, {"note": ""}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["note"][0]["code"] == "blank"
    response = client.post(url, {"note": "Log checked."}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["follow_up_done_by"] == org.second_officer_x.user.pk
    assert body["follow_up_done_note"] == "Log checked."
    assert FileAccess.objects.filter(
        viewer=org.second_officer_x.user, staff=org.cadre_x, what=FileAccess.What.API_TALKS
    ).exists()
    response = client.post(url, {"note": "Again"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"][0]["code"] == E.FOLLOW_UP_ALREADY_DONE


def test_the_api_refuses_other_units_and_cadres(client, org):
    talk = _talk(org)
    url = f"/api/integrity/talks/{talk.pk}/follow-up-done/"
    client.force_login(org.officer_y.user)
    assert client.post(url, {"note": "x"}, content_type="application/json").status_code == 404
    client.force_login(org.cadre_x.user)
    assert client.post(url, {"note": "x"}, content_type="application/json").status_code == 403


@pytest.mark.parametrize("raw", ["9" * 30, "\u0661", "-1", "", "x"])
def test_a_talk_id_that_names_no_talk_is_a_404_not_a_500(client, org, raw):
    talk = _talk(org)
    client.force_login(org.second_officer_x.user)
    url = reverse("integrity_files:file-detail", args=[org.cadre_x.pk])

    response = client.post(url, {"op": "talk_done", "talk": raw, f"done{talk.pk}-note": "x"})

    assert response.status_code == 404
    talk.refresh_from_db()
    assert talk.follow_up_done_at is None
