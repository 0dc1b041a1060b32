"""What the schema fuzzing (test_schema_fuzz.py) found, one test each: bad query values
are field errors, not 500s, and fields that may be empty say so in the schema."""

import pytest

from tests import factories

LARGER_THAN_ANY_ID = "1224360531434032070656"


def _components(client):
    return client.get("/api/schema/?format=json").json()["components"]["schemas"]


@pytest.mark.parametrize("year", ["0", "-5879", "10000", "two"])
def test_comp_time_for_a_year_no_date_can_be_in_is_a_field_error(api_as, manager, year):
    response = api_as(manager).get("/api/comp-time/", {"year": year})

    assert response.status_code == 400
    assert [item["code"] for item in response.json()["year"]]


def test_comp_time_for_a_real_year_still_answers(api_as, manager):
    response = api_as(manager).get("/api/comp-time/", {"year": "2026"})

    assert response.status_code == 200
    assert response.json()["year"] == 2026


@pytest.mark.parametrize("staff", [LARGER_THAN_ANY_ID, "1.5", "0"])
def test_check_ins_filtered_by_an_impossible_staff_id_is_a_field_error(api_as, manager, staff):
    response = api_as(manager).get("/api/checkins/", {"staff": staff})

    assert response.status_code == 400
    assert "staff" in response.json()


def test_a_body_that_is_not_json_gets_the_field_error_body(api_as, manager):
    response = api_as(manager).post(
        "/api/posts/", data="{not json", content_type="application/json"
    )

    assert response.status_code == 400
    [error] = response.json()["non_field_errors"]
    assert error["code"] == "parse_error" and error["message"]


def test_a_body_without_a_media_type_is_refused_as_unsupported_with_the_error_body(api_as, manager):
    # What the fuzz as an integrity officer found: a body sent with no Content-Type.
    response = api_as(manager).generic("POST", "/api/posts/", "\u00df", content_type="")

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert response.json()["detail"]


def test_a_body_of_a_media_type_the_operation_does_not_read_is_a_415(api_as, manager):
    response = api_as(manager).post("/api/posts/", data="<post/>", content_type="application/xml")

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_a_malformed_multipart_body_is_a_parse_error_in_the_field_error_body(api_as, manager):
    response = api_as(manager).generic(
        "POST",
        "/api/posts/",
        "--b\r\n\u00df--b--\r\n",
        content_type="multipart/form-data",  # no boundary: the body cannot be split
    )

    assert response.status_code == 400
    [error] = response.json()["non_field_errors"]
    assert error["code"] == "parse_error" and error["message"]


@pytest.mark.parametrize(
    ("component", "field"),
    [
        ("Assignment", "proposed_replacement_name"),
        ("Swap", "counterpart_date"),
        ("Absence", "decided_by"),
    ],
)
def test_fields_that_are_null_when_empty_are_declared_nullable(admin_client, component, field):
    properties = _components(admin_client)[component]["properties"]

    assert properties[field].get("nullable") is True


@pytest.mark.parametrize("step", ["approve", "reject", "cancel", "gaps"])
def test_a_leave_step_on_an_id_that_is_not_a_number_is_not_found(api_as, manager, step):
    client = api_as(manager)
    call = client.get if step == "gaps" else client.post

    response = call(f"/api/absences/%F0%9F%91%8D/{step}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_a_path_under_the_api_that_nothing_serves_answers_the_api_404(api_as, manager, method):
    response = getattr(api_as(manager), method)("/api/absences/1.5e-7/approve/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_an_api_path_without_its_slash_still_redirects_to_it(admin_client):
    response = admin_client.get("/api/posts")

    assert response.status_code == 301
    assert response["Location"] == "/api/posts/"


def test_a_duty_type_cannot_report_before_midnight(api_as, manager, hall):
    noon = factories.duty_type(unit=hall)

    response = api_as(manager).patch(
        f"/api/duty-types/{noon.pk}/", {"report_minutes_before": 12 * 60 + 1}, format="json"
    )

    assert response.status_code == 400
    [error] = response.json()["report_minutes_before"]
    assert error["code"] == "roster.report_before_midnight"
    noon.refresh_from_db()
    assert noon.report_minutes_before == 15


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/feedback/entries/", "window"),
        ("/api/feedback/ratings/", "window"),
        ("/api/feedback/ratings/", "staff"),
    ],
)
def test_feedback_lists_filtered_by_an_impossible_id_are_a_field_error(api_as, manager, url, param):
    response = api_as(manager).get(url, {param: "6.8248803391088045e+44"})

    assert response.status_code == 400
    assert param in response.json()
