"""The draft report at national scale: built by the worker, never inside a request.

Any saved value anywhere changes the inputs' fingerprint (`stored.py`), and building the
draft for hundreds of municipalities takes minutes. For a programme larger than
`EVALUATION_DRAFT_INLINE_MAX_MUNICIPALITIES` the draft page therefore shows the draft last
built (saying when, and that a new one is being made) and starts one background job that
builds the new draft, its implausible-figure list and the page of the reader who asked;
with no draft built yet it says the first one is being made. Smaller programmes build in
the request as before (a second or two).

The recommendations page does the same, and a decision on a recommendation needs current
findings: while they are being rebuilt it is refused (`services.recommendation_decide`).
Decisions and the evaluators' texts change the draft but not its findings, so each build
records a fingerprint of the inputs without them (`findings_fingerprint`), and the next
decision uses the last build's findings when only those changed.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _

from boligsosial.evaluation_report import stored
from boligsosial.evaluation_report.models import EvaluationReport
from boligsosial.jobs.models import Job, JobState
from boligsosial.jobs.runner import JobRun, Outcome

HANDLER = "boligsosial.evaluation_report.draft_refresh.build_draft"
DEFAULT_INLINE_MAX = 30


def builds_in_request(report: EvaluationReport) -> bool:
    from boligsosial.programmes.models import Participation

    limit = getattr(settings, "EVALUATION_DRAFT_INLINE_MAX_MUNICIPALITIES", DEFAULT_INLINE_MAX)
    programme_id = report.evaluation.programme_id
    return Participation.objects.filter(programme_id=programme_id).count() <= limit


def _building_key(report: EvaluationReport, language: str) -> str:
    return f"evaluation-draft-building:{report.pk}:{language}"


def _running_job(job_id: Any) -> Job | None:
    if not isinstance(job_id, int):
        return None
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.state not in (JobState.QUEUED, JobState.RUNNING):
        return None
    return job


# While the request that won the claim records its job, the key holds this instead of a job's
# id; it lapses on its own should that request die before it records the job.
CLAIMED = "claimed"
CLAIM_SECONDS = 60
WAIT_SECONDS = 15.0


def start_build(report: EvaluationReport, *, language: str, reader: Any) -> Job:
    """One building job per report and language at a time: the one queued or running, or a
    new one (which builds whatever the data are when it starts).

    The key is taken with `cache.add` (atomic in every cache backend): of requests that find
    no job building, exactly one starts one; the others wait the moment it takes to record
    it and answer with the same job. A finished job's id is replaced likewise, by the one
    request that takes the claim on that id."""
    key = _building_key(report, language)
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        current = cache.get(key)
        job = _running_job(current)
        if job is not None:
            return job
        if current is None:
            if cache.add(key, CLAIMED, CLAIM_SECONDS):
                return _start_job(report, key, language=language, reader=reader)
        elif current != CLAIMED and cache.add(f"{key}:after:{current}", CLAIMED, CLAIM_SECONDS):
            return _start_job(report, key, language=language, reader=reader)
        if time.monotonic() > deadline:
            # The claim's holder never recorded a job (it died): start one regardless.
            return _start_job(report, key, language=language, reader=reader)
        time.sleep(0.05)


def _start_job(report: EvaluationReport, key: str, *, language: str, reader: Any) -> Job:
    from boligsosial.jobs.services import job_start

    try:
        job = job_start(
            user=reader,
            title=_("Beregner utkastet til evalueringsrapporten"),
            handler=HANDLER,
            params={"report": report.pk, "language": language, "reader": reader.pk},
            target_label=report.title,
            target_url=reverse("evaluation_report:report", args=[report.pk]),
            total_steps=3,
        )
    except BaseException:
        cache.delete(key)
        raise
    cache.set(key, job.pk, stored.STORED_FOR_SECONDS)
    return job


def page_for_reader(
    report: EvaluationReport,
    *,
    language: str,
    links: Any,
    reader: Any,
    fingerprint: str | None = None,
) -> dict[str, Any]:
    """The draft page: current (built now when small), or the last built with `refreshing`
    set and the job building the new one, or `pending` when none was built yet. `fingerprint`:
    the inputs' (`stored.inputs_fingerprint`) when the caller has read it."""
    fingerprint = fingerprint or stored.inputs_fingerprint()
    current = stored.draft_page(
        report, language=language, links=links, reader=reader, fingerprint=fingerprint, build=False
    )
    if current is not None:
        return current
    if builds_in_request(report):
        page = stored.draft_page(
            report, language=language, links=links, reader=reader, fingerprint=fingerprint
        )
        return {**(page or {}), "inline": True}
    job = start_build(report, language=language, reader=reader)
    shown = stored.latest_draft_page(report, language=language, reader=reader)
    if shown is None:
        return {"pending": True, "job": job}
    return {**shown, "refreshing": True, "job": job}


