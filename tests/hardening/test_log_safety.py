"""What the logs say: whose request it was (user and unit), and never a password, a token or
a taxpayer's contact details.

The lines are captured from the handlers `config.settings.LOGGING` configures (their
filters included), written as production writes them (JSON), at INFO for every logger.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from feedback import services as feedback_services
from kernel.roles import Role
from staffmgmt import extensions as staff_extensions
from tests import factories

PASSWORD = "Correct-Horse-7731"
WRONG_PASSWORD = "Wrong-Battery-5512"
PHONE = "+86 138 0013 8000"
EMAIL = "taxpayer.zhang@example.cn"
CONTACT_NAME = "Zhang Sanfeng"


@pytest.fixture
def cadre(db):
    hall = factories.unit(name="Hall Log")
    staff = factories.staff(unit=hall, name="Cadre Log", roles=(Role.CADRE,))
    staff.user.set_password(PASSWORD)
    staff.user.save()
    return staff


def assert_absent(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text, f"{secret!r} found in the logs"


def test_request_lines_name_the_user_and_their_unit(cadre, log_lines):
    client = Client()
    client.force_login(cadre.user)

    client.get("/leave/")

    lines = [line for line in log_lines().splitlines() if '"logger": "hallmark.requests"' in line]
    assert lines
    assert f'"user_id": {cadre.user.pk}' in lines[-1]
    assert f'"unit_id": {cadre.unit_id}' in lines[-1]


def test_a_wrong_password_on_the_login_page_is_logged_without_it(cadre, log_lines):
    Client().post("/accounts/login/", {"username": cadre.user.username, "password": WRONG_PASSWORD})

    text = log_lines()
    assert "hallmark.requests" in text
    assert_absent(text, WRONG_PASSWORD, PASSWORD)


def test_a_token_and_the_password_that_obtained_it_never_reach_the_logs(cadre, log_lines):
    client = APIClient()
    token = client.post(
        "/api/auth/token/", {"username": cadre.user.username, "password": PASSWORD}
    ).json()["token"]
    client.post("/api/auth/token/", {"username": cadre.user.username, "password": WRONG_PASSWORD})
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/staff/").status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Token stolen-or-made-up-0123456789")
    assert client.get("/api/staff/").status_code in (401, 403)

    assert_absent(log_lines(), token, PASSWORD, WRONG_PASSWORD, "stolen-or-made-up")


def _book(card, phone: Client):
    return phone.post(
        f"/r/{card.token}/book/",
        {
            "kind": "suggestion",
            "text": "More seats, please.",
            "contact": PHONE,
            "contact_name": CONTACT_NAME,
        },
    )


@pytest.fixture
def card(cadre):
    window = factories.window(unit=cadre.unit, number="7")
    manager = factories.staff(unit=cadre.unit, roles=(Role.CADRE, Role.MANAGER))
    return feedback_services.window_card_issue(actor=manager.user, window=window)


def test_a_suggestion_with_contact_details_is_logged_without_them(card, log_lines):
    response = _book(card, Client())
    Client().post(f"/r/{card.token}/book/", {"kind": "question", "text": "?", "contact": EMAIL})

    assert response.status_code == 302
    assert_absent(log_lines(), PHONE, CONTACT_NAME, EMAIL)


def test_a_failing_submission_is_logged_with_its_route_not_its_contact_details(
    card, log_lines, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("the suggestion book is broken")

    monkeypatch.setattr(feedback_services, "entry_submit", broken)

    response = Client(raise_request_exception=False).post(
        f"/r/{card.token}/book/",
        {
            "kind": "suggestion",
            "text": "More seats.",
            "contact": PHONE,
            "contact_name": CONTACT_NAME,
        },
    )

    text = log_lines()
    assert response.status_code == 500
    assert "the suggestion book is broken" in text  # the error, with its traceback
    assert "r/<str:token>/book/" in text  # the route, not the path with the card's token
    assert_absent(text, PHONE, CONTACT_NAME, f"/r/{card.token}/")


def test_an_error_during_a_signed_in_request_says_whose_request_it_was(cadre, log_lines):
    def failing_panel(request):
        raise ValueError("a home panel failed")

    client = Client()
    client.force_login(cadre.user)
    with staff_extensions.home_context.registered(failing_panel):
        assert client.get("/").status_code == 200

    error_line = next(line for line in log_lines().splitlines() if "a home panel failed" in line)
    assert f'"user_id": {cadre.user.pk}' in error_line
    assert f'"unit_id": {cadre.unit_id}' in error_line
    assert '"level": "ERROR"' in error_line
