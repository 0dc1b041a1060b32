"""Production hardening: deploy check, sign-in lockout, expiring tokens, CSP, health."""

import json
import logging
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

from kernel.tokens import ApiToken
from staffmgmt import services as staff_services
from tests import factories

BASE_DIR = Path(settings.BASE_DIR)
PASSWORD = "pw-hallmark-test"


def test_the_deploy_check_is_clean_with_production_settings():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 64 + "-production-like-secret-for-the-check",
        "ALLOWED_HOSTS": "hallmark.example.internal",
    }
    # The browser tests' process sets this for Playwright's event loop; production never.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _token(client, username, password=PASSWORD, address="10.0.0.1"):
    return client.post(
        "/api/auth/token/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def cadre_user(db):
    return factories.staff(name="Cadre Li").user


def test_each_sign_in_gets_its_own_expiring_token(cadre_user):
    client = APIClient()
    first, second = _token(client, cadre_user.username), _token(client, cadre_user.username)

    assert first.status_code == second.status_code == 200
    assert first.json()["token"] != second.json()["token"]
    token = ApiToken.objects.filter(user=cadre_user).first()
    lifetime = token.expires_at - token.created_at
    assert lifetime == timedelta(hours=settings.HALLMARK_API_TOKEN_HOURS)
    assert not ApiToken.objects.filter(digest__in=[first.json()["token"]]).exists()


def test_an_expired_token_is_refused(cadre_user):
    key = _token(APIClient(), cadre_user.username).json()["token"]
    ApiToken.objects.filter(user=cadre_user).update(
        created_at=timezone.now() - timedelta(days=2), expires_at=timezone.now()
    )
    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert script.get("/api/posts/").status_code in (401, 403)


def test_logout_revokes_the_token_in_use(cadre_user):
    key = _token(APIClient(), cadre_user.username).json()["token"]
    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    assert script.post("/api/auth/logout/").status_code == 204
    assert script.get("/api/posts/").status_code in (401, 403)


def test_the_owner_lists_and_revokes_their_tokens_and_sees_no_one_elses(cadre_user):
    other = factories.staff().user
    _token(APIClient(), other.username)
    key = _token(APIClient(), cadre_user.username).json()["token"]
    spare = _token(APIClient(), cadre_user.username).json()["token"]
    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    listed = script.get("/api/auth/tokens/").json()["results"]
    spare_row = next(row for row in listed if spare.startswith(row["prefix"]))
    revoked = script.post(f"/api/auth/tokens/{spare_row['id']}/revoke/")
    others = ApiToken.objects.get(user=other)

    assert len(listed) == 2 and "token" not in listed[0] and "digest" not in listed[0]
    assert revoked.status_code == 200 and revoked.json()["is_active"] is False
    assert script.post(f"/api/auth/tokens/{others.pk}/revoke/").status_code == 404
    spare_client = APIClient()
    spare_client.credentials(HTTP_AUTHORIZATION=f"Token {spare}")
    assert spare_client.get("/api/posts/").status_code in (401, 403)


def test_deactivating_an_account_revokes_its_tokens(cadre_user):
    key = _token(APIClient(), cadre_user.username).json()["token"]
    staff_services.staff_update(actor=None, staff=cadre_user.staff, is_active=False)

    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert script.get("/api/posts/").status_code in (401, 403)
    assert ApiToken.objects.get(user=cadre_user).revoked_reason == "account deactivated"


def test_repeated_wrong_passwords_lock_out_that_name_at_that_address_only(cadre_user):
    colleague = factories.staff().user
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _token(client, cadre_user.username, password="wrong")

    locked = _token(client, cadre_user.username)  # even the right password now
    colleague_same_address = _token(client, colleague.username)
    same_name_elsewhere = _token(client, cadre_user.username, address="10.0.0.2")

    assert locked.status_code == 429 and locked["Retry-After"]
    assert locked.json()["code"] == "sign_in_locked_out"
    assert colleague_same_address.status_code == 200
    assert same_name_elsewhere.status_code == 200


def test_the_login_page_shows_the_lockout_in_the_layout(client, cadre_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": cadre_user.username, "password": "x"})
    response = client.post(
        "/accounts/login/", {"username": cadre_user.username, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert 'id="locked-out"' in response.content.decode()


def test_the_lockout_cools_off(cadre_user):
    from axes.models import AccessAttempt, AccessAttemptExpiration

    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _token(client, cadre_user.username, password="wrong")
    assert _token(client, cadre_user.username).status_code == 429
    # The cool-off time passes (the clock is the attempts' own timestamps).
    past = timezone.now() - settings.AXES_COOLOFF_TIME * 2
    AccessAttempt.objects.update(attempt_time=past)
    AccessAttemptExpiration.objects.update(expires_at=past)

    assert _token(client, cadre_user.username).status_code == 200


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, cadre_user):
    client.force_login(cadre_user)
    policy = client.get("/").headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert "'self'" in script_src and "unsafe-inline" not in script_src
    assert "frame-ancestors 'none'" in policy


def test_no_template_of_ours_has_an_inline_script_or_event_handler():
    offenders = []
    for template in BASE_DIR.glob("*/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        text = template.read_text(encoding="utf-8")
        if re.search(r"\son[a-z]+\s*=", text) or re.search(
            r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text
        ):
            offenders.append(str(template.relative_to(BASE_DIR)))
    assert not offenders, offenders


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_request_log_lines_name_the_route_never_the_path_or_query(client, cadre_user, caplog):
    client.force_login(cadre_user)
    logger = logging.getLogger("hallmark.requests")
    previous = logger.level
    logger.setLevel(logging.INFO)
    try:
        with caplog.at_level(logging.INFO, logger="hallmark.requests"):
            client.get("/roster/feed/some-secret-token.ics?password=hunter2")
    finally:
        logger.setLevel(previous)
    record = next(r for r in caplog.records if r.name == "hallmark.requests")
    line = json.dumps({k: str(v) for k, v in vars(record).items()})
    assert record.route == "roster/feed/<str:token>.ics"
    assert "some-secret-token" not in line and "hunter2" not in line
    assert record.user_id == cadre_user.pk
