"""Large imports and SSB fetches as background jobs (jobs app): the worker runs the same
import services as the request does for a small file, all or nothing. A fetch from SSB is
safe to try again (nothing is saved until the whole table is read and checked); an import
of a file is not retried."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from boligsosial.core.formatting import format_number
from boligsosial.instruments import jsonstat, services
from boligsosial.instruments.importers import ImportRefused
from boligsosial.instruments.jsonstat import JsonStatError
from boligsosial.jobs.runner import JobRefused, JobRun, Outcome
from boligsosial.jobs.services import job_start
from boligsosial.jobs.uploads import keep_upload, read_upload

FILE_IMPORT = "boligsosial.instruments.jobs.import_file_job"
SSB_FETCH = "boligsosial.instruments.jobs.fetch_ssb_job"


def start_file_import(*, user, kind: str, upload):
    return job_start(
        user=user,
        title=_("Import av %(name)s") % {"name": upload.name},
        handler=FILE_IMPORT,
        params={"kind": kind, "name": upload.name, "upload": keep_upload(upload)},
        target_label=_("Import av tall og statistikk"),
        target_url=reverse("instruments:import"),
        total_steps=2,
    )


def start_ssb_fetch(*, user, kind: str, table_id: str, value_codes: dict[str, list[str]]):
    return job_start(
        user=user,
        title=_("Henter SSB-tabell %(table)s") % {"table": table_id},
        handler=SSB_FETCH,
        params={"kind": kind, "table": table_id, "codes": value_codes},
        target_label=_("Import av tall og statistikk"),
        target_url=reverse("instruments:import"),
        total_steps=2,
        retry_safe=True,
    )


def _outcome(batch, report: list[str] | None = None) -> Outcome:
    return Outcome(
        message=_("Importert"),
        summary=[
            _("Importert: %(n)s rader fra %(file)s.")
            % {"n": format_number(batch.row_count), "file": batch.file_name},
            *(report or []),
        ],
        result_url=reverse("instruments:import"),
        result_label=_("Se importene"),
    )


def import_file_job(run: JobRun) -> Outcome:
    kind, name = run.params["kind"], run.params["name"]
    run.step(_("Leser filen"))
    content = read_upload(run.params["upload"])
    run.step(_("Kontrollerer og lagrer radene"))
    user = run.job.started_by
    report: list[str] = []
    try:
        if kind == "figures":
            batch = services.figures_import(user=user, file_name=name, content=content)
        elif kind == "population":
            batch = services.population_import_jsonstat(
                user=user, content=content, file_name=name, report=report
            )
        else:
            batch = services.statistics_import_jsonstat(
                user=user, content=content, file_name=name, report=report
            )
    except (ImportRefused, JsonStatError) as error:
        raise JobRefused(error.problems) from error
    return _outcome(batch, report)


class FetchFailed(Exception):
    """SSB could not be reached or answered with an error; the job is tried again."""


def fetch_ssb_job(run: JobRun) -> Outcome:
    kind, table, codes = run.params["kind"], run.params["table"], run.params["codes"]
    run.step(_("Henter tabellen fra SSB"))
    try:
        content = jsonstat.fetch(table, codes)
    except JsonStatError as error:
        raise FetchFailed("; ".join(error.problems)) from error
    run.step(_("Kontrollerer og lagrer radene"))
    name = jsonstat.pxweb_url(table, codes)
    importer = (
        services.population_import_jsonstat
        if kind == "population"
        else services.statistics_import_jsonstat
    )
    report: list[str] = []
    try:
        batch = importer(user=run.job.started_by, content=content, file_name=name, report=report)
    except JsonStatError as error:
        raise JobRefused(error.problems) from error
    return _outcome(batch, report)
