"""The permission matrix is complete and holds for every route, method and role."""

from collections import Counter

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.permissions.matrix import Access, declared_access, extend_world
from tests.permissions.routes import served_routes
from tests.permissions.world import ROLES, build_world

ACCESS = declared_access()


def _cases():
    for row in ACCESS:
        yield pytest.param(row, id=f"{row.method} {row.route}")


def test_every_served_route_is_declared_and_every_declared_route_is_served():
    declared = {row.route for row in ACCESS}
    served = served_routes()
    assert not served - declared, (
        "routes with no row in the permission matrix (declare them in "
        f"tests/permissions/matrix_<app>.py): {sorted(served - declared)}"
    )
    assert not declared - served, f"rows for routes nobody serves: {sorted(declared - served)}"


def test_each_route_and_method_is_declared_once():
    twice = [key for key, n in Counter((r.route, r.method) for r in ACCESS).items() if n > 1]
    assert not twice, f"declared more than once: {twice}"


# A 400 whose only complaint is that an id in the body names a row the user may not see is
# the body's form of a 404: out of scope, and nothing said about whether the row exists.
_OUT_OF_SCOPE_CODES = {"does_not_exist", "assessment.unknown_row"}


def _error_codes(body) -> set[str]:
    if isinstance(body, dict):
        if "code" in body and "message" in body:
            return {body["code"]}
        return set().union(*(_error_codes(v) for v in body.values())) if body else set()
    if isinstance(body, list):
        return set().union(*(_error_codes(v) for v in body)) if body else set()
    return set()


def _out_of_scope(response) -> bool:
    if response.status_code != 400 or "json" not in response.get("Content-Type", ""):
        return False
    codes = _error_codes(response.json())
    return bool(codes) and codes <= _OUT_OF_SCOPE_CODES


def _outcome(row: Access, response) -> str:
    if response.status_code >= 500:
        return "error"
    if row.is_api and _out_of_scope(response):
        return "denied"
    if response.status_code == 405:
        return "method not served"
    if response.status_code in (401, 403, 404):
        return "denied"
    if not row.is_api and response.status_code == 302:
        login = reverse(settings.LOGIN_URL)
        if response["Location"].split("?")[0] == login and row.route != "accounts/login/":
            return "denied"
    return "allowed"


def _request(client: Client, row: Access, url: str, data: dict):
    method = row.method.lower()
    if row.method == "GET":
        return client.get(url, data)
    if row.is_api:
        return getattr(client, method)(url, data, content_type="application/json")
    return getattr(client, method)(url, data)


def observe(row: Access, world) -> dict[str, tuple[str, int]]:
    """What each role gets for `row`: outcome and status, each in a rolled-back savepoint."""
    seen = {}
    for role in ROLES:
        client = Client()
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        with transaction.atomic():
            response = _request(client, row, row.url_for(world), row.data_for(world))
            transaction.set_rollback(True)
        seen[role] = (_outcome(row, response), response.status_code)
    return seen


@pytest.mark.parametrize("row", list(_cases()))
def test_each_role_gets_what_the_matrix_declares(db, row):
    world = build_world()
    extend_world(world)

    seen = observe(row, world)

    wrong = {
        role: f"{outcome} ({status}), declared {'allowed' if role in row.allow else 'denied'}"
        for role, (outcome, status) in seen.items()
        if outcome not in ("allowed", "denied") or (outcome == "allowed") != (role in row.allow)
    }
    assert not wrong, f"{row.method} /{row.route}: {wrong}"
