"""The dashboards through the browser: a leader reads the bureau, drills down to a hall,
a window and a person, opens the monthly report and downloads its workbook; a cadre sees
only their own. The page fixture fails a test on any request off the live server."""

from datetime import timedelta
from io import BytesIO

from django.utils import timezone
from openpyxl import load_workbook

from kernel.roles import Role
from staffmgmt.models import OrgUnit
from staffmgmt.selectors.calendar import working_days
from tests import factories
from tests.dashboards.conftest import build_bureau


def _bureau(names=("Chengxi Hall", "Dongcheng Hall")):
    bureau = factories.unit(kind=OrgUnit.Kind.BUREAU, name="City Bureau")
    last_month_end = timezone.localdate().replace(day=1) - timedelta(days=1)
    days = working_days(start=last_month_end.replace(day=1), end=last_month_end)
    halls = []
    for name in names:
        hall = factories.unit(parent=bureau, name=name)
        a = factories.staff(unit=hall, name=f"{name} Li")
        b = factories.staff(unit=hall, name=f"{name} Zhou")
        factories.published_roster(
            duty_type=factories.duty_type(unit=hall), duties={days[0]: [a], days[1]: [b]}
        )
        halls.append((hall, a))
    return bureau, halls, days


def test_leader_drills_down_to_a_hall_and_downloads_the_report(page, login, transactional_db):
    bureau, _halls, days = _bureau()
    leader = factories.staff(unit=bureau, roles=(Role.CADRE, Role.LEADERSHIP), name="Leader")

    login(leader.user.username)
    page.click("#nav-dashboards")

    assert "City Bureau" in page.locator("h1").inner_text()
    page.wait_for_selector("#panel-duty-fairness .chart.drawn .main-svg")
    page.click("#panel-duty-fairness summary")
    table = page.locator("#panel-duty-fairness table").inner_text()
    assert "Chengxi Hall Li" in table and "Dongcheng Hall Zhou" in table

    page.click("#drill-down >> text=Dongcheng Hall")
    assert "Dongcheng Hall" in page.locator("h1").inner_text()
    page.click("#panel-duty-fairness summary")
    table = page.locator("#panel-duty-fairness table").inner_text()
    assert "Dongcheng Hall Li" in table and "Chengxi Hall" not in table

    page.fill("#id_month", days[0].strftime("%Y-%m"))
    page.click("#report-form button")
    assert "monthly statistical report" in page.locator("h1").inner_text()
    with page.expect_download() as download:
        page.click("#report-xlsx")
    with open(download.value.path(), "rb") as workbook:
        book = load_workbook(BytesIO(workbook.read()))
    assert "duty-fairness" in book.sheetnames


def test_a_cadre_sees_their_own_duties_and_nobody_elses(page, login, transactional_db):
    _bureau_unit, halls, _days = _bureau()
    cadre = halls[0][1]

    login(cadre.user.username)
    page.click("#nav-dashboards")

    assert "My figures" in page.locator("h1").inner_text()
    body = page.locator("main").inner_text()
    assert "Zhou" not in body and "Dongcheng" not in body
    page.wait_for_selector("#panel-my-duties .chart.drawn .main-svg")


def test_leader_drills_down_to_a_window_and_a_person_and_downloads_the_report(
    page, login, transactional_db
):
    city = build_bureau()
    window = city.windows[0]

    login(city.leader.user.username)
    page.click("#nav-dashboards")
    page.goto(f"/dashboards/?unit={city.bureau.pk}&start=2026-03-01&end=2026-03-31")
    assert "City Bureau" in page.locator("h1").inner_text()
    page.wait_for_selector("#panel-integrity-heatmap .chart.drawn .main-svg")

    page.click("#drill-down >> text=Hall 1")
    assert "Hall 1" in page.locator("h1").inner_text()
    page.wait_for_selector("#panel-window-satisfaction .chart.drawn .main-svg")
    page.click("#panel-window-satisfaction summary")
    page.click(f"#panel-window-satisfaction table >> text={window}")

    assert str(window) in page.locator("h1").inner_text()
    page.wait_for_selector("#panel-window-ratings .chart.drawn .main-svg")
    page.click("#panel-window-ratings summary")
    assert "Very dissatisfied" in page.locator("#panel-window-ratings table").inner_text()
    page.click("#panel-window-staff summary")
    page.click("#panel-window-staff table >> text=Hall 1 P1")

    assert "Figures of Hall 1 P1" in page.locator("h1").inner_text()
    page.wait_for_selector("#panel-my-assessment .chart.drawn .main-svg")
    page.click("#unit-trail >> text=Hall 1")

    assert "Hall 1" in page.locator("h1").inner_text()
    page.fill("#id_month", "2026-03")
    page.click("#report-form button")
    assert "monthly statistical report" in page.locator("h1").inner_text()
    with page.expect_download() as download:
        page.click("#report-xlsx")
    with open(download.value.path(), "rb") as workbook:
        book = load_workbook(BytesIO(workbook.read()))
    rows = list(book["window-satisfaction"].iter_rows(values_only=True))
    assert rows[-1][0] == "Total" and rows[-1][3] == 4  # the hall's window, 4 ratings
