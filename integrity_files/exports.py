"""The integrity file as an Excel workbook, for appointment reviews: records (current and
superseded, with corrections), talks and training credits, headers in the reader's
language. Reads only through selectors; the caller logs the export."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from integrity_files import selectors

__all__ = ["integrity_file_xlsx"]


def integrity_file_xlsx(*, user, staff) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    year = timezone.localdate().year
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Records")[:31]
    sheet.append([_("Integrity file of %(name)s") % {"name": staff.name}, staff.unit.name])
    sheet.append([])
    sheet.append(
        [
            "#",
            _("Date"),
            _("Category"),
            _("Kind"),
            _("Source"),
            _("Points"),
            _("Status"),
            _("Facts"),
            _("Corrects"),
            _("Reason for the correction"),
            _("Answer"),
        ]
    )
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for record in selectors.record_list(user=user, staff=staff):
        if record.status == record.Status.CONFIRMED:
            status = _("Current") if record.is_current else _("Superseded")
        else:
            status = record.get_status_display()
        response = getattr(record, "response", None)
        sheet.append(
            [
                record.pk,
                record.occurred_on,
                record.get_category_display(),
                record.get_kind_display(),
                record.get_source_display(),
                record.points,
                status,
                record.facts,
                record.supersedes_id,
                record.correction_reason,
                response.get_status_display() if response else "",
            ]
        )
    talks = workbook.create_sheet(_("Talks")[:31])
    talks.append(
        [
            _("Date"),
            _("Kind"),
            _("Participants"),
            _("Summary of the talk"),
            pgettext("talk", "Follow-up"),
        ]
    )
    for talk in selectors.talk_list(user=user, staff=staff):
        talks.append(
            [talk.held_on, talk.get_kind_display(), talk.participants, talk.summary, talk.follow_up]
        )
    credits = workbook.create_sheet(_("Credits")[:31])
    credits.append([_("Date"), _("Course"), _("Training hours"), _("Credits")])
    for item in selectors.training_credit_list(user=user, staff=staff):
        credits.append([item.completed_on, item.course, item.hours, item.credits])
    shortfall = selectors.credit_shortfall_for_staff(user=user, staff=staff, year=year)
    if shortfall is not None:
        credits.append([])
        credits.append(
            [_("Credits short"), year, shortfall.required, shortfall.earned, shortfall.shortfall]
        )
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
