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

    from boligsosial.evaluation_report.models import GenerationJob, JobStatus

    w = report_world
    client = client_for(w.evaluator)
    response = client.post(
        reverse("evaluation_report:generate", args=[w.report.pk]),
        {"format": "html", "language": "nb"},
    )
    job = GenerationJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("evaluation_report:job", args=[job.pk])
    # Queued, not made: the request did no generation.
    assert job.status == JobStatus.QUEUED
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    page = client.get(response.url)
    assert page.status_code == 200 and not job.file_path

    run_worker()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    download = client.get(reverse("evaluation_report:job_download", args=[job.pk]))
    assert download.status_code == 200
    assert b"Rapport 2011" in b"".join(download.streaming_content)


@pytest.mark.django_db(transaction=True)
def test_jobs_queued_while_no_worker_runs_wait_for_the_next_worker(
    database_queue, report_world, client_for
):
    from boligsosial.evaluation_report.models import GenerationJob, JobStatus

    w = report_world
    client = client_for(w.evaluator)
    for fmt in ("html", "html"):
        client.post(
            reverse("evaluation_report:generate", args=[w.report.pk]),
            {"format": fmt, "language": "nb"},
        )
    assert set(GenerationJob.objects.values_list("status", flat=True)) == {JobStatus.QUEUED}
    # A worker that stops after one job (as at a restart) leaves the other queued …
    call_command(
        "db_worker", "--max-tasks", "1", "--no-startup-delay", "--no-reload", stdout=io.StringIO()
    )
    statuses = sorted(GenerationJob.objects.values_list("status", flat=True))
    assert statuses == sorted([JobStatus.DONE, JobStatus.QUEUED])
    # … and the next worker runs it.
    run_worker()
    assert set(GenerationJob.objects.values_list("status", flat=True)) == {JobStatus.DONE}
