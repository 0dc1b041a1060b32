"""Integrity file pages. Views read through selectors and change through services only;
every page that shows a file's content writes a row to the access log."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integrity_files import selectors, services
from integrity_files.api import evidence_response
from integrity_files.forms import (
    CorrectionForm,
    CreditForm,
    DecisionForm,
    DismissForm,
    EvidenceForm,
    ObjectionForm,
    PeriodForm,
    RecordForm,
    TalkFollowUpDoneForm,
    TalkForm,
)
from integrity_files.models import Category, FileAccess, RecordResponse
from integrity_files.views.proposals import proposal_list as proposal_list  # the urls name it
from kernel.forms import add_service_errors
from kernel.roles import Role, user_has_role
from staffmgmt import selectors as staff_selectors


def _year_bounds(today: date) -> tuple[date, date]:
    return date(today.year, 1, 1), date(today.year, 12, 31)


@login_required
def my_file(request):
    me = staff_selectors.staff_for_user(user=request.user)
    if me is None:
        raise Http404
    return redirect("integrity_files:file-detail", staff_pk=me.pk)


@login_required
def file_list(request):
    """The files an integrity officer keeps or a leader reads, with this year's totals."""
    if not (
        user_has_role(request.user, Role.INTEGRITY_OFFICER)
        or user_has_role(request.user, Role.LEADERSHIP)
    ):
        raise PermissionDenied
    start, end = _year_bounds(timezone.localdate())
    # A manager who is also an officer summarises more people than the files they read.
    readable = set(selectors.readable_staff(user=request.user).values_list("pk", flat=True))
    rows = [
        row
        for row in selectors.integrity_summary_list(user=request.user, start=start, end=end)
        if row.staff.pk in readable
    ]
    return render(
        request,
        "integrity_files/file_list.html",
        {"rows": rows, "year": start.year, "categories": Category.choices},
    )


def _file_context(request, staff, **forms):
    keeper = selectors.can_keep_file(user=request.user, staff=staff)
    today = timezone.localdate()
    records = list(selectors.record_list(user=request.user, staff=staff))
    current_total = sum(record.points for record in records if record.is_current)
    me = staff_selectors.staff_for_user(user=request.user)
    services.file_access_record(
        viewer=request.user,
        staff_ids=[staff.pk],
        what=FileAccess.What.FILE_PAGE,
        detail=request.get_full_path(),
    )
    is_own = me is not None and me.pk == staff.pk
    failed_done = forms.get("done_form")
    talks = []
    for talk in selectors.talk_list(user=request.user, staff=staff):
        # An officer keeping the file closes an open follow-up; never the cadre talked to.
        form = None
        if keeper and not is_own and talk.follow_up and talk.follow_up_done_at is None:
            if failed_done is not None and failed_done.prefix == f"done{talk.pk}":
                form = failed_done
            else:
                form = TalkFollowUpDoneForm(prefix=f"done{talk.pk}")
        talks.append((talk, form))
    return {
        "person": staff,
        "records": records,
        "current_total": current_total,
        "talks": talks,
        "credits": selectors.training_credit_list(user=request.user, staff=staff, year=today.year),
        "credit": selectors.credit_shortfall_for_staff(
            user=request.user, staff=staff, year=today.year
        ),
        "year": today.year,
        "keeper": keeper,
        "is_own": is_own,
        "notices": selectors.notice_list(user=request.user).filter(record__staff=staff)[:20]
        if me is not None and me.pk == staff.pk
        else [],
        "record_form": forms.get("record_form")
        or RecordForm(prefix="record", initial={"occurred_on": today}),
        "talk_form": forms.get("talk_form") or TalkForm(prefix="talk", initial={"held_on": today}),
        "credit_form": forms.get("credit_form")
        or CreditForm(prefix="credit", initial={"completed_on": today}),
    }


def _readable_staff_or_404(user, staff_pk):
    staff = selectors.readable_staff(user=user).filter(pk=staff_pk).first()
    if staff is None:
        raise Http404
    return staff


FILE_FORMS = {
    "record": ("record_form", RecordForm, services.record_create),
    "talk": ("talk_form", TalkForm, services.talk_record),
    "credit": ("credit_form", CreditForm, services.training_credit_record),
}


