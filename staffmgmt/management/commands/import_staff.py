"""`manage.py import_staff FILE.xlsx --by ADMIN`: the org tree and staff from Excel
(the sheets and columns: staffmgmt/services/imports.py)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from openpyxl import load_workbook

from kernel.accounts import is_administrator
from staffmgmt import services


class Command(BaseCommand):
    help = (
        "Create units (sheet Units: code, name, kind, parent) and staff (sheet Staff: "
        "employee_no, name, username, unit, title, roles) from an Excel workbook; all or "
        "nothing, rows already there left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--by", required=True, help="the administrator's username")

    def handle(self, *args, file: str, by: str, **options):
        actor = get_user_model().objects.filter(username=by, is_active=True).first()
        if actor is None or not is_administrator(actor):
            raise CommandError(f"{by!r} is not an active administrator.")
        try:
            workbook = load_workbook(file, read_only=True, data_only=True)
        except Exception as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            report = services.staff_import_workbook(actor=actor, workbook=workbook)
        except services.StaffImportError as error:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(error.report.errors)
            ) from error
        self.stdout.write(
            f"Units: {report.units_created} created, {report.units_present} already there. "
            f"Staff: {report.staff_created} created, {report.staff_present} already there."
        )
