"""What the schema fuzzing (test_schema_fuzz.py) found, one test each: bad query values
are field errors, not 500s, and fields that may be empty say so in the schema."""

import pytest

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
