from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from kernel.roles import Role
from roster import services
from tests import factories

START, END = date(2026, 4, 27), date(2026, 5, 8)


@pytest.fixture
def rostered(hall, cadre, manager):
    other = factories.staff(unit=hall, name="Cadre Zhao")
    noon = factories.duty_type(unit=hall, name="Noon duty")
    holiday = factories.duty_type(unit=hall, kind="holiday", name="Holiday duty")
    factories.published_roster(
        duty_type=noon, duties={date(2026, 4, 28): [cadre], date(2026, 4, 29): [other]}
    )
    factories.published_roster(
        duty_type=holiday, duties={date(2026, 5, 1): [other], date(2026, 5, 3): [other]}
    )
    return noon, holiday, other


def workbook(body: bytes):
    return load_workbook(BytesIO(body))


def column_of(sheet, label: str) -> int:
    for cell in sheet[2]:
        if cell.value == label:
            return cell.column
    raise AssertionError(label)


def row_of(sheet, name: str) -> int:
    for cell in sheet["A"]:
        if cell.value == name:
            return cell.row
    raise AssertionError(name)


def test_one_sheet_per_duty_type_with_people_by_days_and_totals(rostered, hall, cadre):
    _noon, _holiday, other = rostered

    book = workbook(services.roster_export_xlsx(actor=None, unit=hall, start=START, end=END))

    assert sorted(book.sheetnames) == ["Holiday duty", "Noon duty"]
    sheet = book["Noon duty"]
    assert sheet.freeze_panes == "B4"
    assert sheet["A1"].value.startswith(hall.name)
    assert sheet.cell(row=row_of(sheet, cadre.name), column=column_of(sheet, "04-28")).value
    assert sheet.cell(row=row_of(sheet, other.name), column=column_of(sheet, "04-28")).value is None
    total = column_of(sheet, "Total")
    assert sheet.cell(row=row_of(sheet, cadre.name), column=total).value == 1
    hol = book["Holiday duty"]
    assert hol.cell(row=row_of(hol, other.name), column=column_of(hol, "Total")).value == 2
    may_first = column_of(hol, "05-01")
    assert hol.cell(row=3, column=may_first).value == "Labour Day"
    assert hol.cell(row=2, column=may_first).fill.fgColor.rgb.endswith("FDE5E3")
    assert hol.column_dimensions["A"].width >= 12


def test_export_headers_follow_the_active_language(rostered, hall):
    from django.utils import translation

    with translation.override("zh-hans"):
        book = workbook(services.roster_export_xlsx(actor=None, unit=hall, start=START, end=END))
    hol = book["Holiday duty"]
    assert hol.cell(row=3, column=column_of(hol, "05-01")).value == "劳动节"


def test_export_url_for_managers_returns_a_workbook(rostered, hall, manager, client):
    client.force_login(manager.user)
    response = client.get(f"/roster/export.xlsx?unit={hall.pk}&start={START}&end={END}")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    assert "Noon duty" in workbook(response.content).sheetnames


def test_export_refused_to_cadres_and_for_other_halls(rostered, hall, cadre, client):
    client.force_login(cadre.user)
    assert (
        client.get(f"/roster/export.xlsx?unit={hall.pk}&start={START}&end={END}").status_code == 403
    )
    outsider = factories.staff(roles=(Role.CADRE, Role.MANAGER))
    client.force_login(outsider.user)
    assert (
        client.get(f"/roster/export.xlsx?unit={hall.pk}&start={START}&end={END}").status_code == 400
    )


def test_export_of_a_range_too_long_is_a_clear_400(hall, manager, client):
    client.force_login(manager.user)
    response = client.get(f"/roster/export.xlsx?unit={hall.pk}&start=2026-01-01&end=2027-06-01")
    assert response.status_code == 400


def test_print_page_has_a4_landscape_grid_and_lists_per_person(rostered, hall, cadre, client):
    client.force_login(cadre.user)
    body = client.get(f"/roster/print/?unit={hall.pk}&year=2026&month=5").content.decode()
    assert "size: A4 landscape" in body
    assert 'id="print-grid"' in body and "Labour Day" in body
    assert "Cadre Zhao" in body

    only = client.get(
        f"/roster/print/?unit={hall.pk}&year=2026&month=4&person={cadre.pk}"
    ).content.decode()
    assert 'id="print-grid"' not in only
    assert f'data-person="{cadre.pk}"' in only and "report 11:45" in only


def test_export_service_refuses_a_cadre(rostered, hall, cadre):
    with pytest.raises(PermissionDenied):
        services.roster_export_xlsx(actor=cadre.user, unit=hall, start=START, end=END)


def test_export_service_refuses_a_manager_of_another_hall(rostered, hall):
    outsider = factories.staff(roles=(Role.CADRE, Role.MANAGER))

    with pytest.raises(PermissionDenied):
        services.roster_export_xlsx(actor=outsider.user, unit=hall, start=START, end=END)


def test_export_service_serves_leadership_of_the_unit(rostered, hall):
    leader = factories.staff(unit=hall, roles=(Role.CADRE, Role.LEADERSHIP))

    body = services.roster_export_xlsx(actor=leader.user, unit=hall, start=START, end=END)

    assert "Noon duty" in workbook(body).sheetnames


def test_a_duty_type_without_duties_in_the_range_gets_no_sheet(rostered, hall):
    factories.duty_type(unit=hall, kind="weekend", name="Weekend opening")

    book = workbook(services.roster_export_xlsx(actor=None, unit=hall, start=START, end=END))

    assert "Weekend opening" not in book.sheetnames


def test_drafts_are_marked_as_drafts_for_the_manager(hall, cadre, manager):
    noon = factories.duty_type(unit=hall, name="Noon duty")
    factories.published_roster(duty_type=noon, duties={date(2026, 4, 28): [cadre]}, publish=False)

    book = workbook(
        services.roster_export_xlsx(
            actor=manager.user, unit=hall, start=START, end=END, include_drafts=True
        )
    )

    (name,) = book.sheetnames
    assert "draft" in name
    sheet = book[name]
    assert "DRAFT" in sheet["A1"].value
    assert sheet.cell(row=row_of(sheet, cadre.name), column=column_of(sheet, "04-28")).value == "○"
