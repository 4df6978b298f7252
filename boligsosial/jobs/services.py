"""Starting and cancelling jobs (writes)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from boligsosial.audit.models import Action
from boligsosial.audit.services import record
from boligsosial.jobs import access
from boligsosial.jobs.models import Job, JobState


@transaction.atomic
def job_start(
    *,
    user,
    title: str,
    handler: str,
    params: dict[str, Any] | None = None,
    target_label: str = "",
    target_url: str = "",
    total_steps: int = 1,
    retry_safe: bool = False,
    max_attempts: int = 3,
) -> Job:
    """Record a job and queue it for the worker once this transaction commits.

    `handler` is the dotted path of a function (run: JobRun) -> Outcome. A retry-safe job
    (a fetch, an e-mail) is tried up to `max_attempts` times; any other job once."""
    job = Job.objects.create(
        title=str(title)[:200],
        handler=handler,
        params=params or {},
        language=translation.get_language() or "nb",
        started_by=user if getattr(user, "pk", None) else None,
        target_label=str(target_label)[:300],
        target_url=target_url,
        total_steps=max(1, total_steps),
        retry_safe=retry_safe,
        max_attempts=max_attempts if retry_safe else 1,
    )
    from boligsosial.jobs.runner import enqueue

    transaction.on_commit(lambda: enqueue(job))
    return job


@transaction.atomic
def job_cancel(*, user, job: Job) -> Job:
    """Cancel a job: a queued one never starts; a running one stops at its next step."""
    job = access.get_job_for_user(user, job.pk)
    if job.is_finished:
        return job
    before = job.state
    now = timezone.now()
    Job.objects.filter(pk=job.pk, state=JobState.QUEUED).update(
        state=JobState.CANCELLED, cancel_requested=True, finished_at=now
    )
    Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(cancel_requested=True)
    job.refresh_from_db()
    record(
        user=user,
        action=Action.TRANSITION,
        target=job,
        before={"state": before},
        after={"state": job.state, "cancel_requested": True},
    )
    return job
