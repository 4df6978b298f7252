"""Who sees a job: the person who started it, and Husbanken's administrators. Anyone else
gets 404, as for an object that does not exist."""

from django.db.models import QuerySet
from django.http import Http404

from boligsosial.accounts.access import is_active_user, is_husbanken_admin
from boligsosial.jobs.models import Job


def visible_jobs(user) -> QuerySet[Job]:
    if is_husbanken_admin(user):
        return Job.objects.all()
    if not is_active_user(user):
        return Job.objects.none()
    return Job.objects.filter(started_by=user)


def get_job_for_user(user, pk: int) -> Job:
    job = visible_jobs(user).select_related("started_by").filter(pk=pk).first()
    if job is None:
        raise Http404
    return job