def document_for_reader(
    report: EvaluationReport, *, language: str, reader: Any
) -> tuple[dict | None, Job | None]:
    """The draft document for readers other than the page (the API, the recommendations):
    (document, None) when it is current; for a large programme whose inputs changed, the
    last one built (None if none) and the job building the new one."""
    if builds_in_request(report):
        return stored.draft_document(report, language=language), None
    document = stored.stored_document(report, language=language)
    if document is not None:
        return document, None
    job = start_build(report, language=language, reader=reader)
    return stored.latest_document(report, language=language), job


def _findings_key(report: EvaluationReport, language: str) -> str:
    return f"evaluation-draft-findings:{report.pk}:{language}"


def findings_fingerprint() -> str:
    """The inputs' fingerprint without the tables the findings and proposals do not read:
    the decisions on recommendations and the evaluators' texts (`stored` counts them, as the
    draft shows them). One query on the change log."""
    from boligsosial.core import changes
    from boligsosial.evaluation_report.models import NarrativeSection, RecommendationDecision

    left_out = {RecommendationDecision._meta.db_table, NarrativeSection._meta.db_table}
    return changes.fingerprint(t for t in stored.input_tables() if t not in left_out)


def findings_for_decisions(
    report: EvaluationReport, *, language: str, reader: Any
) -> tuple[dict | None, Job | None]:
    """(document, job): the draft document whose findings are current, or None while they are
    being rebuilt (by `job`). A decision or a text changes the draft but not its findings, so
    the next decision does not wait for the worker."""
    document, job = document_for_reader(report, language=language, reader=reader)
    if job is None:
        return document, None
    built = cache.get(_findings_key(report, language))
    if built is not None and built[0] == findings_fingerprint():
        return stored.stored_document(report, language=language, fingerprint=built[1]), job
    return None, job


def build_draft(run: JobRun) -> Outcome:
    """The worker's side: the draft document, its implausible-figure list and the page of
    the reader who asked, all stored under the fingerprint read when the job started."""
    from django.contrib.auth import get_user_model

    from boligsosial.core.links import Links

    report = EvaluationReport.objects.select_related("evaluation").get(pk=run.params["report"])
    reader = get_user_model().objects.get(pk=run.params["reader"])
    language = run.params["language"]
    fingerprint = stored.inputs_fingerprint()
    findings = findings_fingerprint()
    run.step(_("Regner ut funnene for alle kommunene"))
    stored.draft_document(report, language=language, fingerprint=fingerprint)
    cache.set(_findings_key(report, language), (findings, fingerprint), stored.STORED_FOR_SECONDS)
    run.step(_("Går gjennom tallene etter usannsynlige verdier"))
    stored.implausible_checks(report, fingerprint=fingerprint)
    run.step(_("Tegner siden"))
    stored.draft_page(
        report, language=language, links=Links(reader), reader=reader, fingerprint=fingerprint
    )
    return Outcome(
        message=_("Utkastet er beregnet"),
        result_url=reverse("evaluation_report:report", args=[report.pk]),
        result_label=_("Åpne utkastet"),
    )
