"""Targets decomposed bureau → unit → post → person: the tree of a year, a new bureau
target, and a target's page (its parts and their sum against it, a change with a reason,
the split into parts one level down, its history). Managers change what their subtree
holds; leaders read theirs; a cadre reads only their own targets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from assessment import selectors, services
from assessment.forms import TargetCreateForm, TargetDecomposeForm, TargetEditForm
from assessment.models import Target
from kernel.forms import add_service_errors
from kernel.roles import Role, user_has_role
from staffmgmt import selectors as staff_selectors

# The candidate a part of each level names, as the service takes it.
_PART_KEY = {
    Target.Level.BUREAU: "unit",
    Target.Level.UNIT: "post",
    Target.Level.POST: "staff",
}


def _is_manager(user) -> bool:
    return user.is_superuser or user_has_role(user, Role.MANAGER)


@require_GET
@login_required
def target_tree(request):
    years = selectors.target_years(user=request.user)
    try:
        year = int(request.GET.get("year") or (years[0] if years else 0))
    except ValueError:
        year = years[0] if years else 0
    forest = selectors.target_forest(user=request.user, year=year)
    code = request.GET.get("code") or ""
    if code:
        forest = {code: forest.get(code, [])}
    return render(
        request,
        "assessment/target_tree.html",
        {
            "years": years,
            "year": year,
            "code": code,
            "forest": sorted(forest.items()),
            "can_create": _is_manager(request.user),
        },
    )


@login_required
def target_create(request):
    """A manager sets the bureau's target of an indicator for a year (the root)."""
    if not _is_manager(request.user):
        raise PermissionDenied
    units = staff_selectors.managed_org_unit_list(user=request.user).order_by("name")
    form = TargetCreateForm(
        request.POST if request.method == "POST" else None,
        units=units,
        initial={"year": request.GET.get("year")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            target = services.target_create(
                actor=request.user, level=Target.Level.BUREAU, parent=None, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Target set: decompose it into its parts."))
            return redirect("assessment:target-detail", target.pk)
    return render(
        request,
        "assessment/target_form.html",
        {"form": form, "codes": selectors.target_indicator_codes()},
    )


@login_required
def target_detail(request, pk):
    target = selectors.target_get_for_user(user=request.user, pk=pk)
    can_manage = staff_selectors.can_manage_unit(user=request.user, unit=target.unit)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    part_key = _PART_KEY.get(target.level)
    candidates = (
        selectors.target_child_candidates(user=request.user, parent=target)
        if can_manage and part_key
        else []
    )
    edit_form = TargetEditForm(
        initial={"value": target.value, "stretch_note": target.stretch_note}, prefix="edit"
    )
    decompose_form = TargetDecomposeForm(candidates=candidates, parent=target, prefix="split")
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "edit":
            edit_form = TargetEditForm(request.POST, prefix="edit")
            if edit_form.is_valid():
                try:
                    services.target_update(
                        actor=request.user, target=target, **edit_form.cleaned_data
                    )
                except ValidationError as error:
                    add_service_errors(edit_form, error)
                else:
                    messages.success(request, _("Target changed."))
                    return redirect("assessment:target-detail", target.pk)
        elif step == "decompose" and part_key:
            decompose_form = TargetDecomposeForm(
                request.POST, candidates=candidates, parent=target, prefix="split"
            )
            if decompose_form.is_valid():
                try:
                    created = services.target_decompose(
                        actor=request.user,
                        parent=target,
                        children=decompose_form.parts(part_key),
                        stretch_note=decompose_form.cleaned_data["stretch_note"],
                    )
                except ValidationError as error:
                    add_service_errors(decompose_form, error, field_map={"value": "stretch_note"})
                else:
                    messages.success(request, _("%(n)d parts set.") % {"n": len(created)})
                    return redirect("assessment:target-detail", target.pk)
        else:
            raise PermissionDenied
        # Nothing was saved: show the target as it is in the database, the forms as typed.
        target = selectors.target_get_for_user(user=request.user, pk=pk)
    children = list(selectors.target_list(user=request.user).filter(parent=target).order_by("id"))
    node = selectors.target_node(target, children)
    visible_parent = (
        selectors.target_list(user=request.user).filter(pk=target.parent_id).first()
        if target.parent_id
        else None
    )
    return render(
        request,
        "assessment/target_detail.html",
        {
            "target": target,
            "node": node,
            "parent": visible_parent,
            "history": selectors.target_history(target=target),
            "can_manage": can_manage,
            "edit_form": edit_form,
            "decompose_form": decompose_form if part_key and can_manage else None,
            "child_level": selectors.target_child_level(target),
        },
    )
