"""A unit's duty draws on the unit and every unit below it: a hall's noon duty on the people
of its sections, never on those of a sibling hall."""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from roster import selectors, services
from roster.models import DutyAssignment, SwapRequest
from staffmgmt.models import OrgUnit
from tests import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
# Working days after the frozen today.
D1, D_MID, D2 = date(2026, 3, 10), date(2026, 3, 11), date(2026, 3, 12)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    now = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now


@pytest.fixture
def sections(hall):
    return [factories.unit(kind=OrgUnit.Kind.SECTION, parent=hall) for _ in range(2)]


@pytest.fixture
def section_people(sections):
    """Three cadres in each of the hall's two sections."""
    return [[factories.staff(unit=section) for _ in range(3)] for section in sections]


@pytest.fixture
def sibling_hall_member(hall):
    sibling = factories.unit(parent=hall.parent)
    return factories.staff(unit=factories.unit(kind=OrgUnit.Kind.SECTION, parent=sibling))


@pytest.fixture
def noon(hall):
    return factories.duty_type(unit=hall, headcount=1, min_gap_days=1)


def duty(staff, day):
    return DutyAssignment.objects.get(staff=staff, date=day)


def test_hall_noon_roster_draws_on_both_sections_and_never_on_a_sibling_hall(
    hall, manager, section_people, sibling_hall_member
):
    noon = factories.duty_type(unit=hall, headcount=2)

    roster = services.roster_generate(
        actor=manager.user,
        duty_type=noon,
        start_date=MARCH[0],
        end_date=MARCH[1],
        time_limit_s=2,
    )

    on_duty = set(roster.assignments.values_list("staff_id", flat=True))
    for people in section_people:
        assert {p.pk for p in people} <= on_duty
    assert sibling_hall_member.pk not in on_duty
    assert roster.figures["spread"] <= 1


def test_manager_may_add_a_section_member_to_a_hall_roster(noon, manager, cadre, section_people):
    roster = factories.published_roster(duty_type=noon, duties={D1: [cadre], D2: [manager]})
    member = section_people[1][0]

    added = services.assignment_add(actor=manager.user, roster=roster, staff=member, date=D_MID)

    assert added.staff == member
    assert added.roster == roster


def test_adding_a_sibling_halls_member_to_a_hall_roster_is_an_error_even_confirmed(
    noon, manager, cadre, sibling_hall_member
):
    roster = factories.published_roster(duty_type=noon, duties={D1: [cadre]})

    with pytest.raises(ValidationError) as error:
        services.assignment_add(
            actor=manager.user, roster=roster, staff=sibling_hall_member, date=D2, confirm=True
        )

    assert "staff" in error.value.message_dict
    assert not DutyAssignment.objects.filter(staff=sibling_hall_member).exists()


def test_members_of_two_sections_may_swap_a_hall_duty(noon, manager, section_people):
    asker, colleague = section_people[0][0], section_people[1][0]
    factories.published_roster(duty_type=noon, duties={D1: [asker], D2: [colleague]})
    mine, theirs = duty(asker, D1), duty(colleague, D2)

    swap = services.swap_request(
        actor=asker.user, assignment=mine, counterpart=colleague, counterpart_assignment=theirs
    )
    services.swap_accept(actor=colleague.user, swap=swap)
    services.swap_approve(actor=manager.user, swap=swap)

    swap.refresh_from_db()
    assert swap.status == SwapRequest.Status.APPROVED
    assert duty(colleague, D1).pk == mine.pk
    assert duty(asker, D2).pk == theirs.pk


def test_a_swap_with_a_sibling_halls_member_is_refused(noon, section_people, sibling_hall_member):
    asker = section_people[0][0]
    factories.published_roster(duty_type=noon, duties={D1: [asker]})

    with pytest.raises(ValidationError) as error:
        services.swap_request(
            actor=asker.user, assignment=duty(asker, D1), counterpart=sibling_hall_member
        )

    assert "counterpart" in error.value.message_dict
    assert not SwapRequest.objects.exists()


def test_an_exchange_for_a_duty_of_another_sections_roster_is_refused(
    noon, sections, section_people
):
    asker, colleague = section_people[0][0], section_people[1][0]
    factories.published_roster(duty_type=noon, duties={D1: [asker]})
    # A duty of the colleague's own section, to which the asker does not belong.
    section_noon = factories.duty_type(unit=sections[1], headcount=1)
    factories.published_roster(duty_type=section_noon, duties={D2: [colleague]})

    with pytest.raises(ValidationError) as error:
        services.swap_request(
            actor=asker.user,
            assignment=duty(asker, D1),
            counterpart=colleague,
            counterpart_assignment=duty(colleague, D2),
        )

    assert "counterpart_assignment" in error.value.message_dict


