"""Job pages: my jobs, one job with live progress (polled JSON; reloads without JavaScript),
cancel and retry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs import selectors, services
from jobs.presenters import job_payload, progress_text, result_text, result_url
from jobs.registry import kind_label

# Seconds between reloads of a job page without JavaScript (and between polls with it).
REFRESH_S = 2


def _job_or_404(request, pk):
    job = selectors.job_get_for_user(user=request.user, pk=pk)
    if job is None:
        raise Http404
    return job


@login_required
def job_list(request):
    services.job_mark_lost()
    jobs = list(selectors.job_list(user=request.user)[:50])
    for job in jobs:
        job.label = kind_label(job.kind)
    return render(request, "jobs/job_list.html", {"jobs": jobs})


@login_required
def job_detail(request, pk):
    services.job_mark_lost()
    job = _job_or_404(request, pk)
    return render(
        request,
        "jobs/job_detail.html",
        {
            "job": job,
            "job_label": kind_label(job.kind),
            "progress_text": progress_text(job),
            "result_url": result_url(job),
            "result_text": result_text(job),
            "refresh_s": REFRESH_S,
        },
    )


@login_required
def job_status(request, pk):
    """The small JSON the job page polls."""
    services.job_mark_lost()
    return JsonResponse(job_payload(_job_or_404(request, pk)))


@login_required
@require_POST
def job_cancel(request, pk):
    job = _job_or_404(request, pk)
    try:
        job = services.job_cancel(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if job.is_finished:
            messages.success(request, _("Job cancelled; nothing was saved."))
        else:
            messages.success(request, _("Cancellation asked for; the job stops shortly."))
    return redirect(job.get_absolute_url())


@login_required
@require_POST
def job_retry(request, pk):
    job = _job_or_404(request, pk)
    try:
        retry = services.job_retry(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(job.get_absolute_url())
    messages.success(request, _("Queued again as a new job."))
    return redirect(retry.get_absolute_url())
