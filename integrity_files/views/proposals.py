"""The officers' proposals page: drafts that other parts proposed (late duty check-ins,
verified complaints) in the files the officer keeps, confirmed or dismissed from the list.
Showing them is a read of those files: it is logged like any other."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from integrity_files import selectors, services
from integrity_files.forms import DismissForm, ProposalConfirmForm
from integrity_files.models import FileAccess
from kernel.forms import add_service_errors
from kernel.roles import Role, user_has_role

OPS = {"confirm": ProposalConfirmForm, "dismiss": DismissForm}


def _rows(request, bound=None):
    """Each proposal with its two forms; `bound` = (record pk, op, bound form)."""
    proposals = list(selectors.proposal_list(user=request.user))
    services.file_access_record(
        viewer=request.user,
        staff_ids=[record.staff_id for record in proposals],
        what=FileAccess.What.PROPOSALS_PAGE,
        detail=request.get_full_path(),
    )
    rows = []
    for record in proposals:
        forms = {
            op: form_class(prefix=f"{op}-{record.pk}", initial={"points": record.points})
            for op, form_class in OPS.items()
        }
        if bound is not None and bound[0] == record.pk:
            forms[bound[1]] = bound[2]
        rows.append({"record": record, **forms})
    return rows


@login_required
def proposal_list(request):
    if not user_has_role(request.user, Role.INTEGRITY_OFFICER):
        raise PermissionDenied
    if request.method != "POST":
        return render(request, "integrity_files/proposal_list.html", {"rows": _rows(request)})
    op = request.POST.get("op", "")
    try:
        pk = int(request.POST.get("record", ""))
    except ValueError:
        raise Http404 from None
    record = selectors.proposal_list(user=request.user).filter(pk=pk).first()
    if op not in OPS or record is None:
        raise Http404
    form = OPS[op](request.POST, prefix=f"{op}-{record.pk}")
    try:
        if not form.is_valid():
            raise ValidationError({})
        if op == "confirm":
            services.proposal_confirm(
                actor=request.user, record=record, points=form.cleaned_data["points"]
            )
            messages.success(request, _("The record is confirmed; the cadre is notified."))
        else:
            services.record_dismiss(
                actor=request.user, record=record, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The proposal is dismissed."))
    except ValidationError as error:
        # An invalid form raises an empty error: its own field errors are already on it.
        add_service_errors(form, error)
        return render(
            request,
            "integrity_files/proposal_list.html",
            {"rows": _rows(request, bound=(record.pk, op, form))},
            status=400,
        )
    return redirect("integrity_files:proposal-list")
