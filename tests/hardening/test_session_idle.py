"""Inactivity expiry of signed-in sessions (kernel/sessions.py): a session ends
SESSION_COOKIE_AGE after its last request, yet a page that only reads does not write the
session each time; it is written again (its expiry pushed on) once the last write is a
minute old."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kernel.sessions import REFRESH_SECONDS, REFRESHED_KEY
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    person = factories.staff(name="Cadre Idle")
    client.force_login(person.user)
    assert client.get("/dashboards/me/").status_code == 200  # the first write, stamped
    return client


def _session_writes(client, url="/dashboards/me/") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(
        1
        for q in queries
        if q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]
    )


def _stored():
    return Session.objects.get()


def test_a_read_within_the_minute_does_not_write_the_session(signed_in):
    before = _stored().expire_date

    assert _session_writes(signed_in) == 0
    assert _stored().expire_date == before


def test_a_read_a_minute_after_the_last_write_pushes_the_expiry_on(signed_in):
    session = signed_in.session
    session[REFRESHED_KEY] = int(time.time()) - REFRESH_SECONDS
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))

    assert _session_writes(signed_in) == 1
    left = _stored().expire_date - timezone.now()
    assert left > timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    assert "sessionid" in signed_in.cookies  # the cookie's lifetime is renewed too


def test_a_session_idle_past_its_age_is_signed_out(signed_in):
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = signed_in.get("/dashboards/me/")

    assert response.status_code == 302 and "login" in response["Location"]


def test_an_anonymous_visitor_gets_no_session_from_the_refresh(client):
    client.get("/accounts/login/")

    assert Session.objects.count() == 0


def test_signing_out_leaves_no_session_behind(signed_in):
    signed_in.post("/accounts/logout/")

    assert Session.objects.count() == 0
    assert signed_in.get("/dashboards/me/").status_code == 302
