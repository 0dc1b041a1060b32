"""The OpenAPI schema and the API docs: valid, complete for the org API, and local only."""

import re

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
