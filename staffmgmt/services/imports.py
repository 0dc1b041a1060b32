"""The bureau's first day: its org tree and its staff from one Excel workbook.

`manage.py import_staff FILE.xlsx --by ADMIN` reads two sheets, each with a header row:

- **Units**: `code`, `name`, `kind` (bureau, branch, hall, section), `parent` (a parent's
  code; empty for the bureau). Parents before their children.
- **Staff**: `employee_no`, `name`, `username`, `unit` (a unit's code), `title`, `roles`
  (comma-separated: cadre, manager, integrity_officer, leadership; empty: cadre).

Every row goes through the ordinary services (`org_unit_create`, `staff_create`), so each
is checked, recorded with history and who did it, and each role is a logged grant by the
administrator running the import. All or nothing: one bad row and nothing is saved, and
the report names every bad row. A unit or a person already there (same code, same
employee number) is left as it is, so the import can run again after a fix. Accounts get
no usable password: people set theirs through the administrator's reset.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from kernel.roles import Role
from staffmgmt.models import OrgUnit, Staff
from staffmgmt.services.org import org_unit_create, staff_create

__all__ = ["StaffImportError", "StaffImportReport", "staff_import_workbook"]

UNIT_COLUMNS = ("code", "name", "kind", "parent")
STAFF_COLUMNS = ("employee_no", "name", "username", "unit", "title", "roles")


@dataclass
class StaffImportReport:
    units_created: int = 0
    units_present: int = 0
    staff_created: int = 0
    staff_present: int = 0
    errors: list[str] = field(default_factory=list)


class StaffImportError(Exception):
    def __init__(self, report: StaffImportReport):
        super().__init__("; ".join(report.errors))
        self.report = report


def _rows(workbook, sheet: str, columns: tuple[str, ...]):
    if sheet not in workbook.sheetnames:
        raise StaffImportError(StaffImportReport(errors=[f"The workbook has no sheet {sheet!r}."]))
    rows = workbook[sheet].iter_rows(values_only=True)
    header = [str(cell or "").strip().lower() for cell in next(rows, ())]
    missing = [column for column in columns if column not in header]
    if missing:
        raise StaffImportError(
            StaffImportReport(errors=[f"{sheet}: missing columns {', '.join(missing)}."])
        )
    for number, values in enumerate(rows, start=2):
        row = {
            name: str(value).strip() if value is not None else ""
            for name, value in zip(header, values, strict=False)
        }
        if any(row.get(column) for column in columns):
            yield number, row


def _messages(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@transaction.atomic
def staff_import_workbook(*, actor, workbook) -> StaffImportReport:
    """Create the units and staff of an openpyxl `workbook`; raises StaffImportError
    (nothing saved) listing every bad row."""
    report = StaffImportReport()
    for number, row in _rows(workbook, "Units", UNIT_COLUMNS):
        if OrgUnit.objects.filter(code=row["code"]).exists():
            report.units_present += 1
            continue
        parent = None
        if row["parent"]:
            parent = OrgUnit.objects.filter(code=row["parent"]).first()
            if parent is None:
                report.errors.append(f"Units row {number}: no unit with code {row['parent']!r}.")
                continue
        try:
            with transaction.atomic():
                org_unit_create(
                    actor=actor, code=row["code"], name=row["name"], kind=row["kind"], parent=parent
                )
        except Exception as error:  # every row's problem is reported, then nothing is saved
            report.errors.append(f"Units row {number}: {_messages(error)}")
        else:
            report.units_created += 1
    for number, row in _rows(workbook, "Staff", STAFF_COLUMNS):
        if Staff.objects.filter(employee_no=row["employee_no"]).exists():
            report.staff_present += 1
            continue
        unit = OrgUnit.objects.filter(code=row["unit"]).first()
        roles = [part.strip() for part in row["roles"].split(",") if part.strip()] or [Role.CADRE]
        unknown = [role for role in roles if role not in Role.values]
        if unit is None or unknown:
            problem = (
                f"no unit with code {row['unit']!r}"
                if unit is None
                else (f"unknown roles {', '.join(unknown)}")
            )
            report.errors.append(f"Staff row {number}: {problem}.")
            continue
        try:
            with transaction.atomic():
                staff_create(
                    actor=actor,
                    username=row["username"],
                    employee_no=row["employee_no"],
                    name=row["name"],
                    unit=unit,
                    title=row["title"],
                    roles=roles,
                )
        except Exception as error:
            report.errors.append(f"Staff row {number}: {_messages(error)}")
        else:
            report.staff_created += 1
    if report.errors:
        raise StaffImportError(report)
    return report
