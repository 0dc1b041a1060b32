"""The unit dashboard (leadership, managers), the personal one (everyone), panel data.

Every chart's numbers are also a table on the page and a CSV download, from the same
PanelResult, so the chart, the table and the file can never disagree.
"""

import csv
import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from dashboards import selectors
from dashboards.forms import PeriodForm
from dashboards.panels import PANEL_TITLES, PERSONAL, UNIT, Scope, panel_get, panel_results
from staffmgmt import selectors as staff_selectors


def _period(request):
    form = PeriodForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None
    if not request.GET:
        form = PeriodForm({})
        form.is_valid()
    return form, form.cleaned_data


def _chart(panel, result) -> dict:
    return {
        "key": panel.key,
        "figure_id": f"figure-{panel.key}",
        "heading": PANEL_TITLES.get(panel.key, panel.key),
        "title": result.title,
        "figure": json.loads(result.figure.to_json()),
        "columns": list(result.columns.values()),
        "rows": result.rows(),
        "summary": result.summary,
    }


@login_required
def dashboard_home(request):
    """The unit dashboard when the reader may open one, else their own figures."""
    form, period = _period(request)
    if period is None:
        return render(request, "dashboards/dashboard.html", {"form": form}, status=400)
    if period.get("unit"):
        unit = selectors.dashboard_unit_get_for_user(user=request.user, unit_id=period["unit"])
        if unit is None:
            raise Http404
    else:
        unit = selectors.dashboard_unit_default(user=request.user)
    if unit is None:
        return personal_dashboard(request)
    scope = Scope(user=request.user, unit=unit, start=period["start"], end=period["end"])
    context = {
        "form": form,
        "unit": unit,
        "scope": scope,
        "children": selectors.dashboard_unit_children(user=request.user, unit=unit),
        "ancestors": [
            u
            for u in selectors.dashboard_unit_list(user=request.user)
            if unit.path.startswith(u.path) and u.pk != unit.pk
        ],
        "charts": [_chart(p, r) for p, r in panel_results(UNIT, scope)],
        "audience": UNIT,
    }
    return render(request, "dashboards/dashboard.html", context)


@login_required
def personal_dashboard(request):
    form, period = _period(request)
    if period is None:
        return render(request, "dashboards/dashboard.html", {"form": form}, status=400)
    staff = staff_selectors.staff_for_user(user=request.user)
    charts = []
    if staff is not None:
        scope = Scope(user=request.user, staff=staff, start=period["start"], end=period["end"])
        charts = [_chart(p, r) for p, r in panel_results(PERSONAL, scope)]
    context = {
        "form": form,
        "staff": staff,
        "charts": charts,
        "audience": PERSONAL,
        "has_unit_dashboard": selectors.dashboard_unit_list(user=request.user).exists(),
    }
    return render(request, "dashboards/dashboard.html", context)


@login_required
def panel_data(request, key: str, fmt: str):
    """One panel's numbers as JSON (figure and table) or CSV, for the same scope rules."""
    panel = panel_get(key)
    if panel is None:
        raise Http404
    form, period = _period(request)
    if period is None:
        return HttpResponseBadRequest(json.dumps(form.errors), content_type="application/json")
    if panel.audience == UNIT:
        unit = (
            selectors.dashboard_unit_get_for_user(user=request.user, unit_id=period["unit"])
            if period.get("unit")
            else selectors.dashboard_unit_default(user=request.user)
        )
        if unit is None:
            raise Http404
        scope = Scope(user=request.user, unit=unit, start=period["start"], end=period["end"])
    else:
        staff = staff_selectors.staff_for_user(user=request.user)
        if staff is None:
            raise Http404
        scope = Scope(user=request.user, staff=staff, start=period["start"], end=period["end"])
    result = panel.build(scope)
    if fmt == "json":
        return JsonResponse(
            {
                "title": result.title,
                "figure": json.loads(result.figure.to_json()),
                "columns": list(result.columns.values()),
                "rows": result.rows(),
                "summary": result.summary,
            }
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{key}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 Chinese text only with the BOM
    writer = csv.writer(response)
    writer.writerow([result.title])
    writer.writerow(list(result.columns.values()))
    writer.writerows(result.rows())
    if not result.rows():
        writer.writerow([_("No figures for this period.")])
    return response
