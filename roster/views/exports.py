"""The printable month of a unit and the Excel export of its duties."""

from __future__ import annotations

import calendar as pycalendar
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from roster import selectors, services
from roster.domain import report_time
from roster.forms import (
    ExportForm,
    UnitMonthForm,
)
from roster.views.common import my_staff


@login_required
def print_month(request):
    """A printable month (A4 landscape): the unit's grid of published duties, then a list
    per person; `person=<id>` prints only that person's list."""
    me = my_staff(request)
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("year", str(today.year))
    data.setdefault("month", str(today.month))
    if "unit" not in data and me is not None:
        data["unit"] = str(me.unit_id)
    form = UnitMonthForm(data, user=request.user)
    if not form.is_valid():
        return render(request, "roster/print_month.html", {"form": form}, status=400)
    unit = form.cleaned_data["unit"]
    year, month = form.cleaned_data["year"], form.cleaned_data["month"]
    grid = selectors.roster_month_grid_unscoped(roster_or_unit=unit, year=year, month=month)
    person = form.cleaned_data.get("person")
    people = [
        {
            "staff": row.staff,
            "duties": [
                (day, a, report_time(a.duty_type))
                for day, cell in zip(grid.days, row.cells, strict=True)
                for a in cell
            ],
        }
        for row in grid.rows
        if person is None or row.staff.pk == person
    ]
    last = date(year, month, pycalendar.monthrange(year, month)[1])
    return render(
        request,
        "roster/print_month.html",
        {
            "form": form,
            "unit": unit,
            "grid": grid,
            "people": people,
            "person": person,
            "show_grid": person is None,
            "can_export": selectors.can_export_rosters(user=request.user),
            "export_query": f"unit={unit.pk}&start={grid.first_day.isoformat()}"
            f"&end={last.isoformat()}",
        },
    )


@login_required
def export_xlsx(request):
    """The unit's published duties in a date range as an Excel workbook (managers and
    leadership of units they may see)."""
    # The service decides (require_may_export); asking first spares a cadre the form errors.
    if not selectors.can_export_rosters(user=request.user):
        raise PermissionDenied(_("Only managers and leaders may export rosters."))
    form = ExportForm(request.GET, user=request.user)
    if not form.is_valid():
        return HttpResponse(
            " ".join(f"{field}: {' '.join(errs)}" for field, errs in form.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    data = form.cleaned_data
    try:
        body = services.roster_export_xlsx(
            actor=request.user,
            unit=data["unit"],
            start=data["start"],
            end=data["end"],
            # Drafts (marked as such) for the unit's managers; the service checks who.
            include_drafts=request.GET.get("drafts") == "1",
        )
    except ValidationError as error:
        return HttpResponse(
            " ".join(error.messages), status=400, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(
        body,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"roster-{data['unit'].code}-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns = [
    path("print/", print_month, name="print"),
    path("export.xlsx", export_xlsx, name="export-xlsx"),
]
