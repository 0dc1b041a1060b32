"""The leave API: workflow actions, the 409 coverage warning, validation and scoping."""

from datetime import date

import pytest

from kernel.roles import Role
from staffmgmt.models import Absence
from tests import factories

MON = date(2026, 3, 2)
TUE = date(2026, 3, 3)


@pytest.fixture
def pair(hall):
    a = factories.staff(unit=hall, name="Li Na")
    b = factories.staff(unit=hall, name="Wang Fang")
    post = factories.post(unit=hall, name="Invoice desk")
    factories.pairing(post=post, a=a, b=b)
    return post, a, b


def test_anonymous_gets_nothing(api_client, cadre):
    absence = factories.absence(staff=cadre, start_date=MON)

    assert api_client.get("/api/absences/").status_code in (401, 403)
    assert api_client.get(f"/api/absences/{absence.pk}/").status_code in (401, 403)
    assert api_client.post("/api/absences/", {}, format="json").status_code in (401, 403)
    assert api_client.post(f"/api/absences/{absence.pk}/approve/").status_code in (401, 403)


def test_cadre_requests_leave_for_self(api_as, cadre):
    response = api_as(cadre).post(
        "/api/absences/",
        {
            "kind": "sick",
            "start_date": "2026-03-02",
            "end_date": "2026-03-02",
            "end_half": "am",
            "reason": "doctor",
        },
        format="json",
    )

    assert response.status_code == 201, response.data
    assert response.data["staff"] == cadre.pk
    assert response.data["status"] == "requested"
    assert response.data["is_half_day"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "annual", "start_date": "2026-03-03", "end_date": "2026-03-02"}, "end_date"),
        ({"kind": "annual", "start_date": "not-a-date", "end_date": "2026-03-02"}, "start_date"),
        ({"kind": "vacation", "start_date": "2026-03-02", "end_date": "2026-03-02"}, "kind"),
        ({"kind": "annual", "end_date": "2026-03-02"}, "start_date"),
        (
            {
                "kind": "annual",
                "start_date": "2026-03-02",
                "end_date": "2026-03-02",
                "start_half": "pm",
                "end_half": "am",
            },
            "end_half",
        ),
    ],
)
def test_bad_leave_requests_get_400_with_the_field(api_as, cadre, body, field):
    response = api_as(cadre).post("/api/absences/", body, format="json")

    assert response.status_code == 400
    assert field in response.data
    assert not Absence.objects.exists()


def test_overlapping_request_gets_400(api_as, cadre):
    factories.absence(staff=cadre, start_date=MON, end_date=TUE)

    response = api_as(cadre).post(
        "/api/absences/",
        {"kind": "annual", "start_date": "2026-03-03", "end_date": "2026-03-04"},
        format="json",
    )

    assert response.status_code == 400 and "start_date" in response.data


def test_cadre_cannot_request_for_a_colleague_and_cannot_name_another_halls_staff(
    api_as, cadre, manager, hall
):
    colleague = factories.staff(unit=hall)
    stranger = factories.staff(unit=factories.unit())
    body = {"kind": "annual", "start_date": "2026-03-02", "end_date": "2026-03-02"}

    assert (
        api_as(cadre)
        .post("/api/absences/", {**body, "staff": colleague.pk}, format="json")
        .status_code
        == 403
    )
    assert (
        api_as(manager)
        .post("/api/absences/", {**body, "staff": stranger.pk}, format="json")
        .status_code
        == 400
    )
    created = api_as(manager).post("/api/absences/", {**body, "staff": colleague.pk}, format="json")
    assert created.status_code == 201 and created.data["staff"] == colleague.pk


def test_a_cadre_cannot_read_another_units_or_a_colleagues_leave(api_as, cadre, hall):
    colleague_leave = factories.absence(staff=factories.staff(unit=hall), start_date=MON)
    other_hall = factories.unit()
    other_leave = factories.absence(staff=factories.staff(unit=other_hall), start_date=MON)
    own = factories.absence(staff=cadre, start_date=TUE)
    client = api_as(cadre)

    listed = client.get("/api/absences/").data["results"]

    assert [row["id"] for row in listed] == [own.pk]
    assert client.get(f"/api/absences/{colleague_leave.pk}/").status_code == 404
    assert client.get(f"/api/absences/{other_leave.pk}/").status_code == 404


def test_manager_list_is_filterable_and_its_query_count_does_not_grow(
    api_as, manager, hall, django_assert_max_num_queries
):
    for n in range(8):
        person = factories.staff(unit=hall)
        absence = factories.absence(
            staff=person, start_date=date(2026, 3, 2 + n % 5), kind="sick" if n % 2 else "annual"
        )
    client = api_as(manager)

    with django_assert_max_num_queries(8):
        everything = client.get("/api/absences/")
    sick = client.get("/api/absences/", {"kind": "sick"})
    tuesday = client.get("/api/absences/", {"date_from": "2026-03-03", "date_to": "2026-03-03"})
    by_staff = client.get("/api/absences/", {"staff": absence.staff_id, "status": "requested"})

    assert everything.data["count"] == 8
    assert sick.data["count"] == 4
    assert {row["start_date"] for row in tuesday.data["results"]} == {"2026-03-03"}
    assert [row["id"] for row in by_staff.data["results"]] == [absence.pk]


