"""The unit dashboard (leadership, managers), a window's and a person's figures (drilled
down to), one's own figures (everyone), and each panel's data.

Every chart's numbers are also a table on the page and a CSV download, from the same
PanelResult, so the chart, the table and the file can never disagree. Who may see what
is decided once, in `_scope`, for the pages and the panel endpoints alike.
"""

import csv
import json
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dashboards import selectors
from dashboards.forms import PeriodForm
from dashboards.panels import (
    PANEL_TITLES,
    PERSONAL,
    UNIT,
    UNIT_LINK,
    WINDOW,
    WINDOW_LINK,
    Scope,
    panel_get,
    panel_results,
)
from staffmgmt import selectors as staff_selectors


def _period(request):
    form = PeriodForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None
    if not request.GET:
        form = PeriodForm({})
        form.is_valid()
    return form, form.cleaned_data


def _dates(scope: Scope) -> dict:
    return {"start": scope.start.isoformat(), "end": scope.end.isoformat()}


def _link(kind: str, pk, scope: Scope) -> str:
    dates = urlencode(_dates(scope))
    if kind == UNIT_LINK:
        return f"{reverse('dashboards:home')}?unit={int(pk)}&{dates}"
    if kind == WINDOW_LINK:
        return f"{reverse('dashboards:window', args=[int(pk)])}?{dates}"
    return f"{reverse('dashboards:person', args=[int(pk)])}?{dates}"


def _cells(result, scope: Scope, may_drill: bool) -> list[list]:
    """The table's rows as (value, link or None) cells; a reader who may not open other
    people's figures (a cadre on their own page) gets no links."""
    rows = result.rows()
    links = result.link_ids() if may_drill else [[None] * len(row) for row in rows]
    return [
        [
            (value, _link(link[0], link[1], scope) if link else None)
            for value, link in zip(row, row_links, strict=True)
        ]
        for row, row_links in zip(rows, links, strict=True)
    ]


def _cell(value, link) -> str:
    # As the template would write `{{ value }}` (localized, escaped; None as nothing).
    text = "" if value is None else conditional_escape(localize(value))
    return (
        f'<td><a class="drill" href="{escape(link)}">{text}</a></td>'
        if link
        else f"<td>{text}</td>"
    )


def _body(rows: list[list]) -> str:
    """The table's rows as HTML, written here rather than by the template's loops: a
    province's page holds tens of thousands of cells, and the template engine's nested
    loops were a large share of the page's time (benchmarks/dashboards.py)."""
    return mark_safe(
        "".join(
            "<tr>" + "".join(_cell(value, link) for value, link in row) + "</tr>" for row in rows
        )
    )


def _query(scope: Scope, audience: str) -> str:
    params = _dates(scope)
    if audience == UNIT:
        params["unit"] = scope.unit.pk
    elif audience == WINDOW:
        params["window"] = scope.window.pk
    elif not scope.is_own:
        params["staff"] = scope.staff.pk
    return urlencode(params)


def _chart(panel, result, scope: Scope, may_drill: bool) -> dict:
    return {
        "key": panel.key,
        "figure_id": f"figure-{panel.key}",
        "heading": PANEL_TITLES.get(panel.key, panel.key),
        "title": result.title,
        "figure": json.loads(result.figure.to_json()),
        "columns": list(result.columns.values()),
        "rows": (rows := _cells(result, scope, may_drill)),
        "body": _body(rows),
        "summary": result.summary,
        "query": _query(scope, panel.audience),
    }


def _charts(audience: str, scope: Scope, *, may_drill: bool) -> list[dict]:
    return [_chart(p, r, scope, may_drill) for p, r in panel_results(audience, scope)]


def _scope(request, audience: str, period: dict) -> Scope:
    """The scope of a page or panel endpoint for `audience`, or 404 when the reader may
    not see it: a unit they may open a dashboard for, a window of such a unit, their own
    figures or those of someone in such a unit."""
    dates = {"start": period["start"], "end": period["end"]}
    user = request.user
    if audience == UNIT:
        unit = (
            selectors.dashboard_unit_get_for_user(user=user, unit_id=period["unit"])
            if period.get("unit")
            else selectors.dashboard_unit_default(user=user)
        )
        if unit is None:
            raise Http404
        return Scope(user=user, unit=unit, **dates)
    if audience == WINDOW:
        window = selectors.dashboard_window_get_for_user(user=user, window_id=period.get("window"))
        if window is None:
            raise Http404
        return Scope(user=user, window=window, unit=window.unit, **dates)
    if period.get("staff"):
        staff = selectors.dashboard_staff_get_for_user(user=user, staff_id=period["staff"])
    else:
        staff = staff_selectors.staff_for_user(user=user)
    if staff is None:
        raise Http404
    return Scope(user=user, staff=staff, **dates)