def test_replacement_proposed_for_a_hall_duty_may_come_from_a_section(
    noon, manager, cadre, sections
):
    member = factories.staff(unit=sections[0])
    away = factories.staff(unit=sections[1])
    factories.published_roster(duty_type=noon, duties={D1: [away]})
    # Nobody directly in the hall is free that day: the manager and the cadre serve elsewhere.
    elsewhere = factories.duty_type(unit=manager.unit, kind="noon")
    factories.published_roster(duty_type=elsewhere, duties={D1: [manager, cadre]})

    proposed = services.propose_replacement(duty(away, D1))

    assert proposed == member


def test_hall_roster_grid_has_a_row_for_every_section_member_in_constant_queries(
    noon, cadre, sections, django_assert_max_num_queries
):
    member = factories.staff(unit=sections[0])
    roster = factories.published_roster(duty_type=noon, duties={D1: [member], D2: [cadre]})

    with django_assert_max_num_queries(5):
        small = selectors.roster_month_grid_unscoped(roster_or_unit=roster, year=2026, month=3)
    for section in sections:
        for _ in range(5):
            factories.staff(unit=section)
    with django_assert_max_num_queries(5):
        big = selectors.roster_month_grid_unscoped(roster_or_unit=roster, year=2026, month=3)

    assert member.pk in {row.staff.pk for row in small.rows}
    assert len(big.rows) == len(small.rows) + 10


def test_a_sections_month_grid_shows_its_members_hall_duties(noon, cadre, sections):
    member = factories.staff(unit=sections[0])
    factories.published_roster(duty_type=noon, duties={D1: [member], D2: [cadre]})

    grid = selectors.roster_month_grid_unscoped(roster_or_unit=sections[0], year=2026, month=3)

    rows = {row.staff.pk: row for row in grid.rows}
    assert set(rows) == {member.pk}
    assert rows[member.pk].total == 1


def test_section_cadre_sees_the_published_hall_roster_they_are_on_not_a_sibling_halls(
    hall, noon, manager, section_people, sibling_hall_member
):
    member = section_people[0][0]
    published = factories.published_roster(duty_type=noon, duties={D1: [member]})
    draft = factories.published_roster(
        duty_type=factories.duty_type(unit=hall, kind="holiday"),
        duties={date(2026, 4, 4): [member]},
        publish=False,
    )
    sibling_noon = factories.duty_type(unit=sibling_hall_member.unit)
    factories.published_roster(duty_type=sibling_noon, duties={D1: [sibling_hall_member]})

    visible = {r.pk for r in selectors.roster_list(user=member.user)}

    assert visible == {published.pk}
    assert draft.pk not in visible


def test_swap_page_offers_colleagues_of_every_section_of_the_hall_in_constant_queries(
    client, noon, manager, cadre, section_people, sibling_hall_member, django_assert_max_num_queries
):
    asker = section_people[0][0]
    factories.published_roster(duty_type=noon, duties={D1: [asker]})
    client.force_login(asker.user)

    with django_assert_max_num_queries(25):
        page = client.get("/roster/swaps/").content.decode()
    colleagues = set(selectors.swap_counterpart_list(user=asker.user))

    assert colleagues == {manager, cadre, *section_people[0][1:], *section_people[1]}
    assert section_people[1][0].name in page
    assert sibling_hall_member.name not in page
    assert asker not in colleagues


def test_api_swap_with_a_colleague_of_another_section_is_created(api_as, noon, section_people):
    asker, colleague = section_people[0][0], section_people[1][0]
    factories.published_roster(duty_type=noon, duties={D1: [asker]})

    response = api_as(asker).post(
        "/api/swaps/", {"assignment": duty(asker, D1).pk, "counterpart": colleague.pk}
    )

    assert response.status_code == 201, response.content
    assert response.json()["counterpart"] == colleague.pk


def test_hall_export_has_a_row_for_each_section_member(hall, noon, cadre, sections, manager):
    member = factories.staff(unit=sections[1], name="Section Qian")
    factories.published_roster(duty_type=noon, duties={D1: [member], D2: [cadre]})

    body = services.roster_export_xlsx(actor=None, unit=hall, start=MARCH[0], end=MARCH[1])

    sheet = load_workbook(BytesIO(body))[noon.name]
    names = [cell.value for cell in sheet["A"]]
    assert "Section Qian" in names
    assert manager.name in names


def test_manager_hand_edit_form_offers_section_members(client, noon, manager, cadre, sections):
    member = factories.staff(unit=sections[0], name="Section Sun")
    roster = factories.published_roster(
        duty_type=noon, duties={D1: [cadre], D2: [manager]}, publish=False
    )
    client.force_login(manager.user)

    response = client.post(
        f"/roster/{roster.pk}/edit/add/",
        {"add-staff": member.pk, "add-date": D_MID.isoformat(), "add-reason": "cover"},
    )

    assert response.status_code == 302
    assert duty(member, D_MID).roster == roster
