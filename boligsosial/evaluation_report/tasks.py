"""Generating a report file in the background worker, as a shared background job (jobs app).

The request records a GenerationJob and its Job and answers at once; the worker runs
`generate_report_file`, which reports each step on the Job (the job page polls it) and
stops at its next step when the user cancels. The file is written to the private storage
after the last step, so a cancelled or failed job leaves no file behind.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.translation import gettext as _

from boligsosial.core.storage import private_storage
from boligsosial.jobs.runner import JobRun, Outcome

STORAGE_DIR = "evaluation_report"
HANDLER = "boligsosial.evaluation_report.tasks.generate_report_file"


def storage_name(job) -> str:
    return f"{STORAGE_DIR}/job-{job.pk}.{job.format}"


def generate_report_file(run: JobRun) -> Outcome:
    from boligsosial.evaluation_report.generation import generate, total_steps
    from boligsosial.evaluation_report.models import GenerationJob

    job = GenerationJob.objects.select_related("report__evaluation__programme", "version").get(
        job_id=run.job.pk
    )
    # The generation's own steps, then writing the file.
    run.set_total(total_steps(job.report, version=job.version) + 1)
    data = generate(
        job.report, job.format, version=job.version, language=job.language, progress=run.step
    )
    run.step(_("Lagrer filen"))
    storage = private_storage()
    name = storage.save(storage_name(job), ContentFile(data))
    GenerationJob.objects.filter(pk=job.pk).update(stored_name=name)
    return Outcome(
        message=_("Filen er klar"),
        result_url=reverse("evaluation_report:job_download", args=[job.pk]),
        result_label=_("Last ned %(format)s") % {"format": job.get_format_display()},
    )
