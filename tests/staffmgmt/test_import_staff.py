"""`manage.py import_staff`: the bureau's first day, its org tree and staff from Excel."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from kernel.models import RoleGrant
from kernel.roles import user_has_role
from staffmgmt.models import OrgUnit, Staff

UNITS = [
    ("code", "name", "kind", "parent"),
    ("sz", "Shenzhen Bureau", "bureau", ""),
    ("sz-ft", "Futian Hall", "hall", "sz"),
]
STAFF = [
    ("employee_no", "name", "username", "unit", "title", "roles"),
    ("E001", "Wang Fang", "wangfang", "sz-ft", "Head of hall", "cadre, manager"),
    ("E002", "Li Lei", "lilei", "sz-ft", "", ""),
]


def workbook(tmp_path, units=UNITS, staff=STAFF):
    book = Workbook()
    book.active.title = "Units"
    for row in units:
        book["Units"].append(row)
    sheet = book.create_sheet("Staff")
    for row in staff:
        sheet.append(row)
    path = tmp_path / "first-day.xlsx"
    book.save(path)
    return str(path)


@pytest.fixture
def admin(db):
    return User.objects.create_superuser("admin", password="x-admin-pw-1")


def test_the_first_day_workbook_creates_the_tree_and_the_staff_with_logged_roles(admin, tmp_path):
    out = StringIO()
    call_command("import_staff", workbook(tmp_path), by="admin", stdout=out)

    hall = OrgUnit.objects.get(code="sz-ft")
    assert hall.parent.code == "sz"
    head = Staff.objects.get(employee_no="E001")
    assert (head.unit, head.title) == (hall, "Head of hall")
    assert user_has_role(head.user, "manager")
    assert RoleGrant.objects.filter(user=head.user, role="manager").exists()
    assert not head.user.has_usable_password()
    assert "Staff: 2 created" in out.getvalue()


def test_running_it_again_creates_nothing_twice(admin, tmp_path):
    path = workbook(tmp_path)
    call_command("import_staff", path, by="admin", stdout=StringIO())
    out = StringIO()

    call_command("import_staff", path, by="admin", stdout=out)

    assert Staff.objects.count() == 2
    assert "2 already there" in out.getvalue()


def test_one_bad_row_and_nothing_is_imported_and_every_bad_row_is_named(admin, tmp_path):
    staff = [
        *STAFF,
        ("E003", "Zhao Min", "zhaomin", "nowhere", "", ""),
        ("E004", "Sun Li", "wangfang", "sz-ft", "", ""),
    ]

    with pytest.raises(CommandError) as caught:
        call_command("import_staff", workbook(tmp_path, staff=staff), by="admin", stdout=StringIO())

    assert "Staff row 4: no unit with code 'nowhere'" in str(caught.value)
    assert "Staff row 5:" in str(caught.value) and "username" in str(caught.value)
    assert not OrgUnit.objects.exists() and not Staff.objects.exists()


def test_only_an_administrator_runs_the_import(db, tmp_path):
    User.objects.create_user("manager", password="x-manager-pw-1", is_staff=True)

    with pytest.raises(CommandError, match="not an active administrator"):
        call_command("import_staff", workbook(tmp_path), by="manager", stdout=StringIO())
