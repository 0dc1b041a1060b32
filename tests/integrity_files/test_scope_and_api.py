"""Who sees what, over the API and the pages; every read is in the access log; bad input
is a coded 400; confirmed records have no update or delete; query counts stay flat."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from integrity_files import selectors, services
from integrity_files.models import FileAccess
from tests.integrity_files.conftest import confirmed, draft

PDF = b"%PDF-1.4 minimal"


def _ids(response):
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def records(org):
    return {
        "x": confirmed(org),
        "x_draft": draft(org),
        "y": confirmed(org, staff=org.cadre_y, officer=org.officer_y),
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("cadre_x", {"x"}),
        ("cadre_y", {"y"}),
        ("manager_x", set()),
        ("officer_x", {"x", "x_draft"}),
        ("officer_y", {"y"}),
        ("leader", {"x", "y"}),
    ],
)
def test_each_person_sees_only_the_records_they_may(org, records, api_as, who, expected):
    response = api_as(getattr(org, who)).get("/api/integrity/records/")

    assert response.status_code == 200
    assert _ids(response) == {records[key].pk for key in expected}


def test_anonymous_sees_nothing(records, api_client):
    assert api_client.get("/api/integrity/records/").status_code in {401, 403}


def test_a_manager_sees_the_summary_of_their_staff_but_not_the_file(org, records, api_as):
    year = timezone.localdate().year
    client = api_as(org.manager_x)

    summary = client.get(f"/api/integrity/summaries/?start={year}-01-01&end={year}-12-31")
    page = Client()
    page.force_login(org.manager_x.user)

    people = {row["staff"]: row for row in summary.json()}
    assert people[org.cadre_x.pk]["total"] == -2
    assert org.cadre_y.pk not in people
    assert page.get(f"/integrity/files/{org.cadre_x.pk}/").status_code == 404


def test_every_api_read_of_records_is_logged(org, records, api_as):
    api_as(org.leader).get("/api/integrity/records/")
    api_as(org.officer_x).get(f"/api/integrity/records/{records['x'].pk}/")

    log = FileAccess.objects.order_by("id")
    assert [(e.viewer, e.staff, e.what) for e in log] == [
        (org.leader.user, org.cadre_x, "api_records"),
        (org.leader.user, org.cadre_y, "api_records"),
        (org.officer_x.user, org.cadre_x, "api_records"),
    ]


def test_the_file_page_read_is_logged_and_the_cadre_sees_who_read_it(org, records):
    officer = Client()
    officer.force_login(org.officer_x.user)
    assert officer.get(f"/integrity/files/{org.cadre_x.pk}/").status_code == 200

    cadre = Client()
    cadre.force_login(org.cadre_x.user)
    log_page = cadre.get(f"/integrity/files/{org.cadre_x.pk}/access-log/")

    assert FileAccess.objects.filter(viewer=org.officer_x.user, what="file_page").count() == 1
    assert "Officer Zhao" in log_page.content.decode() or org.officer_x.user.username in (
        log_page.content.decode()
    )


def test_a_cadre_cannot_read_the_access_log_of_another_file(org, records):
    cadre = Client()
    cadre.force_login(org.cadre_x.user)

    assert cadre.get(f"/integrity/files/{org.cadre_y.pk}/access-log/").status_code == 404
    assert selectors.file_access_list(user=org.cadre_x.user, staff=org.cadre_y).count() == 0


def test_evidence_is_type_checked_stored_and_its_download_logged(org, api_as):
    record = draft(org)
    client = api_as(org.officer_x)

    fake = client.post(
        f"/api/integrity/records/{record.pk}/evidence/",
        {"file": SimpleUploadedFile("photo.pdf", b"MZ\x90 not a pdf", "application/pdf")},
        format="multipart",
    )
    good = client.post(
        f"/api/integrity/records/{record.pk}/evidence/",
        {"file": SimpleUploadedFile("log.pdf", PDF, "application/pdf")},
        format="multipart",
    )
    services.record_confirm(actor=org.officer_x.user, record=record)
    download = api_as(org.cadre_x).get(good.json()["download_url"])

    assert fake.status_code == 400
    assert fake.json()["file"][0]["code"] == "integrity.evidence_type"
    assert good.status_code == 201
    assert b"".join(download.streaming_content) == PDF
    assert FileAccess.objects.filter(viewer=org.cadre_x.user, what="evidence").count() == 1


def test_evidence_above_the_size_limit_is_refused(org, api_as, settings):
    settings.INTEGRITY_EVIDENCE_MAX_BYTES = 10
    record = draft(org)

    response = api_as(org.officer_x).post(
        f"/api/integrity/records/{record.pk}/evidence/",
        {"file": SimpleUploadedFile("log.pdf", PDF, "application/pdf")},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json()["file"][0]["code"] == "integrity.evidence_size"


def test_evidence_of_a_drafts_record_is_not_downloadable_by_the_cadre(org):
    record = draft(org)
    evidence = services.evidence_add(
        actor=org.officer_x.user,
        record=record,
        upload=SimpleUploadedFile("log.pdf", PDF, "application/pdf"),
    )
    cadre = Client()
    cadre.force_login(org.cadre_x.user)

    assert cadre.get(f"/integrity/evidence/{evidence.pk}/").status_code == 404


def test_patching_a_confirmed_record_answers_400_with_the_frozen_code(org, records, api_as):
    response = api_as(org.officer_x).patch(
        f"/api/integrity/records/{records['x'].pk}/", {"points": 0}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["non_field_errors"][0]["code"] == "integrity.record_frozen"


def test_the_api_offers_no_delete_of_records(org, records, api_as):
    response = api_as(org.officer_x).delete(f"/api/integrity/records/{records['x'].pk}/")

    assert response.status_code == 405


def test_bad_record_input_answers_400_with_field_errors(org, api_as):
    response = api_as(org.officer_x).post(
        "/api/integrity/records/",
        {
            "staff": org.cadre_x.pk,
            "category": "diligence",
            "kind": "commendation",
            "occurred_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "facts": "Praised.",
            "source": "leadership",
            "points": 99,
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["points"][0]["code"] == "integrity.points_out_of_range"


def test_an_officer_cannot_write_into_a_file_of_another_hall(org, api_as):
    response = api_as(org.officer_y).post(
        "/api/integrity/records/",
        {
            "staff": org.cadre_x.pk,
            "category": "diligence",
            "kind": "other",
            "occurred_on": timezone.localdate().isoformat(),
            "facts": "x",
            "source": "inspection",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["staff"][0]["code"] == "integrity.out_of_scope"


def test_the_record_list_query_count_does_not_grow_with_rows(
    org, api_as, django_assert_max_num_queries
):
    for _ in range(8):
        confirmed(org)
    client = api_as(org.leader)

    with django_assert_max_num_queries(12):
        response = client.get("/api/integrity/records/")

    assert len(response.json()["results"]) == 8


def test_the_summary_query_count_does_not_grow_with_people(org, django_assert_max_num_queries):
    from tests import factories

    for _ in range(10):
        factories.staff(unit=org.hall_x)
    confirmed(org)
    today = timezone.localdate()

    with django_assert_max_num_queries(10):
        rows = selectors.integrity_summary_list(
            user=org.leader.user, start=today - timedelta(days=30), end=today
        )

    assert len(rows) >= 18


def test_the_file_page_query_count_does_not_grow_with_records(
    org, client, django_assert_max_num_queries
):
    for _ in range(6):
        confirmed(org)
    client.force_login(org.officer_x.user)

    with django_assert_max_num_queries(30):
        response = client.get(f"/integrity/files/{org.cadre_x.pk}/")

    assert response.status_code == 200


def test_the_file_list_query_count_does_not_grow_with_people(
    org, client, django_assert_max_num_queries
):
    from tests import factories

    for _ in range(10):
        factories.staff(unit=org.hall_x)
    client.force_login(org.leader.user)

    with django_assert_max_num_queries(20):
        response = client.get("/integrity/")

    assert response.status_code == 200
    assert org.cadre_y.name in response.content.decode()


def test_printing_and_exporting_a_file_are_logged(org, records):
    from io import BytesIO

    from openpyxl import load_workbook

    client = Client()
    client.force_login(org.leader.user)

    printed = client.get(f"/integrity/files/{org.cadre_x.pk}/print/")
    exported = client.get(f"/integrity/files/{org.cadre_x.pk}/export.xlsx")

    assert printed.status_code == 200
    sheet = load_workbook(BytesIO(exported.content))["Records"]
    assert [row[0].value for row in sheet.iter_rows(min_row=4)] == [records["x"].pk]
    assert set(
        FileAccess.objects.filter(viewer=org.leader.user).values_list("what", flat=True)
    ) == {"print", "export"}


def test_a_cadre_cannot_export_another_cadres_file(org, records):
    client = Client()
    client.force_login(org.cadre_x.user)

    assert client.get(f"/integrity/files/{org.cadre_y.pk}/export.xlsx").status_code == 404
    assert client.get(f"/integrity/files/{org.cadre_y.pk}/print/").status_code == 404
