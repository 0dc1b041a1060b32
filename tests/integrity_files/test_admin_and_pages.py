"""The admin cannot change or delete a confirmed record; pages re-show bad input with its
errors and save nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from integrity_files.models import IntegrityRecord, RecordResponse, Talk
from tests.integrity_files.conftest import confirmed


@pytest.fixture
def superuser_client(db):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client = Client()
    client.force_login(user)
    return client


def test_the_admin_offers_no_change_of_a_confirmed_record(org, superuser_client):
    record = confirmed(org)
    url = reverse("admin:integrity_files_integrityrecord_change", args=[record.pk])

    response = superuser_client.post(url, {"points": 0, "facts": "nothing"})

    record.refresh_from_db()
    assert response.status_code == 403
    assert record.points == -2


def test_the_admin_offers_no_delete_of_a_confirmed_record(org, superuser_client):
    record = confirmed(org)
    url = reverse("admin:integrity_files_integrityrecord_delete", args=[record.pk])

    response = superuser_client.post(url, {"post": "yes"})

    assert response.status_code == 403
    assert IntegrityRecord.objects.filter(pk=record.pk).exists()


def test_a_talk_with_a_due_date_but_no_follow_up_is_shown_again_with_the_error(org):
    client = Client()
    client.force_login(org.officer_x.user)

    response = client.post(
        f"/integrity/files/{org.cadre_x.pk}/",
        {
            "op": "talk",
            "talk-kind": "reminder",
            "talk-held_on": "2026-01-05",
            "talk-participants": "Officer Zhao, Li Na",
            "talk-summary": "Reminded about duty times.",
            "talk-follow_up_due": "2026-02-05",
        },
    )

    assert response.status_code == 400
    assert "needs a follow-up" in response.content.decode()
    assert not Talk.objects.exists()


def test_an_objection_without_a_statement_is_shown_again_with_the_error(org):
    record = confirmed(org)
    client = Client()
    client.force_login(org.cadre_x.user)

    response = client.post(f"/integrity/records/{record.pk}/", {"op": "object"})

    assert response.status_code == 400
    assert 'id="lodge-objection"' in response.content.decode()
    assert not RecordResponse.objects.exists()


def test_the_cadre_reads_who_looked_at_their_file_over_the_api(org, api_as):
    confirmed(org)
    api_as(org.leader).get("/api/integrity/records/")

    mine = api_as(org.cadre_x).get("/api/integrity/access-log/").json()["results"]
    others = api_as(org.other_cadre_x).get("/api/integrity/access-log/").json()["results"]

    assert [(row["viewer"], row["what"]) for row in mine] == [
        (org.leader.user.username, "api_records")
    ]
    assert others == []
