"""Objections carry the file's content (the cadre's statement, the decision's reasons):
the officers' objections page and the objections API write the access log like every
other read of a file."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from integrity_files import services
from integrity_files.models import FileAccess
from tests.integrity_files.conftest import confirmed


def _object(org, staff, officer, statement="I was on leave."):
    record = confirmed(org, staff=staff, officer=officer)
    return services.objection_lodge(actor=staff.user, record=record, statement=statement)


@pytest.fixture
def objections(org):
    return {
        "x": _object(org, org.cadre_x, org.officer_x),
        "other_x": _object(org, org.other_cadre_x, org.officer_x),
        "y": _object(org, org.cadre_y, org.officer_y),
    }


def _log(**filters):
    return sorted((entry.staff.name, entry.what) for entry in FileAccess.objects.filter(**filters))


def test_the_objections_page_logs_one_read_per_file_shown(org, objections):
    officer = Client()
    officer.force_login(org.second_officer_x.user)

    page = officer.get("/integrity/objections/")

    assert page.status_code == 200
    assert "I was on leave." in page.content.decode()
    assert _log(viewer=org.second_officer_x.user) == [
        ("Li Na", "objections_page"),
        ("Zhou Min", "objections_page"),
    ]


def test_decided_objections_shown_on_the_page_are_logged_too(org, objections):
    services.objection_decide(
        actor=org.second_officer_x.user,
        objection=objections["x"],
        upheld=False,
        reason="The log shows the time.",
    )
    officer = Client()
    officer.force_login(org.officer_y.user)

    officer.get("/integrity/objections/")
    assert _log(viewer=org.officer_y.user) == [("Chen Yu", "objections_page")]

    keeper = Client()
    keeper.force_login(org.officer_x.user)
    page = keeper.get("/integrity/objections/")
    assert "The log shows the time." in page.content.decode()
    assert _log(viewer=org.officer_x.user) == [
        ("Li Na", "objections_page"),
        ("Zhou Min", "objections_page"),
    ]


def test_the_objections_api_list_and_detail_are_logged(org, objections, api_as):
    client = api_as(org.officer_x)

    listed = client.get("/api/integrity/objections/")
    detail = client.get(f"/api/integrity/objections/{objections['x'].pk}/")

    assert listed.status_code == 200 and detail.status_code == 200
    assert _log(viewer=org.officer_x.user) == [
        ("Li Na", "api_objections"),
        ("Li Na", "api_objections"),
        ("Zhou Min", "api_objections"),
    ]


def test_a_cadre_reading_their_objections_is_logged_for_their_file_only(org, objections, api_as):
    response = api_as(org.cadre_x).get("/api/integrity/objections/")

    assert [row["id"] for row in response.json()["results"]] == [objections["x"].pk]
    assert _log(viewer=org.cadre_x.user) == [("Li Na", "api_objections")]


def test_an_empty_objection_list_logs_nothing(org, api_as):
    assert api_as(org.officer_x).get("/api/integrity/objections/").status_code == 200
    assert not FileAccess.objects.exists()


def test_the_objections_page_query_count_does_not_grow_with_objections(org, objections):
    officer = Client()
    officer.force_login(org.second_officer_x.user)
    officer.get("/integrity/objections/")  # session and caches warm

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert officer.get("/integrity/objections/").status_code == 200
        return len(captured)

    before = queries()
    for _ in range(5):
        _object(org, org.cadre_x, org.officer_x)

    assert queries() == before
