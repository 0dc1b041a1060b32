"""The monthly statistical report, as a workbook and as a printable page."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from dashboards import selectors
from dashboards.forms import MonthForm
from dashboards.reports import monthly_report_build, monthly_report_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request):
    form = MonthForm(request.GET)
    if not form.is_valid():
        return form, None
    unit = selectors.dashboard_unit_get_for_user(
        user=request.user, unit_id=form.cleaned_data["unit"]
    )
    if unit is None:
        raise Http404
    return form, monthly_report_build(
        user=request.user, unit=unit, month=form.cleaned_data["month"]
    )


@login_required
def monthly_report_page(request):
    form, report = _report(request)
    if report is None:
        return render(request, "dashboards/report.html", {"form": form}, status=400)
    return render(request, "dashboards/report.html", {"form": form, "report": report})


@login_required
def monthly_report_download(request):
    form, report = _report(request)
    if report is None:
        return render(request, "dashboards/report.html", {"form": form}, status=400)
    response = HttpResponse(monthly_report_xlsx(report), content_type=XLSX)
    name = f"monthly-report-{report.unit.code}-{report.month:%Y-%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
