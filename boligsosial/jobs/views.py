"""The job pages: my jobs, one job's progress (htmx fragment, refresh fallback), Cancel."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from boligsosial.jobs import access, services
from boligsosial.jobs.models import JobState

# htmx stops polling when the answer has this status.
HTMX_STOP_POLLING = 286


@login_required
def job_list(request):
    jobs = access.visible_jobs(request.user).select_related("started_by")
    page = Paginator(jobs, 25).get_page(request.GET.get("side"))
    return render(
        request,
        "jobs/list.html",
        {"page": page, "jobs": page.object_list, "running": JobState.RUNNING},
    )


@login_required
def job_detail(request, pk: int):
    job = access.get_job_for_user(request.user, pk)
    if request.headers.get("HX-Request"):
        status = HTMX_STOP_POLLING if job.is_finished else 200
        return render(request, "jobs/_status.html", {"job": job}, status=status)
    return render(request, "jobs/detail.html", {"job": job})


@login_required
@require_POST
def job_cancel(request, pk: int):
    job = access.get_job_for_user(request.user, pk)
    services.job_cancel(user=request.user, job=job)
    return redirect("jobs:detail", job.pk)
