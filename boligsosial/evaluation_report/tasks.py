"""Background generation through Django's tasks framework (settings.TASKS).

The task records its progress on the GenerationJob row, which the page polls (htmx). With
the ImmediateBackend (development, tests) it runs at once after the request's transaction
commits; with a queue backend a worker runs it.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db.models import F
from django.tasks import task
from django.utils.translation import gettext as _

STORAGE_DIR = "evaluation_report"


def job_file_path(job) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / STORAGE_DIR / f"job-{job.pk}.{job.format}"


@task()
def generate_report_file(job_id: int) -> str:
    from boligsosial.evaluation_report.generation import generate, total_steps
    from boligsosial.evaluation_report.models import GenerationJob, JobStatus

    job = GenerationJob.objects.select_related("report__evaluation__programme", "version").get(
        pk=job_id
    )
    GenerationJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        total_steps=total_steps(job.report, version=job.version),
        done_steps=0,
        step=_("Beregner funn"),
    )

    def progress(step: str) -> None:
        GenerationJob.objects.filter(pk=job.pk).update(
            done_steps=F("done_steps") + 1, step=str(step)[:200]
        )

    try:
        data = generate(
            job.report, job.format, version=job.version, language=job.language, progress=progress
        )
        path = job_file_path(job)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except Exception as exc:
        GenerationJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            error=_("Genereringen feilet: %(error)s") % {"error": exc},
            step="",
        )
        raise
    GenerationJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, file_path=str(path), step=_("Ferdig")
    )
    return str(path)
