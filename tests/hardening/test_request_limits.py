"""A body past Django's request limits (DATA_UPLOAD_MAX_MEMORY_SIZE, _NUMBER_FIELDS,
_NUMBER_FILES) is refused, never a 500: in the API's JSON error format under /api/ (413
`request_too_large`, 400 `too_many_fields`), as the styled page elsewhere. Nothing is
saved, and the log names the limit, never the body.

The limits are lowered for the tests, so the bodies stay small.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from rest_framework.test import APIClient

from staffmgmt.models import CalendarOverride, Window
from tests import factories

MARKER = "BODY-CONTENT-NEVER-LOGGED"


@pytest.fixture
def limits(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    return settings


@pytest.fixture
def session_api(manager, settings):
    """Signed in with a session, CSRF enforced and a valid token sent: DRF's CSRF check
    reads request.POST during authentication (a form body), before any parser."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(manager.user)
    token = _get_new_csrf_string()
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    client.credentials(HTTP_X_CSRFTOKEN=token)
    return client


@pytest.fixture
def token_api(api_as, manager):
    return api_as(manager)


def _lines(log_lines):
    return [json.loads(line) for line in log_lines().splitlines() if line.strip()]


@pytest.mark.parametrize("client_name", ["token_api", "session_api"])
def test_a_json_api_post_too_large_is_a_413_in_the_api_format(
    request,
    limits,
    hall,
    manager,
    log_lines,
    client_name,
):
    client = request.getfixturevalue(client_name)
    body = {"unit": hall.pk, "number": "7", "name": MARKER + "x" * 4000}

    response = client.post("/api/windows/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "The request is too large: its data may be at most 2.0\xa0KB.",
        "code": "request_too_large",
    }
    assert not Window.objects.exists()
    text = log_lines()
    assert MARKER not in text
    lines = _lines(log_lines)
    refusals = [line for line in lines if "DATA_UPLOAD_MAX_MEMORY_SIZE" in line["message"]]
    assert [line["logger"] for line in refusals] == ["django.security.RequestDataTooBig"]
    assert refusals[0]["level"] == "ERROR" and refusals[0]["status_code"] == 413
    assert refusals[0]["route"] == "api/windows/$"  # whose request: the route, the user
    assert refusals[0]["user_id"] == manager.user.pk  # the account, not the Staff row


@pytest.mark.parametrize("client_name", ["token_api", "session_api"])
def test_a_multipart_api_post_with_too_many_fields_is_a_400_naming_the_limit(
    request,
    limits,
    hall,
    log_lines,
    client_name,
):
    client = request.getfixturevalue(client_name)
    body = {"unit": hall.pk, "number": "7", "name": MARKER}
    body.update({f"extra{n}": MARKER for n in range(20)})

    response = client.post("/api/windows/", body, format="multipart", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            {
                "message": "The request has too many fields: at most 10 are accepted.",
                "code": "too_many_fields",
            }
        ]
    }
    assert not Window.objects.exists()
    assert MARKER not in log_lines()
    assert "django.security.TooManyFieldsSent" in {line["logger"] for line in _lines(log_lines)}


def test_too_many_files_is_a_400_naming_the_limit(settings, token_api, hall):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = {f"file{n}": SimpleUploadedFile(f"f{n}.txt", b"x") for n in range(3)}

    response = token_api.post(
        "/api/windows/",
        {"unit": hall.pk, "number": "7", "name": "Tax", **files},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json()["non_field_errors"][0]["code"] == "too_many_files"
    assert not Window.objects.exists()


@pytest.mark.parametrize("enforce_csrf", [False, True])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_page_form_post_too_large_is_the_styled_413_page(
    limits,
    hall,
    log_lines,
    enforce_csrf,
    language,
):
    """With CSRF enforced the middleware's read of request.POST meets the limit, before
    the view; without, the view's form does: the same page either way."""
    editor = factories.calendar_editor(unit=hall)
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.force_login(editor.user)
    token = _get_new_csrf_string()
    client.cookies[limits.CSRF_COOKIE_NAME] = token
    body = {"action": "set", "date": "2026-03-10", "kind": "holiday", "note": MARKER * 200}
    body["csrfmiddlewaretoken"] = token

    response = client.post("/calendar/", body, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 413
    page = response.content.decode()
    assert 'id="error-page"' in page and 'class="mainnav"' in page
    if language == "en":
        assert "Request too large" in page and "at most 2.0\xa0KB" in page
    else:
        assert "请求过大" in page and '<html lang="zh-hans">' in page
    assert not CalendarOverride.objects.exists()
    assert MARKER not in log_lines()
    assert "django.security.RequestDataTooBig" in {line["logger"] for line in _lines(log_lines)}


def test_a_page_form_post_with_too_many_fields_is_a_400_page(limits, hall):
    editor = factories.calendar_editor(unit=hall)
    client = Client()
    client.force_login(editor.user)
    body = {"action": "set", "date": "2026-03-10", "kind": "holiday"}
    body.update({f"extra{n}": "x" for n in range(20)})

    response = client.post("/calendar/", body, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "at most 10 are accepted" in response.content.decode()
    assert not CalendarOverride.objects.exists()


def test_a_request_refused_before_any_view_under_api_is_json(settings, db):
    """Django's other refusals (here a Host not allowed) under /api/ are the API's 400 too."""
    settings.DEBUG = False

    response = Client().get("/api/staff/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["non_field_errors"][0]["code"] == "bad_request"


def test_a_page_refused_before_any_view_is_a_400_page(settings, db):
    response = Client().get("/calendar/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert 'id="error-page"' in response.content.decode()