def test_approve_answers_409_with_warnings_then_succeeds_with_confirmation(api_as, pair, manager):
    post, a, b = pair
    factories.absence(staff=b, start_date=MON, approved_by=manager)
    absence = factories.absence(staff=a, start_date=MON)
    client = api_as(manager)

    preview = client.get(f"/api/absences/{absence.pk}/gaps/")
    first = client.post(f"/api/absences/{absence.pk}/approve/", {"note": "ok"}, format="json")
    still = client.get(f"/api/absences/{absence.pk}/").data["status"]
    second = client.post(
        f"/api/absences/{absence.pk}/approve/", {"confirm_gaps": True, "note": "ok"}, format="json"
    )

    assert preview.status_code == 200
    assert [(g["post"], g["date"], g["halves"]) for g in preview.data] == [
        ("Invoice desk", "2026-03-02", ["am", "pm"])
    ]
    assert first.status_code == 409
    assert first.data["code"] == "coverage_gaps" and first.data["requires_confirmation"]
    assert first.data["warnings"] == [
        {"post_id": post.pk, "post": "Invoice desk", "date": "2026-03-02", "halves": ["am", "pm"]}
    ]
    assert "Invoice desk" in first.data["detail"]
    assert still == "requested"
    assert second.status_code == 200
    assert second.data["status"] == "approved" and second.data["gaps_confirmed"] is True
    assert second.data["decided_by"] == manager.user.username


def test_cadre_gets_403_approving_and_404_for_another_units_leave(api_as, cadre, hall):
    colleague_leave = factories.absence(staff=factories.staff(unit=hall), start_date=MON)
    other_manager = factories.staff(unit=factories.unit(), roles=(Role.CADRE, Role.MANAGER))

    assert (
        api_as(cadre)
        .post(f"/api/absences/{factories.absence(staff=cadre, start_date=TUE).pk}/approve/")
        .status_code
        == 403
    )
    assert (
        api_as(other_manager).post(f"/api/absences/{colleague_leave.pk}/approve/").status_code
        == 404
    )


def test_reject_requires_a_note(api_as, manager, cadre):
    absence = factories.absence(staff=cadre, start_date=MON)
    client = api_as(manager)

    missing = client.post(f"/api/absences/{absence.pk}/reject/", {}, format="json")
    blank = client.post(f"/api/absences/{absence.pk}/reject/", {"note": ""}, format="json")
    done = client.post(f"/api/absences/{absence.pk}/reject/", {"note": "busy week"}, format="json")

    assert missing.status_code == 400 and "note" in missing.data
    assert blank.status_code == 400 and "note" in blank.data
    assert done.status_code == 200 and done.data["status"] == "rejected"
    assert done.data["decision_note"] == "busy week"


def test_cadre_cancels_own_request_and_a_second_cancel_is_400(api_as, cadre):
    absence = factories.absence(staff=cadre, start_date=MON)
    client = api_as(cadre)

    first = client.post(f"/api/absences/{absence.pk}/cancel/", {"reason": "no need"}, format="json")
    again = client.post(f"/api/absences/{absence.pk}/cancel/", {}, format="json")

    assert first.status_code == 200 and first.data["status"] == "cancelled"
    assert again.status_code == 400 and "status" in again.data


def test_approve_body_is_validated(api_as, manager, cadre):
    absence = factories.absence(staff=cadre, start_date=MON)

    response = api_as(manager).post(
        f"/api/absences/{absence.pk}/approve/", {"confirm_gaps": "perhaps"}, format="json"
    )

    assert response.status_code == 400 and "confirm_gaps" in response.data


def test_schema_documents_the_leave_and_coverage_endpoints(api_as, cadre):
    schema = api_as(cadre).get("/api/schema/", {"format": "json"}).json()

    for url in (
        "/api/absences/{id}/approve/",
        "/api/absences/{id}/gaps/",
        "/api/posts/{id}/coverage/",
        "/api/coverage/gaps/",
    ):
        assert url in schema["paths"], url


def test_a_broken_leave_rule_answers_with_its_code(api_as, cadre):
    body = {"kind": "annual", "start_date": "2026-03-03", "end_date": "2026-03-02"}

    response = api_as(cadre).post("/api/absences/", body, format="json")

    assert response.status_code == 400
    assert response.json()["end_date"][0]["code"] == "absence.end_before_start"
