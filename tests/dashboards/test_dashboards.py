"""Dashboards: who sees which figures, and the numbers agree with the data."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from kernel.roles import Role
from staffmgmt.models import OrgUnit
from staffmgmt.selectors.calendar import working_days
from tests import factories


@pytest.fixture
def bureau_with_two_halls(db):
    bureau = factories.unit(kind=OrgUnit.Kind.BUREAU)
    halls = [factories.unit(parent=bureau, name=f"Hall {n}") for n in (1, 2)]
    # Duties of last month: in the past, and within one month for the monthly report.
    last_month_end = timezone.localdate().replace(day=1) - timedelta(days=1)
    days = working_days(start=last_month_end.replace(day=1), end=last_month_end)
    people = {}
    for hall in halls:
        a = factories.staff(unit=hall, name=f"{hall.name} A")
        b = factories.staff(unit=hall, name=f"{hall.name} B")
        people[hall.pk] = (a, b)
        factories.published_roster(
            duty_type=factories.duty_type(unit=hall),
            duties={days[0]: [a], days[1]: [a], days[2]: [b]},
        )
    leader = factories.staff(unit=bureau, roles=(Role.CADRE, Role.LEADERSHIP), name="Leader")
    manager = factories.staff(unit=halls[0], roles=(Role.CADRE, Role.MANAGER), name="Mgr")
    return {
        "bureau": bureau,
        "halls": halls,
        "people": people,
        "leader": leader,
        "manager": manager,
        "days": days,
    }


def _json(client, key, **params):
    response = client.get(f"/dashboards/panels/{key}.json", params)
    return response


def test_duty_fairness_counts_equal_the_duties_in_the_rosters(client, bureau_with_two_halls):
    world = bureau_with_two_halls
    client.force_login(world["leader"].user)

    data = _json(client, "duty-fairness", unit=world["bureau"].pk).json()

    counts = {row[0]: row[3] for row in data["rows"]}
    assert counts == {"Hall 1 A": 2, "Hall 1 B": 1, "Hall 2 A": 2, "Hall 2 B": 1}
    assert data["summary"]["spread"] == 1


def test_a_manager_sees_only_their_hall_and_gets_404_for_the_other(client, bureau_with_two_halls):
    world = bureau_with_two_halls
    client.force_login(world["manager"].user)

    own = _json(client, "duty-fairness", unit=world["halls"][0].pk)
    other = _json(client, "duty-fairness", unit=world["halls"][1].pk)
    bureau = _json(client, "duty-fairness", unit=world["bureau"].pk)

    assert {row[0] for row in own.json()["rows"]} == {"Hall 1 A", "Hall 1 B"}
    assert other.status_code == 404 and bureau.status_code == 404


def test_a_cadre_has_no_unit_figures_only_their_own(client, bureau_with_two_halls):
    world = bureau_with_two_halls
    cadre = world["people"][world["halls"][0].pk][0]
    client.force_login(cadre.user)

    unit_panel = _json(client, "duty-fairness", unit=world["halls"][0].pk)
    unit_csv = client.get("/dashboards/panels/duty-fairness.csv")
    mine = _json(client, "my-duties").json()
    page = client.get("/dashboards/").content.decode()

    assert unit_panel.status_code == 404 and unit_csv.status_code == 404
    assert sum(row[1] for row in mine["rows"]) == 2
    assert "Hall 1 B" not in page and "Hall 2 A" not in page


def test_the_leader_drills_down_from_the_bureau_to_a_hall(client, bureau_with_two_halls):
    world = bureau_with_two_halls
    client.force_login(world["leader"].user)

    bureau_page = client.get("/dashboards/").content.decode()
    hall_page = client.get("/dashboards/", {"unit": world["halls"][1].pk}).content.decode()

    assert f"?unit={world['halls'][1].pk}" in bureau_page
    assert "Hall 2 A" in hall_page and "Hall 1 A" not in hall_page


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2026-13-01"},
        {"start": "2026-05-01", "end": "2026-01-01"},
        {"start": "2000-01-01", "end": "2026-01-01"},
        {"unit": "99999999999999999999"},
        {"unit": "abc"},
    ],
)
def test_bad_periods_and_units_are_400_not_500(client, bureau_with_two_halls, params):
    client.force_login(bureau_with_two_halls["leader"].user)

    page = client.get("/dashboards/", params)
    data = client.get("/dashboards/panels/duty-fairness.json", params)

    assert page.status_code == 400 and data.status_code == 400


def test_dashboard_query_count_does_not_grow_with_people(
    client, bureau_with_two_halls, django_assert_max_num_queries
):
    world = bureau_with_two_halls
    client.force_login(world["leader"].user)
    client.get("/dashboards/")
    hall = world["halls"][0]
    more = [factories.staff(unit=hall) for _ in range(15)]
    day = world["days"][5]
    factories.published_roster(duty_type=factories.duty_type(unit=hall), duties={day: more})

    with django_assert_max_num_queries(40):
        response = client.get("/dashboards/")
    assert response.status_code == 200


def test_the_monthly_workbook_has_a_sheet_per_topic_with_totals(client, bureau_with_two_halls):
    world = bureau_with_two_halls
    client.force_login(world["leader"].user)
    month = world["days"][0].strftime("%Y-%m")

    response = client.get("/dashboards/report.xlsx", {"unit": world["bureau"].pk, "month": month})

    book = load_workbook(BytesIO(response.content))
    assert "duty-fairness" in book.sheetnames
    sheet = book["duty-fairness"]
    rows = list(sheet.iter_rows(values_only=True))
    body = rows[3:-1]
    assert rows[-1][3] == sum(row[3] for row in body) == 6
    assert sheet.freeze_panes == "A4"


def test_a_bad_report_month_is_a_400(client, bureau_with_two_halls):
    client.force_login(bureau_with_two_halls["leader"].user)
    response = client.get("/dashboards/report/", {"unit": 1, "month": "2026-13"})
    assert response.status_code == 400


def test_the_plotly_finder_finds_plotly_and_nothing_else():
    from django.contrib.staticfiles import finders

    assert finders.find("dashboards/plotly.min.js").endswith("plotly.min.js")
    # A missing file is None, not [None] (which made the static view answer 500).
    assert finders.find("dashboards/no-such-file.js") is None
    assert finders.find("dashboards/no-such-file.js", find_all=True) == []