@login_required
def file_detail(request, staff_pk: int):
    staff = _readable_staff_or_404(request.user, staff_pk)
    if request.method == "POST":
        if not selectors.can_keep_file(user=request.user, staff=staff):
            raise PermissionDenied
        op = request.POST.get("op", "")
        if op == "talk_done":
            return _talk_follow_up_done(request, staff)
        if op not in FILE_FORMS:
            raise Http404
        name, form_class, service = FILE_FORMS[op]
        form = form_class(request.POST, prefix=op)
        if form.is_valid():
            try:
                created = service(actor=request.user, staff=staff, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                if op == "record":
                    return redirect("integrity_files:record-detail", pk=created.pk)
                return redirect("integrity_files:file-detail", staff_pk=staff.pk)
        context = _file_context(request, staff, **{name: form})
        return render(request, "integrity_files/file_detail.html", context, status=400)
    return render(request, "integrity_files/file_detail.html", _file_context(request, staff))


def _talk_follow_up_done(request, staff):
    """The file page's "follow-up done" on one of its talks (`talk_follow_up_done`)."""
    raw = request.POST.get("talk", "")
    talks = selectors.talk_list(user=request.user, staff=staff)
    # An id as the page writes it: ASCII digits within a key's range (int() would also
    # take "\u0661", Arabic-Indic one, and name talk 1; a huge one overflows the key).
    pk = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None
    talk = talks.filter(pk=pk).first() if pk else None
    if talk is None:
        raise Http404
    form = TalkFollowUpDoneForm(request.POST, prefix=f"done{talk.pk}")
    if form.is_valid():
        try:
            services.talk_follow_up_done(actor=request.user, talk=talk, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up is marked done."))
            return redirect("integrity_files:file-detail", staff_pk=staff.pk)
    context = _file_context(request, staff, done_form=form)
    if not any(row_form is form for _talk, row_form in context["talks"]):
        # Already done (or the officer's own talk): the form is gone, the error stays.
        messages.error(request, " ".join(form.non_field_errors()) or _("Not saved."))
    return render(request, "integrity_files/file_detail.html", context, status=400)


def _record_context(request, record, **forms):
    keeper = selectors.can_keep_file(user=request.user, staff=record.staff)
    me = staff_selectors.staff_for_user(user=request.user)
    services.file_access_record(
        viewer=request.user,
        staff_ids=[record.staff_id],
        what=FileAccess.What.RECORD_PAGE,
        detail=f"#{record.pk}",
    )
    response = getattr(record, "response", None)
    corrections = list(
        selectors.record_list(user=request.user, staff=record.staff).filter(supersedes=record)
    )
    correction_initial = {
        name: getattr(record, name)
        for name in ("category", "kind", "occurred_on", "source", "points", "facts")
    }
    return {
        "record": record,
        "evidence": list(record.evidence.all()),
        "corrections": corrections,
        "answer": response,
        "keeper": keeper,
        "is_own": me is not None and me.pk == record.staff_id,
        "evidence_form": forms.get("evidence_form") or EvidenceForm(prefix="evidence"),
        "dismiss_form": forms.get("dismiss_form") or DismissForm(prefix="dismiss"),
        "correction_form": forms.get("correction_form")
        or CorrectionForm(prefix="correct", initial=correction_initial),
        "objection_form": forms.get("objection_form") or ObjectionForm(prefix="object"),
        "decision_form": forms.get("decision_form") or DecisionForm(prefix="decide"),
        "record_form": forms.get("record_form")
        or RecordForm(prefix="edit", initial=correction_initial),
    }


def _record_or_404(user, pk):
    record = selectors.record_get_for_user(user=user, pk=pk)
    if record is None:
        raise Http404
    return record


@login_required
def record_detail(request, pk: int):
    record = _record_or_404(request.user, pk)
    if request.method != "POST":
        return render(
            request, "integrity_files/record_detail.html", _record_context(request, record)
        )
    op = request.POST.get("op", "")
    actor = request.user
    form_name, form = None, None
    try:
        if op == "confirm":
            services.record_confirm(actor=actor, record=record)
            messages.success(request, _("The record is confirmed; the cadre is notified."))
        elif op == "acknowledge":
            services.record_acknowledge(actor=actor, record=record)
            messages.success(request, _("You acknowledged the record."))
        elif op in {"edit", "dismiss", "evidence", "correct", "object", "decide"}:
            form_name, form_class = {
                "edit": ("record_form", RecordForm),
                "dismiss": ("dismiss_form", DismissForm),
                "evidence": ("evidence_form", EvidenceForm),
                "correct": ("correction_form", CorrectionForm),
                "object": ("objection_form", ObjectionForm),
                "decide": ("decision_form", DecisionForm),
            }[op]
            form = form_class(request.POST, request.FILES, prefix=op)
            if not form.is_valid():
                raise ValidationError({})
            data = form.cleaned_data
            if op == "edit":
                services.record_update(actor=actor, record=record, **data)
            elif op == "dismiss":
                services.record_dismiss(actor=actor, record=record, reason=data["reason"])
            elif op == "evidence":
                services.evidence_add(actor=actor, record=record, upload=data["file"])
            elif op == "correct":
                reason = data.pop("reason")
                correction = services.record_correct(
                    actor=actor, record=record, reason=reason, **data
                )
                messages.success(request, _("Correction drafted: confirm it to take effect."))
                return redirect("integrity_files:record-detail", pk=correction.pk)
            elif op == "object":
                services.objection_lodge(actor=actor, record=record, statement=data["statement"])
                messages.success(request, _("Your objection is lodged."))
            elif op == "decide":
                objection = getattr(record, "response", None)
                if objection is None or objection.kind != RecordResponse.Kind.OBJECTION:
                    raise Http404
                services.objection_decide(actor=actor, objection=objection, **data)
                messages.success(request, _("The objection is decided."))
        else:
            raise Http404
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return redirect("integrity_files:record-detail", pk=record.pk)
        # An invalid form raises an empty error: its own field errors are already on it.
        add_service_errors(form, error)
        record = _record_or_404(request.user, pk)
        context = _record_context(request, record, **{form_name: form})
        return render(request, "integrity_files/record_detail.html", context, status=400)
    return redirect("integrity_files:record-detail", pk=record.pk)


@login_required
def objection_list(request):
    if not user_has_role(request.user, Role.INTEGRITY_OFFICER):
        raise PermissionDenied
    kept = selectors.kept_staff(user=request.user).values("pk")
    objections = selectors.objection_list(user=request.user).filter(record__staff__in=kept)
    open_objections = list(objections.filter(status=RecordResponse.Status.OPEN))
    decided = list(
        objections.exclude(status=RecordResponse.Status.OPEN).order_by("-decided_at")[:50]
    )
    # Statements and reasons are the files' content: the page's read is logged per file.
    services.file_access_record(
        viewer=request.user,
        staff_ids=[objection.record.staff_id for objection in open_objections + decided],
        what=FileAccess.What.OBJECTIONS_PAGE,
        detail=request.get_full_path(),
    )
    return render(
        request,
        "integrity_files/objection_list.html",
        {"open": open_objections, "decided": decided, "today": timezone.localdate()},
    )


@login_required
def access_log(request, staff_pk: int):
    staff = _readable_staff_or_404(request.user, staff_pk)
    me = staff_selectors.staff_for_user(user=request.user)
    if not (
        selectors.can_keep_file(user=request.user, staff=staff)
        or (me is not None and me.pk == staff.pk)
    ):
        raise PermissionDenied
    entries = selectors.file_access_list(user=request.user, staff=staff)[:200]
    return render(request, "integrity_files/access_log.html", {"person": staff, "entries": entries})


@login_required
def summary(request):
    """Per-period summary: what managers see of their staff (never the file itself)."""
    today = timezone.localdate()
    start, end = _year_bounds(today)
    form = PeriodForm(request.GET or {"start": start, "end": end})
    rows = []
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        rows = selectors.integrity_summary_list(user=request.user, start=start, end=end)
    return render(
        request,
        "integrity_files/summary.html",
        {"form": form, "rows": rows, "categories": Category.choices, "year": end.year},
        status=200 if form.is_valid() else 400,
    )


@login_required
def file_print(request, staff_pk: int):
    """The file on A4, in the reader's language (the language switch changes it)."""
    staff = _readable_staff_or_404(request.user, staff_pk)
    today = timezone.localdate()
    services.file_access_record(
        viewer=request.user, staff_ids=[staff.pk], what=FileAccess.What.PRINT
    )
    records = list(selectors.record_list(user=request.user, staff=staff))
    return render(
        request,
        "integrity_files/file_print.html",
        {
            "person": staff,
            "records": records,
            "current_total": sum(r.points for r in records if r.is_current),
            "talks": selectors.talk_list(user=request.user, staff=staff),
            "credits": selectors.training_credit_list(
                user=request.user, staff=staff, year=today.year
            ),
            "credit": selectors.credit_shortfall_for_staff(
                user=request.user, staff=staff, year=today.year
            ),
            "year": today.year,
            "printed_at": timezone.now(),
        },
    )


@login_required
def file_export(request, staff_pk: int):
    from django.http import HttpResponse

    from integrity_files.exports import integrity_file_xlsx

    staff = _readable_staff_or_404(request.user, staff_pk)
    services.file_access_record(
        viewer=request.user, staff_ids=[staff.pk], what=FileAccess.What.EXPORT
    )
    response = HttpResponse(
        integrity_file_xlsx(user=request.user, staff=staff),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="integrity-file-{staff.employee_no}.xlsx"'
    )
    return response


@login_required
def evidence_download(request, pk: int):
    return evidence_response(request, pk)


@login_required
@require_POST
def notices_read(request):
    services.notice_mark_read(actor=request.user)
    return redirect("integrity_files:mine")
