"""The officers' proposals page and the API's `proposed` filter: proposals of the files
the officer keeps, confirmed (with points) or dismissed from the list; bad input re-shows
the page with the error; showing them is logged; the query count stays flat."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from integrity_files import services
from integrity_files.models import FileAccess, IntegrityNotice, IntegrityRecord
from tests.integrity_files.conftest import draft

URL = "/integrity/proposals/"


def propose(org, staff=None, ref="roster.checkin:1"):
    return services.record_propose(
        staff=staff or org.cadre_x,
        category="work_style",
        kind="violation",
        occurred_on=timezone.localdate() - timedelta(days=1),
        facts="Checked in 9 minutes late for Noon duty.",
        source="duty_checkin",
        source_ref=ref,
    )


def login(staff) -> Client:
    client = Client()
    client.force_login(staff.user)
    return client


@pytest.fixture
def proposals(org):
    return {
        "x": propose(org, ref="roster.checkin:1"),
        "other_x": propose(org, staff=org.other_cadre_x, ref="feedback.entry:7"),
        "y": propose(org, staff=org.cadre_y, ref="roster.checkin:2"),
    }


def test_the_page_lists_the_proposals_of_the_files_the_officer_keeps(org, proposals):
    draft(org)  # an officer's own draft is not a proposal

    page = login(org.officer_x).get(URL)

    html = page.content.decode()
    assert page.status_code == 200
    assert f'id="proposal-{proposals["x"].pk}"' in html
    assert f'id="proposal-{proposals["other_x"].pk}"' in html
    assert f'id="proposal-{proposals["y"].pk}"' not in html
    assert html.count('class="card proposal"') == 2


def test_showing_the_proposals_is_logged_per_file(org, proposals):
    login(org.officer_x).get(URL)

    logged = FileAccess.objects.filter(viewer=org.officer_x.user, what="proposals_page")
    assert sorted(logged.values_list("staff__name", flat=True)) == ["Li Na", "Zhou Min"]


def test_an_officer_confirms_a_proposal_with_points_from_the_list(org, proposals):
    record = proposals["x"]

    response = login(org.officer_x).post(
        URL, {"op": "confirm", "record": record.pk, f"confirm-{record.pk}-points": "-2"}
    )

    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.points) == (IntegrityRecord.Status.CONFIRMED, -2)
    assert record.confirmed_by == org.officer_x.user
    assert IntegrityNotice.objects.filter(recipient=org.cadre_x, record=record).exists()
    assert f'id="proposal-{record.pk}"' not in login(org.officer_x).get(URL).content.decode()


def test_points_outside_the_range_re_show_the_page_with_the_error(org, proposals):
    record = proposals["x"]

    response = login(org.officer_x).post(
        URL, {"op": "confirm", "record": record.pk, f"confirm-{record.pk}-points": "5"}
    )

    assert response.status_code == 400
    assert "between -20 and 0" in response.content.decode()
    record.refresh_from_db()
    assert (record.status, record.points) == (IntegrityRecord.Status.DRAFT, 0)


def test_an_officer_dismisses_a_proposal_saying_why(org, proposals):
    record = proposals["x"]
    client = login(org.officer_x)

    refused = client.post(URL, {"op": "dismiss", "record": record.pk})
    dismissed = client.post(
        URL,
        {"op": "dismiss", "record": record.pk, f"dismiss-{record.pk}-reason": "Road closed."},
    )

    assert refused.status_code == 400
    assert dismissed.status_code == 302
    record.refresh_from_db()
    assert record.status == IntegrityRecord.Status.DISMISSED
    assert record.dismissal_reason == "Road closed."


def test_a_proposal_of_another_hall_is_not_found(org, proposals):
    response = login(org.officer_x).post(URL, {"op": "confirm", "record": proposals["y"].pk})

    assert response.status_code == 404
    proposals["y"].refresh_from_db()
    assert proposals["y"].status == IntegrityRecord.Status.DRAFT


@pytest.mark.parametrize("who", ["cadre_x", "manager_x", "leader"])
def test_only_integrity_officers_open_the_page(org, proposals, who):
    assert login(getattr(org, who)).get(URL).status_code == 403


def test_the_api_filters_proposals(org, proposals, api_as):
    own_draft = draft(org)
    client = api_as(org.officer_x)

    proposed = client.get("/api/integrity/records/?proposed=true").json()["results"]
    others = client.get("/api/integrity/records/?proposed=false").json()["results"]

    assert {row["id"] for row in proposed} == {proposals["x"].pk, proposals["other_x"].pk}
    assert all(row["is_proposal"] and row["source_ref"] for row in proposed)
    assert {row["id"] for row in others} == {own_draft.pk}


def test_the_page_query_count_does_not_grow_with_proposals(org, proposals):
    client = login(org.officer_x)
    client.get(URL)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    before = queries()
    for n in range(5):
        propose(org, ref=f"roster.checkin:{100 + n}")

    assert queries() == before
