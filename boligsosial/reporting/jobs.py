"""Large CSV imports as background jobs (jobs app): the worker runs the same import service
as the request does for a small file, all or nothing."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from boligsosial.core.formatting import format_number
from boligsosial.jobs.runner import JobRefused, JobRun, Outcome
from boligsosial.jobs.services import job_start
from boligsosial.jobs.uploads import keep_upload, read_upload
from boligsosial.reporting import transfer

CSV_IMPORT = "boligsosial.reporting.jobs.import_csv_job"


def start_csv_import(*, user, programme, upload):
    """Keep the upload for the worker and queue its import; returns the job."""
    return job_start(
        user=user,
        title=_("Import av CSV-fil %(name)s") % {"name": upload.name},
        handler=CSV_IMPORT,
        params={
            "programme": programme.pk,
            "upload": keep_upload(upload),
            "source_note": _("CSV-fil %(name)s") % {"name": upload.name},
        },
        target_label=programme.name,
        target_url=reverse("reporting:csv_import", args=[programme.pk]),
        total_steps=2,
    )


def import_csv_job(run: JobRun) -> Outcome:
    from boligsosial.programmes.models import Programme

    programme = Programme.objects.get(pk=run.params["programme"])
    run.step(_("Leser filen"))
    data = read_upload(run.params["upload"])
    run.step(_("Kontrollerer og lagrer verdiene"))
    try:
        result = transfer.import_csv(
            user=run.job.started_by,
            programme=programme,
            data=data,
            source_note=run.params["source_note"],
        )
    except transfer.ImportRefused as refused:
        raise JobRefused([str(e) for e in refused.errors]) from refused
    summary = [
        _("%(values)s verdier er lagret: %(created)s nye rapportutkast og %(updated)s oppdaterte.")
        % {
            "values": format_number(result.values),
            "created": format_number(result.reports_created),
            "updated": format_number(result.reports_updated),
        },
        *result.warnings,
    ]
    return Outcome(
        message=_("Filen er importert"),
        summary=summary,
        result_url=reverse("reporting:programme_table", args=[programme.pk]),
        result_label=_("Se verdiene i programtabellen"),
    )
