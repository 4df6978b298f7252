"""What runs in the worker: the one task `run_job`, and the JobRun a handler reports through.

A handler is `def handler(run: JobRun) -> Outcome`. It calls `run.step(message)` before each
piece of work; the step writes the progress and the heartbeat in one UPDATE that matches only
while nobody asked to cancel, so a cancelled job raises JobCancelled at its next step. A handler
keeps its database writes in one transaction after its last step (or inside the service it
calls), so a cancelled or failed job leaves nothing half-saved.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.tasks import task
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from boligsosial.jobs.models import Job, JobState
from boligsosial.jobs.uploads import discard_upload

logger = logging.getLogger(__name__)


class JobCancelled(Exception):
    """The user cancelled the job; raised at the job's next step."""


class JobRefused(Exception):
    """The input was refused (Norwegian messages for the user); never retried."""

    def __init__(self, problems: list[str], summary: list[str] | None = None):
        super().__init__("; ".join(problems))
        self.problems = [str(p) for p in problems]
        self.summary = [str(s) for s in summary or []]


@dataclass
class Outcome:
    message: str = ""
    summary: list[str] = field(default_factory=list)
    result_url: str = ""
    result_label: str = ""


class JobRun:
    def __init__(self, job: Job):
        self.job = job

    @property
    def params(self) -> dict[str, Any]:
        return self.job.params

    def set_total(self, total: int) -> None:
        self.job.total_steps = max(1, total)
        Job.objects.filter(pk=self.job.pk).update(total_steps=self.job.total_steps)

    def step(self, message: str) -> None:
        """Record one step done (and the heartbeat); stop here if the job was cancelled."""
        updated = Job.objects.filter(pk=self.job.pk, cancel_requested=False).update(
            done_steps=F("done_steps") + 1,
            message=str(message)[:200],
            heartbeat_at=timezone.now(),
        )
        if not updated:
            raise JobCancelled
        self.job.done_steps += 1

    def check(self) -> None:
        """Stop here if the job was cancelled, without counting a step."""
        if Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise JobCancelled


def _finish(job: Job, state: str, **fields: Any) -> None:
    Job.objects.filter(pk=job.pk).update(
        state=state, finished_at=timezone.now(), heartbeat_at=timezone.now(), **fields
    )


def _claim(job_id: int) -> Job | None:
    """Mark a queued job running; None if it is not queued (cancelled, or already run)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED, cancel_requested=False).update(
        state=JobState.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
        done_steps=0,
        error="",
    )
    if not claimed:
        Job.objects.filter(pk=job_id, state=JobState.QUEUED, cancel_requested=True).update(
            state=JobState.CANCELLED, finished_at=now
        )
        return None
    return Job.objects.get(pk=job_id)


@task()
def run_job(job_id: int) -> str:
    recover_stale()
    job = _claim(job_id)
    if job is None:
        return "skipped"
    run = JobRun(job)
    state = _run(job, run)
    if state != "retry":
        # An upload that waited for this job is not needed any more.
        discard_upload(job.params.get("upload", ""))
    return state


def _run(job: Job, run: JobRun) -> str:
    with translation.override(job.language):
        try:
            outcome = import_string(job.handler)(run)
        except JobCancelled:
            _finish(job, JobState.CANCELLED, message=_("Avbrutt – ingenting er lagret"))
            return JobState.CANCELLED
        except JobRefused as refused:
            _finish(
                job,
                JobState.FAILED,
                message="",
                error=_("Ingenting er lagret."),
                result={"problems": refused.problems, "summary": refused.summary},
            )
            return JobState.FAILED
        except Exception as exc:
            logger.exception("Job %s (%s) failed", job.pk, job.handler)
            return _failed(job, exc)
        _finish(
            job,
            JobState.DONE,
            message=str(outcome.message or _("Ferdig"))[:200],
            done_steps=F("total_steps"),
            result={"summary": [str(line) for line in outcome.summary]},
            result_url=outcome.result_url,
            result_label=str(outcome.result_label)[:200],
        )
    return JobState.DONE


def _failed(job: Job, exc: Exception) -> str:
    job.refresh_from_db(fields=["attempts", "max_attempts", "retry_safe", "cancel_requested"])
    if job.retry_safe and job.attempts < job.max_attempts and not job.cancel_requested:
        Job.objects.filter(pk=job.pk).update(
            state=JobState.QUEUED,
            message=_("Feilet (%(error)s); prøver igjen") % {"error": str(exc)[:120]},
        )
        from django.conf import settings

        # Tried again after JOBS_RETRY_BACKOFF_SECONDS times the attempts so far.
        delay = dt.timedelta(seconds=settings.JOBS_RETRY_BACKOFF_SECONDS * job.attempts)
        enqueue(job, run_after=timezone.now() + delay)
        return "retry"
    _finish(job, JobState.FAILED, message="", error=_("Jobben feilet: %(error)s") % {"error": exc})
    return JobState.FAILED


def enqueue(job: Job, *, run_after: dt.datetime | None = None) -> None:
    runner = run_job.using(run_after=run_after) if run_after else run_job
    result = runner.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))


def recover_stale(*, stale_after: dt.timedelta | None = None) -> list[int]:
    """Queue again the running jobs whose worker died (no heartbeat for `stale_after`).

    The work of a job is saved in one transaction at its end, so a job cut off by a dead
    worker saved nothing and is simply run again."""
    from django.conf import settings

    if stale_after is None:
        stale_after = dt.timedelta(seconds=settings.JOBS_STALE_AFTER_SECONDS)
    cutoff = timezone.now() - stale_after
    stale = list(
        Job.objects.filter(state=JobState.RUNNING, heartbeat_at__lte=cutoff).values_list(
            "pk", "task_result_id"
        )
    )
    recovered = []
    for pk, task_result_id in stale:
        if Job.objects.filter(pk=pk, state=JobState.RUNNING, heartbeat_at__lte=cutoff).update(
            state=JobState.QUEUED, message=_("Arbeideren stoppet; jobben startes på nytt")
        ):
            _give_up_task_result(task_result_id)
            enqueue(Job.objects.get(pk=pk))
            recovered.append(pk)
    return recovered


def _give_up_task_result(task_result_id: str) -> None:
    """Mark the dead worker's task row failed, so the queue does not show it running."""
    if not task_result_id:
        return
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend
        return
    from django.tasks import TaskResultStatus

    DBTaskResult.objects.filter(id=task_result_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now()
    )