def _bad_period(request, form):
    return render(request, "dashboards/dashboard.html", {"form": form}, status=400)


@login_required
def dashboard_home(request):
    """The unit dashboard when the reader may open one, else their own figures."""
    form, period = _period(request)
    if period is None:
        return _bad_period(request, form)
    dates = {"start": period["start"], "end": period["end"]}
    if period.get("unit"):
        # The unit, its breadcrumb and its subtree (the panels' child units) in one query.
        tree = selectors.dashboard_unit_tree_get_for_user(user=request.user, unit_id=period["unit"])
        if tree is None:
            raise Http404
        scope = Scope(user=request.user, unit=tree.unit, **dates)
        scope.shared["subtree"] = tree.subtree
        ancestors = tree.ancestors
    else:
        default = selectors.dashboard_unit_default(user=request.user)
        if default is None:
            return personal_dashboard(request)
        scope = Scope(user=request.user, unit=default, **dates)
        ancestors = selectors.dashboard_unit_ancestors(user=request.user, unit=default)
    unit = scope.unit
    context = {
        "form": form,
        "unit": unit,
        "scope": scope,
        # The units one step down, as the by-unit panels count them (read once a page):
        # every reader's dashboard units are whole subtrees, so the reader may open them.
        "children": scope.children(),
        "ancestors": ancestors,
        "charts": _charts(UNIT, scope, may_drill=True),
        "audience": UNIT,
    }
    return render(request, "dashboards/dashboard.html", context)


@login_required
def window_dashboard(request, pk: int):
    """One window's figures, drilled down to from a unit's windows."""
    form, period = _period(request)
    if period is None:
        return _bad_period(request, form)
    scope = _scope(request, WINDOW, {**period, "window": pk})
    context = {
        "form": form,
        "window": scope.window,
        "unit": scope.unit,
        "scope": scope,
        "ancestors": [
            *selectors.dashboard_unit_ancestors(user=request.user, unit=scope.unit),
            scope.unit,
        ],
        "charts": _charts(WINDOW, scope, may_drill=True),
        "audience": WINDOW,
    }
    return render(request, "dashboards/dashboard.html", context)


def _person_trail(user, scope: Scope) -> list:
    if scope.is_own:
        return []
    unit = scope.staff.unit
    return [*selectors.dashboard_unit_ancestors(user=user, unit=unit), unit]


@login_required
def person_dashboard(request, pk: int):
    """A person's figures (the personal panels), for a reader who may open their unit's
    dashboard; anyone else gets a 404, a cadre even for a colleague of their own unit."""
    form, period = _period(request)
    if period is None:
        return _bad_period(request, form)
    scope = _scope(request, PERSONAL, {**period, "staff": pk})
    context = {
        "form": form,
        "person": scope.staff,
        "staff": scope.staff,
        "scope": scope,
        "ancestors": _person_trail(request.user, scope),
        "charts": _charts(PERSONAL, scope, may_drill=False),
        "audience": PERSONAL,
        "has_unit_dashboard": selectors.dashboard_unit_list(user=request.user).exists(),
    }
    return render(request, "dashboards/dashboard.html", context)


@login_required
def personal_dashboard(request):
    form, period = _period(request)
    if period is None:
        return _bad_period(request, form)
    staff = staff_selectors.staff_for_user(user=request.user)
    charts = []
    scope = None
    if staff is not None:
        # Only ever one's own figures here, whatever `staff` the address carries.
        scope = Scope(user=request.user, staff=staff, start=period["start"], end=period["end"])
        charts = _charts(PERSONAL, scope, may_drill=False)
    context = {
        "form": form,
        "staff": staff,
        "scope": scope,
        "charts": charts,
        "audience": PERSONAL,
        "has_unit_dashboard": selectors.dashboard_unit_list(user=request.user).exists(),
    }
    return render(request, "dashboards/dashboard.html", context)


@login_required
def panel_data(request, key: str, fmt: str):
    """One panel's numbers as JSON (figure and table) or CSV, for the same scope rules as
    the pages: ?unit= for unit panels, ?window= for window panels, ?staff= for personal
    panels (one's own without it)."""
    panel = panel_get(key)
    if panel is None:
        raise Http404
    form, period = _period(request)
    if period is None:
        return HttpResponseBadRequest(json.dumps(form.errors), content_type="application/json")
    scope = _scope(request, panel.audience, period)
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
