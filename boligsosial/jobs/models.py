"""A background job as the page sees it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from boligsosial.core.models import TimeStamped


class JobState(models.TextChoices):
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("Pågår")
    DONE = "done", _("Ferdig")
    FAILED = "failed", _("Feilet")
    CANCELLED = "cancelled", _("Avbrutt")


FINISHED = (JobState.DONE, JobState.FAILED, JobState.CANCELLED)


class Job(TimeStamped):
    """One piece of long work, run by `runner.run_job` in the worker.

    `handler` is the dotted path of the function that does the work (it gets a JobRun);
    `params` are its JSON arguments. Progress is written at each step; the step also
    reads `cancel_requested`, so a cancelled job stops at its next step."""

    title = models.CharField(_("jobb"), max_length=200)
    handler = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=8, default="nb")
    state = models.CharField(
        _("status"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    message = models.CharField(_("steg"), max_length=200, blank=True)
    done_steps = models.PositiveIntegerField(default=0)
    total_steps = models.PositiveIntegerField(default=1)
    error = models.TextField(_("feil"), blank=True)
    # What the job made: {"summary": [line, …], "problems": [line, …]} shown on the job page,
    # and a link to the result (a download, the imported data).
    result = models.JSONField(default=dict, blank=True)
    result_url = models.CharField(max_length=500, blank=True)
    result_label = models.CharField(max_length=200, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("startet av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # The object the job is for, as the page links to it.
    target_label = models.CharField(_("gjelder"), max_length=300, blank=True)
    target_url = models.CharField(max_length=500, blank=True)
    cancel_requested = models.BooleanField(default=False)
    # Safe to run again after a failure (a fetch, an e-mail); imports are not retried.
    retry_safe = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Written at every step; a running job whose heartbeat stops belonged to a worker that
    # died, and `recover_jobs` queues it again.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["started_by", "-created_at"], name="job_owner_recent"),
            models.Index(fields=["state", "heartbeat_at"], name="job_state_heartbeat"),
        ]
        verbose_name = _("bakgrunnsjobb")
        verbose_name_plural = _("bakgrunnsjobber")

    def __str__(self) -> str:
        return f"{self.title} ({self.get_state_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        return min(99, round(100 * self.done_steps / max(self.total_steps, 1)))

    @property
    def shown_steps(self) -> int:
        return min(self.done_steps, self.total_steps)
