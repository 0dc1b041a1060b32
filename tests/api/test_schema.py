"""The OpenAPI schema and the API docs: valid without warnings, complete for the org API,
its error bodies documented, and the docs local only."""

import re

from django.core.management import call_command
from django.test import Client
from drf_spectacular.validation import validate_schema

ORG_PATHS = [
    "/api/org-units/",
    "/api/org-units/{id}/",
    "/api/skills/",
    "/api/staff/",
    "/api/staff/{id}/",
    "/api/windows/",
    "/api/posts/",
    "/api/posts/{id}/",
    "/api/pairings/",
    "/api/pairings/{id}/",
    "/api/pairings/{id}/end/",
    "/api/auth/token/",
]


def _schema(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_and_lists_the_org_endpoints(admin_client):
    schema = _schema(admin_client)

    validate_schema(schema)
    for path in ORG_PATHS:
        assert path in schema["paths"], path


def test_schema_documents_the_pairing_filters_and_the_end_action_body(admin_client):
    schema = _schema(admin_client)

    parameters = {p["name"] for p in schema["paths"]["/api/pairings/"]["get"]["parameters"]}
    end_body = schema["paths"]["/api/pairings/{id}/end/"]["post"]["requestBody"]

    assert {"post", "holder", "on_date", "page"} <= parameters
    ref = end_body["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/PairingEndRequest")


def test_schema_offers_no_delete_on_pairings(admin_client):
    schema = _schema(admin_client)
    assert "delete" not in schema["paths"]["/api/pairings/{id}/"]


def test_docs_page_loads_only_local_assets(admin_client):
    response = admin_client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert references, "the docs page should load Swagger UI from somewhere"
    for reference in references:
        assert reference.startswith("/static/"), reference
    assert "http://" not in html and "https://" not in html


def test_docs_page_static_assets_are_served(admin_client):
    html = admin_client.get("/api/docs/").content.decode()
    for reference in re.findall(r"""(?:src|href)\s*=\s*["'](/static/[^"']+)["']""", html):
        response = Client().get(reference)
        assert response.status_code == 200, reference


def test_schema_generation_passes_validation_with_warnings_as_errors(tmp_path):
    """`manage.py spectacular --validate --fail-on-warn`: an enum name collision, a
    SerializerMethodField without a type or a view drf-spectacular cannot read fails here."""
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )


def test_enum_names_are_stable_names_of_their_models(admin_client):
    schemas = _schema(admin_client)["components"]["schemas"]

    assert {
        "DutyPreferenceKindEnum",
        "DutyTypeKindEnum",
        "AbsenceKindEnum",
        "OrgUnitKindEnum",
        "RoleEnum",
    } <= set(schemas)
    assert not [name for name in schemas if re.search(r"\d+Enum$", name)]


def test_every_write_documents_the_field_error_body_of_its_400(admin_client):
    schema = _schema(admin_client)
    writes = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in {"post", "put", "patch", "delete"}
    ]

    assert writes
    for path, method, operation in writes:
        bad_input = operation["responses"].get("400")
        assert bad_input, (method, path)
        body = bad_input["content"]["application/json"]["schema"]
        assert body == {"$ref": "#/components/schemas/ValidationError"}, (method, path)


def test_the_error_components_describe_the_exception_handlers_bodies(admin_client):
    schemas = _schema(admin_client)["components"]["schemas"]

    assert schemas["ErrorItem"]["required"] == ["message", "code"]
    item_ref = {"$ref": "#/components/schemas/ErrorItem"}
    per_field = schemas["ValidationError"]["additionalProperties"]["anyOf"][0]
    assert item_ref in per_field["items"]["anyOf"]
    assert set(schemas["ConfirmationRequired"]["required"]) == {
        "detail",
        "code",
        "requires_confirmation",
        "warnings",
    }


def test_steps_that_ask_for_confirmation_document_the_409_body(admin_client):
    paths = _schema(admin_client)["paths"]
    confirmation = {"$ref": "#/components/schemas/ConfirmationRequired"}

    for path in ["/api/absences/{id}/approve/", "/api/assignments/{id}/move/"]:
        body = paths[path]["post"]["responses"]["409"]["content"]["application/json"]["schema"]
        assert confirmation in body["anyOf"], path


def test_times_of_day_are_declared_as_local_times_not_rfc3339_full_times(admin_client):
    duty_type = _schema(admin_client)["components"]["schemas"]["DutyType"]["properties"]

    assert duty_type["start_time"].get("format") is None
    assert re.fullmatch(duty_type["start_time"]["pattern"], "12:00:00")
    assert not re.fullmatch(duty_type["start_time"]["pattern"], "25:00:00")


def test_every_operation_that_takes_a_body_documents_the_415_of_an_unread_media_type(
    admin_client,
):
    schema = _schema(admin_client)
    with_body = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if "requestBody" in operation
    ]

    assert with_body
    for path, method, operation in with_body:
        refused = operation["responses"].get("415")
        assert refused, (method, path)
        body = refused["content"]["application/json"]["schema"]
        assert body == {"$ref": "#/components/schemas/Error"}, (method, path)


def test_operations_without_a_body_document_no_415(admin_client):
    paths = _schema(admin_client)["paths"]

    assert "415" not in paths["/api/posts/"]["get"]["responses"]


def test_each_create_links_to_the_read_update_and_delete_of_the_row_it_made(admin_client):
    paths = _schema(admin_client)["paths"]

    posts = paths["/api/posts/"]["post"]["responses"]["201"]["links"]
    overrides = paths["/api/calendar/overrides/"]["post"]["responses"]["201"]["links"]

    assert posts["posts_retrieve"]["parameters"] == {"id": "$response.body#/id"}
    assert set(posts) == {"posts_retrieve", "posts_partial_update"}
    # An item looked up by another field is filled from that field of the body.
    assert overrides["calendar_overrides_destroy"]["parameters"] == {"date": "$response.body#/date"}
    # A step on the item (`/api/posts/{id}/...`) is not the row's read or change.
    assert "links" not in paths["/api/auth/token/"]["post"]["responses"].get("201", {})
