"""Report files are made by the background worker (django-tasks-db's db_worker), not in the request.

These tests use the real queue in the database and the real worker command: the request only
queues the job and answers at once; the file appears when a worker has run it; a job queued
while no worker runs waits in the database for the next worker.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE


def run_worker() -> str:
    out = io.StringIO()
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=out, stderr=out
    )
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_report_file_request_answers_at_once_and_the_worker_makes_the_file(
    database_queue, report_world, client_for
):
    from django_tasks_db.models import DBTaskResult

    from boligsosial.evaluation_report.models import GenerationJob
    from boligsosial.jobs.models import JobState

    w = report_world
    client = client_for(w.evaluator)
    response = client.post(
        reverse("evaluation_report:generate", args=[w.report.pk]),
        {"format": "html", "language": "nb"},
    )
    job = GenerationJob.objects.select_related("job").get()
    assert response.status_code == 302
    assert response.url == reverse("jobs:detail", args=[job.job_id])
    # Queued, not made: the request did no generation.
    assert job.job.state == JobState.QUEUED
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    page = client.get(response.url).content.decode()
    assert "I kø" in page and "Avbryt jobben" in page and not job.stored_name

    run_worker()

    job.job.refresh_from_db()
    job.refresh_from_db()
    assert job.job.state == JobState.DONE, job.job.error
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    page = client.get(response.url).content.decode()
    assert "Ferdig: Filen er klar" in page and "Last ned HTML" in page
    download = client.get(reverse("evaluation_report:job_download", args=[job.pk]))
    assert download.status_code == 200
    assert b"Rapport 2011" in b"".join(download.streaming_content)


@pytest.mark.django_db(transaction=True)
def test_jobs_queued_while_no_worker_runs_wait_for_the_next_worker(
    database_queue, report_world, client_for
):
    from boligsosial.jobs.models import Job, JobState

    w = report_world
    client = client_for(w.evaluator)
    for fmt in ("html", "html"):
        client.post(
            reverse("evaluation_report:generate", args=[w.report.pk]),
            {"format": fmt, "language": "nb"},
        )
    assert set(Job.objects.values_list("state", flat=True)) == {JobState.QUEUED}
    # A worker that stops after one job (as at a restart) leaves the other queued …
    call_command(
        "db_worker", "--max-tasks", "1", "--no-startup-delay", "--no-reload", stdout=io.StringIO()
    )
    statuses = sorted(Job.objects.values_list("state", flat=True))
    assert statuses == sorted([JobState.DONE, JobState.QUEUED])
    # … and the next worker runs it.
    run_worker()
    assert set(Job.objects.values_list("state", flat=True)) == {JobState.DONE}
