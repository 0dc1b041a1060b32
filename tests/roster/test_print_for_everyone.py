"""Anyone who may see a roster may print it: a cadre of a section prints the hall month
(it answered 400 "select a valid choice"); the print carries the signature lines."""

from datetime import date

from django.urls import reverse

from kernel.roles import Role
from tests import factories


def test_a_cadre_of_a_section_prints_the_hall_month(client, hall):
    section = factories.unit(kind="section", parent=hall)
    cadre = factories.staff(unit=section, name="Li Na")
    factories.staff(unit=hall, roles=(Role.CADRE, Role.MANAGER))
    noon = factories.duty_type(unit=hall, name="Noon duty")
    factories.published_roster(duty_type=noon, duties={date(2026, 12, 2): [cadre]})
    client.force_login(cadre.user)

    response = client.get(reverse("roster:print"), {"unit": hall.pk, "year": 2026, "month": 12})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="print-grid"' in page and "Li Na" in page
    assert 'id="signatures"' in page and "Reviewed by" in page


def test_a_cadre_may_not_print_another_hall(client, cadre):
    other = factories.unit()
    client.force_login(cadre.user)

    response = client.get(reverse("roster:print"), {"unit": other.pk, "year": 2026, "month": 12})

    assert response.status_code == 400


def test_the_roster_page_links_to_its_print(client, hall, manager):
    noon = factories.duty_type(unit=hall)
    roster = factories.published_roster(duty_type=noon, duties={date(2026, 12, 2): [manager]})
    client.force_login(manager.user)

    page = client.get(
        reverse("roster:roster-detail", args=[roster.pk]), {"year": 2026, "month": 12}
    ).content.decode()

    assert f"/roster/print/?unit={hall.pk}&amp;year=2026&amp;month=12" in page


def test_a_draft_roster_page_offers_its_excel_with_drafts(client, hall, manager):
    noon = factories.duty_type(unit=hall)
    roster = factories.published_roster(
        duty_type=noon, duties={date(2026, 12, 2): [manager]}, publish=False
    )
    client.force_login(manager.user)

    page = client.get(reverse("roster:roster-detail", args=[roster.pk])).content.decode()
    url = page.split('id="excel-link"', 1)[0].rsplit('href="', 1)[1].split('"', 1)[0]
    response = client.get(url.replace("&amp;", "&"))

    assert "drafts=1" in url
    assert response.status_code == 200
